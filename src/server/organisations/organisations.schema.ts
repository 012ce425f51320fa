import { z } from 'zod';
import { organisationTypes } from '../db/schema/index.js';
import { membershipRoles } from '../accounts/roles.js';
import { languages } from '../../shared/i18n/languages.js';
import { oidPattern, parseDecimal } from '../../shared/validation.js';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'common.validation.tooLong')
    .optional()
    .transform((value) => value || null);

const optionalCoordinate = (limit: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, context) => {
      if (!value) return null;
      const number = parseDecimal(value);
      if (!Number.isFinite(number) || Math.abs(number) > limit) {
        context.addIssue({ code: 'custom', message: 'organisations.validation.coordinate' });
        return z.NEVER;
      }
      return number;
    });

export const organisationSchema = z.object({
  type: z.enum(organisationTypes, { message: 'common.validation.required' }),
  legalName: z.string().trim().min(2, 'common.validation.required').max(200, 'common.validation.tooLong'),
  addressLine: optionalText(200),
  postcode: optionalText(20),
  city: z.string().trim().min(1, 'common.validation.required').max(100, 'common.validation.tooLong'),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'organisations.validation.country'),
  latitude: optionalCoordinate(90),
  longitude: optionalCoordinate(180),
  oid: z
    .string()
    .trim()
    .toUpperCase()
    .optional()
    .transform((value) => value || null)
    .refine((value) => value === null || oidPattern.test(value), 'organisations.validation.oid'),
  website: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || null)
    .refine((value) => value === null || /^https?:\/\/[^\s<>"]+$/.test(value), 'organisations.validation.website'),
  languages: z
    .union([z.array(z.string()), z.string()])
    .optional()
    .transform((value) => (Array.isArray(value) ? value : value ? [value] : []))
    .pipe(z.array(z.enum(languages, { message: 'common.validation.invalid' }))),
});
export type OrganisationInput = z.output<typeof organisationSchema>;

export const invitationSchema = z.object({
  email: z.string().trim().min(1, 'common.validation.required').max(254).email('common.validation.email'),
  role: z.enum(membershipRoles, { message: 'common.validation.required' }),
  language: z.enum(languages).default('fr'),
});

export const rolesSchema = z.object({
  roles: z
    .union([z.array(z.string()), z.string()])
    .optional()
    .transform((value) => (Array.isArray(value) ? value : value ? [value] : []))
    .pipe(z.array(z.enum(membershipRoles))),
});

export const memberListQuery = z.object({
  role: z.enum(membershipRoles).optional().catch(undefined),
  search: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});

export const consortiumSchema = z.object({
  name: z.string().trim().min(2, 'common.validation.required').max(200, 'common.validation.tooLong'),
  description: optionalText(2000),
  coordinatorId: z.uuid('common.validation.required'),
});

export const networkSchema = z.object({
  name: z.string().trim().min(2, 'common.validation.required').max(200, 'common.validation.tooLong'),
  description: optionalText(2000),
});

export const organisationReferenceSchema = z.object({ organisationId: z.uuid('common.validation.required') });
export const animatorSchema = z.object({
  email: z.string().trim().min(1, 'common.validation.required').max(254).email('common.validation.email'),
});
