import { and, asc, desc, eq, inArray, isNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../db/client.js';
import {
  accompaniments,
  consents,
  consortia,
  emergencyContacts,
  grantProjects,
  guardianships,
  memberships,
  mobilities,
  mobilityItineraries,
  organisations,
  participantNeeds,
  people,
  projectSendingOrganisations,
  type MobilityStatus,
} from '../db/schema/index.js';
import { organisationsWhere, type Viewer } from '../accounts/viewer.js';
import { mobilityReaderRoles } from './mobilities.policy.js';

const noneVisible = sql`false`;

/** Organisations whose projects a consortium coordinator oversees: their own and their consortia's. */
function coordinatedProjectCondition(viewer: Viewer): SQL | undefined {
  const coordinatorOrganisations = organisationsWhere(viewer, ['consortium_coordinator']);
  if (coordinatorOrganisations.length === 0) return undefined;
  return sql`${mobilities.projectId} in (select ${grantProjects.id} from ${grantProjects} where ${inArray(grantProjects.beneficiaryId, coordinatorOrganisations)}
    or ${grantProjects.consortiumId} in (select ${consortia.id} from ${consortia} where ${inArray(consortia.coordinatorId, coordinatorOrganisations)}))`;
}

/**
 * The record-level rule of DOMAIN.md as one SQL condition: staff of the sending organisation,
 * consortium coordinators of the project, the participant, her guardians, the host organisation's
 * contacts, her tutor, her host family and the persons accompanying her.
 */
export function visibleMobilities(viewer: Viewer): SQL | undefined {
  if (viewer.isPlatformAdmin) return undefined;
  const conditions: SQL[] = [];
  const readerOrganisations = organisationsWhere(viewer, mobilityReaderRoles);
  if (readerOrganisations.length) conditions.push(inArray(mobilities.sendingOrganisationId, readerOrganisations));
  const coordinated = coordinatedProjectCondition(viewer);
  if (coordinated) conditions.push(coordinated);
  conditions.push(eq(mobilities.participantId, viewer.personId));
  if (viewer.roles.has('guardian')) {
    conditions.push(sql`${mobilities.participantId} in (select ${guardianships.learnerId} from ${guardianships} where ${guardianships.guardianId} = ${viewer.personId})`);
  }
  const hostOrganisations = organisationsWhere(viewer, ['host_contact']);
  if (hostOrganisations.length) {
    conditions.push(sql`exists (select 1 from ${mobilityItineraries} where ${mobilityItineraries.mobilityId} = ${mobilities.id} and ${inArray(mobilityItineraries.hostOrganisationId, hostOrganisations)})`);
  }
  if (viewer.roles.has('host_tutor')) conditions.push(eq(mobilities.tutorId, viewer.personId));
  if (viewer.roles.has('host_family')) conditions.push(eq(mobilities.hostFamilyId, viewer.personId));
  if (viewer.roles.has('accompanying_person')) {
    conditions.push(
      sql`${mobilities.id} in (select accompanied.learner_mobility_id from ${accompaniments} accompanied join ${mobilities} accompanying on accompanying.id = accompanied.accompanying_mobility_id where accompanying.participant_id = ${viewer.personId})`,
    );
  }
  return conditions.length ? sql`(${sql.join(conditions, sql` or `)})` : noneVisible;
}

export type MobilityFilter = {
  projectId?: string | undefined;
  status?: MobilityStatus | undefined;
  country?: string | undefined;
  hostOrganisationId?: string | undefined;
  activityType?: string | undefined;
  isMinor?: boolean | undefined;
  hasFewerOpportunities?: boolean | undefined;
  startsFrom?: string | undefined;
  startsUntil?: string | undefined;
  search?: string | undefined;
  sort?: 'start' | 'name' | 'status' | undefined;
  offset: number;
  limit: number;
};

const firstItinerary = alias(mobilityItineraries, 'first_itinerary');
const hostOrganisation = alias(organisations, 'host_organisation');
const sendingOrganisation = alias(organisations, 'sending_organisation');

/** Minor on the first day of the mobility: born less than 18 years before the start date. */
const minorOn = (startDate: SQLWrapper) => sql<boolean>`(${people.birthDate} is not null and ${startDate} is not null and ${people.birthDate} + interval '18 years' > ${startDate})`;
export const isMinorAtStart = minorOn(mobilities.startDate);

export async function listMobilities(db: Database, viewer: Viewer, filter: MobilityFilter) {
  const conditions: SQL[] = [];
  const visibility = visibleMobilities(viewer);
  if (visibility) conditions.push(visibility);
  if (filter.projectId) conditions.push(eq(mobilities.projectId, filter.projectId));
  if (filter.status) conditions.push(eq(mobilities.status, filter.status));
  if (filter.activityType) conditions.push(eq(mobilities.activityType, filter.activityType));
  if (filter.hasFewerOpportunities !== undefined) conditions.push(eq(mobilities.hasFewerOpportunities, filter.hasFewerOpportunities));
  if (filter.isMinor !== undefined) conditions.push(filter.isMinor ? isMinorAtStart : sql`not ${isMinorAtStart}`);
  if (filter.startsFrom) conditions.push(sql`${mobilities.startDate} >= ${filter.startsFrom}`);
  if (filter.startsUntil) conditions.push(sql`${mobilities.startDate} <= ${filter.startsUntil}`);
  if (filter.country) {
    conditions.push(sql`exists (select 1 from ${mobilityItineraries} where ${mobilityItineraries.mobilityId} = ${mobilities.id} and ${mobilityItineraries.country} = ${filter.country})`);
  }
  if (filter.hostOrganisationId) {
    conditions.push(sql`exists (select 1 from ${mobilityItineraries} where ${mobilityItineraries.mobilityId} = ${mobilities.id} and ${mobilityItineraries.hostOrganisationId} = ${filter.hostOrganisationId})`);
  }
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[%_\\]/g, '\\$&')}%`;
    conditions.push(sql`(${people.familyName} ilike ${pattern} or ${people.givenName} ilike ${pattern})`);
  }
  const order =
    filter.sort === 'name'
      ? [asc(people.familyName), asc(people.givenName), asc(mobilities.id)]
      : filter.sort === 'status'
        ? [asc(mobilities.status), asc(mobilities.startDate), asc(mobilities.id)]
        : [asc(mobilities.startDate), asc(mobilities.id)];
  return db
    .select({
      id: mobilities.id,
      status: mobilities.status,
      activityType: mobilities.activityType,
      startDate: mobilities.startDate,
      endDate: mobilities.endDate,
      hasFewerOpportunities: mobilities.hasFewerOpportunities,
      givenName: people.givenName,
      familyName: people.familyName,
      isMinor: isMinorAtStart,
      sendingOrganisationName: sendingOrganisation.legalName,
      hostOrganisationName: hostOrganisation.legalName,
      hostCity: firstItinerary.city,
      hostCountry: firstItinerary.country,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(mobilities)
    .innerJoin(people, eq(people.id, mobilities.participantId))
    .innerJoin(sendingOrganisation, eq(sendingOrganisation.id, mobilities.sendingOrganisationId))
    .leftJoin(firstItinerary, and(eq(firstItinerary.mobilityId, mobilities.id), eq(firstItinerary.position, 1)))
    .leftJoin(hostOrganisation, eq(hostOrganisation.id, firstItinerary.hostOrganisationId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(...order)
    .offset(filter.offset)
    .limit(filter.limit);
}

export async function findMobility(db: Database, viewer: Viewer, mobilityId: string) {
  const visibility = visibleMobilities(viewer);
  const [row] = await db
    .select({ mobility: mobilities, participant: people, project: grantProjects, sendingOrganisationName: sendingOrganisation.legalName, sendingCity: sendingOrganisation.city, sendingCountry: sendingOrganisation.country, sendingLatitude: sendingOrganisation.latitude, sendingLongitude: sendingOrganisation.longitude })
    .from(mobilities)
    .innerJoin(people, eq(people.id, mobilities.participantId))
    .innerJoin(grantProjects, eq(grantProjects.id, mobilities.projectId))
    .innerJoin(sendingOrganisation, eq(sendingOrganisation.id, mobilities.sendingOrganisationId))
    .where(and(eq(mobilities.id, mobilityId), ...(visibility ? [visibility] : [])));
  return row;
}

export async function itinerariesOf(db: Database, mobilityId: string) {
  return db
    .select({ itinerary: mobilityItineraries, hostName: organisations.legalName, hostOid: organisations.oid })
    .from(mobilityItineraries)
    .innerJoin(organisations, eq(organisations.id, mobilityItineraries.hostOrganisationId))
    .where(eq(mobilityItineraries.mobilityId, mobilityId))
    .orderBy(asc(mobilityItineraries.position));
}

export async function activeConsentsOf(db: Database, mobilityId: string) {
  return db
    .select({ consent: consents, guardianGivenName: people.givenName, guardianFamilyName: people.familyName })
    .from(consents)
    .innerJoin(people, eq(people.id, consents.guardianId))
    .where(and(eq(consents.mobilityId, mobilityId), isNull(consents.revokedAt)))
    .orderBy(asc(consents.createdAt));
}

export async function emergencyContactsOf(db: Database, mobilityId: string) {
  return db.select().from(emergencyContacts).where(eq(emergencyContacts.mobilityId, mobilityId)).orderBy(asc(emergencyContacts.side), asc(emergencyContacts.createdAt));
}

export async function needsOf(db: Database, personId: string) {
  const [row] = await db.select().from(participantNeeds).where(eq(participantNeeds.personId, personId));
  return row;
}

export async function personById(db: Database, personId: string) {
  const [row] = await db.select({ id: people.id, givenName: people.givenName, familyName: people.familyName, email: people.email, phone: people.phone }).from(people).where(eq(people.id, personId));
  return row;
}

export async function updateStatus(db: Database, mobilityId: string, from: readonly MobilityStatus[], to: MobilityStatus, reason: string | null, now: Date) {
  return db
    .update(mobilities)
    .set({ status: to, statusReason: reason, updatedAt: now })
    .where(and(eq(mobilities.id, mobilityId), inArray(mobilities.status, [...from])))
    .returning({ id: mobilities.id });
}

export async function insertConsent(db: Database, values: typeof consents.$inferInsert) {
  const [row] = await db.insert(consents).values(values).returning();
  return row!;
}

export async function revokeConsent(db: Database, mobilityId: string, consentId: string, now: Date) {
  return db.update(consents).set({ revokedAt: now }).where(and(eq(consents.id, consentId), eq(consents.mobilityId, mobilityId), isNull(consents.revokedAt))).returning();
}

export async function insertEmergencyContact(db: Database, values: typeof emergencyContacts.$inferInsert) {
  const [row] = await db.insert(emergencyContacts).values(values).returning();
  return row!;
}

export async function deleteEmergencyContact(db: Database, mobilityId: string, contactId: string) {
  return db.delete(emergencyContacts).where(and(eq(emergencyContacts.id, contactId), eq(emergencyContacts.mobilityId, mobilityId))).returning();
}

export async function guardiansOfLearner(db: Database, learnerId: string) {
  return db
    .select({ id: people.id, givenName: people.givenName, familyName: people.familyName })
    .from(guardianships)
    .innerJoin(people, eq(people.id, guardianships.guardianId))
    .where(eq(guardianships.learnerId, learnerId));
}

export async function isGuardianOf(db: Database, guardianId: string, learnerId: string) {
  const rows = await db.select().from(guardianships).where(and(eq(guardianships.guardianId, guardianId), eq(guardianships.learnerId, learnerId)));
  return rows.length > 0;
}

export async function accompaniedBy(db: Database, mobilityId: string, personId: string) {
  const accompanying = alias(mobilities, 'accompanying');
  const rows = await db
    .select({ id: accompaniments.learnerMobilityId })
    .from(accompaniments)
    .innerJoin(accompanying, eq(accompanying.id, accompaniments.accompanyingMobilityId))
    .where(and(eq(accompaniments.learnerMobilityId, mobilityId), eq(accompanying.participantId, personId)));
  return rows.length > 0;
}

export async function findProject(db: Database, projectId: string) {
  const [row] = await db.select({ project: grantProjects, beneficiaryName: organisations.legalName }).from(grantProjects).innerJoin(organisations, eq(organisations.id, grantProjects.beneficiaryId)).where(eq(grantProjects.id, projectId));
  return row;
}

export async function sendingOrganisationsOf(db: Database, projectId: string) {
  return db
    .select({ id: organisations.id, legalName: organisations.legalName })
    .from(projectSendingOrganisations)
    .innerJoin(organisations, eq(organisations.id, projectSendingOrganisations.organisationId))
    .where(eq(projectSendingOrganisations.projectId, projectId))
    .orderBy(asc(organisations.legalName));
}

/** Projects where the viewer's organisations send participants or that their organisation runs. */
export async function listProjects(db: Database, organisationIds: string[] | undefined) {
  const where = organisationIds
    ? organisationIds.length
      ? sql`(${inArray(grantProjects.beneficiaryId, organisationIds)} or ${grantProjects.id} in (select ${projectSendingOrganisations.projectId} from ${projectSendingOrganisations} where ${inArray(projectSendingOrganisations.organisationId, organisationIds)}))`
      : noneVisible
    : undefined;
  return db
    .select({
      id: grantProjects.id,
      code: grantProjects.code,
      title: grantProjects.title,
      keyAction: grantProjects.keyAction,
      startDate: grantProjects.startDate,
      endDate: grantProjects.endDate,
      beneficiaryName: organisations.legalName,
      mobilityCount: sql<number>`(select count(*)::int from ${mobilities} where ${mobilities.projectId} = ${grantProjects.id})`,
    })
    .from(grantProjects)
    .innerJoin(organisations, eq(organisations.id, grantProjects.beneficiaryId))
    .where(where)
    .orderBy(desc(grantProjects.startDate));
}

export async function insertProject(db: Database, values: typeof grantProjects.$inferInsert, sendingOrganisationIds: string[]) {
  const [row] = await db.insert(grantProjects).values(values).returning();
  if (sendingOrganisationIds.length) await db.insert(projectSendingOrganisations).values(sendingOrganisationIds.map((organisationId) => ({ projectId: row!.id, organisationId })));
  return row!;
}

export async function findProjectByCode(db: Database, code: string) {
  const [row] = await db.select({ id: grantProjects.id }).from(grantProjects).where(eq(grantProjects.code, code));
  return row;
}

export async function insertMobility(db: Database, values: typeof mobilities.$inferInsert) {
  const [row] = await db.insert(mobilities).values(values).returning();
  return row!;
}

export async function insertItinerary(db: Database, values: typeof mobilityItineraries.$inferInsert) {
  await db.insert(mobilityItineraries).values(values);
}

export async function hostOrganisationOptions(db: Database) {
  return db
    .select({ id: organisations.id, legalName: organisations.legalName, city: organisations.city, country: organisations.country, latitude: organisations.latitude, longitude: organisations.longitude })
    .from(organisations)
    .where(eq(organisations.type, 'company'))
    .orderBy(asc(organisations.legalName));
}

export async function countAccompanied(db: Database, accompanyingMobilityId: string) {
  const [row] = await db.select({ value: sql<number>`count(*)::int` }).from(accompaniments).where(eq(accompaniments.accompanyingMobilityId, accompanyingMobilityId));
  return row?.value ?? 0;
}

export async function organisationLocation(db: Database, organisationId: string) {
  const [row] = await db.select({ latitude: organisations.latitude, longitude: organisations.longitude, city: organisations.city, country: organisations.country }).from(organisations).where(eq(organisations.id, organisationId));
  return row;
}

export async function mobilityCountsByActivity(db: Database, projectId: string) {
  return db
    .select({ activityType: mobilities.activityType, count: sql<number>`count(*)::int` })
    .from(mobilities)
    .where(and(eq(mobilities.projectId, projectId), sql`${mobilities.status} <> 'withdrawn'`))
    .groupBy(mobilities.activityType);
}

/**
 * Mobilities the viewer may see, starting within a window, for home pages (limited, soonest first).
 * The window and visibility are filtered in a fenced subquery (`offset 0`): without the fence the
 * planner walks the whole start-date index hoping to stop after `limit` rows, which on a large
 * organisation reads thousands of rows another organisation owns.
 */
export async function upcomingMobilities(db: Database, viewer: Viewer, from: string, until: string, limit: number) {
  const visibility = visibleMobilities(viewer);
  const window = db
    .select({ id: mobilities.id, status: mobilities.status, startDate: mobilities.startDate, endDate: mobilities.endDate, participantId: mobilities.participantId })
    .from(mobilities)
    .where(and(sql`${mobilities.endDate} >= ${from}`, sql`${mobilities.startDate} <= ${until}`, sql`${mobilities.status} not in ('withdrawn', 'closed')`, ...(visibility ? [visibility] : [])))
    .offset(0)
    .as('upcoming');
  return db
    .select({
      id: window.id,
      status: window.status,
      startDate: window.startDate,
      endDate: window.endDate,
      givenName: people.givenName,
      familyName: people.familyName,
      isMinor: minorOn(window.startDate),
      hostCity: firstItinerary.city,
      hostCountry: firstItinerary.country,
      hostName: hostOrganisation.legalName,
    })
    .from(window)
    .innerJoin(people, eq(people.id, window.participantId))
    .leftJoin(firstItinerary, and(eq(firstItinerary.mobilityId, window.id), eq(firstItinerary.position, 1)))
    .leftJoin(hostOrganisation, eq(hostOrganisation.id, firstItinerary.hostOrganisationId))
    .orderBy(asc(window.startDate))
    .limit(limit);
}

export async function updateMobilityFields(db: Database, mobilityId: string, values: Partial<typeof mobilities.$inferInsert>) {
  await db.update(mobilities).set(values).where(eq(mobilities.id, mobilityId));
  if (values.startDate || values.endDate) {
    await db.update(mobilityItineraries).set({ startDate: values.startDate, endDate: values.endDate }).where(and(eq(mobilityItineraries.mobilityId, mobilityId), eq(mobilityItineraries.position, 1)));
  }
}

export async function upsertNeeds(db: Database, personId: string, values: Omit<typeof participantNeeds.$inferInsert, 'personId'>) {
  await db.insert(participantNeeds).values({ personId, ...values }).onConflictDoUpdate({ target: participantNeeds.personId, set: values });
}

/** Tutors and contacts of the host organisations, and every host family, for a mobility's form. */
export async function hostPeopleFor(db: Database, hostOrganisationIds: string[]) {
  return db
    .selectDistinct({ id: people.id, givenName: people.givenName, familyName: people.familyName, role: memberships.role, organisationName: organisations.legalName })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(
      sql`(${memberships.role} = 'host_family' or (${memberships.role} in ('host_tutor', 'host_contact') and ${hostOrganisationIds.length ? inArray(memberships.organisationId, hostOrganisationIds) : sql`false`}))`,
    )
    .orderBy(asc(people.familyName));
}

export async function personHoldsRoleIn(db: Database, personId: string, roles: readonly string[], organisationIds?: string[]) {
  const rows = await db
    .select({ personId: memberships.personId })
    .from(memberships)
    .where(and(eq(memberships.personId, personId), inArray(memberships.role, [...roles] as never[]), ...(organisationIds ? [organisationIds.length ? inArray(memberships.organisationId, organisationIds) : sql`false`] : [])))
    .limit(1);
  return rows.length > 0;
}

/** Mobilities per sending organisation and status, for a consortium's overview (aggregates only). */
export async function mobilityCountsBySending(db: Database, organisationIds: string[]) {
  if (organisationIds.length === 0) return [];
  return db
    .select({ organisationId: mobilities.sendingOrganisationId, status: mobilities.status, count: sql<number>`count(*)::int` })
    .from(mobilities)
    .where(inArray(mobilities.sendingOrganisationId, organisationIds))
    .groupBy(mobilities.sendingOrganisationId, mobilities.status);
}

export async function projectsOfConsortium(db: Database, consortiumId: string) {
  return db
    .select({ id: grantProjects.id, code: grantProjects.code, title: grantProjects.title })
    .from(grantProjects)
    .where(eq(grantProjects.consortiumId, consortiumId))
    .orderBy(desc(grantProjects.startDate));
}

/** Learner mobilities an accompanying person could accompany: same project and sending organisation. */
export async function accompaniableMobilities(db: Database, accompanyingMobilityId: string, projectId: string, sendingOrganisationId: string) {
  return db
    .select({
      id: mobilities.id,
      givenName: people.givenName,
      familyName: people.familyName,
      isLinked: sql<boolean>`exists (select 1 from ${accompaniments} where ${accompaniments.accompanyingMobilityId} = ${accompanyingMobilityId} and ${accompaniments.learnerMobilityId} = ${mobilities.id})`,
    })
    .from(mobilities)
    .innerJoin(people, eq(people.id, mobilities.participantId))
    .where(and(eq(mobilities.projectId, projectId), eq(mobilities.sendingOrganisationId, sendingOrganisationId), inArray(mobilities.activityType, ['vet_short_term', 'erasmus_pro', 'skills_competition']), sql`${mobilities.status} <> 'withdrawn'`))
    .orderBy(asc(people.familyName));
}

export async function replaceAccompaniments(db: Database, accompanyingMobilityId: string, learnerMobilityIds: string[]) {
  await db.delete(accompaniments).where(eq(accompaniments.accompanyingMobilityId, accompanyingMobilityId));
  if (learnerMobilityIds.length) await db.insert(accompaniments).values(learnerMobilityIds.map((learnerMobilityId) => ({ accompanyingMobilityId, learnerMobilityId })));
}
