import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { coachSelfAssessments } from '../db/schema/index.js';

export async function findSelfAssessment(db: Database, personId: string) {
  const [row] = await db.select().from(coachSelfAssessments).where(eq(coachSelfAssessments.personId, personId));
  return row;
}

/** One row per person: a new self-assessment replaces the previous one and counts a revision. */
export async function upsertSelfAssessment(
  db: Database,
  values: { personId: string; ratings: Record<string, number>; frameworkVersion: string; now: Date },
) {
  const [row] = await db
    .insert(coachSelfAssessments)
    .values({ ...values, createdAt: values.now, updatedAt: values.now })
    .onConflictDoUpdate({
      target: coachSelfAssessments.personId,
      set: {
        ratings: values.ratings,
        frameworkVersion: values.frameworkVersion,
        revision: sql`${coachSelfAssessments.revision} + 1`,
        updatedAt: values.now,
      },
    })
    .returning();
  return row!;
}
