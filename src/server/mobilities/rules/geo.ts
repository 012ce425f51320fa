import type { DistanceBand } from './types.js';

/**
 * Mean Earth radius (IUGG), the value the European Commission's Erasmus+ distance calculator uses,
 * so our great-circle distances match the band the National Agency will check.
 */
export const earthRadiusKm = 6371.0088;

export interface Coordinates {
  latitude: number;
  longitude: number;
}

const degreesToRadians = Math.PI / 180;

/** Great-circle distance in kilometres (haversine formula: stable for short and antipodal distances). */
export function greatCircleDistanceKm(from: Coordinates, to: Coordinates): number {
  const fromLatitude = from.latitude * degreesToRadians;
  const toLatitude = to.latitude * degreesToRadians;
  const halfLatitudeDelta = (toLatitude - fromLatitude) / 2;
  const halfLongitudeDelta = ((to.longitude - from.longitude) * degreesToRadians) / 2;
  const haversine = Math.sin(halfLatitudeDelta) ** 2 + Math.cos(fromLatitude) * Math.cos(toLatitude) * Math.sin(halfLongitudeDelta) ** 2;
  // atan2 rather than asin keeps full precision near antipodes.
  return 2 * earthRadiusKm * Math.atan2(Math.sqrt(haversine), Math.sqrt(Math.max(0, 1 - haversine)));
}

/** Lower edge (km, inclusive) of each band; a band ends where the next one starts. */
export const distanceBandLowerEdgesKm = [
  ['10-99', 10],
  ['100-499', 100],
  ['500-1999', 500],
  ['2000-2999', 2000],
  ['3000-3999', 3000],
  ['4000-7999', 4000],
  ['8000+', 8000],
] as const satisfies readonly (readonly [DistanceBand, number])[];

/**
 * The distance band of a great-circle distance. The calculator's bands are written in whole kilometres
 * ("10–99 km", "100–499 km"…), so a fractional distance belongs to the band of its whole kilometres:
 * 99.9 km is still 10–99 and 100.0 km is 100–499, leaving no gap between bands. Below 10 km there is
 * no travel band (no travel grant).
 */
export function distanceBand(distanceKm: number): DistanceBand | null {
  if (!Number.isFinite(distanceKm)) return null;
  let band: DistanceBand | null = null;
  for (const [candidate, lowerEdgeKm] of distanceBandLowerEdgesKm) {
    if (distanceKm >= lowerEdgeKm) band = candidate;
  }
  return band;
}
