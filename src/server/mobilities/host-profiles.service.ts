import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import type { Actor } from '../http/context.js';
import { AppError, notFound } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { hostFamilyProfiles, hostProfiles } from '../db/schema/index.js';
import { organisationsWhere } from '../accounts/viewer.js';
import { organisationFor } from '../organisations/organisations.service.js';
import { mobilityManagerRoles } from './mobilities.policy.js';
import { managedMobility } from './mobilities.service.js';
import { bumpDirectoryVersion } from '../map/map.repository.js';

export type HostProfileInput = {
  naceCode: string | null;
  trades: string[];
  acceptsMinors: boolean;
  minimumAge: number | null;
  capacity: number | null;
  hasSafetyInduction: boolean;
  providesPpe: boolean;
  helpsWithAccommodation: boolean;
};

export async function hostProfileOf(db: Database, organisationId: string) {
  const [row] = await db.select().from(hostProfiles).where(eq(hostProfiles.organisationId, organisationId));
  return row;
}

/** The host organisation's own admins and contacts keep its profile (platform admins too). */
export async function saveHostProfile(db: Database, actor: Actor, organisationId: string, input: HostProfileInput) {
  const organisation = await organisationFor(db, actor.viewer, organisationId, 'view');
  const mayEdit = actor.viewer.isPlatformAdmin || organisationsWhere(actor.viewer, ['org_admin', 'host_contact']).includes(organisationId);
  if (!mayEdit) throw notFound();
  if (organisation.type !== 'company') throw new AppError('conflict', 'hosts.notCompany');
  await db.transaction(async (tx) => {
    await tx
      .insert(hostProfiles)
      .values({ organisationId, ...input, updatedAt: actor.now })
      .onConflictDoUpdate({ target: hostProfiles.organisationId, set: { ...input, updatedAt: actor.now } });
    // The public map filters on the profile (trades, minors): its in-memory index must be rebuilt.
    await bumpDirectoryVersion(tx, actor.now);
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'host_profile.updated', entityType: 'organisation', entityId: organisationId, organisationId, requestId: actor.requestId });
  });
}

export async function hostFamilyProfileOf(db: Database, personId: string) {
  const [row] = await db.select().from(hostFamilyProfiles).where(eq(hostFamilyProfiles.personId, personId));
  return row;
}

/** A host family's vetting record: read and written by the coaches of a mobility it hosts, nobody else. */
export async function saveHostFamilyProfile(db: Database, actor: Actor, mobilityId: string, input: { address: string | null; household: string | null; vettedOn: string | null; notes: string | null }) {
  const view = await managedMobility(db, actor, mobilityId);
  if (!view.mobility.hostFamilyId) throw new AppError('conflict', 'hosts.noFamily');
  const personId = view.mobility.hostFamilyId;
  await db.transaction(async (tx) => {
    await tx
      .insert(hostFamilyProfiles)
      .values({ personId, ...input, updatedAt: actor.now })
      .onConflictDoUpdate({ target: hostFamilyProfiles.personId, set: { ...input, updatedAt: actor.now } });
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'host_family.vetting_updated', entityType: 'person', entityId: personId, organisationId: view.mobility.sendingOrganisationId, requestId: actor.requestId });
  });
}

export const canSeeVetting = (viewer: Actor['viewer'], sendingOrganisationId: string) =>
  viewer.isPlatformAdmin || organisationsWhere(viewer, mobilityManagerRoles).includes(sendingOrganisationId);
