import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { contentDirectory } from '../content.js';
import { locationPrecisions, stayDurations } from '../db/schema/map.js';

/** The trades of the directory; the filter and the forms offer these. */
export const directoryTrades = [
  'logistics',
  'road_transport',
  'cooking',
  'hospitality',
  'bakery',
  'retail',
  'hairdressing',
  'construction',
  'electrical',
  'automotive',
] as const;
export type DirectoryTrade = (typeof directoryTrades)[number];

const translated = z.object({ en: z.string().min(1), fr: z.string().min(1) }).catchall(z.string());
const countryCode = z.string().regex(/^[A-Z]{2}$/);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);

export const hostContentSchema = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  sector: z.object({ nace: z.string().regex(/^[A-U]\d{2}(\.\d{1,2})?$/), label: translated }),
  trades: z.array(z.enum(directoryTrades)).min(1),
  qualifications: z.array(z.string()),
  description: translated,
  city: z.object({ name: z.string().min(1), country: countryCode }),
  latitude,
  longitude,
  locationPrecision: z.enum(locationPrecisions),
  languages: z.array(z.string().regex(/^[a-z]{2}$/)).min(1),
  acceptsMinors: z.boolean(),
  minimumAge: z.number().int().min(14).max(30).nullable(),
  typicalDurations: z.array(z.enum(stayDurations)).min(1),
  capacity: z.number().int().min(1).max(100),
  accommodationHelp: z.boolean(),
  safetyInduction: z.boolean(),
  ppeProvided: z.boolean(),
  oid: z.string().regex(/^E\d{8}$/),
  lastConfirmed: isoDate,
});
export type HostContent = z.infer<typeof hostContentSchema>;

export const alumnusContentSchema = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  displayName: z.string().min(1).max(40),
  trade: z.enum(directoryTrades),
  qualification: z.string().nullable().optional(),
  homeCentre: z.string().min(1),
  hostCity: z.object({ name: z.string().min(1), country: countryCode }),
  latitude,
  longitude,
  year: z.number().int().min(2000).max(2100),
  durationWeeks: z.number().int().min(1).max(52),
  testimonial: translated,
  languages: z.array(z.string().regex(/^[a-z]{2}$/)).min(1),
  happyToBeContacted: z.boolean(),
  consent: z.object({ givenAt: isoDate, guardianConsent: z.boolean() }),
});
export type AlumnusContent = z.infer<typeof alumnusContentSchema>;

function readList<T>(file: string, key: string, schema: z.ZodType<T>): T[] {
  const document = parse(readFileSync(path.join(contentDirectory, 'map', file), 'utf8')) as Record<string, unknown>;
  const parsed = z.array(schema).safeParse(document[key]);
  if (!parsed.success) throw new Error(`content/map/${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The seeded directory: valid entries or an exception naming the file that is not. */
export function loadMapContent(): { hosts: HostContent[]; alumni: AlumnusContent[] } {
  return { hosts: readList('hosts.yaml', 'hosts', hostContentSchema), alumni: readList('alumni.yaml', 'alumni', alumnusContentSchema) };
}

let qualificationTitles: Map<string, { en: string; fr: string }> | undefined;

/** Qualification titles from content/qualifications, so an entry names what it hosts rather than a slug. */
export function qualificationTitle(slug: string): { en: string; fr: string } | undefined {
  if (!qualificationTitles) {
    const directory = path.join(contentDirectory, 'qualifications');
    qualificationTitles = new Map(
      readdirSync(directory)
        .filter((file) => file.endsWith('.yaml'))
        .map((file) => parse(readFileSync(path.join(directory, file), 'utf8')) as { slug: string; title: { en: string; fr: string } })
        .map((qualification) => [qualification.slug, qualification.title]),
    );
  }
  return qualificationTitles.get(slug);
}
