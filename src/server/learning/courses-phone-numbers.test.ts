/**
 * Every phone number a learner reads in the safety course must be one of content/courses/safety/
 * phone-numbers.yaml (the course's table, each number with its source and check date), and that table
 * must agree with the country files of the city kits (content/kits/countries/, the product's reference
 * table of national numbers) and with libphonenumber's metadata.
 *
 * libphonenumber (ShortNumberInfo) does not know every harmonised 116 number in every country: it only
 * lists 116123 where its metadata has it. So 116xxx numbers are not required to be "valid" everywhere:
 * the test requires that libphonenumber knows them in at least one kit country and that, wherever it
 * does not, the table's label tells the learner the line is not open everywhere. Their reference is
 * the European Commission's list of 116 helplines, kept as the entry's source.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { contentDirectory } from '../content.js';
import { loadKitContent, phoneKinds } from '../kits/kit-content.js';
import { checkPhoneNumber } from '../kits/phone-numbers.js';

const safetyDirectory = path.join(contentDirectory, 'courses', 'safety');

const tableSchema = z.object({
  numbers: z
    .array(
      z.strictObject({
        number: z.string().regex(/^[0-9][0-9 -]*$/),
        country: z.string().regex(/^(EU|[A-Z]{2})$/),
        kind: z.enum(phoneKinds),
        label: z.object({ fr: z.string().min(1), en: z.string().min(1) }),
        source: z.strictObject({
          title: z.string().min(1),
          publisher: z.string().min(1),
          url: z.url(),
          checked: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        }),
      }),
    )
    .min(1),
});
const table = tableSchema.parse(parseYaml(readFileSync(path.join(safetyDirectory, 'phone-numbers.yaml'), 'utf8'))).numbers;
const digits = (number: string) => number.replace(/\D/g, '');

/** Public bodies whose sites may be the source of an emergency or helpline number. */
const officialHosts = [
  /(^|\.)europa\.eu$/,
  /(^|\.)service-public\.fr$/,
  /(^|\.)gouv\.fr$/,
  /^www\.116117\.de$/,
  /(^|\.)polizei\.[a-z-]+\.de$/,
  /^www\.policia\.es$/,
  /(^|\.)sergas\.gal$/,
  /^www\.poliziadistato\.it$/,
  /(^|\.)salute\.gov\.it$/,
  /^www\.vigilfuoco\.it$/,
  /^www\.politie\.nl$/,
];

/** Bold numbers (the lessons' convention) and phone-shaped tokens (3-digit 0/1 numbers, 116xxx, 0900-xxxx). */
function numbersIn(text: string): string[] {
  const withoutLinks = text.replace(/\]\([^)]*\)/g, ']').replace(/\[[^\]]*\]/g, '');
  const bold = [...withoutLinks.matchAll(/\*\*\+?([0-9][0-9 -]*[0-9])\*\*/g)].map((match) => match[1]!);
  const shaped = [...withoutLinks.matchAll(/(?<![\w.,*%-])(0[0-9]{3}[- ][0-9]{4}|11[0-9]{4}|[01][0-9]{2})(?![\w,.%-]|\.\d)/g)].map(
    (match) => match[1]!,
  );
  return [...bold, ...shaped];
}

const courseFiles = readdirSync(safetyDirectory, { recursive: true, encoding: 'utf8' })
  .filter((file) => /\.(md|gift)$/.test(file))
  .map((file) => ({ file, text: readFileSync(path.join(safetyDirectory, file), 'utf8') }));

const { countries } = loadKitContent();
const kitCountry = new Map(countries.map((country) => [country.code, country]));

describe('safety course phone numbers', () => {
  it('the table gives every number an official https source with a check date', () => {
    const problems = table.flatMap((entry) => {
      const url = new URL(entry.source.url);
      if (url.protocol !== 'https:') return [`${entry.number}: ${entry.source.url} is not https`];
      return officialHosts.some((host) => host.test(url.hostname)) ? [] : [`${entry.number}: ${url.hostname} is not an official source`];
    });
    assert.deepEqual(problems, []);
  });

  it('every number written in a lesson or a quiz, in every language, is in the table, and every table number is used', () => {
    const known = new Set(table.map((entry) => digits(entry.number)));
    const found = courseFiles.flatMap(({ file, text }) => numbersIn(text).map((number) => ({ file, number })));
    assert.ok(found.length > 100, `numbers found: ${found.length}`);
    assert.deepEqual(
      found.filter(({ number }) => !known.has(digits(number))).map(({ file, number }) => `${file}: ${number}`),
      [],
    );
    const used = new Set(found.map(({ number }) => digits(number)));
    assert.deepEqual(
      table.filter((entry) => !used.has(digits(entry.number))).map((entry) => entry.number),
      [],
    );
  });

  it('a national number agrees with the kit country file (same number, same kind) or, without a kit, with libphonenumber', () => {
    const problems = table
      .filter((entry) => entry.country !== 'EU')
      .flatMap((entry) => {
        const country = kitCountry.get(entry.country);
        if (!checkPhoneNumber(entry.number, entry.country).isValid) return [`${entry.number} is not a valid number in ${entry.country}`];
        if (!country) return [];
        const listed = country.phones.filter((phone) => digits(phone.number) === digits(entry.number));
        return listed.some((phone) => phone.kind === entry.kind)
          ? []
          : [`${entry.number} (${entry.kind}) is not in kits/countries/${entry.country.toLowerCase()}.yaml with that kind`];
      });
    assert.deepEqual(problems, []);
    assert.ok(
      table.some((entry) => entry.country === 'FR'),
      'French numbers are checked with libphonenumber only: there is no kit for France',
    );
  });

  it('112 and 116000 are valid in every kit country; other 116 numbers say where they are not', () => {
    const problems = table
      .filter((entry) => entry.country === 'EU')
      .flatMap((entry) => {
        const validIn = countries.filter((country) => checkPhoneNumber(entry.number, country.code).isValid).map((country) => country.code);
        if (['112', '116000'].includes(entry.number))
          return validIn.length === countries.length ? [] : [`${entry.number} valid only in ${validIn.join(', ')}`];
        if (validIn.length === 0) return [`${entry.number} is unknown to libphonenumber in every kit country`];
        const sayingNotEverywhere = /not (yet )?open in every country|only in some countries/.test(entry.label.en);
        return validIn.length < countries.length && !sayingNotEverywhere
          ? [`${entry.number}: the label must say it is not everywhere`]
          : [];
      });
    assert.deepEqual(problems, []);
  });

  it('a kit that lists a harmonised 116 service lists the same number as the course', () => {
    const harmonised = table.filter((entry) => entry.country === 'EU' && entry.number.startsWith('116'));
    const conflicts = countries.flatMap((country) =>
      country.phones
        .filter((phone) => digits(phone.number).startsWith('116') && harmonised.some((entry) => entry.kind === phone.kind))
        .filter((phone) => !harmonised.some((entry) => entry.kind === phone.kind && digits(entry.number) === digits(phone.number)))
        .map((phone) => `${country.code} ${phone.kind} ${phone.number}`),
    );
    assert.deepEqual(conflicts, []);
  });
});
