import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distanceBand, earthRadiusKm, greatCircleDistanceKm } from './geo.js';

/** A point on the equator that many kilometres east of (0, 0): the great circle is the equator itself. */
function pointEastOnEquator(distanceKm: number) {
  return { latitude: 0, longitude: (distanceKm / earthRadiusKm) * (180 / Math.PI) };
}
const origin = { latitude: 0, longitude: 0 };

describe('great-circle distance', () => {
  it('is zero for the same place and symmetric', () => {
    const rouen = { latitude: 49.44313, longitude: 1.09932 };
    const legnica = { latitude: 51.21006, longitude: 16.1619 };
    assert.equal(greatCircleDistanceKm(rouen, rouen), 0);
    assert.equal(greatCircleDistanceKm(rouen, legnica), greatCircleDistanceKm(legnica, rouen));
  });

  it('measures known city pairs as published great-circle distances (within 2 km)', () => {
    const paris = { latitude: 48.85341, longitude: 2.3488 };
    const berlin = { latitude: 52.52437, longitude: 13.41053 };
    const madrid = { latitude: 40.4165, longitude: -3.70256 };
    const helsinki = { latitude: 60.16952, longitude: 24.93545 };
    // GeoNames city-centre coordinates; commonly published distances: 878 km, 1053 km, 1909 km.
    assert.ok(Math.abs(greatCircleDistanceKm(paris, berlin) - 878) < 2, String(greatCircleDistanceKm(paris, berlin)));
    assert.ok(Math.abs(greatCircleDistanceKm(paris, madrid) - 1053) < 2, String(greatCircleDistanceKm(paris, madrid)));
    assert.ok(Math.abs(greatCircleDistanceKm(paris, helsinki) - 1909) < 2, String(greatCircleDistanceKm(paris, helsinki)));
  });

  it('gives half the circumference for antipodes', () => {
    const distance = greatCircleDistanceKm({ latitude: 10, longitude: 20 }, { latitude: -10, longitude: -160 });
    assert.ok(Math.abs(distance - Math.PI * earthRadiusKm) < 1e-3); // within a metre
  });

  it('uses the mean Earth radius: one degree of longitude on the equator is 111.195 km', () => {
    assert.ok(Math.abs(greatCircleDistanceKm(origin, { latitude: 0, longitude: 1 }) - 111.1951) < 1e-3);
    assert.ok(Math.abs(greatCircleDistanceKm(origin, pointEastOnEquator(2500)) - 2500) < 1e-6);
  });
});

describe('distance bands', () => {
  const cases: [number, string | null][] = [
    [0, null],
    [9.99, null],
    [10, '10-99'],
    [99, '10-99'],
    [99.99, '10-99'],
    [100, '100-499'],
    [499, '100-499'],
    [499.5, '100-499'],
    [500, '500-1999'],
    [1999, '500-1999'],
    [2000, '2000-2999'],
    [2999, '2000-2999'],
    [3000, '3000-3999'],
    [3999, '3000-3999'],
    [4000, '4000-7999'],
    [7999, '4000-7999'],
    [7999.99, '4000-7999'],
    [8000, '8000+'],
    [19000, '8000+'],
  ];
  for (const [distanceKm, expected] of cases) {
    it(`puts ${distanceKm} km in ${expected ?? 'no band'}`, () => {
      assert.equal(distanceBand(distanceKm), expected);
    });
  }

  it('has no band for a distance that is not a number', () => {
    assert.equal(distanceBand(Number.NaN), null);
    assert.equal(distanceBand(-5), null);
  });

  it('bands real coordinates at the edges (points on the equator)', () => {
    for (const [distanceKm, expected] of [
      [9.999, null],
      [10.001, '10-99'],
      [99.999, '10-99'],
      [100.001, '100-499'],
      [1999.999, '500-1999'],
      [2000.001, '2000-2999'],
      [7999.999, '4000-7999'],
      [8000.001, '8000+'],
    ] as const) {
      assert.equal(distanceBand(greatCircleDistanceKm(origin, pointEastOnEquator(distanceKm))), expected, `${distanceKm} km`);
    }
  });
});
