import { boolean, customType, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { createdAt, updatedAt } from './columns.js';
import { people } from './people.js';
import { networks, organisations } from './organisations.js';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const resourceKinds = ['file', 'link', 'page'] as const;
export type ResourceKind = (typeof resourceKinds)[number];
export const resourceAudiences = ['learners', 'host_organisations', 'coaches', 'public'] as const;
export type ResourceAudience = (typeof resourceAudiences)[number];
export const resourcePhases = ['before', 'during', 'after'] as const;
export const resourceTopics = [
  'safety',
  'health',
  'administration',
  'recognition',
  'quality',
  'preparation',
  'host_tutoring',
  'other',
] as const;
export const resourceLanguages = ['fr', 'en', 'de', 'es', 'it', 'nl'] as const;
export type ResourceLanguage = (typeof resourceLanguages)[number];

/** The PostgreSQL text-search configuration of each language a resource can be written in. */
const searchConfiguration = sql.raw(
  `case language when 'fr' then 'french'::regconfig when 'de' then 'german'::regconfig when 'es' then 'spanish'::regconfig ` +
    `when 'it' then 'italian'::regconfig when 'nl' then 'dutch'::regconfig else 'english'::regconfig end`,
);

/**
 * A resource of the library: an uploaded file, a link or a Markdown page, published by an
 * organisation or a network. Public resources are readable without an account.
 */
export const resources = pgTable(
  'resources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stable key of a resource seeded from content/resources, so a second seed changes nothing. */
    contentKey: text('content_key'),
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
    networkId: uuid('network_id').references(() => networks.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: resourceKinds }).notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    language: text('language', { enum: resourceLanguages }).notNull(),
    audience: text('audience', { enum: resourceAudiences }).notNull(),
    phase: text('phase', { enum: resourcePhases }),
    topic: text('topic', { enum: resourceTopics }).notNull(),
    tags: text('tags').array().notNull().default([]),
    url: text('url'),
    publisher: text('publisher'),
    body: text('body'),
    storageKey: text('storage_key'),
    fileName: text('file_name'),
    contentType: text('content_type'),
    sizeBytes: integer('size_bytes'),
    /** Title, summary and page text in the resource's own language (tags are matched exactly, not here). */
    search: tsvector('search').generatedAlwaysAs(
      sql`to_tsvector(${searchConfiguration}, coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(body, '') || ' ' || topic)`,
    ),
    createdById: uuid('created_by_id').references(() => people.id, { onDelete: 'set null' }),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('resources_content_key_unique').on(table.contentKey),
    index('resources_search_idx').using('gin', table.search),
    index('resources_audience_idx').on(table.audience, table.language),
    index('resources_organisation_idx').on(table.organisationId),
  ],
);
