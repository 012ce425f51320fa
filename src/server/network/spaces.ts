import type { Database } from '../db/client.js';
import type { Viewer } from '../accounts/viewer.js';
import { organisationStaffRoles } from '../accounts/roles.js';
import { notFound } from '../http/errors.js';
import * as repository from './spaces.repository.js';

/** A network or a consortium: where working groups and meetings live. */
export type SpaceKind = 'network' | 'consortium';
export type Space = { kind: SpaceKind; id: string; name: string; isManager: boolean };
export type SpaceColumns = { networkId: string | null; consortiumId: string | null };

/** Staff of a member organisation take part; coordinators take part in their consortium too. */
const participantRoles = [...organisationStaffRoles, 'consortium_coordinator'] as const;

function organisationsWhere(viewer: Viewer, roles: readonly string[]) {
  return [
    ...new Set(viewer.memberships.filter((membership) => roles.includes(membership.role)).map((membership) => membership.organisationId)),
  ];
}

/**
 * Every space the viewer takes part in. Animators manage their networks; the consortium
 * coordinator role in the coordinating organisation manages a consortium.
 */
export async function spacesOf(db: Database, viewer: Viewer): Promise<Space[]> {
  const staffOrganisations = organisationsWhere(viewer, participantRoles);
  const coordinatingOrganisations = organisationsWhere(viewer, ['consortium_coordinator']);
  const animated = viewer.animatedNetworks.map((network) => network.id);
  const [networkRows, consortiumRows] = await Promise.all([
    repository.networksOf(db, animated, staffOrganisations),
    repository.consortiaOf(db, staffOrganisations),
  ]);
  return [
    ...networkRows.map((row) => ({ kind: 'network' as const, id: row.id, name: row.name, isManager: animated.includes(row.id) })),
    ...consortiumRows.map((row) => ({
      kind: 'consortium' as const,
      id: row.id,
      name: row.name,
      isManager: coordinatingOrganisations.includes(row.coordinatorId),
    })),
  ];
}

export function spaceKey(space: Pick<Space, 'kind' | 'id'>) {
  return `${space.kind}:${space.id}`;
}

export function columnsOf(space: Pick<Space, 'kind' | 'id'>): SpaceColumns {
  return space.kind === 'network' ? { networkId: space.id, consortiumId: null } : { networkId: null, consortiumId: space.id };
}

/** The viewer's space a record belongs to; 404 when they take no part in it. */
export async function spaceOfRecord(db: Database, viewer: Viewer, record: SpaceColumns) {
  const space = (await spacesOf(db, viewer)).find((candidate) => candidate.id === (record.networkId ?? record.consortiumId));
  if (!space) throw notFound();
  return space;
}

/** A space named in a form or a link (`network:<id>` or `consortium:<id>`) that the viewer manages. */
export async function managedSpace(db: Database, viewer: Viewer, key: string | undefined) {
  const space = (await spacesOf(db, viewer)).find((candidate) => spaceKey(candidate) === key);
  if (!space?.isManager) throw notFound();
  return space;
}

/** Whether the menu offers working groups and meetings: animators, coordinators and member staff. */
export function mayTakePartInSpaces(viewer: Viewer): boolean {
  return viewer.roles.has('network_animator') || participantRoles.some((role) => viewer.roles.has(role));
}
