import { z } from 'zod';
import { kitSectionKeys } from './kit-content.js';

const trimmed = (max: number) => z.string().trim().min(1, 'common.validation.required').max(max, 'common.validation.tooLong');

/** `target` is `<section>:new` to add a fact, or `<section>:<index>` to replace one. */
export const correctionSchema = z.object({
  target: z.string().regex(new RegExp(`^(${kitSectionKeys.join('|')}):(new|\\d{1,3})$`), 'kits.correction.targetRequired'),
  proposedTextFr: trimmed(1000),
  proposedTextEn: trimmed(1000),
  sourceUrl: z
    .string()
    .trim()
    .min(1, 'common.validation.required')
    .max(500, 'common.validation.tooLong')
    .refine((value) => /^https?:\/\/[^\s/]+\.[^\s]+$/i.test(value), 'kits.correction.sourceUrlInvalid'),
  reason: trimmed(1000),
});
export type CorrectionInput = z.infer<typeof correctionSchema>;

export const rejectionSchema = z.object({ rejectionReason: trimmed(1000) });

export const kitSearchQuery = z.object({ q: z.string().trim().max(100).optional().catch(undefined) });
