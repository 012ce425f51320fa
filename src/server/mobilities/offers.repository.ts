import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { mobilityOffers, offerApplications, organisations, people } from '../db/schema/index.js';

export async function insertOffer(db: Database, values: typeof mobilityOffers.$inferInsert) {
  const [row] = await db.insert(mobilityOffers).values(values).returning();
  return row!;
}

export async function findOffer(db: Database, offerId: string) {
  const [row] = await db
    .select({ offer: mobilityOffers, organisationName: organisations.legalName })
    .from(mobilityOffers)
    .innerJoin(organisations, eq(organisations.id, mobilityOffers.organisationId))
    .where(eq(mobilityOffers.id, offerId));
  return row;
}

export async function listOffers(db: Database, organisationIds: string[], onlyPublished: boolean) {
  if (organisationIds.length === 0) return [];
  return db
    .select({
      offer: mobilityOffers,
      organisationName: organisations.legalName,
      applicationCount: sql<number>`(select count(*)::int from ${offerApplications} where ${offerApplications.offerId} = ${mobilityOffers.id})`,
    })
    .from(mobilityOffers)
    .innerJoin(organisations, eq(organisations.id, mobilityOffers.organisationId))
    .where(and(inArray(mobilityOffers.organisationId, organisationIds), onlyPublished ? eq(mobilityOffers.status, 'published') : undefined))
    .orderBy(asc(mobilityOffers.deadline));
}

export async function updateOfferStatus(db: Database, offerId: string, status: 'draft' | 'published' | 'closed', now: Date) {
  await db.update(mobilityOffers).set({ status, updatedAt: now }).where(eq(mobilityOffers.id, offerId));
}

export async function insertApplication(db: Database, values: typeof offerApplications.$inferInsert) {
  const [row] = await db.insert(offerApplications).values(values).onConflictDoNothing().returning();
  return row;
}

export async function applicationOfLearner(db: Database, offerId: string, learnerId: string) {
  const [row] = await db.select().from(offerApplications).where(and(eq(offerApplications.offerId, offerId), eq(offerApplications.learnerId, learnerId)));
  return row;
}

/** Applications ranked by weighted score (unscored last), then by date of application. */
export async function rankedApplications(db: Database, offerId: string) {
  return db
    .select({ application: offerApplications, givenName: people.givenName, familyName: people.familyName, email: people.email, preferredLanguage: people.preferredLanguage })
    .from(offerApplications)
    .innerJoin(people, eq(people.id, offerApplications.learnerId))
    .where(eq(offerApplications.offerId, offerId))
    .orderBy(sql`${offerApplications.weightedScore} desc nulls last`, asc(offerApplications.createdAt));
}

export async function findApplication(db: Database, applicationId: string) {
  const [row] = await db
    .select({ application: offerApplications, givenName: people.givenName, familyName: people.familyName, email: people.email, preferredLanguage: people.preferredLanguage })
    .from(offerApplications)
    .innerJoin(people, eq(people.id, offerApplications.learnerId))
    .where(eq(offerApplications.id, applicationId));
  return row;
}

export async function findApplicationByEmployerToken(db: Database, tokenHash: string) {
  const [row] = await db
    .select({ application: offerApplications, offer: mobilityOffers, givenName: people.givenName, familyName: people.familyName })
    .from(offerApplications)
    .innerJoin(mobilityOffers, eq(mobilityOffers.id, offerApplications.offerId))
    .innerJoin(people, eq(people.id, offerApplications.learnerId))
    .where(eq(offerApplications.employerTokenHash, tokenHash));
  return row;
}

export async function updateApplication(db: Database, applicationId: string, values: Partial<typeof offerApplications.$inferInsert>) {
  const [row] = await db.update(offerApplications).set(values).where(eq(offerApplications.id, applicationId)).returning();
  return row!;
}

export async function applicationsOfLearner(db: Database, learnerId: string) {
  return db
    .select({ application: offerApplications, offerTitle: mobilityOffers.title })
    .from(offerApplications)
    .innerJoin(mobilityOffers, eq(mobilityOffers.id, offerApplications.offerId))
    .where(eq(offerApplications.learnerId, learnerId))
    .orderBy(desc(offerApplications.createdAt));
}
