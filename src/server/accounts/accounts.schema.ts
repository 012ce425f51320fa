import { z } from 'zod';
import { languages } from '../../shared/i18n/languages.js';

const email = z.string().trim().min(1, 'common.validation.required').max(254).email('common.validation.email');
export const passwordRule = z
  .string()
  .min(10, 'common.validation.passwordLength')
  .max(200, 'common.validation.tooLong');
const name = z.string().trim().min(1, 'common.validation.required').max(100, 'common.validation.tooLong');

export const signInSchema = z.object({
  email,
  password: z.string().min(1, 'common.validation.required').max(200, 'common.validation.tooLong'),
  next: z.string().optional(),
});

export const emailOnlySchema = z.object({ email });

export const newPasswordSchema = z
  .object({ password: passwordRule, confirmation: z.string() })
  .refine((value) => value.password === value.confirmation, {
    message: 'common.validation.passwordMismatch',
    path: ['confirmation'],
  });

export const changePasswordSchema = z
  .object({ currentPassword: z.string().max(200).default(''), password: passwordRule, confirmation: z.string() })
  .refine((value) => value.password === value.confirmation, {
    message: 'common.validation.passwordMismatch',
    path: ['confirmation'],
  });

export const profileSchema = z.object({
  givenName: name,
  familyName: name,
  phone: z
    .string()
    .trim()
    .max(40, 'common.validation.tooLong')
    .regex(/^[+0-9 ().-]*$/, 'common.validation.phone')
    .optional()
    .transform((value) => value || null),
  preferredLanguage: z.enum(languages, { message: 'common.validation.invalid' }),
});

export const languageSchema = z.object({
  language: z.enum(languages),
  back: z.string().optional(),
});

export const apiTokenSchema = z.object({
  name: z.string().trim().min(1, 'common.validation.required').max(80, 'common.validation.tooLong'),
});

export const setupSchema = z
  .object({ givenName: name, familyName: name, email, password: passwordRule, confirmation: z.string() })
  .refine((value) => value.password === value.confirmation, {
    message: 'common.validation.passwordMismatch',
    path: ['confirmation'],
  });

export const acceptInvitationSchema = z
  .object({
    givenName: name,
    familyName: name,
    password: z.union([passwordRule, z.literal('')]).default(''),
    confirmation: z.string().default(''),
  })
  .refine((value) => value.password === value.confirmation, {
    message: 'common.validation.passwordMismatch',
    path: ['confirmation'],
  });

/** Only same-site relative paths are followed after sign-in (no open redirect). */
export function safeNextPath(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
