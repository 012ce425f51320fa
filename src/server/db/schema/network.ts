import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, timestampUtc, updatedAt } from './columns.js';
import { consortia, networks, organisations } from './organisations.js';
import { people } from './people.js';

export const callFieldKinds = ['text', 'long_text', 'number', 'choice', 'file'] as const;
export type CallFieldKind = (typeof callFieldKinds)[number];

/** One question of a call's application form; `options` only for a choice. */
export type CallFormField = { id: string; kind: CallFieldKind; label: string; isRequired: boolean; options: string[] };

/** One criterion of the evaluation grid; each is scored 0–10 and weighs `weight` in the total. */
export type CallCriterion = { id: string; label: string; weight: number };

/**
 * A network's call for projects. The form and the grid are fixed once the call is open, so they live
 * with the call as JSON: answers and scores refer to their ids.
 */
export const networkCalls = pgTable(
  'network_calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    networkId: uuid('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    rulesMarkdown: text('rules_markdown').notNull(),
    eqfLevels: integer('eqf_levels').array().notNull(),
    minimumDurationDays: integer('minimum_duration_days').notNull(),
    budgetEuros: integer('budget_euros').notNull(),
    deadline: timestampUtc('deadline').notNull(),
    formFields: jsonb('form_fields').$type<CallFormField[]>().notNull(),
    criteria: jsonb('criteria').$type<CallCriterion[]>().notNull(),
    decidedAt: timestampUtc('decided_at'),
    openedById: uuid('opened_by_id').references(() => people.id, { onDelete: 'set null' }),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index('network_calls_network_idx').on(table.networkId)],
);

export const callReviewers = pgTable(
  'network_call_reviewers',
  {
    callId: uuid('call_id')
      .notNull()
      .references(() => networkCalls.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.callId, table.personId] }), index('network_call_reviewers_person_idx').on(table.personId)],
);

export const callApplicationStatuses = ['draft', 'submitted', 'funded', 'waiting_list', 'rejected'] as const;
export type CallApplicationStatus = (typeof callApplicationStatuses)[number];
export const callDecisionOutcomes = ['funded', 'waiting_list', 'rejected'] as const;
export type CallDecisionOutcome = (typeof callDecisionOutcomes)[number];

/** One member organisation's application to a call: at most one per organisation. */
export const callApplications = pgTable(
  'network_call_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    callId: uuid('call_id')
      .notNull()
      .references(() => networkCalls.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    status: text('status', { enum: callApplicationStatuses }).notNull().default('draft'),
    projectTitle: text('project_title').notNull(),
    eqfLevel: integer('eqf_level'),
    plannedDurationDays: integer('planned_duration_days'),
    requestedEuros: integer('requested_euros'),
    answers: jsonb('answers').$type<Record<string, string>>().notNull().default({}),
    createdById: uuid('created_by_id').references(() => people.id, { onDelete: 'set null' }),
    submittedById: uuid('submitted_by_id').references(() => people.id, { onDelete: 'set null' }),
    submittedAt: timestampUtc('submitted_at'),
    awardedEuros: integer('awarded_euros'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex('network_call_applications_call_organisation_unique').on(table.callId, table.organisationId)],
);

/** The file answering a `file` field of the form; a new upload replaces the previous one. */
export const callAttachments = pgTable(
  'network_call_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => callApplications.id, { onDelete: 'cascade' }),
    fieldId: text('field_id').notNull(),
    storageKey: text('storage_key').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    uploadedById: uuid('uploaded_by_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('network_call_attachments_field_unique').on(table.applicationId, table.fieldId)],
);

/** A reviewer's scores (0–10 per criterion id) and comments, or their declared conflict of interest. */
export const callReviews = pgTable(
  'network_call_reviews',
  {
    applicationId: uuid('application_id')
      .notNull()
      .references(() => callApplications.id, { onDelete: 'cascade' }),
    reviewerId: uuid('reviewer_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    hasConflict: boolean('has_conflict').notNull().default(false),
    conflictReason: text('conflict_reason'),
    scores: jsonb('scores').$type<Record<string, number>>().notNull().default({}),
    comments: jsonb('comments').$type<Record<string, string>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ columns: [table.applicationId, table.reviewerId] }),
    index('network_call_reviews_reviewer_idx').on(table.reviewerId),
  ],
);

/**
 * Working groups and meetings belong to a network or to a consortium (exactly one of the two): the
 * "space" whose animators or coordinator run them and whose member organisations' staff take part.
 */
const spaceColumns = () => ({
  networkId: uuid('network_id').references(() => networks.id, { onDelete: 'cascade' }),
  consortiumId: uuid('consortium_id').references(() => consortia.id, { onDelete: 'cascade' }),
});

export const workingGroups = pgTable(
  'working_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...spaceColumns(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    createdById: uuid('created_by_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index('working_groups_network_idx').on(table.networkId),
    index('working_groups_consortium_idx').on(table.consortiumId),
    check('working_groups_one_space', sql`(${table.networkId} is null) <> (${table.consortiumId} is null)`),
  ],
);

export const workingGroupMembers = pgTable(
  'working_group_members',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => workingGroups.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    /** A member who opted out gets no email about new messages; they still read them in the app. */
    isNotified: boolean('is_notified').notNull().default(true),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.groupId, table.personId] }), index('working_group_members_person_idx').on(table.personId)],
);

export const workingGroupDocuments = pgTable(
  'working_group_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => workingGroups.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    storageKey: text('storage_key').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    uploadedById: uuid('uploaded_by_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [index('working_group_documents_group_idx').on(table.groupId)],
);

export const workingGroupThreads = pgTable(
  'working_group_threads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => workingGroups.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    createdById: uuid('created_by_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [index('working_group_threads_group_idx').on(table.groupId)],
);

export const workingGroupPosts = pgTable(
  'working_group_posts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    threadId: uuid('thread_id')
      .notNull()
      .references(() => workingGroupThreads.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => people.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('working_group_posts_thread_idx').on(table.threadId, table.createdAt)],
);

export const meetingKinds = ['steering_committee', 'webinar', 'forum', 'working_session'] as const;
export type MeetingKind = (typeof meetingKinds)[number];

export const networkMeetings = pgTable(
  'network_meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...spaceColumns(),
    kind: text('kind', { enum: meetingKinds }).notNull(),
    title: text('title').notNull(),
    startsAt: timestampUtc('starts_at').notNull(),
    endsAt: timestampUtc('ends_at').notNull(),
    place: text('place'),
    onlineUrl: text('online_url'),
    agendaMarkdown: text('agenda_markdown').notNull(),
    minutesMarkdown: text('minutes_markdown'),
    createdById: uuid('created_by_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index('network_meetings_network_idx').on(table.networkId, table.startsAt),
    index('network_meetings_consortium_idx').on(table.consortiumId, table.startsAt),
    check('network_meetings_one_space', sql`(${table.networkId} is null) <> (${table.consortiumId} is null)`),
  ],
);

export const meetingRegistrations = pgTable(
  'network_meeting_registrations',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => networkMeetings.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    hasAttended: boolean('has_attended'),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.meetingId, table.personId] }),
    index('network_meeting_registrations_person_idx').on(table.personId),
  ],
);
