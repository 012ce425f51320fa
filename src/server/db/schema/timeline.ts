import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, timestampUtc, updatedAt } from './columns.js';
import { people } from './people.js';
import { organisations } from './organisations.js';
import { mobilities } from './mobilities.js';

export const timelinePhases = ['before', 'during', 'after'] as const;
export type TimelinePhase = (typeof timelinePhases)[number];
export const timelineRoles = [
  'coach',
  'teacher',
  'learner',
  'guardian',
  'host_contact',
  'host_tutor',
  'host_family',
  'accompanying_person',
  'sending_employer',
] as const;
export type TimelineRole = (typeof timelineRoles)[number];
export const timelineAnchors = ['departure', 'return'] as const;
export type TimelineAnchor = (typeof timelineAnchors)[number];
export const evidenceKinds = ['none', 'checkbox', 'document', 'form', 'course', 'signature'] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];
export const stepStatuses = ['todo', 'done', 'skipped'] as const;
export type StepStatus = (typeof stepStatuses)[number];

export type TimelineTranslations = Partial<Record<string, string>>;
export type StepConditions = { minorOnly?: boolean; erasmusProOnly?: boolean; staffOnly?: boolean; learnerOnly?: boolean };
export type StepResource = { title: TimelineTranslations; url: string };
export type TimelineSource = { id: string; title: string; publisher: string; url: string; checked: string };

/**
 * A before / during / after template. Templates from content/timelines have no organisation and one
 * row per version; an organisation's editable copy has its organisation and replaces the template
 * of the same slug for that organisation's new timelines.
 */
export const timelineTemplates = pgTable(
  'timeline_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    version: integer('version').notNull(),
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
    copiedFromId: uuid('copied_from_id'),
    title: jsonb('title').$type<TimelineTranslations>().notNull(),
    description: jsonb('description').$type<TimelineTranslations>().notNull(),
    appliesTo: text('applies_to').array().notNull(),
    languages: text('languages').array().notNull(),
    sources: jsonb('sources').$type<TimelineSource[]>().notNull().default([]),
    contentHash: text('content_hash'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('timeline_templates_content_version_unique')
      .on(table.slug, table.version)
      .where(sql`${table.organisationId} is null`),
    uniqueIndex('timeline_templates_organisation_slug_unique')
      .on(table.organisationId, table.slug)
      .where(sql`${table.organisationId} is not null`),
  ],
);

export const timelineTemplateSteps = pgTable(
  'timeline_template_steps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    templateId: uuid('template_id')
      .notNull()
      .references(() => timelineTemplates.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    key: text('key').notNull(),
    phase: text('phase', { enum: timelinePhases }).notNull(),
    role: text('role', { enum: timelineRoles }).notNull(),
    anchor: text('anchor', { enum: timelineAnchors }).notNull(),
    offsetDays: integer('offset_days').notNull(),
    evidence: text('evidence', { enum: evidenceKinds }).notNull(),
    evidenceDetail: text('evidence_detail'),
    conditions: jsonb('conditions').$type<StepConditions>().notNull().default({}),
    title: jsonb('title').$type<TimelineTranslations>().notNull(),
    guidance: jsonb('guidance').$type<TimelineTranslations>().notNull(),
    resources: jsonb('resources').$type<StepResource[]>().notNull().default([]),
  },
  (table) => [
    uniqueIndex('timeline_template_steps_key_unique').on(table.templateId, table.key),
    index('timeline_template_steps_position_idx').on(table.templateId, table.position),
  ],
);

/**
 * One step of one mobility's timeline. The text is copied from the template at instantiation so that
 * editing or versioning a template never changes a running mobility. The sending organisation is
 * copied from the mobility so that the coach's board reads one index.
 */
export const timelineSteps = pgTable(
  'timeline_steps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mobilityId: uuid('mobility_id')
      .notNull()
      .references(() => mobilities.id, { onDelete: 'cascade' }),
    sendingOrganisationId: uuid('sending_organisation_id')
      .notNull()
      .references(() => organisations.id),
    templateId: uuid('template_id').references(() => timelineTemplates.id, { onDelete: 'set null' }),
    templateSlug: text('template_slug').notNull(),
    templateVersion: integer('template_version').notNull(),
    key: text('key').notNull(),
    position: integer('position').notNull(),
    phase: text('phase', { enum: timelinePhases }).notNull(),
    role: text('role', { enum: timelineRoles }).notNull(),
    anchor: text('anchor', { enum: timelineAnchors }).notNull(),
    offsetDays: integer('offset_days').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    evidence: text('evidence', { enum: evidenceKinds }).notNull(),
    evidenceDetail: text('evidence_detail'),
    title: jsonb('title').$type<TimelineTranslations>().notNull(),
    guidance: jsonb('guidance').$type<TimelineTranslations>().notNull(),
    resources: jsonb('resources').$type<StepResource[]>().notNull().default([]),
    status: text('status', { enum: stepStatuses }).notNull().default('todo'),
    note: text('note'),
    skipReason: text('skip_reason'),
    fileKey: text('file_key'),
    fileName: text('file_name'),
    fileType: text('file_type'),
    completedAt: timestampUtc('completed_at'),
    completedById: uuid('completed_by_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('timeline_steps_mobility_key_unique').on(table.mobilityId, table.templateSlug, table.key),
    index('timeline_steps_mobility_due_idx').on(table.mobilityId, table.dueDate),
    index('timeline_steps_board_idx').on(table.sendingOrganisationId, table.status, table.dueDate),
    index('timeline_steps_status_due_idx').on(table.status, table.dueDate),
  ],
);

/**
 * A person's private calendar feed. The URL's token is an HMAC of `nonce` with the server secret, so a
 * copy of the database alone does not give the feeds away; regenerating changes the nonce.
 */
export const calendarFeeds = pgTable('calendar_feeds', {
  personId: uuid('person_id')
    .primaryKey()
    .references(() => people.id, { onDelete: 'cascade' }),
  nonce: text('nonce').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: createdAt(),
});

export const reminderModes = ['immediate', 'digest'] as const;
export type ReminderMode = (typeof reminderModes)[number];

/** How a person wants timeline reminders; no row means immediate. */
export const reminderPreferences = pgTable('reminder_preferences', {
  personId: uuid('person_id')
    .primaryKey()
    .references(() => people.id, { onDelete: 'cascade' }),
  mode: text('mode', { enum: reminderModes }).notNull().default('immediate'),
  unsubscribedAt: timestampUtc('unsubscribed_at'),
  updatedAt: updatedAt(),
});

export const reminderRules = ['due_soon', 'overdue', 'coach_digest'] as const;
export type ReminderRule = (typeof reminderRules)[number];

/**
 * One row per reminder ever sent, inserted in the transaction of its outbox row: the primary key
 * makes a second instance (or a second run) send nothing. `subject` is the step id, or the ISO week
 * of a coach digest.
 */
export const sentReminders = pgTable(
  'sent_reminders',
  {
    rule: text('rule', { enum: reminderRules }).notNull(),
    subject: text('subject').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    sentAt: timestampUtc('sent_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.rule, table.subject, table.personId] })],
);
