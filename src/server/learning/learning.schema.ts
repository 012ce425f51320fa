import { z } from 'zod';
import { languages } from '../../shared/i18n/languages.js';

const listOfIds = () =>
  z
    .union([z.array(z.string()), z.string()])
    .optional()
    .transform((value) => (Array.isArray(value) ? value : value ? [value] : []))
    .pipe(z.array(z.uuid()));

const optionalComment = z
  .string()
  .trim()
  .max(5000, 'common.validation.tooLong')
  .optional()
  .transform((value) => value || null);

export const organisationQuery = z.object({ organisation: z.uuid().optional().catch(undefined) });

export const enrolSchema = z.object({
  organisationId: z.uuid('common.validation.required'),
  personIds: listOfIds().refine((ids) => ids.length > 0, 'learningTrainer.validation.people'),
});

export const attendanceSchema = z.object({
  organisationId: z.uuid('common.validation.required'),
  present: listOfIds(),
});

export const reviewSchema = z.object({
  decision: z.enum(['accepted', 'rejected'], { message: 'common.validation.required' }),
  comment: optionalComment,
});

/** One score (0–100) and comment per essay question, named `score-<questionId>`, `comment-<questionId>`. */
export function essayGradesSchema(questionIds: string[]) {
  return z.object(
    Object.fromEntries(
      questionIds.flatMap((id) => [
        [
          `score-${id}`,
          z.coerce
            .number({ message: 'learningTrainer.validation.score' })
            .int('learningTrainer.validation.score')
            .min(0, 'learningTrainer.validation.score')
            .max(100, 'learningTrainer.validation.score'),
        ],
        [`comment-${id}`, optionalComment],
      ]),
    ),
  );
}

/** A `datetime-local` value read as Paris time (the trainers' zone), returned in UTC. */
export function parisLocalToUtc(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute] = match.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(new Date(asUtc))
      .map((part) => [part.type, part.value]),
  );
  const parisOfUtc = Date.UTC(
    Number(parts['year']),
    Number(parts['month']) - 1,
    Number(parts['day']),
    Number(parts['hour']),
    Number(parts['minute']),
  );
  return new Date(asUtc - (parisOfUtc - asUtc));
}

export const webinarSchema = z.object({
  moduleId: z.uuid('common.validation.required'),
  title: z.string().trim().min(2, 'common.validation.required').max(200, 'common.validation.tooLong'),
  startsAt: z
    .string()
    .trim()
    .transform((value, context) => {
      const date = parisLocalToUtc(value);
      if (!date) {
        context.addIssue({ code: 'custom', message: 'learningTrainer.validation.date' });
        return z.NEVER;
      }
      return date;
    }),
  durationMinutes: z.coerce
    .number({ message: 'common.validation.invalid' })
    .int('common.validation.invalid')
    .min(10, 'common.validation.invalid')
    .max(600, 'common.validation.invalid'),
  joinUrl: z
    .string()
    .trim()
    .regex(/^https:\/\/[^\s<>"]+$/, 'learningTrainer.validation.link')
    .max(500, 'common.validation.tooLong'),
});

/** The fields beside an uploaded question file: which organisation's bank, its title and language. */
export const bankImportSchema = z.object({
  organisationId: z.uuid('common.validation.required'),
  title: z.string().trim().min(1, 'common.validation.required').max(200, 'common.validation.tooLong'),
  language: z.enum(languages, { message: 'common.validation.required' }),
});

/** The confirmation of a previewed import carries the file back, so nothing is kept between requests. */
export const bankImportConfirmSchema = bankImportSchema.extend({
  fileName: z.string().min(1).max(200),
  source: z.string().min(1),
});

export const bankExportQuery = z.object({
  format: z.enum(['gift', 'moodle_xml']).catch('gift'),
  language: z.enum(languages).optional().catch(undefined),
});
