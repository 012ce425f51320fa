import { z } from 'zod';
import { resourceAudiences, resourceKinds, resourceLanguages, resourcePhases, resourceTopics } from '../db/schema/index.js';

const trimmed = (max: number) => z.string().trim().min(1, 'common.validation.required').max(max, 'common.validation.tooLong');
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'common.validation.tooLong')
    .optional()
    .transform((value) => value || null);
/** Filters arrive from links and typed URLs: a value that is not one of ours is simply ignored. */
const optionalChoice = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional().catch(undefined);

export const resourceSearchQuery = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  audience: optionalChoice(resourceAudiences),
  phase: optionalChoice(resourcePhases),
  topic: optionalChoice(resourceTopics),
  language: optionalChoice(resourceLanguages),
  tag: z.string().trim().toLowerCase().max(60).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1000).catch(1),
});
export type ResourceSearch = z.infer<typeof resourceSearchQuery>;

export const resourceSchema = z
  .object({
    publisher: z.string().regex(/^(organisation|network):[0-9a-f-]{36}$/, 'resources.error.publisher'),
    kind: z.enum(resourceKinds, { error: 'resources.error.kind' }),
    title: trimmed(200),
    summary: trimmed(1000),
    language: z.enum(resourceLanguages, { error: 'common.validation.required' }),
    audience: z.enum(resourceAudiences, { error: 'common.validation.required' }),
    phase: z
      .enum(resourcePhases)
      .optional()
      .or(z.literal('').transform(() => undefined)),
    topic: z.enum(resourceTopics, { error: 'common.validation.required' }),
    tags: z
      .string()
      .max(300, 'common.validation.tooLong')
      .optional()
      .transform((value) =>
        [
          ...new Set(
            (value ?? '')
              .split(',')
              .map((tag) => tag.trim().toLowerCase())
              .filter(Boolean),
          ),
        ].slice(0, 10),
      ),
    url: optionalText(500).refine((value) => value === null || /^https:\/\/[^\s/]+\.[^\s]+$/i.test(value), 'resources.error.url'),
    body: optionalText(50_000),
  })
  .superRefine((input, context) => {
    if (input.kind === 'link' && !input.url) context.addIssue({ code: 'custom', path: ['url'], message: 'resources.error.url' });
    if (input.kind === 'page' && !input.body) context.addIssue({ code: 'custom', path: ['body'], message: 'common.validation.required' });
  });
export type ResourceInput = z.infer<typeof resourceSchema>;
