import { date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, timestampUtc, updatedAt } from './columns.js';
import { people } from './people.js';
import { organisations } from './organisations.js';
import { grantProjects, mobilities } from './mobilities.js';

export const offerStatuses = ['draft', 'published', 'closed'] as const;
export const applicationStatuses = ['submitted', 'selected', 'waiting_list', 'rejected', 'withdrawn'] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];
export const selectionCriteria = ['motivation', 'language', 'maturity', 'fewer_opportunities'] as const;
export type SelectionCriterion = (typeof selectionCriteria)[number];

/** A mobility offer published by a coach to the organisation's learners (seed 002: inform candidates). */
export const mobilityOffers = pgTable(
  'mobility_offers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => grantProjects.id),
    hostOrganisationId: uuid('host_organisation_id').references(() => organisations.id),
    activityType: text('activity_type').notNull(),
    title: text('title').notNull(),
    destinationCity: text('destination_city').notNull(),
    destinationCountry: text('destination_country').notNull(),
    sector: text('sector'),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    places: integer('places').notNull(),
    eligibility: text('eligibility'),
    costsCovered: text('costs_covered'),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    /** Weight of each selection criterion in percent; fewer opportunities is a priority criterion. */
    criteriaWeights: jsonb('criteria_weights').$type<Record<SelectionCriterion, number>>().notNull(),
    status: text('status', { enum: offerStatuses }).notNull().default('draft'),
    createdById: uuid('created_by_id').references(() => people.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index('mobility_offers_organisation_idx').on(table.organisationId, table.status)],
);

export const offerApplications = pgTable(
  'offer_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => mobilityOffers.id, { onDelete: 'cascade' }),
    learnerId: uuid('learner_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    motivation: text('motivation').notNull(),
    languageLevel: text('language_level').notNull(),
    cvLink: text('cv_link'),
    employerName: text('employer_name'),
    employerEmail: text('employer_email'),
    employerLanguage: text('employer_language').notNull().default('fr'),
    employerTokenHash: text('employer_token_hash'),
    employerDecision: text('employer_decision', { enum: ['pending', 'approved', 'refused', 'not_needed'] }).notNull().default('pending'),
    employerDecidedAt: timestampUtc('employer_decided_at'),
    scores: jsonb('scores').$type<Partial<Record<SelectionCriterion, number>>>().notNull().default({}),
    weightedScore: integer('weighted_score'),
    status: text('status', { enum: applicationStatuses }).notNull().default('submitted'),
    decidedAt: timestampUtc('decided_at'),
    mobilityId: uuid('mobility_id').references(() => mobilities.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('offer_applications_offer_learner_unique').on(table.offerId, table.learnerId),
    uniqueIndex('offer_applications_employer_token_unique').on(table.employerTokenHash),
  ],
);
