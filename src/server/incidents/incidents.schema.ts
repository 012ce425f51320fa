import { z } from 'zod';
import { incidentCategories, incidentSeverities } from '../db/schema/index.js';
import { checkPhoneNumber } from '../kits/phone-numbers.js';

const trimmed = (max: number) => z.string().trim().min(1, 'common.validation.required').max(max, 'common.validation.tooLong');
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'common.validation.tooLong')
    .optional()
    .transform((value) => value || null);
const score = z.coerce
  .number({ error: 'checkins.error.score' })
  .int('checkins.error.score')
  .min(1, 'checkins.error.score')
  .max(5, 'checkins.error.score');

export const checkinSchema = z.object({
  wellbeing: score,
  atWork: score,
  atHome: score,
  message: optionalText(2000),
  wantsToTalk: z
    .string()
    .optional()
    .transform((value) => value === 'yes'),
});
export type CheckinInput = z.infer<typeof checkinSchema>;

export const incidentSchema = z.object({
  category: z.enum(incidentCategories, { error: 'incidents.error.category' }),
  severity: z.enum(incidentSeverities, { error: 'incidents.error.severity' }),
  description: trimmed(4000),
});
export type IncidentInput = z.infer<typeof incidentSchema>;

export const logEntrySchema = z.object({
  actionTaken: trimmed(2000),
  contacted: optionalText(500),
  outcome: optionalText(2000),
});
export type LogEntryInput = z.infer<typeof logEntrySchema>;

export const closureSchema = z.object({ resolution: trimmed(2000) });

export const onCallSchema = z.object({
  name: trimmed(200),
  phone: z
    .string()
    .trim()
    .regex(/^\+[0-9 ]{6,20}$/, 'common.validation.phone')
    .refine((value) => checkPhoneNumber(value, 'FR').isValid, 'common.validation.phone'),
  email: z.email('common.validation.email').max(254, 'common.validation.tooLong'),
});
export type OnCallInput = z.infer<typeof onCallSchema>;
