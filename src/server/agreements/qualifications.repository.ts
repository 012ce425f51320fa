import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { learningOutcomes, qualifications, qualificationUnits } from '../db/schema/index.js';
import type { QualificationDocument } from './qualification-content.js';

/** Seeded qualifications (no owner) and those of the given organisations; `null` reads all. */
const readableBy = (organisationIds: string[] | null) =>
  organisationIds === null
    ? undefined
    : or(
        isNull(qualifications.organisationId),
        organisationIds.length ? inArray(qualifications.organisationId, organisationIds) : sql`false`,
      );

export async function listQualifications(db: Database, organisationIds: string[] | null) {
  return db
    .select({
      id: qualifications.id,
      slug: qualifications.slug,
      title: qualifications.title,
      nationalCode: qualifications.nationalCode,
      eqfLevel: qualifications.eqfLevel,
      awardingBody: qualifications.awardingBody,
      organisationId: qualifications.organisationId,
      // Written out: inside a single-table select Drizzle leaves column names unqualified, which is ambiguous here.
      outcomeCount: sql<number>`(select count(*)::int from learning_outcomes o join qualification_units u on u.id = o.unit_id where u.qualification_id = qualifications.id)`,
    })
    .from(qualifications)
    .where(readableBy(organisationIds))
    .orderBy(asc(qualifications.eqfLevel), asc(qualifications.slug));
}

export async function findQualificationBySlug(db: Database, slug: string, organisationIds: string[] | null = null) {
  const [row] = await db
    .select()
    .from(qualifications)
    .where(and(eq(qualifications.slug, slug), readableBy(organisationIds)));
  return row;
}

export async function unitsWithOutcomes(db: Database, qualificationId: string) {
  const rows = await db
    .select({ unit: qualificationUnits, outcome: learningOutcomes })
    .from(qualificationUnits)
    .innerJoin(learningOutcomes, eq(learningOutcomes.unitId, qualificationUnits.id))
    .where(eq(qualificationUnits.qualificationId, qualificationId))
    .orderBy(asc(qualificationUnits.position), asc(learningOutcomes.position));
  const units = new Map<string, typeof qualificationUnits.$inferSelect & { outcomes: (typeof learningOutcomes.$inferSelect)[] }>();
  for (const { unit, outcome } of rows) {
    const entry = units.get(unit.id) ?? { ...unit, outcomes: [] };
    entry.outcomes.push(outcome);
    units.set(unit.id, entry);
  }
  return [...units.values()];
}

type Ownership = { organisationId: string | null; createdById: string | null; seededContentHash: string | null; now: Date };

/** Writes a qualification with its units and outcomes, replacing the previous ones of the same slug. */
export async function saveQualification(db: Database, document: QualificationDocument, ownership: Ownership) {
  const values = {
    slug: document.slug,
    title: document.title,
    nationalCode: document.nationalCode ?? null,
    eqfLevel: document.eqfLevel,
    awardingBody: document.awardingBody,
    sources: document.sources,
    organisationId: ownership.organisationId,
    createdById: ownership.createdById,
    seededContentHash: ownership.seededContentHash,
    updatedAt: ownership.now,
  };
  const [saved] = await db
    .insert(qualifications)
    .values({ ...values, createdAt: ownership.now })
    .onConflictDoUpdate({ target: qualifications.slug, set: values })
    .returning();
  await db.delete(qualificationUnits).where(eq(qualificationUnits.qualificationId, saved!.id));
  for (const [unitIndex, unit] of document.units.entries()) {
    const [unitRow] = await db
      .insert(qualificationUnits)
      .values({ qualificationId: saved!.id, position: unitIndex + 1, code: unit.code, title: unit.title })
      .returning({ id: qualificationUnits.id });
    await db.insert(learningOutcomes).values(
      unit.outcomes.map((outcome, outcomeIndex) => ({
        unitId: unitRow!.id,
        position: outcomeIndex + 1,
        key: outcome.key,
        kind: outcome.kind,
        text: outcome.text,
        criteria: outcome.criteria,
      })),
    );
  }
  return saved!;
}
