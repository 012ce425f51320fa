import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { kitCorrections, kits, kitVersions, people, type KitCorrectionStatus } from '../db/schema/index.js';

export async function findKitBySlug(db: Database, slug: string) {
  const [row] = await db.select().from(kits).where(eq(kits.slug, slug));
  return row;
}

export async function findKitById(db: Database, id: string) {
  const [row] = await db.select().from(kits).where(eq(kits.id, id));
  return row;
}

/** The index needs names and countries only, not each kit's full content. */
export async function listKitSummaries(db: Database) {
  return db
    .select({
      slug: kits.slug,
      countryCode: kits.countryCode,
      name: sql<{ fr: string; en: string; local: string }>`${kits.content}->'name'`,
      region: sql<{ fr: string; en: string }>`${kits.content}->'region'`,
      countryName: sql<{ fr: string; en: string }>`${kits.content}->'countryName'`,
      lastReviewed: kits.lastReviewed,
      version: kits.version,
    })
    .from(kits)
    .orderBy(asc(kits.countryCode), asc(kits.slug));
}

export async function insertKit(db: Database, values: typeof kits.$inferInsert) {
  const [row] = await db.insert(kits).values(values).returning();
  return row!;
}

/** Moves a kit to a new version only if nobody else did since it was read (optimistic lock). */
export async function updateKitVersion(db: Database, kitId: string, fromVersion: number, values: Partial<typeof kits.$inferInsert>) {
  const rows = await db
    .update(kits)
    .set(values)
    .where(and(eq(kits.id, kitId), eq(kits.version, fromVersion)))
    .returning({ id: kits.id });
  return rows.length === 1;
}

export async function insertKitVersion(db: Database, values: typeof kitVersions.$inferInsert) {
  await db.insert(kitVersions).values(values);
}

export async function listKitVersions(db: Database, kitId: string) {
  return db
    .select({
      version: kitVersions.version,
      origin: kitVersions.origin,
      createdAt: kitVersions.createdAt,
      lastReviewed: sql<string>`${kitVersions.content}->>'lastReviewed'`,
      sourceCount: sql<number>`jsonb_array_length(${kitVersions.sources})::int`,
      correctionSection: kitCorrections.section,
      correctionSourceUrl: kitCorrections.sourceUrl,
      correctionReason: kitCorrections.reason,
    })
    .from(kitVersions)
    .leftJoin(kitCorrections, eq(kitCorrections.id, kitVersions.correctionId))
    .where(eq(kitVersions.kitId, kitId))
    .orderBy(desc(kitVersions.version));
}

export async function insertCorrection(db: Database, values: typeof kitCorrections.$inferInsert) {
  const [row] = await db.insert(kitCorrections).values(values).returning();
  return row!;
}

export async function findCorrection(db: Database, id: string) {
  const [row] = await db.select().from(kitCorrections).where(eq(kitCorrections.id, id));
  return row;
}

export async function listCorrections(db: Database, status: KitCorrectionStatus, limit: number) {
  return db
    .select({
      correction: kitCorrections,
      kitSlug: kits.slug,
      kitName: sql<{ fr: string; en: string; local: string }>`${kits.content}->'name'`,
      proposerGivenName: people.givenName,
      proposerFamilyName: people.familyName,
    })
    .from(kitCorrections)
    .innerJoin(kits, eq(kits.id, kitCorrections.kitId))
    .leftJoin(people, eq(people.id, kitCorrections.proposedById))
    .where(eq(kitCorrections.status, status))
    .orderBy(status === 'proposed' ? asc(kitCorrections.createdAt) : desc(kitCorrections.reviewedAt))
    .limit(limit);
}

/** Closes a correction only while it is still proposed, so two reviewers cannot both decide. */
export async function closeCorrection(db: Database, id: string, values: Partial<typeof kitCorrections.$inferInsert>) {
  const rows = await db
    .update(kitCorrections)
    .set(values)
    .where(and(eq(kitCorrections.id, id), eq(kitCorrections.status, 'proposed')))
    .returning({ id: kitCorrections.id });
  return rows.length === 1;
}

export async function correctionsProposedBy(db: Database, personId: string) {
  return db.select().from(kitCorrections).where(eq(kitCorrections.proposedById, personId)).orderBy(asc(kitCorrections.createdAt));
}

export async function countProposedCorrections(db: Database) {
  const [row] = await db.select({ value: sql<number>`count(*)::int` }).from(kitCorrections).where(eq(kitCorrections.status, 'proposed'));
  return row?.value ?? 0;
}

/** Kits of some countries with their content, to find the one of a learner's host city. */
export async function kitsOfCountries(db: Database, countryCodes: string[]) {
  if (countryCodes.length === 0) return [];
  return db.select({ slug: kits.slug, countryCode: kits.countryCode, content: kits.content }).from(kits).where(inArray(kits.countryCode, countryCodes));
}
