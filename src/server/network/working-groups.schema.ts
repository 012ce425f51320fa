import { z } from 'zod';

const trimmed = (max: number) => z.string().trim().min(1, 'common.validation.required').max(max, 'common.validation.tooLong');

export const groupSchema = z.object({
  space: z.string().min(1, 'common.validation.required'),
  name: trimmed(200),
  description: trimmed(5000),
});
export const threadSchema = z.object({ title: trimmed(200), body: trimmed(10_000) });
export const replySchema = z.object({ body: trimmed(10_000) });
export const documentSchema = z.object({ title: trimmed(200) });
export const notificationsSchema = z.object({ isNotified: z.enum(['yes', 'no']).transform((value) => value === 'yes') });
