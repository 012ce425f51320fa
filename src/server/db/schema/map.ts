import { boolean, date, doublePrecision, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, timestampUtc, updatedAt } from './columns.js';
import { people } from './people.js';
import { organisations } from './organisations.js';

/** A directory entry is proposed (by a coach, a host contact or an alumnus), published by an animator, hidden when stale. */
export const directoryStatuses = ['proposed', 'published', 'hidden'] as const;
export type DirectoryStatus = (typeof directoryStatuses)[number];

/** Where the marker goes: the organisation's own address, or only its city when it prefers. */
export const locationPrecisions = ['exact', 'city'] as const;
export type LocationPrecision = (typeof locationPrecisions)[number];

/** short: 10–89 days; long: ErasmusPro, 90–365 days. */
export const stayDurations = ['short', 'long'] as const;
export type StayDuration = (typeof stayDurations)[number];

export type TranslatedText = Partial<Record<string, string>> & { en: string };

/**
 * A host organisation on the public map. Name, city, coordinates, OID and languages are the
 * organisation's; sector, trades, minors, capacity, safety and accommodation are its host profile
 * (host_profiles): this row only adds what the map needs besides them.
 */
export const directoryHosts = pgTable(
  'directory_hosts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    organisationId: uuid('organisation_id')
      .notNull()
      .unique()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    sectorLabel: jsonb('sector_label').$type<TranslatedText>(),
    qualifications: text('qualifications').array().notNull().default([]),
    description: jsonb('description').$type<TranslatedText>().notNull(),
    typicalDurations: text('typical_durations', { enum: stayDurations }).array().notNull().default([]),
    locationPrecision: text('location_precision', { enum: locationPrecisions }).notNull().default('city'),
    /** The marker's position: the address, or the city centre when the precision is `city`. */
    latitude: doublePrecision('latitude').notNull(),
    longitude: doublePrecision('longitude').notNull(),
    status: text('status', { enum: directoryStatuses }).notNull().default('proposed'),
    proposedById: uuid('proposed_by_id').references(() => people.id, { onDelete: 'set null' }),
    reviewedById: uuid('reviewed_by_id').references(() => people.id, { onDelete: 'set null' }),
    lastConfirmedOn: date('last_confirmed_on', { mode: 'string' }).notNull(),
    /** SHA-256 of the content/map entry last seeded; null for entries created in the app. */
    seededContentHash: text('seeded_content_hash'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index('directory_hosts_status_idx').on(table.status)],
);

/**
 * An alumni ambassador: shown only with the alumnus' consent (and a guardian's for a minor), until
 * the consent is withdrawn. Host city only, never an address.
 */
export const directoryAlumni = pgTable(
  'directory_alumni',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    personId: uuid('person_id')
      .unique()
      .references(() => people.id, { onDelete: 'cascade' }),
    displayName: text('display_name').notNull(),
    trade: text('trade').notNull(),
    qualification: text('qualification'),
    homeCentre: text('home_centre').notNull(),
    hostCity: text('host_city').notNull(),
    hostCountry: text('host_country').notNull(),
    latitude: doublePrecision('latitude').notNull(),
    longitude: doublePrecision('longitude').notNull(),
    year: integer('year').notNull(),
    durationWeeks: integer('duration_weeks').notNull(),
    testimonial: jsonb('testimonial').$type<TranslatedText>().notNull(),
    languages: text('languages').array().notNull().default([]),
    isHappyToBeContacted: boolean('is_happy_to_be_contacted').notNull().default(false),
    consentGivenAt: timestampUtc('consent_given_at'),
    isGuardianConsentRequired: boolean('is_guardian_consent_required').notNull().default(false),
    guardianConsentGivenAt: timestampUtc('guardian_consent_given_at'),
    guardianConsentById: uuid('guardian_consent_by_id').references(() => people.id, { onDelete: 'set null' }),
    consentWithdrawnAt: timestampUtc('consent_withdrawn_at'),
    status: text('status', { enum: directoryStatuses }).notNull().default('proposed'),
    reviewedById: uuid('reviewed_by_id').references(() => people.id, { onDelete: 'set null' }),
    lastConfirmedOn: date('last_confirmed_on', { mode: 'string' }).notNull(),
    seededContentHash: text('seeded_content_hash'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index('directory_alumni_status_idx').on(table.status)],
);

export const directoryMessageKinds = ['message', 'placement_request', 'reply'] as const;
export type DirectoryMessageKind = (typeof directoryMessageKinds)[number];

/** A message sent through the platform to a host contact, a proposing coach or an alumnus. */
export const directoryMessages = pgTable(
  'directory_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: directoryMessageKinds }).notNull(),
    hostId: uuid('host_id').references(() => directoryHosts.id, { onDelete: 'cascade' }),
    alumnusId: uuid('alumnus_id').references(() => directoryAlumni.id, { onDelete: 'cascade' }),
    inReplyToId: uuid('in_reply_to_id'),
    senderId: uuid('sender_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    /** Placement requests: the period wished for, as the learner or coach wrote it. */
    period: text('period'),
    reportedAt: timestampUtc('reported_at'),
    reportReason: text('report_reason'),
    createdAt: createdAt(),
  },
  (table) => [
    index('directory_messages_recipient_idx').on(table.recipientId, table.createdAt),
    index('directory_messages_sender_idx').on(table.senderId, table.createdAt),
  ],
);

/**
 * One row, bumped in the transaction of every change to the directory: each app instance compares
 * it with the version of its in-memory clustering index and rebuilds when they differ.
 */
export const directoryVersion = pgTable('directory_version', {
  id: integer('id').primaryKey(),
  version: integer('version').notNull().default(0),
  updatedAt: updatedAt(),
});
