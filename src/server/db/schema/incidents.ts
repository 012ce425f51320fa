import { boolean, check, date, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { createdAt, timestampUtc, updatedAt } from './columns.js';
import { people } from './people.js';
import { organisations } from './organisations.js';
import { mobilities } from './mobilities.js';

/** A learner's weekly answer during her stay: three 1–5 scores and one free message. */
export const checkins = pgTable(
  'checkins',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mobilityId: uuid('mobility_id')
      .notNull()
      .references(() => mobilities.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    /** Monday (UTC) of the week answered: one check-in per learner and week. */
    weekStart: date('week_start', { mode: 'string' }).notNull(),
    wellbeing: integer('wellbeing').notNull(),
    atWork: integer('at_work').notNull(),
    atHome: integer('at_home').notNull(),
    message: text('message'),
    wantsToTalk: boolean('wants_to_talk').notNull().default(false),
    /** A low score or a wish to talk: the coach is alerted and the answer shows on her home page. */
    needsAttention: boolean('needs_attention').notNull().default(false),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('checkins_person_week_unique').on(table.personId, table.weekStart),
    index('checkins_mobility_idx').on(table.mobilityId, table.weekStart),
    check(
      'checkins_scores_range',
      sql`${table.wellbeing} between 1 and 5 and ${table.atWork} between 1 and 5 and ${table.atHome} between 1 and 5`,
    ),
  ],
);

export const incidentCategories = ['health', 'safety_at_work', 'accommodation', 'conflict', 'other'] as const;
export type IncidentCategory = (typeof incidentCategories)[number];
export const incidentSeverities = ['low', 'serious', 'urgent'] as const;
export type IncidentSeverity = (typeof incidentSeverities)[number];
export const incidentStatuses = ['open', 'closed'] as const;

/** A report about a mobility during the stay; it opens a mediation log. */
export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mobilityId: uuid('mobility_id')
      .notNull()
      .references(() => mobilities.id, { onDelete: 'cascade' }),
    /** Copied from the mobility so the coach's home page needs no join to find its incidents. */
    sendingOrganisationId: uuid('sending_organisation_id')
      .notNull()
      .references(() => organisations.id),
    reporterId: uuid('reporter_id')
      .notNull()
      .references(() => people.id),
    /** How the reporter relates to the mobility when reporting (participant, host_family …). */
    reporterRelation: text('reporter_relation').notNull(),
    category: text('category', { enum: incidentCategories }).notNull(),
    severity: text('severity', { enum: incidentSeverities }).notNull(),
    description: text('description').notNull(),
    /** ISO country of the host at the time of the report, for the emergency numbers. */
    hostCountry: text('host_country'),
    status: text('status', { enum: incidentStatuses }).notNull().default('open'),
    resolution: text('resolution'),
    closedAt: timestampUtc('closed_at'),
    closedById: uuid('closed_by_id').references(() => people.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index('incidents_sending_status_idx').on(table.sendingOrganisationId, table.status, table.createdAt),
    index('incidents_mobility_idx').on(table.mobilityId),
    index('incidents_reporter_idx').on(table.reporterId),
  ],
);

/** One step of the mediation: what was done, who was contacted, what came of it. */
export const incidentLogEntries = pgTable(
  'incident_log_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => people.id, { onDelete: 'set null' }),
    actionTaken: text('action_taken').notNull(),
    contacted: text('contacted'),
    outcome: text('outcome'),
    createdAt: createdAt(),
  },
  (table) => [index('incident_log_entries_incident_idx').on(table.incidentId, table.createdAt)],
);

/** Who the organisation can be reached through outside office hours: told at once of urgent incidents. */
export const organisationOnCall = pgTable('organisation_on_call', {
  organisationId: uuid('organisation_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  phone: text('phone').notNull(),
  email: text('email').notNull(),
  updatedById: uuid('updated_by_id').references(() => people.id, { onDelete: 'set null' }),
  updatedAt: updatedAt(),
});
