/**
 * Grant estimate of one mobility from the rate table its organisation keeps. Pure: the euro amounts
 * are never in the code — each organisation types the rates of its own grant agreement (they change
 * with every call and National Agency), and the estimate says which rate is missing when one is.
 *
 * Country groups for individual support follow the Erasmus+ Programme Guide (Part B, Key Action 1,
 * "Individual support"): group 1 the higher-cost countries, group 3 the lower-cost ones.
 */
import { activityDurationDays, fundedTravelDays } from './pre-validation.js';
import { distanceBands, isLearnerActivity, type ActivityType, type DistanceBand } from './types.js';

export const countryGroups = ['1', '2', '3'] as const;
export type CountryGroup = (typeof countryGroups)[number];

const countriesByGroup: Record<CountryGroup, readonly string[]> = {
  '1': ['DK', 'FI', 'IS', 'IE', 'LU', 'SE', 'LI', 'NO'],
  '2': ['AT', 'BE', 'DE', 'FR', 'IT', 'GR', 'ES', 'CY', 'NL', 'MT', 'PT'],
  '3': ['BG', 'HR', 'CZ', 'EE', 'LV', 'LT', 'HU', 'PL', 'RO', 'RS', 'SK', 'SI', 'MK', 'TR'],
};

export const countryGroupSource = 'https://erasmus-plus.ec.europa.eu/programme-guide/part-b/key-action-1/mobility-vet';

/** The Programme Guide's group of a receiving country, or null outside the programme countries. */
export function countryGroupOf(countryCode: string | null | undefined): CountryGroup | null {
  if (!countryCode) return null;
  const code = countryCode.toUpperCase();
  return countryGroups.find((group) => countriesByGroup[group].includes(code)) ?? null;
}

/** Learners and staff have separate daily rates; each has one for days 1–14 and one from day 15. */
export const participantKinds = ['learner', 'staff'] as const;
export type ParticipantKind = (typeof participantKinds)[number];

/** Days from which the long-stay daily rate applies (Programme Guide: the 15th day of activity). */
export const longStayFromDay = 15;

/** Rates in euro cents; a missing entry means the organisation has not typed that rate yet. */
export interface GrantRates {
  dailyFirstDays: Partial<Record<`${ParticipantKind}:${CountryGroup}`, number>>;
  dailyLongStay: Partial<Record<`${ParticipantKind}:${CountryGroup}`, number>>;
  travelStandard: Partial<Record<DistanceBand, number>>;
  travelGreen: Partial<Record<DistanceBand, number>>;
}

/** Every rate key of the table, in the order the rate page shows them. */
export const dailyRateKeys = participantKinds.flatMap((kind) =>
  countryGroups.flatMap((group) => [`daily_first:${kind}:${group}`, `daily_long:${kind}:${group}`] as const),
);
export const travelRateKeys = distanceBands.flatMap((band) => [`travel_standard:${band}`, `travel_green:${band}`] as const);
export const grantRateKeys: readonly string[] = [...dailyRateKeys, ...travelRateKeys];

export interface GrantEstimateInput {
  activityType: ActivityType;
  startDate: string | null;
  endDate: string | null;
  interruptionDays: number;
  travelDays: number;
  isGreenTravel: boolean;
  hostCountry: string | null;
  distanceBand: DistanceBand | null;
}

export type MissingForEstimate = 'dates' | 'country_group' | 'daily_rate' | 'long_stay_rate' | 'travel_rate';

export type GrantEstimate =
  | {
      complete: true;
      countryGroup: CountryGroup;
      participantKind: ParticipantKind;
      fundedDays: number;
      individualSupportCents: number;
      travelCents: number;
      totalCents: number;
    }
  | { complete: false; missing: MissingForEstimate[] };

/**
 * Individual support for the funded days (activity days plus funded travel days, interruptions
 * excluded), at the first-days rate up to day 14 and the long-stay rate after, plus the travel
 * grant of the distance band (the green rate when the participant travels green). Accompanying
 * persons and staff are paid at the staff rates.
 */
export function estimateGrant(input: GrantEstimateInput, rates: GrantRates): GrantEstimate {
  const missing: MissingForEstimate[] = [];
  const activityDays = activityDurationDays(input);
  const countryGroup = countryGroupOf(input.hostCountry);
  if (activityDays === null) missing.push('dates');
  if (!countryGroup) missing.push('country_group');
  const participantKind: ParticipantKind = isLearnerActivity(input.activityType) ? 'learner' : 'staff';
  const fundedDays = (activityDays ?? 0) + fundedTravelDays(input);
  const rateKey = `${participantKind}:${countryGroup ?? '1'}` as const;
  const firstRate = rates.dailyFirstDays[rateKey];
  const longRate = rates.dailyLongStay[rateKey];
  if (countryGroup && firstRate === undefined) missing.push('daily_rate');
  if (countryGroup && fundedDays >= longStayFromDay && longRate === undefined) missing.push('long_stay_rate');
  const travelRates = input.isGreenTravel ? rates.travelGreen : rates.travelStandard;
  // Below 10 km there is no band and no travel grant: that is a zero, not a missing rate.
  const travelCents = input.distanceBand ? travelRates[input.distanceBand] : 0;
  if (travelCents === undefined) missing.push('travel_rate');
  if (missing.length || !countryGroup || travelCents === undefined) return { complete: false, missing };
  const firstDays = Math.min(fundedDays, longStayFromDay - 1);
  const longDays = fundedDays - firstDays;
  const individualSupportCents = firstDays * firstRate! + longDays * (longRate ?? 0);
  return {
    complete: true,
    countryGroup,
    participantKind,
    fundedDays,
    individualSupportCents,
    travelCents,
    totalCents: individualSupportCents + travelCents,
  };
}
