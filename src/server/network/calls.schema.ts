import { z } from 'zod';
import {
  callDecisionOutcomes,
  callFieldKinds,
  type CallCriterion,
  type CallFieldKind,
  type CallFormField,
  type networkCalls,
} from '../db/schema/index.js';
import { parisLocalToUtc } from '../learning/learning.schema.js';

const trimmed = (max: number) => z.string().trim().min(1, 'common.validation.required').max(max, 'common.validation.tooLong');
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'common.validation.tooLong')
    .optional()
    .transform((value) => value || '');
const wholeNumber = (min: number, max: number, message: 'network.validation.wholeNumber' = 'network.validation.wholeNumber') =>
  z.coerce.number({ message }).int(message).min(min, message).max(max, message);

/** Rows of the form builder and the grid shown on the "open a call" page; empty rows are ignored. */
export const formFieldRows = 6;
export const criterionRows = 5;
export const eqfLevels = [1, 2, 3, 4, 5, 6, 7, 8] as const;

const listOf = (value: unknown) => (Array.isArray(value) ? value : value ? [value] : []);

type Context = z.RefinementCtx;
type Raw = Record<string, unknown>;
const text = (raw: Raw, name: string) => (typeof raw[name] === 'string' ? (raw[name] as string).trim() : '');

function readFormFields(raw: Raw, context: Context): CallFormField[] {
  const fields: CallFormField[] = [];
  for (let row = 0; row < formFieldRows; row += 1) {
    const label = text(raw, `field-${row}-label`);
    if (!label) continue;
    const kind = text(raw, `field-${row}-kind`) as CallFieldKind;
    const options = text(raw, `field-${row}-options`)
      .split(';')
      .map((option) => option.trim())
      .filter(Boolean);
    if (!callFieldKinds.includes(kind))
      context.addIssue({ code: 'custom', path: [`field-${row}-kind`], message: 'common.validation.required' });
    else if (kind === 'choice' && options.length < 2)
      context.addIssue({ code: 'custom', path: [`field-${row}-options`], message: 'network.validation.choiceOptions' });
    if (label.length > 200) context.addIssue({ code: 'custom', path: [`field-${row}-label`], message: 'common.validation.tooLong' });
    fields.push({
      id: `q${row + 1}`,
      kind,
      label,
      isRequired: raw[`field-${row}-required`] === 'on',
      options: kind === 'choice' ? options : [],
    });
  }
  return fields;
}

function readCriteria(raw: Raw, context: Context): CallCriterion[] {
  const criteria: CallCriterion[] = [];
  for (let row = 0; row < criterionRows; row += 1) {
    const label = text(raw, `criterion-${row}-label`);
    if (!label) continue;
    const weight = Number(text(raw, `criterion-${row}-weight`));
    if (!Number.isInteger(weight) || weight < 1 || weight > 100) {
      context.addIssue({ code: 'custom', path: [`criterion-${row}-weight`], message: 'network.validation.weight' });
    }
    criteria.push({ id: `c${row + 1}`, label: label.slice(0, 200), weight });
  }
  if (criteria.length === 0) context.addIssue({ code: 'custom', path: ['criterion-0-label'], message: 'network.validation.criteria' });
  return criteria;
}

export const callSchema = z
  .looseObject({
    networkId: z.uuid('common.validation.required'),
    title: trimmed(200),
    rulesMarkdown: trimmed(20_000),
    eqfLevels: z
      .unknown()
      .transform(listOf)
      .pipe(z.array(z.coerce.number().int().min(1).max(8)).min(1, 'network.validation.eqfLevels')),
    minimumDurationDays: wholeNumber(1, 730),
    budgetEuros: wholeNumber(1, 100_000_000),
    deadline: z.string().transform((value, context) => {
      const date = parisLocalToUtc(value);
      if (!date) context.addIssue({ code: 'custom', message: 'network.validation.deadline' });
      return date ?? new Date(0);
    }),
  })
  .transform((data, context) => {
    const raw = data as Raw;
    return {
      networkId: data.networkId,
      title: data.title,
      rulesMarkdown: data.rulesMarkdown,
      eqfLevels: [...new Set(data.eqfLevels)].sort(),
      minimumDurationDays: data.minimumDurationDays,
      budgetEuros: data.budgetEuros,
      deadline: data.deadline,
      formFields: readFormFields(raw, context),
      criteria: readCriteria(raw, context),
    };
  });
export type CallInput = z.output<typeof callSchema>;

type Call = typeof networkCalls.$inferSelect;

/**
 * The application form of one call. A draft keeps whatever is typed (only its shape is checked);
 * a submission also needs every required answer and an eligible project (level and duration).
 */
export function applicationSchema(call: Call, purpose: 'draft' | 'submit') {
  const isSubmission = purpose === 'submit';
  const optionalNumber = (min: number, max: number, message: 'network.validation.wholeNumber' | 'network.validation.eligibleDuration') =>
    z
      .string()
      .trim()
      .optional()
      .transform((value) => (value ? Number(value) : null))
      .refine((value) => value === null || (Number.isInteger(value) && value >= min && value <= max), message)
      .refine((value) => !isSubmission || value !== null, 'common.validation.required');
  const answers = Object.fromEntries(
    call.formFields
      .filter((field) => field.kind !== 'file')
      .map((field) => {
        let answer = optionalText(field.kind === 'long_text' ? 10_000 : 500);
        if (field.kind === 'number')
          answer = answer.refine((value) => value === '' || Number.isFinite(Number(value.replace(',', '.'))), 'network.validation.number');
        if (field.kind === 'choice')
          answer = answer.refine((value) => value === '' || field.options.includes(value), 'common.validation.required');
        if (isSubmission && field.isRequired) answer = answer.refine((value) => value !== '', 'common.validation.required');
        return [`answer-${field.id}`, answer];
      }),
  );
  return z
    .object({
      projectTitle: isSubmission ? trimmed(200) : optionalText(200),
      eqfLevel: z
        .string()
        .optional()
        .transform((value) => (value ? Number(value) : null))
        .refine((value) => value === null || call.eqfLevels.includes(value), 'network.validation.eligibleLevel')
        .refine((value) => !isSubmission || value !== null, 'common.validation.required'),
      plannedDurationDays: optionalNumber(call.minimumDurationDays, 730, 'network.validation.eligibleDuration'),
      requestedEuros: optionalNumber(0, call.budgetEuros, 'network.validation.wholeNumber'),
      ...answers,
    })
    .transform((data) => {
      const record = data as Record<string, unknown>;
      return {
        projectTitle: data.projectTitle,
        eqfLevel: data.eqfLevel,
        plannedDurationDays: data.plannedDurationDays,
        requestedEuros: data.requestedEuros,
        answers: Object.fromEntries(
          call.formFields.filter((field) => field.kind !== 'file').map((field) => [field.id, String(record[`answer-${field.id}`] ?? '')]),
        ),
      };
    });
}
export type ApplicationInput = z.output<ReturnType<typeof applicationSchema>>;

export const reviewerSchema = z.object({ email: z.email('common.validation.email').trim().toLowerCase() });

export const conflictSchema = z.object({ conflictReason: trimmed(1000) });

/** One score 0–10 and an optional comment per criterion of the grid. */
export function scoresSchema(criteria: CallCriterion[]) {
  return z
    .object(
      Object.fromEntries(
        criteria.flatMap((criterion) => [
          [`score-${criterion.id}`, wholeNumber(0, 10)],
          [`comment-${criterion.id}`, optionalText(2000)],
        ]),
      ),
    )
    .transform((data) => {
      const record = data as Record<string, unknown>;
      return {
        scores: Object.fromEntries(criteria.map((criterion) => [criterion.id, Number(record[`score-${criterion.id}`])])),
        comments: Object.fromEntries(
          criteria.map((criterion) => [criterion.id, String(record[`comment-${criterion.id}`] ?? '')]).filter(([, comment]) => comment),
        ),
      };
    });
}

/** A decision and an amount (whole euros; 0 unless funded) for each submitted application. */
export function decisionsSchema(applicationIds: string[]) {
  return z
    .object(
      Object.fromEntries(
        applicationIds.flatMap((id) => [
          [`decision-${id}`, z.enum(callDecisionOutcomes, { message: 'common.validation.required' })],
          [
            `amount-${id}`,
            z
              .string()
              .trim()
              .optional()
              .transform((value) => (value ? Number(value) : 0))
              .refine((value) => Number.isInteger(value) && value >= 0, 'network.validation.wholeNumber'),
          ],
        ]),
      ),
    )
    .superRefine((data, context) => {
      const record = data as Record<string, unknown>;
      for (const id of applicationIds) {
        if (record[`decision-${id}`] === 'funded' && !((record[`amount-${id}`] as number) > 0)) {
          context.addIssue({ code: 'custom', path: [`amount-${id}`], message: 'network.validation.fundedAmount' });
        }
      }
    })
    .transform((data) => {
      const record = data as Record<string, unknown>;
      return applicationIds.map((id) => {
        const outcome = record[`decision-${id}`] as (typeof callDecisionOutcomes)[number];
        return { applicationId: id, outcome, awardedEuros: outcome === 'funded' ? (record[`amount-${id}`] as number) : null };
      });
    });
}
export type DecisionInput = z.output<ReturnType<typeof decisionsSchema>>;
