import { z } from 'zod';
import { meetingKinds } from '../db/schema/index.js';
import { parisLocalToUtc } from '../learning/learning.schema.js';

const trimmed = (max: number) => z.string().trim().min(1, 'common.validation.required').max(max, 'common.validation.tooLong');
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'common.validation.tooLong')
    .optional()
    .transform((value) => value || null);
const parisTime = z.string().transform((value, context) => {
  const date = parisLocalToUtc(value);
  if (!date) context.addIssue({ code: 'custom', message: 'network.validation.deadline' });
  return date ?? new Date(0);
});

export const meetingSchema = z
  .object({
    space: z.string().min(1, 'common.validation.required'),
    kind: z.enum(meetingKinds, { message: 'common.validation.required' }),
    title: trimmed(200),
    startsAt: parisTime,
    endsAt: parisTime,
    place: optional(300),
    onlineUrl: optional(500).refine((value) => value === null || /^https:\/\/[^\s/]+\.[^\s]+$/i.test(value), 'network.validation.url'),
    agendaMarkdown: trimmed(20_000),
  })
  .superRefine((data, context) => {
    if (data.endsAt <= data.startsAt) context.addIssue({ code: 'custom', path: ['endsAt'], message: 'network.validation.endsAfterStart' });
    if (!data.place && !data.onlineUrl) context.addIssue({ code: 'custom', path: ['place'], message: 'network.validation.placeOrLink' });
  });
export type MeetingInput = z.output<typeof meetingSchema>;

export const attendanceSchema = z.object({
  present: z
    .union([z.array(z.string()), z.string()])
    .optional()
    .transform((value) => (Array.isArray(value) ? value : value ? [value] : []))
    .pipe(z.array(z.uuid())),
});

export const minutesSchema = z.object({ minutesMarkdown: trimmed(50_000) });
