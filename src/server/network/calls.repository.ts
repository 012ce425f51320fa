import { and, asc, desc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import {
  callApplications,
  callAttachments,
  callReviewers,
  callReviews,
  memberships,
  networkCalls,
  networkMembers,
  networks,
  organisations,
  people,
  type MembershipRole,
} from '../db/schema/index.js';

export async function insertCall(db: Database, values: typeof networkCalls.$inferInsert) {
  const [row] = await db.insert(networkCalls).values(values).returning();
  return row!;
}

export async function findCall(db: Database, id: string) {
  const [row] = await db
    .select({ call: networkCalls, networkName: networks.name })
    .from(networkCalls)
    .innerJoin(networks, eq(networks.id, networkCalls.networkId))
    .where(eq(networkCalls.id, id));
  return row;
}

export async function findDemoNetworkByName(db: Database, name: string) {
  const [row] = await db
    .select({ id: networks.id })
    .from(networks)
    .where(and(eq(networks.name, name), eq(networks.isDemo, true)));
  return row;
}

export async function findCallByTitle(db: Database, networkId: string, title: string) {
  const [row] = await db
    .select({ id: networkCalls.id })
    .from(networkCalls)
    .where(and(eq(networkCalls.networkId, networkId), eq(networkCalls.title, title)));
  return row;
}

/** Calls of the given networks, plus those the person reviews, newest deadline first. */
export async function listCalls(db: Database, networkIds: string[], reviewerId: string) {
  const conditions = [sql`${networkCalls.id} in (select call_id from network_call_reviewers where person_id = ${reviewerId})`];
  if (networkIds.length) conditions.push(inArray(networkCalls.networkId, networkIds));
  return db
    .select({
      id: networkCalls.id,
      networkId: networkCalls.networkId,
      networkName: networks.name,
      title: networkCalls.title,
      deadline: networkCalls.deadline,
      budgetEuros: networkCalls.budgetEuros,
      decidedAt: networkCalls.decidedAt,
    })
    .from(networkCalls)
    .innerJoin(networks, eq(networks.id, networkCalls.networkId))
    .where(or(...conditions))
    .orderBy(desc(networkCalls.deadline));
}

export async function networksWithMembers(db: Database, organisationIds: string[]) {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ networkId: networkMembers.networkId })
    .from(networkMembers)
    .where(inArray(networkMembers.organisationId, organisationIds));
  return rows.map((row) => row.networkId);
}

export async function memberOrganisationsAmong(db: Database, networkId: string, organisationIds: string[]) {
  if (organisationIds.length === 0) return [];
  return db
    .select({ id: organisations.id, legalName: organisations.legalName })
    .from(networkMembers)
    .innerJoin(organisations, eq(organisations.id, networkMembers.organisationId))
    .where(and(eq(networkMembers.networkId, networkId), inArray(networkMembers.organisationId, organisationIds)))
    .orderBy(asc(organisations.legalName));
}

export async function isReviewer(db: Database, callId: string, personId: string) {
  const [row] = await db
    .select({ personId: callReviewers.personId })
    .from(callReviewers)
    .where(and(eq(callReviewers.callId, callId), eq(callReviewers.personId, personId)));
  return Boolean(row);
}

export async function listReviewers(db: Database, callId: string) {
  return db
    .select({ id: people.id, givenName: people.givenName, familyName: people.familyName })
    .from(callReviewers)
    .innerJoin(people, eq(people.id, callReviewers.personId))
    .where(eq(callReviewers.callId, callId))
    .orderBy(asc(people.familyName), asc(people.givenName));
}

export async function insertReviewer(db: Database, callId: string, personId: string) {
  const rows = await db.insert(callReviewers).values({ callId, personId }).onConflictDoNothing().returning();
  return rows.length === 1;
}

/** A person by email, with the member organisations of the network where they hold one of `roles`. */
export async function findNetworkStaffByEmail(db: Database, networkId: string, email: string, roles: readonly MembershipRole[]) {
  return db
    .selectDistinct({ personId: people.id, organisationId: memberships.organisationId })
    .from(people)
    .innerJoin(memberships, eq(memberships.personId, people.id))
    .innerJoin(networkMembers, and(eq(networkMembers.organisationId, memberships.organisationId), eq(networkMembers.networkId, networkId)))
    .where(and(sql`lower(${people.email}) = ${email}`, inArray(memberships.role, [...roles]), sql`${people.deactivatedAt} is null`));
}

/** The organisations where the person is staff: a reviewer never scores their own organisation. */
export async function staffOrganisationIds(db: Database, personId: string, roles: readonly MembershipRole[]) {
  const rows = await db
    .selectDistinct({ organisationId: memberships.organisationId })
    .from(memberships)
    .where(and(eq(memberships.personId, personId), inArray(memberships.role, [...roles])));
  return rows.map((row) => row.organisationId);
}

const applicationColumns = {
  application: callApplications,
  organisationName: organisations.legalName,
};

export async function findApplication(db: Database, callId: string, applicationId: string) {
  const [row] = await db
    .select(applicationColumns)
    .from(callApplications)
    .innerJoin(organisations, eq(organisations.id, callApplications.organisationId))
    .where(and(eq(callApplications.id, applicationId), eq(callApplications.callId, callId)));
  return row;
}

export async function applicationsOfOrganisations(db: Database, callId: string, organisationIds: string[]) {
  if (organisationIds.length === 0) return [];
  return db
    .select(applicationColumns)
    .from(callApplications)
    .innerJoin(organisations, eq(organisations.id, callApplications.organisationId))
    .where(and(eq(callApplications.callId, callId), inArray(callApplications.organisationId, organisationIds)));
}

/** Applications past the draft stage, the only ones animators and reviewers see. */
export async function sentApplications(db: Database, callId: string) {
  return db
    .select(applicationColumns)
    .from(callApplications)
    .innerJoin(organisations, eq(organisations.id, callApplications.organisationId))
    .where(and(eq(callApplications.callId, callId), ne(callApplications.status, 'draft')))
    .orderBy(asc(callApplications.submittedAt));
}

export async function countDrafts(db: Database, callId: string) {
  const [row] = await db
    .select({ value: sql<number>`count(*)::int` })
    .from(callApplications)
    .where(and(eq(callApplications.callId, callId), eq(callApplications.status, 'draft')));
  return row?.value ?? 0;
}

export async function insertApplication(db: Database, values: typeof callApplications.$inferInsert) {
  const rows = await db.insert(callApplications).values(values).onConflictDoNothing().returning();
  return rows[0];
}

/** Updates only while the application is still in `fromStatus`; false when someone else moved it. */
export async function updateApplication(
  db: Database,
  id: string,
  fromStatus: string,
  values: Partial<typeof callApplications.$inferInsert>,
) {
  const rows = await db
    .update(callApplications)
    .set(values)
    .where(and(eq(callApplications.id, id), sql`${callApplications.status} = ${fromStatus}`))
    .returning({ id: callApplications.id });
  return rows.length === 1;
}

export async function attachmentsOf(db: Database, applicationId: string) {
  return db.select().from(callAttachments).where(eq(callAttachments.applicationId, applicationId));
}

export async function upsertAttachment(db: Database, values: typeof callAttachments.$inferInsert) {
  await db
    .insert(callAttachments)
    .values(values)
    .onConflictDoUpdate({
      target: [callAttachments.applicationId, callAttachments.fieldId],
      set: {
        storageKey: values.storageKey,
        fileName: values.fileName,
        contentType: values.contentType,
        sizeBytes: values.sizeBytes,
        uploadedById: values.uploadedById,
        createdAt: values.createdAt,
      },
    });
}

export async function findReview(db: Database, applicationId: string, reviewerId: string) {
  const [row] = await db
    .select()
    .from(callReviews)
    .where(and(eq(callReviews.applicationId, applicationId), eq(callReviews.reviewerId, reviewerId)));
  return row;
}

export async function upsertReview(db: Database, values: typeof callReviews.$inferInsert) {
  await db
    .insert(callReviews)
    .values(values)
    .onConflictDoUpdate({
      target: [callReviews.applicationId, callReviews.reviewerId],
      set: {
        hasConflict: values.hasConflict,
        conflictReason: values.conflictReason,
        scores: values.scores,
        comments: values.comments,
        updatedAt: values.updatedAt,
      },
    });
}

export async function reviewsOfCall(db: Database, callId: string) {
  return db
    .select({ review: callReviews })
    .from(callReviews)
    .innerJoin(callApplications, eq(callApplications.id, callReviews.applicationId))
    .where(eq(callApplications.callId, callId))
    .then((rows) => rows.map((row) => row.review));
}

/** Marks the call decided only once; false when another request decided it first. */
export async function markCallDecided(db: Database, callId: string, now: Date) {
  const rows = await db
    .update(networkCalls)
    .set({ decidedAt: now, updatedAt: now })
    .where(and(eq(networkCalls.id, callId), sql`${networkCalls.decidedAt} is null`))
    .returning({ id: networkCalls.id });
  return rows.length === 1;
}

export async function findPeople(db: Database, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: people.id, givenName: people.givenName, email: people.email, preferredLanguage: people.preferredLanguage })
    .from(people)
    .where(inArray(people.id, ids));
}
