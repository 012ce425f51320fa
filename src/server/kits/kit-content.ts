import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { contentDirectory } from '../content.js';

/** The format of content/kits/ described in content/README.md ("City kits"). */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ISO date expected');
const text = z.string().trim().min(1);
const frenchAndEnglish = z.object({ fr: text, en: text });

export const phoneKinds = [
  'emergency_general',
  'police',
  'ambulance',
  'fire',
  'medical_on_call',
  'non_urgent_police',
  'missing_children',
  'child_helpline',
  'emotional_support',
  'poison_centre',
  'consular_crisis',
  'embassy',
  'consulate',
  'other',
] as const;
export type PhoneKind = (typeof phoneKinds)[number];

/** Kinds shown first, as `tel:` links at the top of a kit: what to dial in an emergency. */
export const emergencyPhoneKinds = [
  'emergency_general',
  'police',
  'ambulance',
  'fire',
  'poison_centre',
  'medical_on_call',
] as const satisfies readonly PhoneKind[];

const sourceSchema = z.strictObject({ id: text, title: text, publisher: text, url: z.url(), checked: isoDate });
const phoneSchema = z.strictObject({
  kind: z.enum(phoneKinds),
  number: z.string().regex(/^\+?[0-9 ]+$/),
  label: frenchAndEnglish,
  source: text,
});
const factSchema = z.strictObject({ fr: text, en: text, source: text });
const facts = z.array(factSchema).min(1);

export const countrySectionKeys = ['emergency', 'health', 'arrival', 'money_phone', 'work_culture', 'daily_life'] as const;
export const citySectionKeys = ['emergency', 'health', 'arrival', 'housing', 'transport', 'daily_life'] as const;
/** The order of sections in a kit: a city kit joins its country's facts and its own. */
export const kitSectionKeys = [
  'emergency',
  'health',
  'arrival',
  'housing',
  'transport',
  'money_phone',
  'work_culture',
  'daily_life',
] as const;
export type KitSectionKey = (typeof kitSectionKeys)[number];

export const keyPhraseTopics = ['emergency', 'health', 'work', 'daily_life'] as const;

export const countryKitSchema = z.strictObject({
  code: z.string().regex(/^[A-Z]{2}$/),
  name: frenchAndEnglish,
  localLanguage: z.string().regex(/^[a-z]{2,3}$/),
  currency: z.string().regex(/^[A-Z]{3}$/),
  lastReviewed: isoDate,
  sources: z.array(sourceSchema).min(1),
  phones: z.array(phoneSchema).min(1),
  sections: z.strictObject({
    emergency: facts,
    health: facts,
    arrival: facts,
    money_phone: facts,
    work_culture: facts,
    daily_life: facts,
  }),
  keyPhrases: z.array(z.strictObject({ topic: z.enum(keyPhraseTopics), local: text, pronunciation: text, fr: text, en: text })).min(12),
});

export const cityKitSchema = z.strictObject({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  country: z.string().regex(/^[A-Z]{2}$/),
  name: z.object({ fr: text, en: text, local: text }),
  region: frenchAndEnglish,
  geonamesId: z.number().int().positive(),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  lastReviewed: isoDate,
  sources: z.array(sourceSchema).min(1),
  phones: z.array(phoneSchema),
  consulate: z.strictObject({
    name: frenchAndEnglish,
    address: text,
    website: z.url(),
    phone: z
      .string()
      .regex(/^\+[0-9 ]+$/)
      .optional(),
    source: text,
  }),
  sections: z.strictObject({
    emergency: facts,
    health: facts,
    arrival: facts,
    housing: facts,
    transport: facts,
    daily_life: facts,
  }),
});

export type KitSource = z.infer<typeof sourceSchema>;
export type KitPhone = z.infer<typeof phoneSchema>;
export type KitFact = z.infer<typeof factSchema>;
export type KeyPhrase = z.infer<typeof countryKitSchema>['keyPhrases'][number];
export type CountryKit = z.infer<typeof countryKitSchema>;
export type CityKit = z.infer<typeof cityKitSchema>;

/** One kit as stored and shown: a city joined with its country's shared facts. */
export type KitDocument = {
  slug: string;
  countryCode: string;
  countryName: { fr: string; en: string };
  name: { fr: string; en: string; local: string };
  region: { fr: string; en: string };
  geonamesId: number;
  latitude: number;
  longitude: number;
  localLanguage: string;
  currency: string;
  /** The older of the city's and the country's review dates. */
  lastReviewed: string;
  phones: KitPhone[];
  consulate: CityKit['consulate'];
  sections: Record<KitSectionKey, KitFact[]>;
  keyPhrases: KeyPhrase[];
  sources: KitSource[];
};

export const kitsDirectory = path.join(contentDirectory, 'kits');

export type KitFile<T> = { file: string; raw: unknown; parsed: z.ZodSafeParseResult<T> };

function readYamlFiles<T>(folder: string, schema: z.ZodType<T>): KitFile<T>[] {
  const directory = path.join(kitsDirectory, folder);
  return readdirSync(directory)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const raw: unknown = parse(readFileSync(path.join(directory, name), 'utf8'));
      return { file: `${folder}/${name}`, raw, parsed: schema.safeParse(raw) };
    });
}

/** Every kit file with its validation result, for the content tests. */
export function readKitFiles() {
  return { countries: readYamlFiles('countries', countryKitSchema), cities: readYamlFiles('cities', cityKitSchema) };
}

/** Valid kit content or an exception naming the first file that is not. */
export function loadKitContent(): { countries: CountryKit[]; cities: CityKit[] } {
  const { countries, cities } = readKitFiles();
  const valid = <T>(files: KitFile<T>[]) =>
    files.map(({ file, parsed }) => {
      if (!parsed.success) throw new Error(`content/kits/${file}: ${z.prettifyError(parsed.error)}`);
      return parsed.data;
    });
  return { countries: valid(countries), cities: valid(cities) };
}

const olderDate = (a: string, b: string) => (a < b ? a : b);

/** Joins a city with its country: country facts first in each section, the city's after them. */
export function buildKitDocument(city: CityKit, country: CountryKit): KitDocument {
  const sources = [...country.sources];
  for (const source of city.sources) if (!sources.some((known) => known.id === source.id)) sources.push(source);
  const phones = [...country.phones];
  for (const phone of city.phones)
    if (!phones.some((known) => known.kind === phone.kind && known.number === phone.number)) phones.push(phone);
  const countrySections = country.sections as Partial<Record<KitSectionKey, KitFact[]>>;
  const citySections = city.sections as Partial<Record<KitSectionKey, KitFact[]>>;
  const sections = Object.fromEntries(
    kitSectionKeys.map((key) => [key, [...(countrySections[key] ?? []), ...(citySections[key] ?? [])]]),
  ) as Record<KitSectionKey, KitFact[]>;
  return {
    slug: city.slug,
    countryCode: country.code,
    countryName: country.name,
    name: city.name,
    region: city.region,
    geonamesId: city.geonamesId,
    latitude: city.latitude,
    longitude: city.longitude,
    localLanguage: country.localLanguage,
    currency: country.currency,
    lastReviewed: olderDate(city.lastReviewed, country.lastReviewed),
    phones,
    consulate: city.consulate,
    sections,
    keyPhrases: country.keyPhrases,
    sources,
  };
}

/** Every kit of the content folder, joined with its country. */
export function loadKitDocuments(): KitDocument[] {
  const { countries, cities } = loadKitContent();
  return cities.map((city) => {
    const country = countries.find((candidate) => candidate.code === city.country);
    if (!country) throw new Error(`content/kits/cities/${city.slug}.yaml: no country file for ${city.country}`);
    return buildKitDocument(city, country);
  });
}

/** Stable fingerprint of a kit's content, to seed a new version only when the files changed. */
export function contentHash(document: KitDocument): string {
  return createHash('sha256').update(JSON.stringify(document)).digest('hex');
}
