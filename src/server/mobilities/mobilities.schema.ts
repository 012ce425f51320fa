import { z } from 'zod';
import { grantRateKeys } from './rules/grant-estimate.js';
import { consentKinds, consentMethods, contactSides, keyActions, mobilityStatuses, projectFields } from '../db/schema/index.js';
import { activityTypes } from './rules/types.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'common.validation.invalid');
const optionalFilter = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const yesNo = z
  .enum(['yes', 'no'])
  .transform((value) => value === 'yes')
  .optional()
  .catch(undefined);

export const mobilityListQuery = z.object({
  project: optionalFilter(z.uuid()),
  status: optionalFilter(z.enum(mobilityStatuses)),
  country: optionalFilter(z.string().regex(/^[A-Z]{2}$/)),
  host: optionalFilter(z.uuid()),
  activity: optionalFilter(z.enum(activityTypes)),
  minor: yesNo,
  fewer: yesNo,
  from: optionalFilter(isoDate),
  until: optionalFilter(isoDate),
  search: optionalFilter(z.string().trim().max(100)),
  sort: optionalFilter(z.enum(['start', 'name', 'status'])),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});

/** Erasmus+ project code: YYYY-R-NA00-KA000-FFF-000000000. */
export const projectCodePattern = /^\d{4}-\d-[A-Z]{2}\d{2}-KA\d{3}-[A-Z]{3}-\d{9}$/;

export const projectSchema = z
  .object({
    code: z.string().trim().toUpperCase().regex(projectCodePattern, 'projects.codeInvalid'),
    title: z.string().trim().min(3, 'common.validation.required').max(300, 'common.validation.tooLong'),
    keyAction: z.enum(keyActions, { message: 'common.validation.required' }),
    field: z.enum(projectFields, { message: 'common.validation.required' }),
    beneficiaryId: z.uuid('common.validation.required'),
    startDate: isoDate,
    endDate: isoDate,
  })
  .refine((value) => value.endDate > value.startDate, { message: 'projects.endBeforeStart', path: ['endDate'] });

export const transitionSchema = z.object({ reason: z.string().trim().max(1000, 'common.validation.tooLong').optional() });

export const consentSchema = z.object({
  guardianId: z.uuid('common.validation.required'),
  kind: z.enum(consentKinds, { message: 'common.validation.required' }),
  method: z.enum(consentMethods, { message: 'common.validation.required' }),
  givenOn: isoDate,
});

export const emergencyContactSchema = z.object({
  side: z.enum(contactSides, { message: 'common.validation.required' }),
  name: z.string().trim().min(2, 'common.validation.required').max(150, 'common.validation.tooLong'),
  phone: z.string().trim().min(4, 'common.validation.phone').max(40, 'common.validation.tooLong').regex(/^[+0-9 ().-]+$/, 'common.validation.phone'),
  relationship: z
    .string()
    .trim()
    .max(100, 'common.validation.tooLong')
    .optional()
    .transform((value) => value || null),
});

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'common.validation.tooLong')
    .optional()
    .transform((value) => value || null);

export const newMobilitySchema = z
  .object({
    participantId: z.uuid('common.validation.required'),
    sendingOrganisationId: z.uuid('common.validation.required'),
    activityType: z.enum(activityTypes, { message: 'common.validation.required' }),
    hostOrganisationId: z.uuid('common.validation.required'),
    tutorId: z
      .union([z.uuid(), z.literal('')])
      .optional()
      .transform((value) => value || null),
    startDate: isoDate,
    endDate: isoDate,
    travelDays: z.coerce.number({ message: 'common.validation.invalid' }).int('common.validation.invalid').min(0, 'common.validation.invalid').max(10, 'common.validation.invalid').default(0),
    mainTransport: optionalText(30),
    isGreenTravel: z
      .string()
      .optional()
      .transform((value) => value === 'on'),
    eqfLevel: z
      .string()
      .optional()
      .transform((value, context) => {
        if (!value) return null;
        const level = Number(value);
        if (!Number.isInteger(level) || level < 1 || level > 8) {
          context.addIssue({ code: 'custom', message: 'common.validation.invalid' });
          return z.NEVER;
        }
        return level;
      }),
    qualificationTitle: optionalText(200),
    iscedField: optionalText(10),
    hasFewerOpportunities: z
      .string()
      .optional()
      .transform((value) => value === 'on'),
    fewerOpportunitiesJustification: optionalText(2000),
  })
  .refine((value) => value.endDate >= value.startDate, { message: 'projects.endBeforeStart', path: ['endDate'] });

export const offerSchema = z
  .object({
    organisationId: z.uuid('common.validation.required'),
    projectId: z.uuid('common.validation.required'),
    hostOrganisationId: z
      .union([z.uuid(), z.literal('')])
      .optional()
      .transform((value) => value || null),
    activityType: z.enum(activityTypes, { message: 'common.validation.required' }),
    title: z.string().trim().min(3, 'common.validation.required').max(200, 'common.validation.tooLong'),
    destinationCity: z.string().trim().min(1, 'common.validation.required').max(100, 'common.validation.tooLong'),
    destinationCountry: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'organisations.validation.country'),
    sector: optionalText(200),
    startDate: isoDate,
    endDate: isoDate,
    places: z.coerce.number({ message: 'common.validation.invalid' }).int('common.validation.invalid').min(1, 'common.validation.invalid').max(500, 'common.validation.invalid'),
    eligibility: optionalText(2000),
    costsCovered: optionalText(2000),
    deadline: isoDate,
  })
  .refine((value) => value.endDate >= value.startDate, { message: 'projects.endBeforeStart', path: ['endDate'] });

export const applicationSchema = z.object({
  motivation: z.string().trim().min(30, 'offers.motivationShort').max(5000, 'common.validation.tooLong'),
  languageLevel: z.enum(['A1', 'A2', 'B1', 'B2', 'C1', 'C2'], { message: 'common.validation.required' }),
  cvLink: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || null)
    .refine((value) => value === null || /^https?:\/\/[^\s<>"]+$/.test(value), 'organisations.validation.website'),
  employerName: optionalText(200),
  employerEmail: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || null)
    .refine((value) => value === null || z.email().safeParse(value).success, 'common.validation.email'),
  employerLanguage: z.enum(['fr', 'en', 'de', 'es', 'it', 'nl']).default('fr'),
});

const mark = z.coerce.number({ message: 'common.validation.invalid' }).int('common.validation.invalid').min(0, 'common.validation.invalid').max(5, 'common.validation.invalid');
export const scoresSchema = z.object({ motivation: mark, language: mark, maturity: mark, fewer_opportunities: mark });
export const decisionSchema = z.object({ decision: z.enum(['selected', 'waiting_list', 'rejected']) });
export const employerDecisionSchema = z.object({ decision: z.enum(['approved', 'refused']) });

const checkbox = z
  .string()
  .optional()
  .transform((value) => value === 'on');

/** Common European Framework of Reference levels. */
export const cefrLevels = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;

/** Languages a placement is done in: the EU's 24 official languages plus those of the other programme countries. */
export const placementLanguages = ['bg', 'cs', 'da', 'de', 'el', 'en', 'es', 'et', 'fi', 'fr', 'ga', 'hr', 'hu', 'is', 'it', 'lt', 'lv', 'mk', 'mt', 'nl', 'no', 'pl', 'pt', 'ro', 'sk', 'sl', 'sr', 'sv', 'tr'] as const;

export const editMobilitySchema = z
  .object({
    startDate: isoDate,
    endDate: isoDate,
    tutorId: z
      .union([z.uuid(), z.literal('')])
      .optional()
      .transform((value) => value || null),
    hostFamilyId: z
      .union([z.uuid(), z.literal('')])
      .optional()
      .transform((value) => value || null),
    travelDays: z.coerce.number({ message: 'common.validation.invalid' }).int('common.validation.invalid').min(0, 'common.validation.invalid').max(10, 'common.validation.invalid'),
    interruptionDays: z.coerce.number({ message: 'common.validation.invalid' }).int('common.validation.invalid').min(0, 'common.validation.invalid').max(365, 'common.validation.invalid'),
    mainTransport: optionalText(30),
    isGreenTravel: checkbox,
    hasFewerOpportunities: checkbox,
    fewerOpportunitiesJustification: optionalText(2000),
    isForceMajeure: checkbox,
    forceMajeureExplanation: optionalText(2000),
    placementLanguage: z
      .union([z.enum(placementLanguages), z.literal('')])
      .optional()
      .transform((value) => value || null),
    cefrLevel: z
      .union([z.enum(cefrLevels), z.literal('')])
      .optional()
      .transform((value) => value || null),
  })
  .refine((value) => value.endDate >= value.startDate, { message: 'projects.endBeforeStart', path: ['endDate'] });


export const needsSchema = z.object({
  health: optionalText(2000),
  diet: optionalText(1000),
  accessibility: optionalText(1000),
  isDietSharedWithHostFamily: checkbox,
});

const optionalInteger = (minimum: number, maximum: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, context) => {
      if (!value) return null;
      const number = Number(value);
      if (!Number.isInteger(number) || number < minimum || number > maximum) {
        context.addIssue({ code: 'custom', message: 'common.validation.invalid' });
        return z.NEVER;
      }
      return number;
    });

export const hostProfileSchema = z.object({
  naceCode: z
    .string()
    .trim()
    .toUpperCase()
    .optional()
    .transform((value) => value || null)
    .refine((value) => value === null || /^[A-U](\d{2}(\.\d{1,2})?)?$/.test(value), 'hosts.naceInvalid'),
  trades: z
    .string()
    .optional()
    .transform((value) => (value ?? '').split(',').map((trade) => trade.trim()).filter(Boolean).slice(0, 20)),
  acceptsMinors: checkbox,
  minimumAge: optionalInteger(14, 30),
  capacity: optionalInteger(1, 500),
  hasSafetyInduction: checkbox,
  providesPpe: checkbox,
  helpsWithAccommodation: checkbox,
});

export const hostFamilyProfileSchema = z.object({
  address: optionalText(300),
  household: optionalText(1000),
  vettedOn: z
    .union([isoDate, z.literal('')])
    .optional()
    .transform((value) => value || null),
  notes: optionalText(2000),
});

export const accompaniedSchema = z.object({
  learnerMobilityIds: z
    .union([z.array(z.uuid()), z.uuid()])
    .optional()
    .transform((value) => (Array.isArray(value) ? value : value ? [value] : [])),
});

/** An amount in euros as typed ("60", "60,50", "1 200.5"), in cents; blank removes the rate. */
const euroAmount = z
  .string()
  .optional()
  .transform((value) => (value ?? '').replace(/[\s\u00a0\u202f]/g, '').replace(',', '.'))
  .refine((value) => value === '' || /^\d{1,6}(\.\d{1,2})?$/.test(value), 'grants.invalidAmount')
  .transform((value) => (value === '' ? null : Math.round(Number(value) * 100)));

export const grantRatesSchema = z.object(Object.fromEntries(grantRateKeys.map((key) => [key, euroAmount])) as Record<(typeof grantRateKeys)[number], typeof euroAmount>);
