import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import {
  directoryAlumni,
  directoryHosts,
  directoryMessages,
  directoryVersion,
  guardianships,
  hostProfiles,
  memberships,
  mobilities,
  mobilityItineraries,
  organisations,
  people,
} from '../db/schema/index.js';

/** The single row of directory_version. */
const versionRowId = 1;

export async function readDirectoryVersion(db: Database): Promise<number> {
  const [row] = await db.select({ version: directoryVersion.version }).from(directoryVersion).where(eq(directoryVersion.id, versionRowId));
  return row?.version ?? 0;
}

/** Call in the transaction of every change that can alter what the map shows. */
export async function bumpDirectoryVersion(db: Database, now: Date): Promise<void> {
  await db
    .insert(directoryVersion)
    .values({ id: versionRowId, version: 1, updatedAt: now })
    .onConflictDoUpdate({ target: directoryVersion.id, set: { version: sql`${directoryVersion.version} + 1`, updatedAt: now } });
}

/** An alumnus is public only while published, consented, not withdrawn, and guardian-consented if required. */
export const isAlumnusVisible = and(
  eq(directoryAlumni.status, 'published'),
  isNotNull(directoryAlumni.consentGivenAt),
  isNull(directoryAlumni.consentWithdrawnAt),
  or(eq(directoryAlumni.isGuardianConsentRequired, false), isNotNull(directoryAlumni.guardianConsentGivenAt)),
)!;

const hostColumns = {
  host: directoryHosts,
  name: organisations.legalName,
  city: organisations.city,
  country: organisations.country,
  oid: organisations.oid,
  languages: organisations.languages,
  naceCode: hostProfiles.naceCode,
  trades: hostProfiles.trades,
  acceptsMinors: hostProfiles.acceptsMinors,
  minimumAge: hostProfiles.minimumAge,
  capacity: hostProfiles.capacity,
  hasSafetyInduction: hostProfiles.hasSafetyInduction,
  providesPpe: hostProfiles.providesPpe,
  helpsWithAccommodation: hostProfiles.helpsWithAccommodation,
};

function selectHosts(db: Database) {
  return db
    .select(hostColumns)
    .from(directoryHosts)
    .innerJoin(organisations, eq(organisations.id, directoryHosts.organisationId))
    .leftJoin(hostProfiles, eq(hostProfiles.organisationId, directoryHosts.organisationId));
}
export type HostRow = Awaited<ReturnType<typeof listPublishedHosts>>[number];

export async function listPublishedHosts(db: Database) {
  return selectHosts(db).where(eq(directoryHosts.status, 'published'));
}

/**
 * What the in-memory index needs of each published host, flat and lean: this reads every public host
 * when the directory changes, so it avoids whole rows and builds the searchable text in SQL.
 */
export async function listHostPoints(db: Database) {
  const translations = (column: typeof directoryHosts.description | typeof directoryHosts.sectorLabel) =>
    sql<string>`coalesce((select string_agg(value, ' ') from jsonb_each_text(${column})), '')`;
  return db
    .select({
      slug: directoryHosts.slug,
      name: organisations.legalName,
      city: organisations.city,
      country: organisations.country,
      latitude: directoryHosts.latitude,
      longitude: directoryHosts.longitude,
      trades: hostProfiles.trades,
      acceptsMinors: hostProfiles.acceptsMinors,
      languages: organisations.languages,
      durations: directoryHosts.typicalDurations,
      searchSource: sql<string>`concat_ws(' ', ${organisations.legalName}, ${organisations.city}, array_to_string(${hostProfiles.trades}, ' '), ${translations(directoryHosts.sectorLabel)}, ${translations(directoryHosts.description)})`,
    })
    .from(directoryHosts)
    .innerJoin(organisations, eq(organisations.id, directoryHosts.organisationId))
    .leftJoin(hostProfiles, eq(hostProfiles.organisationId, directoryHosts.organisationId))
    .where(eq(directoryHosts.status, 'published'));
}

export async function listVisibleAlumni(db: Database) {
  return db.select().from(directoryAlumni).where(isAlumnusVisible);
}

export async function findHostBySlug(db: Database, slug: string) {
  const [row] = await selectHosts(db).where(eq(directoryHosts.slug, slug));
  return row;
}

export async function findHostById(db: Database, id: string) {
  const [row] = await selectHosts(db).where(eq(directoryHosts.id, id));
  return row;
}

export async function findHostByOrganisation(db: Database, organisationId: string) {
  const [row] = await db.select().from(directoryHosts).where(eq(directoryHosts.organisationId, organisationId));
  return row;
}

export async function findAlumnusBySlug(db: Database, slug: string) {
  const [row] = await db.select().from(directoryAlumni).where(eq(directoryAlumni.slug, slug));
  return row;
}

export async function findAlumnusById(db: Database, id: string) {
  const [row] = await db.select().from(directoryAlumni).where(eq(directoryAlumni.id, id));
  return row;
}

export async function findAlumnusOfPerson(db: Database, personId: string) {
  const [row] = await db.select().from(directoryAlumni).where(eq(directoryAlumni.personId, personId));
  return row;
}

/** Learners hosted: participants of completed (or closed) mobilities with an itinerary at this organisation. */
export async function countLearnersHosted(db: Database, organisationId: string): Promise<number> {
  const [row] = await db
    .select({ value: sql<number>`count(distinct ${mobilities.participantId})::int` })
    .from(mobilityItineraries)
    .innerJoin(mobilities, eq(mobilities.id, mobilityItineraries.mobilityId))
    .where(and(eq(mobilityItineraries.hostOrganisationId, organisationId), inArray(mobilities.status, ['completed', 'closed'])));
  return row?.value ?? 0;
}

/** The people who receive messages for a host: its host contacts, else the coach who proposed it. */
export async function hostRecipients(db: Database, organisationId: string, proposedById: string | null) {
  const contacts = await db
    .select({ id: people.id, email: people.email, givenName: people.givenName, preferredLanguage: people.preferredLanguage })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, 'host_contact'), isNull(people.deactivatedAt)))
    .orderBy(asc(people.createdAt));
  if (contacts.length > 0 || !proposedById) return contacts;
  return findPeople(db, [proposedById]);
}

export async function findPeople(db: Database, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: people.id, email: people.email, givenName: people.givenName, preferredLanguage: people.preferredLanguage })
    .from(people)
    .where(and(inArray(people.id, ids), isNull(people.deactivatedAt)));
}

export async function findPersonBirthDate(db: Database, personId: string) {
  const [row] = await db.select({ birthDate: people.birthDate }).from(people).where(eq(people.id, personId));
  return row?.birthDate ?? null;
}

export async function isGuardianOf(db: Database, guardianId: string, learnerId: string): Promise<boolean> {
  const rows = await db
    .select({ learnerId: guardianships.learnerId })
    .from(guardianships)
    .where(and(eq(guardianships.guardianId, guardianId), eq(guardianships.learnerId, learnerId)));
  return rows.length > 0;
}

/** Ambassador profiles of the minors a guardian is responsible for. */
export async function alumniOfWards(db: Database, guardianId: string) {
  return db
    .select({ alumnus: directoryAlumni })
    .from(guardianships)
    .innerJoin(directoryAlumni, eq(directoryAlumni.personId, guardianships.learnerId))
    .where(eq(guardianships.guardianId, guardianId));
}

export async function insertHost(db: Database, values: typeof directoryHosts.$inferInsert) {
  const [row] = await db.insert(directoryHosts).values(values).returning();
  return row!;
}

export async function updateHost(db: Database, id: string, values: Partial<typeof directoryHosts.$inferInsert>) {
  await db.update(directoryHosts).set(values).where(eq(directoryHosts.id, id));
}

export async function insertAlumnus(db: Database, values: typeof directoryAlumni.$inferInsert) {
  const [row] = await db.insert(directoryAlumni).values(values).returning();
  return row!;
}

export async function updateAlumnus(db: Database, id: string, values: Partial<typeof directoryAlumni.$inferInsert>) {
  await db.update(directoryAlumni).set(values).where(eq(directoryAlumni.id, id));
}

export async function findOrganisationByOid(db: Database, oid: string) {
  const [row] = await db.select().from(organisations).where(eq(organisations.oid, oid));
  return row;
}

export async function insertOrganisation(db: Database, values: typeof organisations.$inferInsert) {
  const [row] = await db.insert(organisations).values(values).returning();
  return row!;
}

export async function updateOrganisation(db: Database, id: string, values: Partial<typeof organisations.$inferInsert>) {
  await db.update(organisations).set(values).where(eq(organisations.id, id));
}

/** The seed writes the host profile of the organisations it creates; see host-profiles.service.ts for the form. */
export async function upsertHostProfile(db: Database, values: typeof hostProfiles.$inferInsert) {
  const { organisationId: _organisationId, ...changes } = values;
  await db.insert(hostProfiles).values(values).onConflictDoUpdate({ target: hostProfiles.organisationId, set: changes });
}

/** Companies that hosted mobilities sent by these organisations: the hosts a coach has worked with. */
export async function hostOrganisationsOfSenders(db: Database, sendingOrganisationIds: string[]) {
  if (sendingOrganisationIds.length === 0) return [];
  return db
    .selectDistinct({ id: organisations.id, legalName: organisations.legalName, city: organisations.city, country: organisations.country })
    .from(mobilityItineraries)
    .innerJoin(mobilities, eq(mobilities.id, mobilityItineraries.mobilityId))
    .innerJoin(organisations, eq(organisations.id, mobilityItineraries.hostOrganisationId))
    .where(and(inArray(mobilities.sendingOrganisationId, sendingOrganisationIds), eq(organisations.type, 'company')))
    .orderBy(asc(organisations.legalName));
}

export async function findOrganisations(db: Database, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(organisations)
    .where(and(inArray(organisations.id, ids), eq(organisations.type, 'company')));
}

export async function listHostsByStatus(db: Database, status: 'proposed' | 'published' | 'hidden', confirmedBefore?: string) {
  const conditions = [eq(directoryHosts.status, status)];
  if (confirmedBefore) conditions.push(lt(directoryHosts.lastConfirmedOn, confirmedBefore));
  return selectHosts(db)
    .where(and(...conditions))
    .orderBy(asc(directoryHosts.lastConfirmedOn));
}

export async function listAlumniByStatus(db: Database, status: 'proposed' | 'published' | 'hidden', confirmedBefore?: string) {
  const conditions = [eq(directoryAlumni.status, status)];
  if (confirmedBefore) conditions.push(lt(directoryAlumni.lastConfirmedOn, confirmedBefore));
  return db
    .select()
    .from(directoryAlumni)
    .where(and(...conditions))
    .orderBy(asc(directoryAlumni.lastConfirmedOn));
}

export async function insertMessage(db: Database, values: typeof directoryMessages.$inferInsert) {
  const [row] = await db.insert(directoryMessages).values(values).returning();
  return row!;
}

export async function findMessage(db: Database, id: string) {
  const [row] = await db.select().from(directoryMessages).where(eq(directoryMessages.id, id));
  return row;
}

const messageColumns = {
  message: directoryMessages,
  senderName: people.givenName,
  hostSlug: directoryHosts.slug,
  alumnusSlug: directoryAlumni.slug,
  alumnusName: directoryAlumni.displayName,
  hostName: organisations.legalName,
};

function selectMessages(db: Database) {
  return db
    .select(messageColumns)
    .from(directoryMessages)
    .innerJoin(people, eq(people.id, directoryMessages.senderId))
    .leftJoin(directoryHosts, eq(directoryHosts.id, directoryMessages.hostId))
    .leftJoin(organisations, eq(organisations.id, directoryHosts.organisationId))
    .leftJoin(directoryAlumni, eq(directoryAlumni.id, directoryMessages.alumnusId));
}

export async function listMessagesOf(db: Database, personId: string, limit = 100) {
  return selectMessages(db)
    .where(or(eq(directoryMessages.recipientId, personId), eq(directoryMessages.senderId, personId)))
    .orderBy(desc(directoryMessages.createdAt))
    .limit(limit);
}

export async function findMessageView(db: Database, id: string) {
  const [row] = await selectMessages(db).where(eq(directoryMessages.id, id));
  return row;
}

export async function listReportedMessages(db: Database, limit = 100) {
  return selectMessages(db).where(isNotNull(directoryMessages.reportedAt)).orderBy(desc(directoryMessages.reportedAt)).limit(limit);
}

/** A recipient who reported a sender receives nothing more from them. */
export async function hasReported(db: Database, recipientId: string, senderId: string): Promise<boolean> {
  const rows = await db
    .select({ id: directoryMessages.id })
    .from(directoryMessages)
    .where(
      and(
        eq(directoryMessages.recipientId, recipientId),
        eq(directoryMessages.senderId, senderId),
        isNotNull(directoryMessages.reportedAt),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

export async function markReported(db: Database, id: string, reason: string, now: Date) {
  await db.update(directoryMessages).set({ reportedAt: now, reportReason: reason }).where(eq(directoryMessages.id, id));
}

/** What the directory holds about a person: their ambassador profile and the messages they sent or received. */
export async function personalMapData(db: Database, personId: string) {
  const [ambassadorProfile, messages] = await Promise.all([
    findAlumnusOfPerson(db, personId),
    db
      .select()
      .from(directoryMessages)
      .where(or(eq(directoryMessages.senderId, personId), eq(directoryMessages.recipientId, personId)))
      .orderBy(asc(directoryMessages.createdAt)),
  ]);
  return { ambassadorProfile: ambassadorProfile ?? null, messages };
}
