/**
 * EU-rule pre-validation of one mobility, run on save and before the Beneficiary-Module export.
 * Pure: the caller gathers the mobility, its project dates, the cities' coordinates and the number of
 * learners an accompanying person is linked to. Errors block the export; warnings do not.
 *
 * Rule ids are stable (the pages, the export report and the tests refer to them): never rename one,
 * add a new id instead.
 */
import { inclusiveDayCount, isoDayNumber } from './dates.js';
import { distanceBand, greatCircleDistanceKm } from './geo.js';
import {
  isGreenTransport,
  isLearnerActivity,
  type ActivityType,
  type DistanceBand,
  type LocalisedText,
  type MobilityForValidation,
  type RuleViolation,
} from './types.js';

export const preValidationRuleIds = [
  'dates.start-required',
  'dates.end-required',
  'dates.end-before-start',
  'dates.outside-project',
  'duration.activity-band',
  'interruption.invalid',
  'travel-days.invalid',
  'travel-days.maximum',
  'travel-days.green-travel-required',
  'green-travel.transport-mismatch',
  'participant.role-exclusive',
  'participant.role-activity-mismatch',
  'participant.birth-date-after-start',
  'accompanying.learner-link',
  'learner.eqf-level-missing',
  'learner.eqf-level-range',
  'learner.isced-field-missing',
  'learner.isced-field-format',
  'learner.qualification-missing',
  'distance.band-missing',
  'distance.unverifiable',
  'distance.band-mismatch',
  'distance.band-near-edge',
  'fewer-opportunities.justification-missing',
  'force-majeure.explanation-missing',
] as const;
export type PreValidationRuleId = (typeof preValidationRuleIds)[number];

export interface DurationBand {
  minimumDays: number;
  maximumDays: number;
}

/**
 * Duration bands of KA1 VET activities, travel days excluded (Erasmus+ Programme Guide 2021–2027,
 * Part B, "Mobility projects for VET learners and staff": short-term learning mobility 10–89 days,
 * long-term ErasmusPro 90–365 days, skills competitions 1–10 days; staff job shadowing 2–60 days,
 * teaching or training assignments 2–365 days, courses and training 2–30 days — summarised by the
 * Greek National Agency, https://iky.gr/en/vocational-education-and-training/ka1-mobility-activities-vocational-education-and-training,
 * checked 2026-11-23). The sources checked give no band of their own for accompanying persons (who
 * stay for all or part of the learners' period) or preparatory visits, so those are not checked here.
 */
export const durationBandsByActivityType = {
  vet_short_term: { minimumDays: 10, maximumDays: 89 },
  erasmus_pro: { minimumDays: 90, maximumDays: 365 },
  skills_competition: { minimumDays: 1, maximumDays: 10 },
  staff_job_shadowing: { minimumDays: 2, maximumDays: 60 },
  staff_teaching: { minimumDays: 2, maximumDays: 365 },
  staff_course: { minimumDays: 2, maximumDays: 30 },
  accompanying_person: null,
  preparatory_visit: null,
} as const satisfies Record<ActivityType, DurationBand | null>;

/** Funded travel days: at most 2, up to 6 when the participant travels green (Programme Guide). */
export const maximumTravelDays = 2;
export const maximumTravelDaysWithGreenTravel = 6;

/** EQF levels of the qualifications VET mobility serves (issue 4, FACTS.md). */
export const minimumVetEqfLevel = 2;
export const maximumVetEqfLevel = 5;

/**
 * The EU calculator uses its own city coordinates, which may sit a few kilometres from ours: a declared
 * band that our distance misses by less than this share is a warning to check, not an error.
 */
export const distanceBandTolerance = 0.02;

/** ISCED-F 2013 detailed field: four digits, e.g. "1041" transport services, "0715" mechanics. */
const iscedFieldPattern = /^\d{4}$/;

const activityTypeLabels = {
  vet_short_term: { fr: 'mobilité courte d’apprenant EFP', en: 'short-term VET learner mobility' },
  erasmus_pro: { fr: 'mobilité longue ErasmusPro', en: 'ErasmusPro long-term mobility' },
  skills_competition: { fr: 'compétition de métiers', en: 'skills competition' },
  staff_job_shadowing: { fr: 'observation en situation de travail (job shadowing)', en: 'job shadowing' },
  staff_teaching: { fr: 'mission d’enseignement ou de formation', en: 'teaching or training assignment' },
  staff_course: { fr: 'cours ou formation', en: 'course or training' },
  accompanying_person: { fr: 'personne accompagnatrice', en: 'accompanying person' },
  preparatory_visit: { fr: 'visite préparatoire', en: 'preparatory visit' },
} as const satisfies Record<ActivityType, LocalisedText>;

export function activityTypeLabel(activityType: ActivityType): LocalisedText {
  return activityTypeLabels[activityType];
}

const severities = {
  'dates.start-required': 'error',
  'dates.end-required': 'error',
  'dates.end-before-start': 'error',
  'dates.outside-project': 'error',
  'duration.activity-band': 'error',
  'interruption.invalid': 'error',
  'travel-days.invalid': 'error',
  'travel-days.maximum': 'error',
  'travel-days.green-travel-required': 'error',
  'green-travel.transport-mismatch': 'warning',
  'participant.role-exclusive': 'error',
  'participant.role-activity-mismatch': 'error',
  'participant.birth-date-after-start': 'error',
  'accompanying.learner-link': 'error',
  'learner.eqf-level-missing': 'error',
  'learner.eqf-level-range': 'error',
  'learner.isced-field-missing': 'error',
  'learner.isced-field-format': 'error',
  'learner.qualification-missing': 'error',
  'distance.band-missing': 'error',
  'distance.unverifiable': 'warning',
  'distance.band-mismatch': 'error',
  'distance.band-near-edge': 'warning',
  'fewer-opportunities.justification-missing': 'error',
  'force-majeure.explanation-missing': 'error',
} as const satisfies Record<PreValidationRuleId, RuleViolation['severity']>;

function violation(
  ruleId: PreValidationRuleId,
  field: RuleViolation['field'],
  message: LocalisedText,
  params: RuleViolation['params'] = {},
): RuleViolation {
  return { ruleId, severity: severities[ruleId], field, message, params };
}

function isBlank(text: string | null | undefined): boolean {
  return text == null || text.trim() === '';
}

/**
 * Days of activity counted against the band: start and end days both count (as in the Beneficiary
 * Module's "Duration (days)"), interruption days do not, and travel days are never part of it.
 */
export function activityDurationDays(mobility: Pick<MobilityForValidation, 'startDate' | 'endDate' | 'interruptionDays'>): number | null {
  const calendarDays = inclusiveDayCount(mobility.startDate, mobility.endDate);
  if (calendarDays === null || calendarDays < 1) return null;
  const interruptionDays = Number.isInteger(mobility.interruptionDays) && mobility.interruptionDays > 0 ? mobility.interruptionDays : 0;
  return calendarDays - interruptionDays;
}

/** Funded travel days as the BM will count them: capped at 2, or 6 with green travel. */
export function fundedTravelDays(mobility: Pick<MobilityForValidation, 'travelDays' | 'isGreenTravel'>): number {
  const cap = mobility.isGreenTravel ? maximumTravelDaysWithGreenTravel : maximumTravelDays;
  const requested = Number.isInteger(mobility.travelDays) && mobility.travelDays > 0 ? mobility.travelDays : 0;
  return Math.min(requested, cap);
}

/** Great-circle distance between the sending and host cities, or null when a city is unknown. */
export function mobilityDistanceKm(mobility: Pick<MobilityForValidation, 'sendingCity' | 'hostCity'>): number | null {
  if (!mobility.sendingCity || !mobility.hostCity) return null;
  return greatCircleDistanceKm(mobility.sendingCity, mobility.hostCity);
}

export function validateMobility(mobility: MobilityForValidation): RuleViolation[] {
  return [
    ...checkDates(mobility),
    ...checkDuration(mobility),
    ...checkTravelDays(mobility),
    ...checkRole(mobility),
    ...checkLearnerFields(mobility),
    ...checkDistanceBand(mobility),
    ...checkJustifications(mobility),
  ];
}

export function hasBlockingViolation(violations: readonly RuleViolation[]): boolean {
  return violations.some((found) => found.severity === 'error');
}

function checkDates(mobility: MobilityForValidation): RuleViolation[] {
  const found: RuleViolation[] = [];
  const start = isoDayNumber(mobility.startDate);
  const end = isoDayNumber(mobility.endDate);
  if (start === null) {
    found.push(
      violation('dates.start-required', 'startDate', {
        fr: 'Indiquez une date de début valide.',
        en: 'Enter a valid start date.',
      }),
    );
  }
  if (end === null) {
    found.push(
      violation('dates.end-required', 'endDate', {
        fr: 'Indiquez une date de fin valide.',
        en: 'Enter a valid end date.',
      }),
    );
  }
  if (start !== null && end !== null && end < start) {
    found.push(
      violation(
        'dates.end-before-start',
        'endDate',
        { fr: 'La date de fin doit être le jour de début ou après.', en: 'The end date must be on or after the start date.' },
        { startDate: mobility.startDate!, endDate: mobility.endDate! },
      ),
    );
  }
  const projectStart = isoDayNumber(mobility.projectStartDate);
  const projectEnd = isoDayNumber(mobility.projectEndDate);
  if (start !== null && projectStart !== null && start < projectStart) {
    found.push(
      violation(
        'dates.outside-project',
        'startDate',
        {
          fr: `La mobilité commence avant le début du projet (${mobility.projectStartDate}).`,
          en: `The mobility starts before the project starts (${mobility.projectStartDate}).`,
        },
        { projectStartDate: mobility.projectStartDate! },
      ),
    );
  }
  if (end !== null && projectEnd !== null && end > projectEnd) {
    found.push(
      violation(
        'dates.outside-project',
        'endDate',
        {
          fr: `La mobilité se termine après la fin du projet (${mobility.projectEndDate}).`,
          en: `The mobility ends after the project ends (${mobility.projectEndDate}).`,
        },
        { projectEndDate: mobility.projectEndDate! },
      ),
    );
  }
  return found;
}

function checkDuration(mobility: MobilityForValidation): RuleViolation[] {
  const calendarDays = inclusiveDayCount(mobility.startDate, mobility.endDate);
  if (calendarDays === null || calendarDays < 1) return [];
  const { interruptionDays } = mobility;
  if (!Number.isInteger(interruptionDays) || interruptionDays < 0 || interruptionDays >= calendarDays) {
    return [
      violation(
        'interruption.invalid',
        'interruptionDays',
        {
          fr: `Les jours d’interruption doivent être un nombre entier entre 0 et ${calendarDays - 1}.`,
          en: `Interruption days must be a whole number from 0 to ${calendarDays - 1}.`,
        },
        { interruptionDays, calendarDays },
      ),
    ];
  }
  const band = durationBandsByActivityType[mobility.activityType];
  const days = calendarDays - interruptionDays;
  if (!band) return [];
  // The Beneficiary Module waives the minimum duration for a mobility cut short by force majeure.
  const isTooShort = days < band.minimumDays && !mobility.isForceMajeure;
  if (!isTooShort && days <= band.maximumDays) return [];
  const label = activityTypeLabels[mobility.activityType];
  return [
    violation(
      'duration.activity-band',
      'endDate',
      {
        fr: `Durée admise pour une ${label.fr} : ${band.minimumDays} à ${band.maximumDays} jours ; celle-ci compte ${days} jours (jours de début et de fin inclus, interruption et voyage exclus).`,
        en: `A ${label.en} must last ${band.minimumDays} to ${band.maximumDays} days; this one lasts ${days} days (start and end days included, interruption and travel excluded).`,
      },
      { days, minimumDays: band.minimumDays, maximumDays: band.maximumDays },
    ),
  ];
}

function checkTravelDays(mobility: MobilityForValidation): RuleViolation[] {
  const { travelDays, isGreenTravel } = mobility;
  const found: RuleViolation[] = [];
  if (!Number.isInteger(travelDays) || travelDays < 0) {
    found.push(
      violation(
        'travel-days.invalid',
        'travelDays',
        {
          fr: 'Les jours de voyage doivent être un nombre entier positif ou nul.',
          en: 'Travel days must be a whole number, zero or more.',
        },
        { travelDays },
      ),
    );
  } else if (travelDays > maximumTravelDaysWithGreenTravel) {
    found.push(
      violation(
        'travel-days.maximum',
        'travelDays',
        {
          fr: `Au plus ${maximumTravelDaysWithGreenTravel} jours de voyage sont financés, même en voyage vert ; ${travelDays} demandés.`,
          en: `At most ${maximumTravelDaysWithGreenTravel} travel days are funded, even with green travel; ${travelDays} requested.`,
        },
        { travelDays, maximumTravelDays: maximumTravelDaysWithGreenTravel },
      ),
    );
  } else if (travelDays > maximumTravelDays && !isGreenTravel) {
    found.push(
      violation(
        'travel-days.green-travel-required',
        'travelDays',
        {
          fr: `Sans voyage vert, au plus ${maximumTravelDays} jours de voyage sont financés ; ${travelDays} demandés. Jusqu’à ${maximumTravelDaysWithGreenTravel} avec le train, le bus ou le covoiturage.`,
          en: `Without green travel at most ${maximumTravelDays} travel days are funded; ${travelDays} requested. Up to ${maximumTravelDaysWithGreenTravel} by train, bus or car-sharing.`,
        },
        { travelDays, maximumTravelDays },
      ),
    );
  }
  if (isGreenTravel && mobility.mainTransport !== null && !isGreenTransport(mobility.mainTransport)) {
    found.push(
      violation(
        'green-travel.transport-mismatch',
        'mainTransport',
        {
          fr: 'Voyage vert déclaré, mais le moyen de transport principal n’est ni le train, ni le bus, ni le covoiturage.',
          en: 'Green travel is declared but the main means of transport is not train, bus or car-sharing.',
        },
        { mainTransport: mobility.mainTransport },
      ),
    );
  }
  return found;
}

function checkRole(mobility: MobilityForValidation): RuleViolation[] {
  const found: RuleViolation[] = [];
  if (mobility.isParticipant === mobility.isAccompanyingPerson) {
    found.push(
      violation('participant.role-exclusive', 'isAccompanyingPerson', {
        fr: 'Chaque ligne est soit un participant, soit une personne accompagnatrice, jamais les deux.',
        en: 'Each row is either a participant or an accompanying person, never both.',
      }),
    );
  } else if ((mobility.activityType === 'accompanying_person') !== mobility.isAccompanyingPerson) {
    found.push(
      violation(
        'participant.role-activity-mismatch',
        'activityType',
        {
          fr: 'Le type d’activité « personne accompagnatrice » et le statut d’accompagnateur doivent concorder.',
          en: 'The “accompanying person” activity type and the accompanying-person flag must agree.',
        },
        { activityType: mobility.activityType },
      ),
    );
  }
  if (mobility.isAccompanyingPerson && mobility.accompaniedLearnerCount < 1) {
    found.push(
      violation('accompanying.learner-link', 'accompaniedLearnerCount', {
        fr: 'Une personne accompagnatrice doit être liée à au moins un apprenant qu’elle accompagne.',
        en: 'An accompanying person must be linked to at least one learner they accompany.',
      }),
    );
  }
  const birth = isoDayNumber(mobility.participantBirthDate);
  const start = isoDayNumber(mobility.startDate);
  if (birth !== null && start !== null && birth >= start) {
    found.push(
      violation('participant.birth-date-after-start', 'participantBirthDate', {
        fr: 'La date de naissance doit précéder le début de la mobilité.',
        en: 'The birth date must be before the start of the mobility.',
      }),
    );
  }
  return found;
}

function checkLearnerFields(mobility: MobilityForValidation): RuleViolation[] {
  if (!isLearnerActivity(mobility.activityType) || !mobility.isParticipant) return [];
  const found: RuleViolation[] = [];
  const { eqfLevel, iscedField } = mobility;
  if (eqfLevel === null) {
    found.push(
      violation('learner.eqf-level-missing', 'eqfLevel', {
        fr: 'Indiquez le niveau CEC (EQF) de la qualification préparée.',
        en: 'Enter the EQF level of the qualification prepared.',
      }),
    );
  } else if (!Number.isInteger(eqfLevel) || eqfLevel < minimumVetEqfLevel || eqfLevel > maximumVetEqfLevel) {
    found.push(
      violation(
        'learner.eqf-level-range',
        'eqfLevel',
        {
          fr: `Le niveau CEC (EQF) d’un apprenant EFP va de ${minimumVetEqfLevel} à ${maximumVetEqfLevel} ; ${eqfLevel} indiqué.`,
          en: `A VET learner’s EQF level is ${minimumVetEqfLevel} to ${maximumVetEqfLevel}; ${eqfLevel} given.`,
        },
        { eqfLevel, minimumEqfLevel: minimumVetEqfLevel, maximumEqfLevel: maximumVetEqfLevel },
      ),
    );
  }
  if (isBlank(iscedField)) {
    found.push(
      violation('learner.isced-field-missing', 'iscedField', {
        fr: 'Indiquez le domaine d’études ISCED-F.',
        en: 'Enter the ISCED-F field of education.',
      }),
    );
  } else if (!iscedFieldPattern.test(iscedField!.trim())) {
    found.push(
      violation(
        'learner.isced-field-format',
        'iscedField',
        {
          fr: 'Le domaine ISCED-F s’écrit avec quatre chiffres, par exemple 1041 (services de transport).',
          en: 'An ISCED-F field is four digits, for example 1041 (transport services).',
        },
        { iscedField: iscedField! },
      ),
    );
  }
  if (isBlank(mobility.qualificationTitle)) {
    found.push(
      violation('learner.qualification-missing', 'qualificationTitle', {
        fr: 'Indiquez la qualification préparée.',
        en: 'Enter the qualification prepared.',
      }),
    );
  }
  return found;
}

function checkDistanceBand(mobility: MobilityForValidation): RuleViolation[] {
  const declared = mobility.declaredDistanceBand;
  const distanceKm = mobilityDistanceKm(mobility);
  if (distanceKm === null) {
    if (declared === null) {
      return [
        violation('distance.band-missing', 'declaredDistanceBand', {
          fr: 'Indiquez la tranche de distance, ou les villes d’envoi et d’accueil pour la calculer.',
          en: 'Enter the distance band, or the sending and host cities to compute it.',
        }),
      ];
    }
    return [
      violation(
        'distance.unverifiable',
        'hostCity',
        {
          fr: 'Tranche de distance non vérifiable : la ville d’envoi ou d’accueil n’a pas de coordonnées.',
          en: 'The distance band cannot be checked: the sending or host city has no coordinates.',
        },
        { declaredDistanceBand: declared },
      ),
    ];
  }
  const computed = distanceBand(distanceKm);
  // An absent declared band is filled in from the coordinates by the export: nothing to report.
  if (declared === null || declared === computed) return [];
  const roundedKm = Math.round(distanceKm);
  const params: Record<string, string | number> = {
    distanceKm: roundedKm,
    declaredDistanceBand: declared,
    computedDistanceBand: computed ?? '',
  };
  const computedText: LocalisedText = computed
    ? { fr: `tranche ${bandText(computed)}`, en: `band ${bandText(computed)}` }
    : { fr: 'aucune tranche (moins de 10 km)', en: 'no band (under 10 km)' };
  if (isBandWithinTolerance(declared, distanceKm)) {
    return [
      violation(
        'distance.band-near-edge',
        'declaredDistanceBand',
        {
          fr: `Tranche déclarée ${bandText(declared)}, mais ${roundedKm} km entre les villes donnent ${computedText.fr} : vérifiez avec le calculateur de distance de l’UE.`,
          en: `Declared band ${bandText(declared)}, but the cities are ${roundedKm} km apart, giving ${computedText.en}: check with the EU distance calculator.`,
        },
        params,
      ),
    ];
  }
  return [
    violation(
      'distance.band-mismatch',
      'declaredDistanceBand',
      {
        fr: `Tranche déclarée ${bandText(declared)}, mais ${roundedKm} km entre les villes donnent ${computedText.fr}.`,
        en: `Declared band ${bandText(declared)}, but the cities are ${roundedKm} km apart, giving ${computedText.en}.`,
      },
      params,
    ),
  ];
}

function bandText(band: DistanceBand): string {
  return band === '8000+' ? '8000 km+' : `${band} km`;
}

function isBandWithinTolerance(declared: DistanceBand, distanceKm: number): boolean {
  return (
    distanceBand(distanceKm * (1 - distanceBandTolerance)) === declared ||
    distanceBand(distanceKm * (1 + distanceBandTolerance)) === declared
  );
}

function checkJustifications(mobility: MobilityForValidation): RuleViolation[] {
  const found: RuleViolation[] = [];
  if (mobility.hasFewerOpportunities && isBlank(mobility.fewerOpportunitiesJustification)) {
    found.push(
      violation('fewer-opportunities.justification-missing', 'fewerOpportunitiesJustification', {
        fr: 'Un participant avec moins d’opportunités doit avoir une justification (sans donnée sensible).',
        en: 'A participant with fewer opportunities needs a justification (without sensitive data).',
      }),
    );
  }
  if (mobility.isForceMajeure && isBlank(mobility.forceMajeureExplanation)) {
    found.push(
      violation('force-majeure.explanation-missing', 'forceMajeureExplanation', {
        fr: 'Expliquez le cas de force majeure.',
        en: 'Explain the force majeure.',
      }),
    );
  }
  return found;
}
