import { z } from 'zod';
import { recognitionKinds } from './agreement-content.js';

const required = (max: number) => z.string().trim().min(1, 'common.validation.required').max(max, 'common.validation.tooLong');
const optional = (max: number) => z.string().trim().max(max, 'common.validation.tooLong').default('');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'common.validation.date');
/** A form sends one value as a string and several as an array. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]), z.array(item));

export const cefrLevels = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;

export const agreementFormSchema = z
  .object({
    baseVersion: z.coerce.number().int().min(0),
    qualificationSlug: optional(60),
    outcomeKeys: list(z.string().regex(/^[a-z0-9-]{2,60}$/)),
    freeOutcomes: optional(4000),
    startDate: isoDate,
    endDate: isoDate,
    hoursPerWeek: z.coerce
      .number({ message: 'agreements.form.hoursInvalid' })
      .int('agreements.form.hoursInvalid')
      .min(1, 'agreements.form.hoursInvalid')
      .max(48, 'agreements.form.hoursInvalid'),
    tasks: required(4000),
    mentorName: optional(200),
    mentorEmail: optional(200),
    assessment: required(2000),
    recording: required(2000),
    recognition: list(z.enum(recognitionKinds)),
    recognitionDetails: optional(2000),
    language: required(40),
    cefrLevel: z.enum(cefrLevels, { message: 'common.validation.required' }),
    insurance: required(2000),
    inKindSupport: optional(2000),
    adminSendingName: optional(200),
    adminSendingEmail: optional(200),
    adminSendingPhone: optional(40),
    adminHostName: optional(200),
    adminHostEmail: optional(200),
    adminHostPhone: optional(40),
  })
  .refine((form) => form.endDate >= form.startDate, { message: 'agreements.form.endBeforeStart', path: ['endDate'] })
  .refine((form) => form.outcomeKeys.length > 0 || form.freeOutcomes.trim().length > 0, {
    message: 'agreements.form.outcomesRequired',
    path: ['outcomeKeys'],
  })
  .refine((form) => form.recognition.length > 0, { message: 'agreements.form.recognitionRequired', path: ['recognition'] });
export type AgreementForm = z.infer<typeof agreementFormSchema>;

export const signingFormSchema = z.object({
  consent: z.literal('yes', { message: 'signing.form.consentRequired' }),
  typedName: z.string().trim().min(2, 'signing.form.nameRequired').max(200, 'common.validation.tooLong'),
});

const slugField = z
  .string()
  .trim()
  .regex(/^[a-z0-9-]{2,60}$/, 'qualifications.form.slugInvalid');
/** Criteria typed one per line. */
const lines = z
  .string()
  .trim()
  .max(4000, 'common.validation.tooLong')
  .default('')
  .transform((value) =>
    value
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
  );

/** One learning outcome typed in a form, with its unit (an existing unit code adds to that unit). */
export const outcomeFormSchema = z.object({
  unitCode: required(40),
  unitTitleFr: required(300),
  unitTitleEn: required(300),
  outcomeKey: slugField,
  kind: z.enum(['knowledge', 'skills', 'autonomy'], { message: 'common.validation.required' }),
  textFr: required(2000),
  textEn: required(2000),
  criteriaFr: lines,
  criteriaEn: lines,
});
export type OutcomeForm = z.infer<typeof outcomeFormSchema>;

export const qualificationFormSchema = outcomeFormSchema.extend({
  slug: slugField,
  titleFr: required(300),
  titleEn: required(300),
  nationalCode: optional(40),
  eqfLevel: z.coerce
    .number()
    .int('qualifications.form.eqfInvalid')
    .min(1, 'qualifications.form.eqfInvalid')
    .max(8, 'qualifications.form.eqfInvalid'),
  awardingBodyFr: required(300),
  awardingBodyEn: required(300),
});
export type QualificationForm = z.infer<typeof qualificationFormSchema>;
