import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isoDateFromDayNumber, isoDayNumber } from './dates.js';
import { earthRadiusKm } from './geo.js';
import {
  activityDurationDays,
  fundedTravelDays,
  hasBlockingViolation,
  preValidationRuleIds,
  validateMobility,
  type PreValidationRuleId,
} from './pre-validation.js';
import type { ActivityType, CityLocation, MobilityForValidation } from './types.js';

const rouen: CityLocation = { name: 'Rouen', countryCode: 'FR', latitude: 49.44313, longitude: 1.09932 };
const legnica: CityLocation = { name: 'Legnica', countryCode: 'PL', latitude: 51.21006, longitude: 16.1619 };

/** A complete short-term VET mobility Rouen → Legnica (≈ 1,060 km) that breaks no rule. */
function mobility(overrides: Partial<MobilityForValidation> = {}): MobilityForValidation {
  return {
    activityType: 'vet_short_term',
    startDate: '2025-03-03',
    endDate: '2025-03-28',
    interruptionDays: 0,
    travelDays: 2,
    mainTransport: 'train',
    isGreenTravel: true,
    isParticipant: true,
    isAccompanyingPerson: false,
    accompaniedLearnerCount: 0,
    eqfLevel: 4,
    iscedField: '1041',
    qualificationTitle: 'Bac pro Conducteur transport routier marchandises',
    sendingCity: rouen,
    hostCity: legnica,
    declaredDistanceBand: '500-1999',
    projectStartDate: '2024-09-01',
    projectEndDate: '2026-08-31',
    hasFewerOpportunities: false,
    fewerOpportunitiesJustification: null,
    isForceMajeure: false,
    forceMajeureExplanation: null,
    participantBirthDate: '2007-05-14',
    ...overrides,
  };
}

/** Start on 2025-03-03 and last `days` calendar days, both ends included. */
function lasting(days: number, overrides: Partial<MobilityForValidation> = {}): MobilityForValidation {
  const start = isoDayNumber('2025-03-03')!;
  return mobility({ startDate: '2025-03-03', endDate: isoDateFromDayNumber(start + days - 1), ...overrides });
}

/** Host city due east of a sending city on the equator, exactly `distanceKm` away. */
function citiesApart(distanceKm: number): Pick<MobilityForValidation, 'sendingCity' | 'hostCity'> {
  return {
    sendingCity: { name: 'A', countryCode: 'FR', latitude: 0, longitude: 0 },
    hostCity: { name: 'B', countryCode: 'PL', latitude: 0, longitude: (distanceKm / earthRadiusKm) * (180 / Math.PI) },
  };
}

function ruleIds(input: MobilityForValidation): string[] {
  return validateMobility(input).map((found) => found.ruleId);
}

describe('a complete mobility', () => {
  it('breaks no rule', () => {
    assert.deepEqual(validateMobility(mobility()), []);
  });
});

describe('duration within the activity type’s band (start and end days both counted)', () => {
  it('counts a mobility starting and ending the same day as one day', () => {
    assert.equal(activityDurationDays({ startDate: '2025-03-03', endDate: '2025-03-03', interruptionDays: 0 }), 1);
    assert.equal(activityDurationDays({ startDate: '2025-03-01', endDate: '2025-03-10', interruptionDays: 0 }), 10);
  });

  const bounds: [ActivityType, number, boolean][] = [
    ['vet_short_term', 9, false],
    ['vet_short_term', 10, true],
    ['vet_short_term', 89, true],
    ['vet_short_term', 90, false],
    ['erasmus_pro', 89, false],
    ['erasmus_pro', 90, true],
    ['erasmus_pro', 365, true],
    ['erasmus_pro', 366, false],
    ['skills_competition', 1, true],
    ['skills_competition', 10, true],
    ['skills_competition', 11, false],
    ['staff_job_shadowing', 1, false],
    ['staff_job_shadowing', 2, true],
    ['staff_job_shadowing', 60, true],
    ['staff_job_shadowing', 61, false],
    ['staff_teaching', 1, false],
    ['staff_teaching', 2, true],
    ['staff_teaching', 365, true],
    ['staff_teaching', 366, false],
    ['staff_course', 1, false],
    ['staff_course', 2, true],
    ['staff_course', 30, true],
    ['staff_course', 31, false],
  ];
  for (const [activityType, days, isAllowed] of bounds) {
    it(`${isAllowed ? 'accepts' : 'refuses'} ${days} days of ${activityType}`, () => {
      const found = validateMobility(lasting(days, { activityType, projectEndDate: '2027-12-31' }));
      const durationFindings = found.filter((finding) => finding.ruleId === 'duration.activity-band');
      assert.equal(durationFindings.length, isAllowed ? 0 : 1);
      if (!isAllowed) {
        assert.equal(durationFindings[0]!.severity, 'error');
        assert.equal(durationFindings[0]!.params.days, days);
        assert.match(durationFindings[0]!.message.en, new RegExp(`lasts ${days} days`));
        assert.match(durationFindings[0]!.message.fr, new RegExp(`compte ${days} jours`));
      }
    });
  }

  it('sets no band for accompanying persons and preparatory visits', () => {
    const accompanying = {
      activityType: 'accompanying_person',
      isParticipant: false,
      isAccompanyingPerson: true,
      accompaniedLearnerCount: 2,
    } as const;
    assert.deepEqual(ruleIds(lasting(1, accompanying)), []);
    assert.deepEqual(ruleIds(lasting(120, accompanying)), []);
    assert.deepEqual(ruleIds(lasting(1, { activityType: 'preparatory_visit' })), []);
  });

  it('leaves interruption days out of the duration', () => {
    // 95 calendar days with a 6-day interruption: 89 days of activity.
    assert.deepEqual(ruleIds(lasting(95, { interruptionDays: 6 })), []);
    assert.deepEqual(ruleIds(lasting(95, { interruptionDays: 5 })), ['duration.activity-band']);
    assert.deepEqual(ruleIds(lasting(95, { activityType: 'erasmus_pro', interruptionDays: 6 })), ['duration.activity-band']);
  });

  it('refuses an interruption that is negative, fractional or as long as the period', () => {
    for (const interruptionDays of [-1, 1.5, 20, 25]) {
      assert.deepEqual(ruleIds(lasting(20, { interruptionDays })), ['interruption.invalid'], String(interruptionDays));
    }
    assert.deepEqual(ruleIds(lasting(20, { interruptionDays: 19, activityType: 'skills_competition' })), []);
  });

  it('waives the minimum but not the maximum for force majeure', () => {
    const forceMajeure = { isForceMajeure: true, forceMajeureExplanation: 'Host company closed after a fire.' };
    assert.deepEqual(ruleIds(lasting(4, forceMajeure)), []);
    assert.deepEqual(ruleIds(lasting(90, forceMajeure)), ['duration.activity-band']);
  });
});

describe('funded travel days: at most 2, up to 6 with green travel', () => {
  const cases: [number, boolean, PreValidationRuleId[]][] = [
    [0, false, []],
    [2, false, []],
    [3, false, ['travel-days.green-travel-required']],
    [2, true, []],
    [3, true, []],
    [6, true, []],
    [7, true, ['travel-days.maximum']],
    [6, false, ['travel-days.green-travel-required']],
    [7, false, ['travel-days.maximum']],
  ];
  for (const [travelDays, isGreenTravel, expected] of cases) {
    it(`${travelDays} travel days ${isGreenTravel ? 'with' : 'without'} green travel → ${expected.join(', ') || 'allowed'}`, () => {
      const mainTransport = isGreenTravel ? 'train' : 'plane';
      assert.deepEqual(ruleIds(mobility({ travelDays, isGreenTravel, mainTransport })), expected);
    });
  }

  it('refuses negative or fractional travel days', () => {
    assert.deepEqual(ruleIds(mobility({ travelDays: -1 })), ['travel-days.invalid']);
    assert.deepEqual(ruleIds(mobility({ travelDays: 1.5 })), ['travel-days.invalid']);
  });

  it('funds travel days up to the cap', () => {
    assert.equal(fundedTravelDays({ travelDays: 4, isGreenTravel: false }), 2);
    assert.equal(fundedTravelDays({ travelDays: 4, isGreenTravel: true }), 4);
    assert.equal(fundedTravelDays({ travelDays: 9, isGreenTravel: true }), 6);
  });

  it('warns, without blocking, when green travel is declared with a plane', () => {
    const found = validateMobility(mobility({ isGreenTravel: true, mainTransport: 'plane' }));
    assert.deepEqual(
      found.map((finding) => [finding.ruleId, finding.severity]),
      [['green-travel.transport-mismatch', 'warning']],
    );
    assert.equal(hasBlockingViolation(found), false);
  });
});

describe('participant or accompanying person', () => {
  it('refuses a row that is both, or neither', () => {
    assert.deepEqual(ruleIds(mobility({ isAccompanyingPerson: true, accompaniedLearnerCount: 1 })), ['participant.role-exclusive']);
    assert.deepEqual(ruleIds(mobility({ isParticipant: false })), ['participant.role-exclusive']);
  });

  it('requires the accompanying-person activity type and flag to agree', () => {
    assert.deepEqual(ruleIds(mobility({ activityType: 'accompanying_person' })), ['participant.role-activity-mismatch']);
  });

  it('requires an accompanying person to be linked to at least one learner', () => {
    const accompanying = { activityType: 'accompanying_person', isParticipant: false, isAccompanyingPerson: true } as const;
    assert.deepEqual(ruleIds(mobility({ ...accompanying, accompaniedLearnerCount: 0 })), ['accompanying.learner-link']);
    assert.deepEqual(ruleIds(mobility({ ...accompanying, accompaniedLearnerCount: 1 })), []);
  });

  it('does not ask an accompanying teacher for a learner’s EQF level or qualification', () => {
    const accompanying = { activityType: 'accompanying_person', isParticipant: false, isAccompanyingPerson: true } as const;
    assert.deepEqual(
      ruleIds(mobility({ ...accompanying, accompaniedLearnerCount: 2, eqfLevel: null, iscedField: null, qualificationTitle: null })),
      [],
    );
  });

  it('refuses a birth date on or after the start', () => {
    assert.deepEqual(ruleIds(mobility({ participantBirthDate: '2025-03-03' })), ['participant.birth-date-after-start']);
    assert.deepEqual(ruleIds(mobility({ participantBirthDate: '2025-03-02' })), []);
  });
});

describe('learner fields: EQF level 2–5, ISCED-F field, qualification', () => {
  for (const [eqfLevel, expected] of [
    [null, ['learner.eqf-level-missing']],
    [1, ['learner.eqf-level-range']],
    [2, []],
    [5, []],
    [6, ['learner.eqf-level-range']],
    [3.5, ['learner.eqf-level-range']],
  ] as const) {
    it(`EQF level ${eqfLevel} → ${expected.join(', ') || 'allowed'}`, () => {
      assert.deepEqual(ruleIds(mobility({ eqfLevel })), expected);
    });
  }

  it('requires a four-digit ISCED-F field and the qualification', () => {
    assert.deepEqual(ruleIds(mobility({ iscedField: null })), ['learner.isced-field-missing']);
    assert.deepEqual(ruleIds(mobility({ iscedField: '  ' })), ['learner.isced-field-missing']);
    assert.deepEqual(ruleIds(mobility({ iscedField: '104' })), ['learner.isced-field-format']);
    assert.deepEqual(ruleIds(mobility({ iscedField: '0715' })), []);
    assert.deepEqual(ruleIds(mobility({ qualificationTitle: '' })), ['learner.qualification-missing']);
  });

  it('does not require them for staff', () => {
    assert.deepEqual(
      ruleIds(lasting(5, { activityType: 'staff_job_shadowing', eqfLevel: null, iscedField: null, qualificationTitle: null })),
      [],
    );
  });
});

describe('dates', () => {
  it('requires valid start and end dates', () => {
    assert.deepEqual(ruleIds(mobility({ startDate: null })), ['dates.start-required']);
    assert.deepEqual(ruleIds(mobility({ endDate: '2025-02-30' })), ['dates.end-required']);
    assert.deepEqual(ruleIds(mobility({ startDate: '03/03/2025' })), ['dates.start-required']);
  });

  it('refuses an end before the start', () => {
    assert.deepEqual(ruleIds(mobility({ startDate: '2025-03-28', endDate: '2025-03-03' })), ['dates.end-before-start']);
  });

  it('keeps the mobility inside the project, edges included', () => {
    assert.deepEqual(ruleIds(lasting(20, { projectStartDate: '2025-03-03' })), []);
    assert.deepEqual(ruleIds(lasting(20, { projectStartDate: '2025-03-04' })), ['dates.outside-project']);
    assert.deepEqual(ruleIds(lasting(20, { projectEndDate: '2025-03-22' })), []);
    const found = validateMobility(lasting(20, { projectEndDate: '2025-03-21' }));
    assert.deepEqual(
      found.map((finding) => [finding.ruleId, finding.field]),
      [['dates.outside-project', 'endDate']],
    );
  });
});

describe('distance band consistent with the cities', () => {
  const edges: [number, MobilityForValidation['declaredDistanceBand']][] = [
    [10, '10-99'],
    [99.9, '10-99'],
    [100, '100-499'],
    [499.9, '100-499'],
    [500, '500-1999'],
    [1999.9, '500-1999'],
    [2000, '2000-2999'],
    [2999.9, '2000-2999'],
    [3000, '3000-3999'],
    [3999.9, '3000-3999'],
    [4000, '4000-7999'],
    [7999.9, '4000-7999'],
    [8000.1, '8000+'],
  ];
  for (const [distanceKm, band] of edges) {
    it(`accepts ${band} for ${distanceKm} km`, () => {
      assert.deepEqual(ruleIds(mobility({ ...citiesApart(distanceKm), declaredDistanceBand: band })), []);
    });
  }

  it('warns when the declared band is the neighbour across a nearby edge (city coordinates differ)', () => {
    const found = validateMobility(mobility({ ...citiesApart(2010), declaredDistanceBand: '500-1999' }));
    assert.deepEqual(
      found.map((finding) => [finding.ruleId, finding.severity]),
      [['distance.band-near-edge', 'warning']],
    );
    assert.equal(found[0]!.params.computedDistanceBand, '2000-2999');
    assert.equal(found[0]!.params.distanceKm, 2010);
  });

  it('refuses a band far from the computed distance', () => {
    assert.deepEqual(ruleIds(mobility({ ...citiesApart(2100), declaredDistanceBand: '500-1999' })), ['distance.band-mismatch']);
    assert.deepEqual(ruleIds(mobility({ declaredDistanceBand: '100-499' })), ['distance.band-mismatch']);
    assert.deepEqual(ruleIds(mobility({ ...citiesApart(9), declaredDistanceBand: '10-99' })), ['distance.band-mismatch']);
  });

  it('computes the band when none is declared, and asks for one when it cannot', () => {
    assert.deepEqual(ruleIds(mobility({ declaredDistanceBand: null })), []);
    assert.deepEqual(ruleIds(mobility({ declaredDistanceBand: null, hostCity: null })), ['distance.band-missing']);
    const found = validateMobility(mobility({ sendingCity: null }));
    assert.deepEqual(
      found.map((finding) => [finding.ruleId, finding.severity]),
      [['distance.unverifiable', 'warning']],
    );
  });
});

describe('justifications', () => {
  it('asks a participant with fewer opportunities for a justification', () => {
    assert.deepEqual(ruleIds(mobility({ hasFewerOpportunities: true, fewerOpportunitiesJustification: ' ' })), [
      'fewer-opportunities.justification-missing',
    ]);
    assert.deepEqual(ruleIds(mobility({ hasFewerOpportunities: true, fewerOpportunitiesJustification: 'Zone rurale isolée (ZRR)' })), []);
  });

  it('asks for an explanation of force majeure', () => {
    assert.deepEqual(ruleIds(mobility({ isForceMajeure: true })), ['force-majeure.explanation-missing']);
  });
});

describe('every rule', () => {
  const oneBreachEach: Record<PreValidationRuleId, Partial<MobilityForValidation>> = {
    'dates.start-required': { startDate: null },
    'dates.end-required': { endDate: null },
    'dates.end-before-start': { endDate: '2025-03-01' },
    'dates.outside-project': { projectEndDate: '2025-03-10' },
    'duration.activity-band': { endDate: '2025-03-05' },
    'interruption.invalid': { interruptionDays: -2 },
    'travel-days.invalid': { travelDays: -2 },
    'travel-days.maximum': { travelDays: 8 },
    'travel-days.green-travel-required': { travelDays: 4, isGreenTravel: false },
    'green-travel.transport-mismatch': { mainTransport: 'car' },
    'participant.role-exclusive': { isParticipant: false },
    'participant.role-activity-mismatch': { activityType: 'accompanying_person' },
    'participant.birth-date-after-start': { participantBirthDate: '2026-01-01' },
    'accompanying.learner-link': { activityType: 'accompanying_person', isParticipant: false, isAccompanyingPerson: true },
    'learner.eqf-level-missing': { eqfLevel: null },
    'learner.eqf-level-range': { eqfLevel: 7 },
    'learner.isced-field-missing': { iscedField: null },
    'learner.isced-field-format': { iscedField: 'transport' },
    'learner.qualification-missing': { qualificationTitle: null },
    'distance.band-missing': { sendingCity: null, declaredDistanceBand: null },
    'distance.unverifiable': { hostCity: null },
    'distance.band-mismatch': { declaredDistanceBand: '8000+' },
    'distance.band-near-edge': { ...citiesApart(505), declaredDistanceBand: '100-499' },
    'fewer-opportunities.justification-missing': { hasFewerOpportunities: true },
    'force-majeure.explanation-missing': { isForceMajeure: true },
  };

  it('is covered by a breach here', () => {
    assert.deepEqual(Object.keys(oneBreachEach).sort(), [...preValidationRuleIds].sort());
  });

  for (const ruleId of preValidationRuleIds) {
    it(`${ruleId}: fires with a message in French and English`, () => {
      const found = validateMobility(mobility(oneBreachEach[ruleId])).find((finding) => finding.ruleId === ruleId);
      assert.ok(found, `${ruleId} did not fire`);
      assert.ok(found.message.fr.length > 10 && found.message.en.length > 10);
      assert.notEqual(found.message.fr, found.message.en);
      assert.ok(['error', 'warning'].includes(found.severity));
    });
  }
});

describe('speed', () => {
  it('validates 10,000 mobilities (time printed, not asserted)', () => {
    const mobilities = Array.from({ length: 10_000 }, (_, index) => lasting(10 + (index % 80), { travelDays: index % 8 }));
    const started = performance.now();
    let findings = 0;
    for (const each of mobilities) findings += validateMobility(each).length;
    const elapsed = performance.now() - started;
    console.log(`validateMobility × 10,000: ${elapsed.toFixed(1)} ms (${findings} findings)`);
    assert.ok(findings > 0);
  });
});
