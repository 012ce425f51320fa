import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { contentDirectory } from '../content.js';
import { outcomeKinds } from '../db/schema/agreements.js';
import { readCsv, SpreadsheetReadError } from '../mobilities/spreadsheets/read.js';
import { canonicalJson } from './agreement-content.js';

/** The format of content/qualifications/ (content/README.md "Qualifications"), also accepted by the JSON import. */
const text = z.string().trim().min(1).max(2000);
const bilingual = z.object({ fr: text, en: text });
const slug = z.string().regex(/^[a-z0-9-]{2,60}$/);

const sourceSchema = z.object({
  id: text,
  title: text,
  publisher: text,
  url: z.url(),
  checked: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

const outcomeSchema = z.object({
  key: slug,
  kind: z.enum(outcomeKinds),
  text: bilingual,
  criteria: z.array(bilingual).default([]),
});

export const qualificationDocumentSchema = z
  .object({
    slug,
    title: bilingual,
    nationalCode: z.string().trim().max(40).nullish(),
    eqfLevel: z.number().int().min(1).max(8),
    awardingBody: bilingual,
    sources: z.array(sourceSchema).default([]),
    units: z.array(z.object({ code: text, title: bilingual, outcomes: z.array(outcomeSchema).min(1) })).min(1),
  })
  .superRefine((document, context) => {
    const keys = document.units.flatMap((unit) => unit.outcomes.map((outcome) => outcome.key));
    const duplicate = keys.find((key, index) => keys.indexOf(key) !== index);
    if (duplicate) context.addIssue({ code: 'custom', message: `duplicate outcome key ${duplicate}`, path: ['units'] });
  });
export type QualificationDocument = z.infer<typeof qualificationDocumentSchema>;

export const qualificationContentHash = (document: QualificationDocument) =>
  createHash('sha256').update(canonicalJson(document)).digest('hex');

const qualificationFolder = path.join(contentDirectory, 'qualifications');

/** Every qualification of content/qualifications; a file that breaks the format stops the start. */
export function loadQualificationDocuments(folder = qualificationFolder): QualificationDocument[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const parsed = qualificationDocumentSchema.safeParse(parse(readFileSync(path.join(folder, name), 'utf8')));
      if (!parsed.success) throw new Error(`content/qualifications/${name}: ${z.prettifyError(parsed.error)}`);
      return parsed.data;
    });
}

/** A problem found in an imported file, with the line (CSV) or the entry (JSON) to fix. */
export type ImportProblem = { line: number | null; message: string };
export type ImportPreview = { documents: QualificationDocument[]; problems: ImportProblem[] };

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '—'}: ${issue.message}`).join('; ');
}

/** JSON import: one qualification object or an array of them, in the content format. */
export function parseQualificationJson(source: string): ImportPreview {
  let value: unknown;
  try {
    value = JSON.parse(source.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { documents: [], problems: [{ line: null, message: (error as Error).message }] };
  }
  const entries = Array.isArray(value) ? value : [value];
  const documents: QualificationDocument[] = [];
  const problems: ImportProblem[] = [];
  entries.forEach((entry, index) => {
    const parsed = qualificationDocumentSchema.safeParse(entry);
    if (parsed.success) documents.push(parsed.data);
    else problems.push({ line: index + 1, message: describeIssues(parsed.error) });
  });
  return { documents, problems };
}

/** CSV columns, one row per outcome; criteria are separated by `|`. */
export const qualificationCsvColumns = [
  'qualification_slug',
  'qualification_title_fr',
  'qualification_title_en',
  'national_code',
  'eqf_level',
  'awarding_body_fr',
  'awarding_body_en',
  'unit_code',
  'unit_title_fr',
  'unit_title_en',
  'outcome_key',
  'outcome_kind',
  'outcome_fr',
  'outcome_en',
  'criteria_fr',
  'criteria_en',
] as const;
type CsvColumn = (typeof qualificationCsvColumns)[number];

function criteriaOf(french: string, english: string): { fr: string; en: string }[] {
  const frenchItems = french.split('|').map((item) => item.trim());
  const englishItems = english.split('|').map((item) => item.trim());
  return frenchItems.map((fr, index) => ({ fr, en: englishItems[index] ?? '' })).filter((criterion) => criterion.fr || criterion.en);
}

/** CSV import (`;` or `,`, UTF-8 or Windows-1252): rows grouped by qualification, then unit. */
export function parseQualificationCsv(bytes: Uint8Array): ImportPreview {
  let table;
  try {
    table = readCsv(bytes);
  } catch (error) {
    if (error instanceof SpreadsheetReadError)
      return { documents: [], problems: [{ line: error.line ?? null, message: error.userMessage.en }] };
    throw error;
  }
  const headers = table.headers.map((header) => header.trim().toLowerCase());
  const missing = qualificationCsvColumns.filter((column) => !headers.includes(column));
  if (missing.length) return { documents: [], problems: [{ line: 1, message: `missing columns: ${missing.join(', ')}` }] };
  const bySlug = new Map<
    string,
    { document: Record<string, unknown>; units: Map<string, { code: string; title: object; outcomes: object[] }>; lines: number[] }
  >();
  for (const row of table.rows) {
    const cell = (column: CsvColumn) => row.values[headers.indexOf(column)]?.trim() ?? '';
    if (row.values.every((value) => !value.trim())) continue;
    const slugValue = cell('qualification_slug');
    const entry = bySlug.get(slugValue) ?? {
      document: {
        slug: slugValue,
        title: { fr: cell('qualification_title_fr'), en: cell('qualification_title_en') },
        nationalCode: cell('national_code') || null,
        eqfLevel: Number(cell('eqf_level')),
        awardingBody: { fr: cell('awarding_body_fr'), en: cell('awarding_body_en') },
      },
      units: new Map(),
      lines: [] as number[],
    };
    bySlug.set(slugValue, entry);
    entry.lines.push(row.line);
    const unit = entry.units.get(cell('unit_code')) ?? {
      code: cell('unit_code'),
      title: { fr: cell('unit_title_fr'), en: cell('unit_title_en') },
      outcomes: [],
    };
    entry.units.set(unit.code, unit);
    unit.outcomes.push({
      key: cell('outcome_key'),
      kind: cell('outcome_kind'),
      text: { fr: cell('outcome_fr'), en: cell('outcome_en') },
      criteria: criteriaOf(cell('criteria_fr'), cell('criteria_en')),
    });
  }
  const documents: QualificationDocument[] = [];
  const problems: ImportProblem[] = [];
  for (const { document, units, lines } of bySlug.values()) {
    const parsed = qualificationDocumentSchema.safeParse({ ...document, units: [...units.values()] });
    if (parsed.success) {
      documents.push(parsed.data);
      continue;
    }
    // Point at the CSV line of the outcome in error when the path names one.
    for (const issue of parsed.error.issues) {
      const [first, unitIndex, , outcomeIndex] = issue.path;
      let line = lines[0] ?? null;
      if (first === 'units' && typeof unitIndex === 'number' && typeof outcomeIndex === 'number') {
        const before = [...units.values()].slice(0, unitIndex).reduce((sum, unit) => sum + unit.outcomes.length, 0);
        line = lines[before + outcomeIndex] ?? line;
      }
      problems.push({ line, message: `${issue.path.join('.') || '—'}: ${issue.message}` });
    }
  }
  return { documents, problems };
}
