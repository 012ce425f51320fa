import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { contentDirectory } from '../content.js';
import { evidenceKinds, timelineAnchors, timelinePhases, timelineRoles } from '../db/schema/index.js';
import { activityTypes } from '../mobilities/rules/types.js';

/** The format of content/timelines/ described in content/README.md ("Timelines"). */

const text = z.string().trim().min(1);
const translations = z
  .record(z.string().regex(/^[a-z]{2}$/), text)
  .refine((value) => Boolean(value['fr'] && value['en']), 'French and English are required');

const stepSchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9-]{1,80}$/),
  phase: z.enum(timelinePhases),
  role: z.enum(timelineRoles),
  due: z.strictObject({ anchor: z.enum(timelineAnchors), offsetDays: z.number().int().min(-730).max(730) }),
  evidence: z.enum(evidenceKinds),
  evidenceDetail: z
    .string()
    .regex(/^[a-z0-9_-]{1,80}$/)
    .nullable(),
  conditions: z.strictObject({
    minorOnly: z.boolean().optional(),
    erasmusProOnly: z.boolean().optional(),
    staffOnly: z.boolean().optional(),
    learnerOnly: z.boolean().optional(),
  }),
  title: translations,
  guidance: translations,
  resources: z.array(z.strictObject({ title: translations, url: z.url() })).default([]),
});

export const timelineDocumentSchema = z.strictObject({
  slug: z.string().regex(/^[a-z0-9-]{1,60}$/),
  version: z.number().int().min(1),
  title: translations,
  description: translations,
  appliesTo: z.array(z.enum(activityTypes)).min(1),
  languages: z.array(z.string().regex(/^[a-z]{2}$/)).min(2),
  sources: z.array(
    z.strictObject({ id: text, title: text, publisher: text, url: z.url(), checked: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  ),
  steps: z
    .array(stepSchema)
    .min(1)
    .refine((steps) => new Set(steps.map((step) => step.key)).size === steps.length, 'step keys must be unique'),
});
export type TimelineDocument = z.infer<typeof timelineDocumentSchema>;
export type TimelineStepDocument = TimelineDocument['steps'][number];

const timelinesDirectory = path.join(contentDirectory, 'timelines');

/** Reads and checks every template file; a malformed file stops the seed with its name and the problem. */
export function loadTimelineDocuments(directory = timelinesDirectory): TimelineDocument[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const parsed = timelineDocumentSchema.safeParse(parse(readFileSync(path.join(directory, name), 'utf8')));
      if (!parsed.success)
        throw new Error(
          `content/timelines/${name}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
        );
      return parsed.data;
    });
}

/** Detects a file edited without raising its version, which would otherwise be silently ignored. */
export const timelineContentHash = (document: TimelineDocument) => createHash('sha256').update(JSON.stringify(document)).digest('hex');
