import { z } from 'zod';
import { evidenceKinds, timelineAnchors, timelinePhases, timelineRoles } from '../db/schema/index.js';
import { languages } from '../../shared/i18n/languages.js';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'common.validation.tooLong')
    .optional()
    .transform((value) => value || undefined);
const requiredText = (max: number) => z.string().trim().min(1, 'common.validation.required').max(max, 'common.validation.tooLong');

export const completeStepSchema = z.object({
  note: optionalText(4000),
  confirmed: z
    .string()
    .optional()
    .transform((value) => value === 'yes'),
});
export type CompleteStepInput = z.infer<typeof completeStepSchema>;

export const skipStepSchema = z.object({ reason: requiredText(1000) });

/**
 * A template step as edited by an organisation: title and guidance per language (`title_fr`,
 * `guidance_fr` …), French and English required, the others optional.
 */
export const templateStepSchema = z
  .object({
    phase: z.enum(timelinePhases, 'common.validation.invalid'),
    role: z.enum(timelineRoles, 'common.validation.invalid'),
    anchor: z.enum(timelineAnchors, 'common.validation.invalid'),
    offsetDays: z.coerce
      .number('common.validation.invalid')
      .int('common.validation.invalid')
      .min(-730, 'common.validation.invalid')
      .max(730, 'common.validation.invalid'),
    evidence: z.enum(evidenceKinds, 'common.validation.invalid'),
    title_fr: requiredText(200),
    title_en: requiredText(200),
    guidance_fr: requiredText(8000),
    guidance_en: requiredText(8000),
    ...Object.fromEntries(
      languages
        .filter((code) => code !== 'fr' && code !== 'en')
        .flatMap((code) => [
          [`title_${code}`, optionalText(200)],
          [`guidance_${code}`, optionalText(8000)],
        ]),
    ),
  })
  .transform((input) => {
    const record = input as Record<string, unknown>;
    const texts = (field: 'title' | 'guidance') =>
      Object.fromEntries(
        languages.flatMap((code) => (typeof record[`${field}_${code}`] === 'string' ? [[code, record[`${field}_${code}`] as string]] : [])),
      );
    return {
      phase: input.phase,
      role: input.role,
      anchor: input.anchor,
      offsetDays: input.offsetDays,
      evidence: input.evidence,
      title: texts('title'),
      guidance: texts('guidance'),
    };
  });
export type TemplateStepInput = z.infer<typeof templateStepSchema>;

export const copyTemplateSchema = z.object({ organisationId: z.uuid('common.validation.required') });

export const moveStepSchema = z.object({ direction: z.enum(['up', 'down']) });

export const boardQuerySchema = z.object({
  window: z.enum(['overdue', 'week', 'open']).catch('open'),
  step: z
    .string()
    .regex(/^[a-z0-9-]{1,80}$/)
    .optional()
    .catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const reminderPreferenceSchema = z.object({ mode: z.enum(['immediate', 'digest'], 'common.validation.invalid') });
