import { z } from 'zod';
import { locationPrecisions, stayDurations } from '../db/schema/map.js';
import { directoryTrades } from './map-content.js';

const required = 'common.validation.required';
const tooLong = 'common.validation.tooLong';
const checkbox = z
  .string()
  .optional()
  .transform((value) => value === 'on');
const text = (minimum: number, maximum: number) => z.string({ message: required }).trim().min(minimum, required).max(maximum, tooLong);
const optionalText = (maximum: number) =>
  z
    .string()
    .trim()
    .max(maximum, tooLong)
    .optional()
    .transform((value) => value || null);
/** Checkbox groups arrive as one string or a list. */
const listOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.string(), z.array(z.string())], { message: required })
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .pipe(z.array(z.enum(values, { message: 'common.validation.invalid' })).min(1, required));

export const contactSchema = z.object({
  kind: z.enum(['message', 'placement_request'], { message: required }),
  body: text(10, 3000),
  period: optionalText(120),
});
export type ContactInput = z.infer<typeof contactSchema>;

export const replySchema = z.object({ body: text(2, 3000) });

export const reportSchema = z.object({ reason: text(3, 1000) });

/** What a host contact edits on the map, or a coach proposes; the host profile has its own form. */
export const hostEntrySchema = z.object({
  descriptionFr: text(20, 3000),
  descriptionEn: text(20, 3000),
  typicalDurations: listOf(stayDurations),
  locationPrecision: z.enum(locationPrecisions, { message: required }),
});
export type HostEntryInput = z.infer<typeof hostEntrySchema>;

export const proposeHostSchema = hostEntrySchema.extend({ organisationId: z.uuid(required) });
export type ProposeHostInput = z.infer<typeof proposeHostSchema>;

export const ambassadorSchema = z
  .object({
    displayName: text(2, 40),
    trade: z.enum(directoryTrades, { message: required }),
    homeCentre: text(2, 200),
    hostCity: z.string({ message: required }).regex(/^[A-Z]{2}\|.+$/, required),
    year: z.coerce
      .number({ message: required })
      .int(required)
      .min(2000, 'common.validation.invalid')
      .max(2100, 'common.validation.invalid'),
    durationWeeks: z.coerce
      .number({ message: required })
      .int(required)
      .min(1, 'common.validation.invalid')
      .max(52, 'common.validation.invalid'),
    testimonialFr: optionalText(3000),
    testimonialEn: optionalText(3000),
    languages: listOf(['fr', 'en', 'de', 'es', 'it', 'nl', 'pl', 'pt', 'fi', 'sv'] as const),
    isHappyToBeContacted: checkbox,
    consent: checkbox.refine((value) => value, 'map.ambassador.consentRequired'),
  })
  .refine((value) => value.testimonialFr || value.testimonialEn, { message: required, path: ['testimonialEn'] });
export type AmbassadorInput = z.infer<typeof ambassadorSchema>;
