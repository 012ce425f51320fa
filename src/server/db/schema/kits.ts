import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { KitDocument, KitSource } from '../../kits/kit-content.js';
import { createdAt, timestampUtc, updatedAt } from './columns.js';
import { people } from './people.js';

/** A city installation kit: its current content, version and sources (history in kit_versions). */
export const kits = pgTable('kits', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  countryCode: text('country_code').notNull(),
  version: integer('version').notNull(),
  content: jsonb('content').$type<KitDocument>().notNull(),
  sources: jsonb('sources').$type<KitSource[]>().notNull(),
  /** SHA-256 of the content files last seeded: a new version is seeded only when the files change. */
  seededContentHash: text('seeded_content_hash').notNull(),
  lastReviewed: text('last_reviewed').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const kitVersionOrigins = ['content', 'correction'] as const;

/** Every version of a kit, frozen, with where it came from. */
export const kitVersions = pgTable(
  'kit_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kitId: uuid('kit_id')
      .notNull()
      .references(() => kits.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    content: jsonb('content').$type<KitDocument>().notNull(),
    sources: jsonb('sources').$type<KitSource[]>().notNull(),
    origin: text('origin', { enum: kitVersionOrigins }).notNull(),
    correctionId: uuid('correction_id'),
    createdById: uuid('created_by_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('kit_versions_kit_version_unique').on(table.kitId, table.version)],
);

export const kitCorrectionStatuses = ['proposed', 'approved', 'rejected'] as const;
export type KitCorrectionStatus = (typeof kitCorrectionStatuses)[number];

/** A change proposed by a coach or host contact, reviewed by a platform admin or network animator. */
export const kitCorrections = pgTable(
  'kit_corrections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kitId: uuid('kit_id')
      .notNull()
      .references(() => kits.id, { onDelete: 'cascade' }),
    baseVersion: integer('base_version').notNull(),
    section: text('section').notNull(),
    /** The fact replaced, by its position in the section of the base version; null adds a fact. */
    factIndex: integer('fact_index'),
    proposedTextFr: text('proposed_text_fr').notNull(),
    proposedTextEn: text('proposed_text_en').notNull(),
    sourceUrl: text('source_url').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: kitCorrectionStatuses }).notNull().default('proposed'),
    proposedById: uuid('proposed_by_id').references(() => people.id, { onDelete: 'set null' }),
    reviewedById: uuid('reviewed_by_id').references(() => people.id, { onDelete: 'set null' }),
    reviewedAt: timestampUtc('reviewed_at'),
    rejectionReason: text('rejection_reason'),
    resultingVersion: integer('resulting_version'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index('kit_corrections_status_idx').on(table.status, table.createdAt), index('kit_corrections_kit_idx').on(table.kitId)],
);
