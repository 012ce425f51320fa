import { integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns.js';
import { people } from './people.js';

/**
 * A coach's latest self-assessment against the reference framework of coach activities and skills
 * (content/courses/coach-kit/framework.yaml): one row per person, overwritten when they rate again.
 */
export const coachSelfAssessments = pgTable('coach_self_assessments', {
  id: uuid('id').primaryKey().defaultRandom(),
  personId: uuid('person_id')
    .notNull()
    .unique()
    .references(() => people.id, { onDelete: 'cascade' }),
  /** Skill key → level on the framework's scale (1 = never done … 4 = can explain it to others). */
  ratings: jsonb('ratings').$type<Record<string, number>>().notNull(),
  /** `lastReviewed` of the framework the ratings were given against. */
  frameworkVersion: text('framework_version').notNull(),
  /** How many times the person has saved a self-assessment. */
  revision: integer('revision').notNull().default(1),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
