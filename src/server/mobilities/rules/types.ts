/**
 * Shared vocabulary of the mobility rules: activity types, means of transport, distance bands and the
 * plain shape the pre-validation and the Beneficiary-Module export read. Pure types and constants:
 * no database, no HTTP, so the mobility service, the import and the export all speak the same words.
 */

export const activityTypes = [
  'vet_short_term',
  'erasmus_pro',
  'skills_competition',
  'staff_job_shadowing',
  'staff_teaching',
  'staff_course',
  'accompanying_person',
  'preparatory_visit',
] as const;
export type ActivityType = (typeof activityTypes)[number];

/** Activities of VET learners: they need a qualification, an EQF level and an ISCED-F field. */
export const learnerActivityTypes = ['vet_short_term', 'erasmus_pro', 'skills_competition'] as const satisfies readonly ActivityType[];

export function isLearnerActivity(activityType: ActivityType): boolean {
  return (learnerActivityTypes as readonly ActivityType[]).includes(activityType);
}

export const transportModes = ['train', 'bus', 'car_sharing', 'bicycle', 'car', 'plane', 'boat', 'other'] as const;
export type TransportMode = (typeof transportModes)[number];

/**
 * "Green travel" in the Erasmus+ Programme Guide: low-emission means such as bus, train or
 * car-pooling (and, obviously, cycling) for the main part of the journey.
 */
export const greenTransportModes = ['train', 'bus', 'car_sharing', 'bicycle'] as const satisfies readonly TransportMode[];

export function isGreenTransport(mode: TransportMode | null | undefined): boolean {
  return mode != null && (greenTransportModes as readonly TransportMode[]).includes(mode);
}

/** Bands of the European Commission's distance calculator (great-circle km), lowest first. */
export const distanceBands = ['10-99', '100-499', '500-1999', '2000-2999', '3000-3999', '4000-7999', '8000+'] as const;
export type DistanceBand = (typeof distanceBands)[number];

/** A city as the rules need it: ISO 3166-1 alpha-2 country code and WGS 84 coordinates. */
export interface CityLocation {
  name: string;
  countryCode: string;
  latitude: number;
  longitude: number;
}

/**
 * Everything the pre-validation looks at for one mobility (one participant in one activity).
 * Dates are ISO calendar dates `YYYY-MM-DD`; `null` means "not filled in yet".
 */
export interface MobilityForValidation {
  activityType: ActivityType;
  startDate: string | null;
  endDate: string | null;
  /** Days of interruption inside the period (not funded, not counted in the duration). */
  interruptionDays: number;
  /** Travel days the beneficiary asks to fund (on top of the activity days). */
  travelDays: number;
  mainTransport: TransportMode | null;
  isGreenTravel: boolean;
  /** A row is either a participant or an accompanying person, never both (BM rule). */
  isParticipant: boolean;
  isAccompanyingPerson: boolean;
  /** For an accompanying person: how many learners' mobilities are linked to it. */
  accompaniedLearnerCount: number;
  /** EQF level of the qualification prepared (VET learners: 2 to 5). */
  eqfLevel: number | null;
  /** ISCED-F 2013 field of education and training, 4-digit detailed field, e.g. "1041". */
  iscedField: string | null;
  qualificationTitle: string | null;
  sendingCity: CityLocation | null;
  hostCity: CityLocation | null;
  declaredDistanceBand: DistanceBand | null;
  projectStartDate: string | null;
  projectEndDate: string | null;
  hasFewerOpportunities: boolean;
  fewerOpportunitiesJustification: string | null;
  isForceMajeure: boolean;
  forceMajeureExplanation: string | null;
  participantBirthDate: string | null;
}

export type RuleSeverity = 'error' | 'warning';

export interface LocalisedText {
  fr: string;
  en: string;
}

/** One finding of the pre-validation: errors block the BM export, warnings do not. */
export interface RuleViolation {
  ruleId: string;
  severity: RuleSeverity;
  /** The `MobilityForValidation` field the user must fix. */
  field: keyof MobilityForValidation;
  message: LocalisedText;
  params: Record<string, string | number>;
}
