import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countryGroupOf, estimateGrant, type GrantEstimateInput, type GrantRates } from './grant-estimate.js';

// Rates an organisation could type; the test only needs distinct numbers to follow the arithmetic.
const rates: GrantRates = {
  dailyFirstDays: { 'learner:2': 6_000, 'learner:3': 4_000, 'staff:2': 10_000 },
  dailyLongStay: { 'learner:2': 4_200, 'staff:2': 7_000 },
  travelStandard: { '500-1999': 30_000, '100-499': 20_000 },
  travelGreen: { '500-1999': 41_700 },
};

const mobility: GrantEstimateInput = {
  activityType: 'vet_short_term',
  startDate: '2026-03-02',
  endDate: '2026-03-15',
  interruptionDays: 0,
  travelDays: 2,
  isGreenTravel: false,
  hostCountry: 'DE',
  distanceBand: '500-1999',
};

describe('grant estimate', () => {
  it('places receiving countries in the Programme Guide groups', () => {
    assert.equal(countryGroupOf('fi'), '1');
    assert.equal(countryGroupOf('DE'), '2');
    assert.equal(countryGroupOf('PL'), '3');
    assert.equal(countryGroupOf('US'), null);
  });

  it('pays 14 activity days and 2 travel days, the 15th and 16th at the long-stay rate, plus travel', () => {
    const estimate = estimateGrant(mobility, rates);
    assert.deepEqual(estimate, {
      complete: true,
      countryGroup: '2',
      participantKind: 'learner',
      fundedDays: 16,
      individualSupportCents: 14 * 6_000 + 2 * 4_200,
      travelCents: 30_000,
      totalCents: 14 * 6_000 + 2 * 4_200 + 30_000,
    });
  });

  it('takes the green travel rate and up to 6 travel days when the learner travels green', () => {
    const estimate = estimateGrant({ ...mobility, isGreenTravel: true, travelDays: 7 }, rates);
    assert.ok(estimate.complete);
    assert.equal(estimate.fundedDays, 14 + 6);
    assert.equal(estimate.travelCents, 41_700);
  });

  it('does not fund interruption days and needs no long-stay rate for a short stay', () => {
    const estimate = estimateGrant({ ...mobility, hostCountry: 'PL', endDate: '2026-03-11', interruptionDays: 2, travelDays: 0, distanceBand: '100-499' }, rates);
    assert.ok(estimate.complete);
    assert.equal(estimate.fundedDays, 8);
    assert.equal(estimate.individualSupportCents, 8 * 4_000);
  });

  it('pays accompanying persons at the staff rate', () => {
    const estimate = estimateGrant({ ...mobility, activityType: 'accompanying_person' }, rates);
    assert.ok(estimate.complete);
    assert.equal(estimate.participantKind, 'staff');
    assert.equal(estimate.individualSupportCents, 14 * 10_000 + 2 * 7_000);
  });

  it('gives no travel grant below 10 km, which is not a missing rate', () => {
    const estimate = estimateGrant({ ...mobility, distanceBand: null }, rates);
    assert.ok(estimate.complete);
    assert.equal(estimate.travelCents, 0);
  });

  it('names every rate or fact still missing instead of guessing', () => {
    assert.deepEqual(estimateGrant({ ...mobility, hostCountry: 'PL' }, rates), { complete: false, missing: ['long_stay_rate'] });
    assert.deepEqual(estimateGrant({ ...mobility, hostCountry: 'FI', distanceBand: '2000-2999' }, rates), { complete: false, missing: ['daily_rate', 'long_stay_rate', 'travel_rate'] });
    assert.deepEqual(estimateGrant({ ...mobility, startDate: null, hostCountry: 'US' }, rates), { complete: false, missing: ['dates', 'country_group'] });
  });
});
