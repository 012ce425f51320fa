import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Feature, Geometry, Position } from 'geojson';

const require = createRequire(import.meta.url);

/** The part of the world the map shows: Europe from Iceland and the Canaries to the Urals' foot. */
export const basemapBounds = { west: -32, south: 26, east: 46, north: 72 } as const;

/** Three decimals (about 100 m) are finer than the map's maximum zoom needs and halve the file. */
const round = (value: number) => Math.round(value * 1000) / 1000;

function roundRing(ring: Position[]): Position[] {
  const kept: Position[] = [];
  for (const [x, y] of ring) {
    const point = [round(x!), round(y!)];
    const last = kept[kept.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) kept.push(point);
  }
  return kept;
}

const touchesBounds = (polygon: Position[][]) =>
  polygon[0]!.some(
    ([x, y]) => x! >= basemapBounds.west && x! <= basemapBounds.east && y! >= basemapBounds.south && y! <= basemapBounds.north,
  );

function europeanPart(geometry: Geometry): Geometry | null {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  const kept = polygons.filter(touchesBounds).map((polygon) => polygon.map(roundRing).filter((ring) => ring.length >= 4));
  if (kept.length === 0) return null;
  return { type: 'MultiPolygon', coordinates: kept };
}

/**
 * The offline basemap: the world-atlas countries-50m outlines (Natural Earth, public domain) near
 * Europe, as GeoJSON the map draws itself — no tile server, no request to anyone else.
 */
function buildBasemap() {
  const topology = require('world-atlas/countries-50m.json') as Topology;
  const countries = feature(topology, topology.objects['countries'] as GeometryCollection);
  const features: Feature[] = [];
  for (const country of countries.features) {
    const geometry = country.geometry ? europeanPart(country.geometry) : null;
    if (geometry) features.push({ type: 'Feature', id: country.id, properties: {}, geometry });
  }
  const body = Buffer.from(JSON.stringify({ type: 'FeatureCollection', features }));
  return { body, gzipped: gzipSync(body, { level: 9 }) };
}

let basemap: ReturnType<typeof buildBasemap> | undefined;

export function europeBasemap() {
  basemap ??= buildBasemap();
  return basemap;
}
