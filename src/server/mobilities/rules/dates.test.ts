import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ageOn, inclusiveDayCount, isoDateFromDayNumber, isoDateFromParts, isoDayNumber } from './dates.js';

describe('calendar dates', () => {
  it('numbers days like Date.UTC and refuses days that do not exist', () => {
    for (const iso of ['1970-01-01', '2000-02-29', '2024-02-29', '2026-12-31', '1900-03-01']) {
      assert.equal(isoDayNumber(iso), Date.parse(`${iso}T00:00:00Z`) / 86_400_000, iso);
      assert.equal(isoDateFromDayNumber(isoDayNumber(iso)!), iso);
    }
    for (const invalid of [
      '2025-02-29',
      '1900-02-29',
      '2025-04-31',
      '2025-13-01',
      '2025-00-10',
      '2025-1-5',
      '05/01/2025',
      '',
      null,
      undefined,
    ]) {
      assert.equal(isoDayNumber(invalid), null, String(invalid));
    }
    assert.equal(isoDateFromParts(2024, 2, 29), '2024-02-29');
    assert.equal(isoDateFromParts(2025, 2, 29), null);
  });

  it('counts both the first and the last day', () => {
    assert.equal(inclusiveDayCount('2026-03-02', '2026-03-02'), 1);
    assert.equal(inclusiveDayCount('2026-03-01', '2026-03-10'), 10);
    assert.equal(inclusiveDayCount('2026-02-01', '2026-03-01'), 29);
    assert.equal(inclusiveDayCount('2026-03-10', '2026-03-01'), -8);
    assert.equal(inclusiveDayCount(null, '2026-03-01'), null);
  });

  it('computes the age on a date, birthdays included', () => {
    assert.equal(ageOn('2008-03-03', '2026-03-02'), 17);
    assert.equal(ageOn('2008-03-03', '2026-03-03'), 18);
    assert.equal(ageOn('2008-02-29', '2026-02-28'), 17);
    assert.equal(ageOn('2008-02-29', '2026-03-01'), 18);
    assert.equal(ageOn('2008-02-31', '2026-03-01'), null);
  });
});
