import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import {
  buildKitDocument,
  countryKitSchema,
  kitSectionKeys,
  loadKitContent,
  readKitFiles,
  type CityKit,
  type CountryKit,
  type KitPhone,
  type PhoneKind,
} from './kit-content.js';
import { checkPhoneNumber, telephoneHref } from './phone-numbers.js';

/** Injected "today" so the review-date rule is tested against a known day, not the machine clock. */
export function reviewProblems(lastReviewed: string, today: Date): string[] {
  const reviewed = new Date(`${lastReviewed}T00:00:00Z`);
  const limit = new Date(today);
  limit.setUTCFullYear(limit.getUTCFullYear() - 1);
  if (Number.isNaN(reviewed.getTime())) return [`invalid review date ${lastReviewed}`];
  if (reviewed > today) return [`review date ${lastReviewed} is in the future`];
  if (reviewed <= limit) return [`review date ${lastReviewed} is 12 months old or more`];
  return [];
}

/** Facts must name a source the same file defines. */
function unknownSourceIds(
  file: { sources: { id: string }[]; phones: KitPhone[]; sections: Record<string, { source: string }[]> },
  extra: string[] = [],
) {
  const defined = new Set(file.sources.map((source) => source.id));
  const used = [
    ...file.phones.map((phone) => phone.source),
    ...Object.values(file.sections)
      .flat()
      .map((fact) => fact.source),
    ...extra,
  ];
  return used.filter((id) => !defined.has(id));
}

/** Kinds that exist once per country: a city may repeat them only with the same number. */
const nationalKinds = [
  'emergency_general',
  'police',
  'ambulance',
  'fire',
  'medical_on_call',
  'non_urgent_police',
  'missing_children',
  'child_helpline',
  'emotional_support',
  'consular_crisis',
  'embassy',
] as const satisfies readonly PhoneKind[];

export function contradictions(city: CityKit, country: CountryKit): string[] {
  const problems: string[] = [];
  for (const phone of city.phones) {
    if (!(nationalKinds as readonly string[]).includes(phone.kind)) continue;
    const countryNumbers = country.phones
      .filter((candidate) => candidate.kind === phone.kind)
      .map((candidate) => candidate.number.replace(/\s/g, ''));
    if (countryNumbers.length && !countryNumbers.includes(phone.number.replace(/\s/g, ''))) {
      problems.push(`${city.slug}: ${phone.kind} ${phone.number} but ${country.code} says ${countryNumbers.join(', ')}`);
    }
  }
  for (const source of city.sources) {
    const shared = country.sources.find((candidate) => candidate.id === source.id);
    if (shared && shared.url !== source.url)
      problems.push(`${city.slug}: source ${source.id} points to ${source.url} but ${country.code} to ${shared.url}`);
  }
  return problems;
}

describe('kit content files', () => {
  const files = readKitFiles();
  const today = new Date('2026-11-23T12:00:00Z');

  it('has 20 city kits and a country file for each of their countries', () => {
    assert.equal(files.cities.length, 20);
    const codes = new Set(files.countries.map(({ parsed }) => parsed.data?.code));
    for (const { file, parsed } of files.cities) assert.ok(codes.has(parsed.data?.country), `${file}: no country file`);
    for (const required of ['DE', 'ES', 'IT', 'NL', 'IE', 'MT', 'PT', 'PL', 'FI', 'BE', 'AT', 'CZ', 'SE'])
      assert.ok(codes.has(required), required);
    const slugs = files.cities.map(({ parsed }) => parsed.data?.slug);
    for (const required of ['flensburg', 'como', 'valencia', 'legnica']) assert.ok(slugs.includes(required), required);
  });

  for (const { file, parsed } of [...files.countries, ...files.cities]) {
    it(`${file} matches the schema, with every section, FR and EN, and known sources`, () => {
      assert.ok(parsed.success, parsed.success ? '' : z.prettifyError(parsed.error));
      const data = parsed.data;
      const extra = 'consulate' in data ? [data.consulate.source] : [];
      assert.deepEqual(unknownSourceIds(data, extra), []);
      assert.deepEqual(reviewProblems(data.lastReviewed, today), []);
      for (const source of data.sources) assert.deepEqual(reviewProblems(source.checked, today), [], `${file} source ${source.id}`);
    });
  }

  it('rejects a file with a missing section, an English-less fact or an undefined source', () => {
    const country = files.countries[0]!.parsed.data!;
    const { health: _health, ...withoutHealth } = country.sections;
    assert.equal(countryKitSchema.safeParse({ ...country, sections: withoutHealth }).success, false);
    const factWithoutEnglish = { fr: 'Texte', source: country.sources[0]!.id };
    assert.equal(
      countryKitSchema.safeParse({ ...country, sections: { ...country.sections, health: [factWithoutEnglish] } }).success,
      false,
    );
    assert.deepEqual(unknownSourceIds({ ...country, sections: { health: [{ source: 'nowhere' }] } }), ['nowhere']);
  });

  it('counts a review date as stale at 12 months, relative to the injected day', () => {
    assert.deepEqual(reviewProblems('2026-01-10', new Date('2026-11-23T00:00:00Z')), []);
    assert.equal(reviewProblems('2025-11-23', new Date('2026-11-23T00:00:00Z')).length, 1);
    assert.equal(reviewProblems('2026-11-23', new Date('2027-11-24T00:00:00Z')).length, 1);
  });

  it('has every phone number valid for its country in google-libphonenumber (short numbers with ShortNumberInfo)', () => {
    const invalid: string[] = [];
    const check = (file: string, region: string, number: string) => {
      if (!checkPhoneNumber(number, region).isValid) invalid.push(`${file}: ${number} (${region})`);
    };
    for (const { file, parsed } of files.countries) for (const phone of parsed.data!.phones) check(file, parsed.data!.code, phone.number);
    for (const { file, parsed } of files.cities) {
      for (const phone of parsed.data!.phones) check(file, parsed.data!.country, phone.number);
      if (parsed.data!.consulate.phone) check(file, parsed.data!.country, parsed.data!.consulate.phone);
    }
    assert.deepEqual(invalid, []);
  });

  it('tells valid short numbers from unknown ones, and formats tel: links', () => {
    assert.equal(checkPhoneNumber('112', 'DE').isValid, true);
    assert.equal(checkPhoneNumber('116117', 'DE').isValid, true);
    assert.equal(checkPhoneNumber('179', 'MT').isValid, false);
    assert.equal(checkPhoneNumber('+49 12', 'DE').isValid, false);
    assert.equal(telephoneHref('+49 30 590039000', 'DE'), 'tel:+4930590039000');
    assert.equal(telephoneHref('110', 'DE'), 'tel:110');
  });

  it('has no city contradicting the shared facts of its country', () => {
    const { countries, cities } = loadKitContent();
    const problems = cities.flatMap((city) =>
      contradictions(
        city,
        countries.find((country) => country.code === city.country)!,
      ),
    );
    assert.deepEqual(problems, []);
  });

  it('finds a contradiction when a city gives another number for a national kind', () => {
    const { countries, cities } = loadKitContent();
    const flensburg = cities.find((city) => city.slug === 'flensburg')!;
    const germany = countries.find((country) => country.code === 'DE')!;
    const wrong = {
      ...flensburg,
      phones: [...flensburg.phones, { kind: 'police' as const, number: '117', label: { fr: 'x', en: 'x' }, source: 'geonames' }],
    };
    assert.equal(contradictions(wrong, germany).length, 1);
  });

  it('joins each city with its country: every section filled, country facts first', () => {
    const { countries, cities } = loadKitContent();
    for (const city of cities) {
      const country = countries.find((candidate) => candidate.code === city.country)!;
      const kit = buildKitDocument(city, country);
      for (const key of kitSectionKeys) assert.ok(kit.sections[key].length > 0, `${city.slug} ${key}`);
      assert.equal(kit.sections.emergency[0], country.sections.emergency[0]);
      const sourceIds = new Set(kit.sources.map((source) => source.id));
      for (const fact of Object.values(kit.sections).flat()) assert.ok(sourceIds.has(fact.source), `${city.slug} ${fact.source}`);
    }
  });
});
