import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import type { Actor } from '../http/context.js';
import { AppError, notFound } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { organisationsWhere, type Viewer } from '../accounts/viewer.js';
import { memberships, people } from '../db/schema/index.js';
import { distanceBand, greatCircleDistanceKm } from './rules/geo.js';
import type { ActivityType } from './rules/types.js';
import * as repository from './mobilities.repository.js';
import { mobilityManagerRoles, mobilityReaderRoles } from './mobilities.policy.js';

const uuidPattern = /^[0-9a-f-]{36}$/i;

export async function visibleProjects(db: Database, viewer: Viewer) {
  return repository.listProjects(db, viewer.isPlatformAdmin ? undefined : organisationsWhere(viewer, [...mobilityReaderRoles, 'consortium_coordinator']));
}

/** A project the viewer may see: staff of its beneficiary or of one of its sending organisations. */
export async function projectFor(db: Database, viewer: Viewer, projectId: string) {
  if (!uuidPattern.test(projectId)) throw notFound();
  const found = await repository.findProject(db, projectId);
  if (!found) throw notFound();
  const sending = await repository.sendingOrganisationsOf(db, projectId);
  const ownOrganisations = organisationsWhere(viewer, [...mobilityReaderRoles, 'consortium_coordinator']);
  const isVisible = viewer.isPlatformAdmin || ownOrganisations.includes(found.project.beneficiaryId) || sending.some((organisation) => ownOrganisations.includes(organisation.id));
  if (!isVisible) throw notFound();
  const managedSending = viewer.isPlatformAdmin ? sending : sending.filter((organisation) => organisationsWhere(viewer, mobilityManagerRoles).includes(organisation.id));
  return { ...found, sending, managedSending };
}

/** Organisations in which the viewer may start a project (as its beneficiary). */
export function beneficiaryOptions(viewer: Viewer) {
  const unique = new Map<string, string>();
  for (const membership of viewer.memberships) {
    if (membership.role === 'org_admin' || membership.role === 'mobility_coach' || membership.role === 'consortium_coordinator') unique.set(membership.organisationId, membership.organisationName);
  }
  return [...unique].map(([id, name]) => ({ id, name }));
}

export async function createProject(
  db: Database,
  actor: Actor,
  input: { code: string; title: string; keyAction: 'KA121' | 'KA122' | 'KA220'; field: 'VET' | 'ADU' | 'HED'; beneficiaryId: string; startDate: string; endDate: string },
) {
  if (!actor.viewer.isPlatformAdmin && !beneficiaryOptions(actor.viewer).some((option) => option.id === input.beneficiaryId)) {
    throw new AppError('invalid_input', 'common.validation.required', { beneficiaryId: 'common.validation.required' });
  }
  return db.transaction(async (tx) => {
    if (await repository.findProjectByCode(tx, input.code)) throw new AppError('conflict', 'projects.codeTaken', { code: 'projects.codeTaken' });
    const project = await repository.insertProject(tx, { ...input, createdAt: actor.now, updatedAt: actor.now }, [input.beneficiaryId]);
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'project.created', entityType: 'grant_project', entityId: project.id, organisationId: input.beneficiaryId, requestId: actor.requestId, details: { code: input.code } });
    return project;
  });
}

/** People a coach can place: members of the project's sending organisations that the coach manages. */
export async function participantOptions(db: Database, sendingOrganisationIds: string[]) {
  if (sendingOrganisationIds.length === 0) return [];
  return db
    .selectDistinct({ id: people.id, givenName: people.givenName, familyName: people.familyName, organisationId: memberships.organisationId })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(inArray(memberships.organisationId, sendingOrganisationIds), inArray(memberships.role, ['learner', 'teacher', 'mobility_coach', 'accompanying_person'])))
    .orderBy(people.familyName, people.givenName);
}

export async function tutorOptions(db: Database) {
  return db
    .select({ id: people.id, givenName: people.givenName, familyName: people.familyName, organisationId: memberships.organisationId })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(inArray(memberships.role, ['host_tutor', 'host_contact']))
    .orderBy(people.familyName);
}

export type NewMobilityInput = {
  participantId: string;
  sendingOrganisationId: string;
  activityType: ActivityType;
  hostOrganisationId: string;
  tutorId: string | null;
  startDate: string;
  endDate: string;
  travelDays: number;
  mainTransport: string | null;
  isGreenTravel: boolean;
  eqfLevel: number | null;
  qualificationTitle: string | null;
  iscedField: string | null;
  hasFewerOpportunities: boolean;
  fewerOpportunitiesJustification: string | null;
};

/** Places a participant with a host: the mobility starts as a draft, with distance and band computed. */
export async function createMobility(db: Database, actor: Actor, projectId: string, input: NewMobilityInput) {
  const project = await projectFor(db, actor.viewer, projectId);
  if (!project.managedSending.some((organisation) => organisation.id === input.sendingOrganisationId)) throw notFound();
  const participants = await participantOptions(db, [input.sendingOrganisationId]);
  if (!participants.some((person) => person.id === input.participantId)) throw new AppError('invalid_input', 'common.validation.required', { participantId: 'common.validation.required' });
  const hosts = await repository.hostOrganisationOptions(db);
  const host = hosts.find((organisation) => organisation.id === input.hostOrganisationId);
  if (!host) throw new AppError('invalid_input', 'common.validation.required', { hostOrganisationId: 'common.validation.required' });
  const sendingOrganisation = (await repository.organisationLocation(db, input.sendingOrganisationId))!;
  const distanceKm =
    sendingOrganisation.latitude !== null && sendingOrganisation.longitude !== null && host.latitude !== null && host.longitude !== null
      ? greatCircleDistanceKm({ latitude: sendingOrganisation.latitude, longitude: sendingOrganisation.longitude }, { latitude: host.latitude, longitude: host.longitude })
      : null;
  return db.transaction(async (tx) => {
    const { hostOrganisationId, ...values } = input;
    const mobility = await repository.insertMobility(tx, {
      ...values,
      projectId,
      distanceKm: distanceKm === null ? null : Math.round(distanceKm),
      distanceBand: distanceKm === null ? null : distanceBand(distanceKm),
      createdAt: actor.now,
      updatedAt: actor.now,
    });
    await repository.insertItinerary(tx, { mobilityId: mobility.id, hostOrganisationId, city: host.city, country: host.country, latitude: host.latitude, longitude: host.longitude, startDate: input.startDate, endDate: input.endDate });
    await recordAudit(tx, { actorId: actor.viewer.personId, action: 'mobility.created', entityType: 'mobility', entityId: mobility.id, organisationId: input.sendingOrganisationId, requestId: actor.requestId });
    return mobility;
  });
}
