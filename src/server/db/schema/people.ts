import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, timestampUtc, updatedAt } from './columns.js';

/** A human being, with or without an account: tutors and guardians may only ever use links. */
export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    email: text('email'),
    phone: text('phone'),
    birthDate: date('birth_date', { mode: 'string' }),
    preferredLanguage: text('preferred_language').notNull().default('fr'),
    isPlatformAdmin: boolean('is_platform_admin').notNull().default(false),
    deactivatedAt: timestampUtc('deactivated_at'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex('people_email_unique').on(sql`lower(${table.email})`)],
);

/** Sign-in credentials of a person. People who sign in only by link have no row here. */
export const accounts = pgTable('accounts', {
  personId: uuid('person_id')
    .primaryKey()
    .references(() => people.id, { onDelete: 'cascade' }),
  passwordHash: text('password_hash').notNull(),
  passwordChangedAt: timestampUtc('password_changed_at').notNull().defaultNow(),
  createdAt: createdAt(),
});

/** Server-side sessions; the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    lastSeenAt: timestampUtc('last_seen_at').notNull().defaultNow(),
    expiresAt: timestampUtc('expires_at').notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    signInMethod: text('sign_in_method').notNull(),
  },
  (table) => [index('sessions_person_idx').on(table.personId)],
);

/** Single-use links: magic sign-in, password reset. Stored hashed, expiring. */
export const oneTimeTokens = pgTable(
  'one_time_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    purpose: text('purpose', { enum: ['magic_link', 'password_reset'] }).notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    expiresAt: timestampUtc('expires_at').notNull(),
    usedAt: timestampUtc('used_at'),
    createdAt: createdAt(),
  },
  (table) => [index('one_time_tokens_person_idx').on(table.personId)],
);

/** Personal access tokens for the JSON API; shown once, stored hashed. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    lastUsedAt: timestampUtc('last_used_at'),
    revokedAt: timestampUtc('revoked_at'),
    createdAt: createdAt(),
  },
  (table) => [index('api_tokens_person_idx').on(table.personId)],
);

/** A parent or legal guardian of a learner, with the consents recorded later per mobility. */
export const guardianships = pgTable(
  'guardianships',
  {
    guardianId: uuid('guardian_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    learnerId: uuid('learner_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    relationship: text('relationship').notNull().default('parent'),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.guardianId, table.learnerId] }),
    index('guardianships_learner_idx').on(table.learnerId),
  ],
);

/** Fixed-window counters shared by every app instance (sign-in, reset and magic-link limits). */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').notNull(),
    windowStart: timestampUtc('window_start').notNull(),
    count: integer('count').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.key, table.windowStart] })],
);

/** Small key/value facts about this installation (demo seeded, setup done). */
export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
});
