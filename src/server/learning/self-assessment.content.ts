import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { contentDirectory } from '../content.js';

/** The format of content/courses/coach-kit/framework.yaml: the coach's reference framework (seed 004). */

const frenchAndEnglish = z.object({ fr: z.string().min(1), en: z.string().min(1) });

const frameworkSchema = z.object({
  slug: z.string(),
  title: frenchAndEnglish,
  lastReviewed: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  selfAssessmentScale: z.array(z.object({ level: z.number().int().min(1), fr: z.string().min(1), en: z.string().min(1) })).min(2),
  domains: z
    .array(
      z.object({
        code: z.string(),
        title: frenchAndEnglish,
        activities: z
          .array(
            z.object({
              key: z.string(),
              title: frenchAndEnglish,
              skills: z.array(z.object({ key: z.string().regex(/^[a-z0-9-]+$/), module: z.string(), text: frenchAndEnglish })).min(1),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
  sources: z.array(z.object({ id: z.string(), title: z.string(), publisher: z.string(), url: z.url(), checked: z.string() })).min(1),
});

export type CoachFramework = z.infer<typeof frameworkSchema>;
export type FrameworkActivity = CoachFramework['domains'][number]['activities'][number];

export const coachKitDirectory = path.join(contentDirectory, 'courses', 'coach-kit');

let cached: CoachFramework | undefined;

/** Read once per process: the file only changes with a deployment. */
export function loadCoachFramework(): CoachFramework {
  cached ??= frameworkSchema.parse(parseYaml(readFileSync(path.join(coachKitDirectory, 'framework.yaml'), 'utf8')));
  return cached;
}

/** The framework page as written for people (framework.fr.md / framework.en.md). */
export function frameworkPageMarkdown(language: 'fr' | 'en'): string {
  return readFileSync(path.join(coachKitDirectory, `framework.${language}.md`), 'utf8');
}
