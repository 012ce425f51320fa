import { boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, timestampUtc, updatedAt } from './columns.js';
import { people } from './people.js';
import { organisations } from './organisations.js';
import type { Question, Response, GradeResult } from '../../learning/questions/types.js';

/** Text translated per item: language code → text (`{ fr: "…", en: "…" }`), as in content/. */
export type Translations = Partial<Record<string, string>>;

export const courseAudiences = ['coaches', 'host_organisations', 'learners'] as const;
export type CourseAudience = (typeof courseAudiences)[number];

/**
 * One declarative completion rule per course, evaluated into the learner's checklist.
 * `quizzesPassed.minScore` is a percentage; a quiz's own passing score applies when it is higher.
 */
export type CompletionCondition =
  { lessonsViewed: 'all' } | { quizzesPassed: { minScore: number } } | { assignmentsAccepted: 'all' } | { webinarAttended: true };
export type CompletionRule = { all: CompletionCondition[] };

export const courses = pgTable('courses', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  audience: text('audience', { enum: courseAudiences }).notNull(),
  languages: text('languages').array().notNull(),
  title: jsonb('title').$type<Translations>().notNull(),
  summary: jsonb('summary').$type<Translations>().notNull(),
  estimatedHours: doublePrecision('estimated_hours').notNull(),
  passingScore: integer('passing_score').notNull().default(70),
  completionRule: jsonb('completion_rule').$type<CompletionRule>().notNull(),
  /** Anyone signed in may enrol themselves; otherwise a coach or an organisation enrols people. */
  isSelfEnrolment: boolean('is_self_enrolment').notNull().default(true),
  isPublished: boolean('is_published').notNull().default(true),
  /** Organisation named on certificates; the platform's own name when null. */
  issuerName: text('issuer_name'),
  /** SHA-256 of the content files last loaded, so the start-up loader skips unchanged courses. */
  contentHash: text('content_hash'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const courseModules = pgTable(
  'course_modules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    code: text('code').notNull(),
    position: integer('position').notNull(),
    title: jsonb('title').$type<Translations>().notNull(),
    summary: jsonb('summary').$type<Translations>().notNull(),
    estimatedMinutes: integer('estimated_minutes').notNull(),
    validationKind: text('validation_kind', { enum: ['quiz', 'quiz_and_assignment'] }).notNull(),
    validationText: jsonb('validation_text').$type<Translations>().notNull(),
  },
  (table) => [uniqueIndex('course_modules_course_slug_unique').on(table.courseId, table.slug)],
);

export const lessons = pgTable(
  'lessons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    moduleId: uuid('module_id')
      .notNull()
      .references(() => courseModules.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    position: integer('position').notNull(),
  },
  (table) => [uniqueIndex('lessons_module_slug_unique').on(table.moduleId, table.slug)],
);

/** A lesson in one language: Markdown as authored (rendered and sanitised when shown). */
export const lessonTranslations = pgTable(
  'lesson_translations',
  {
    lessonId: uuid('lesson_id')
      .notNull()
      .references(() => lessons.id, { onDelete: 'cascade' }),
    language: text('language').notNull(),
    title: text('title').notNull(),
    minutes: integer('minutes').notNull(),
    body: text('body').notNull(),
  },
  (table) => [primaryKey({ columns: [table.lessonId, table.language] })],
);

/** Trainer guides, downloadable by trainers only. */
export const trainerMaterials = pgTable(
  'trainer_materials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    moduleId: uuid('module_id')
      .notNull()
      .references(() => courseModules.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    language: text('language').notNull(),
    body: text('body').notNull(),
  },
  (table) => [uniqueIndex('trainer_materials_unique').on(table.moduleId, table.slug, table.language)],
);

export const questionBanks = pgTable('question_banks', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The GIFT `$CATEGORY` of the bank's questions, e.g. `coach-kit/c1-1`. */
  slug: text('slug').notNull().unique(),
  courseId: uuid('course_id').references(() => courses.id, { onDelete: 'cascade' }),
  /** Banks trainers import in the app belong to their organisation; content banks have none. */
  organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
  title: text('title'),
  createdAt: createdAt(),
});

/** A question in one language, stored as the question engine's `Question`. */
export const questions = pgTable(
  'questions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    bankId: uuid('bank_id')
      .notNull()
      .references(() => questionBanks.id, { onDelete: 'cascade' }),
    /** Stable across languages: the GIFT title (`c1-1-q01`). */
    key: text('key').notNull(),
    language: text('language').notNull(),
    position: integer('position').notNull(),
    category: text('category').notNull().default(''),
    tags: text('tags').array().notNull().default([]),
    type: text('type').notNull(),
    definition: jsonb('definition').$type<Question>().notNull(),
  },
  (table) => [uniqueIndex('questions_bank_key_language_unique').on(table.bankId, table.key, table.language)],
);

export const activityKinds = ['quiz', 'assignment', 'webinar'] as const;
export type ActivityKind = (typeof activityKinds)[number];
/** Practice: feedback right after each question. Test: feedback after submission only. */
export const quizModes = ['practice', 'test'] as const;
export type QuizMode = (typeof quizModes)[number];

export const activities = pgTable(
  'activities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    moduleId: uuid('module_id')
      .notNull()
      .references(() => courseModules.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    kind: text('kind', { enum: activityKinds }).notNull(),
    position: integer('position').notNull(),
    title: jsonb('title').$type<Translations>().notNull(),
    instructions: jsonb('instructions').$type<Translations>().notNull().default({}),
    // quiz
    questionBankId: uuid('question_bank_id').references(() => questionBanks.id, { onDelete: 'set null' }),
    mode: text('mode', { enum: quizModes }).notNull().default('test'),
    passingScore: integer('passing_score'),
    attemptLimit: integer('attempt_limit'),
    timeLimitMinutes: integer('time_limit_minutes'),
    questionsPerPage: integer('questions_per_page').notNull().default(5),
    /** Questions drawn at random from each category of the bank; null gives every question. */
    drawPerCategory: integer('draw_per_category'),
    shuffleQuestions: boolean('shuffle_questions').notNull().default(false),
    // assignment
    maxUploadBytes: integer('max_upload_bytes'),
    acceptedTypes: text('accepted_types').array().notNull().default([]),
    // webinar
    startsAt: timestampUtc('starts_at'),
    durationMinutes: integer('duration_minutes'),
    joinUrl: text('join_url'),
  },
  (table) => [uniqueIndex('activities_module_slug_unique').on(table.moduleId, table.slug)],
);

export const enrolmentSources = ['self', 'coach', 'organisation'] as const;

export const enrolments = pgTable(
  'enrolments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    source: text('source', { enum: enrolmentSources }).notNull(),
    enrolledById: uuid('enrolled_by_id').references(() => people.id, { onDelete: 'set null' }),
    enrolledAt: timestampUtc('enrolled_at').notNull(),
    completedAt: timestampUtc('completed_at'),
  },
  (table) => [
    uniqueIndex('enrolments_course_person_unique').on(table.courseId, table.personId),
    index('enrolments_person_idx').on(table.personId),
  ],
);

export const lessonViews = pgTable(
  'lesson_views',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    lessonId: uuid('lesson_id')
      .notNull()
      .references(() => lessons.id, { onDelete: 'cascade' }),
    viewedAt: timestampUtc('viewed_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.personId, table.lessonId] })],
);

export const attemptStatuses = ['in_progress', 'submitted'] as const;

export const attempts = pgTable(
  'attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    language: text('language').notNull(),
    /** Seeds the opaque option ids and the answer shuffle: the same for the whole attempt. */
    seed: text('seed').notNull(),
    /** Question rows drawn for this attempt, in the order shown. */
    questionIds: jsonb('question_ids').$type<string[]>().notNull(),
    status: text('status', { enum: attemptStatuses }).notNull().default('in_progress'),
    startedAt: timestampUtc('started_at').notNull(),
    deadlineAt: timestampUtc('deadline_at'),
    submittedAt: timestampUtc('submitted_at'),
    /** Percentage 0..100 once graded; recomputed when a trainer grades an essay. */
    scorePercent: doublePrecision('score_percent'),
    isPassed: boolean('is_passed'),
    needsManualGrading: boolean('needs_manual_grading').notNull().default(false),
  },
  (table) => [
    uniqueIndex('attempts_activity_person_number_unique').on(table.activityId, table.personId, table.number),
    index('attempts_person_idx').on(table.personId),
  ],
);

/** Saved as the learner goes, so a dropped connection loses nothing; graded on submission. */
export const attemptAnswers = pgTable(
  'attempt_answers',
  {
    attemptId: uuid('attempt_id')
      .notNull()
      .references(() => attempts.id, { onDelete: 'cascade' }),
    questionId: uuid('question_id')
      .notNull()
      .references(() => questions.id, { onDelete: 'cascade' }),
    response: jsonb('response').$type<Response>().notNull(),
    savedAt: timestampUtc('saved_at').notNull(),
    grade: jsonb('grade').$type<GradeResult>(),
    /** Set by a trainer for a manually graded question (essay), 0..1. */
    manualFraction: doublePrecision('manual_fraction'),
    manualComment: text('manual_comment'),
    gradedById: uuid('graded_by_id').references(() => people.id, { onDelete: 'set null' }),
    gradedAt: timestampUtc('graded_at'),
  },
  (table) => [primaryKey({ columns: [table.attemptId, table.questionId] })],
);

export const submissionStatuses = ['submitted', 'accepted', 'rejected'] as const;
export type SubmissionStatus = (typeof submissionStatuses)[number];

export const assignmentSubmissions = pgTable(
  'assignment_submissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    storageKey: text('storage_key').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    submittedAt: timestampUtc('submitted_at').notNull(),
    status: text('status', { enum: submissionStatuses }).notNull().default('submitted'),
    scorePercent: doublePrecision('score_percent'),
    reviewComment: text('review_comment'),
    reviewedById: uuid('reviewed_by_id').references(() => people.id, { onDelete: 'set null' }),
    reviewedAt: timestampUtc('reviewed_at'),
  },
  (table) => [index('assignment_submissions_activity_person_idx').on(table.activityId, table.personId)],
);

export const webinarAttendance = pgTable(
  'webinar_attendance',
  {
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    isPresent: boolean('is_present').notNull(),
    recordedById: uuid('recorded_by_id').references(() => people.id, { onDelete: 'set null' }),
    recordedAt: timestampUtc('recorded_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.activityId, table.personId] })],
);

/** What a certificate states, frozen at issue; its SHA-256 is printed and checked on /verify. */
export type CertificatePayload = {
  code: string;
  holder: string;
  course: string;
  courseSlug: string;
  modules: string[];
  hours: number;
  issuer: string;
  issuedOn: string;
  language: string;
};

export const courseCertificates = pgTable(
  'course_certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    code: text('code').notNull().unique(),
    issuedAt: timestampUtc('issued_at').notNull(),
    payload: jsonb('payload').$type<CertificatePayload>().notNull(),
    contentHash: text('content_hash').notNull(),
    /** The Open Badges 3.0 credential, signed as a VC-JWT. */
    badgeJwt: text('badge_jwt').notNull(),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('course_certificates_course_person_unique').on(table.courseId, table.personId)],
);

/** The platform's signing key pair for credentials, generated once. */
export const signingKeys = pgTable('signing_keys', {
  id: text('id').primaryKey(),
  algorithm: text('algorithm').notNull(),
  publicJwk: jsonb('public_jwk').$type<Record<string, unknown>>().notNull(),
  privateJwk: jsonb('private_jwk').$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
});
