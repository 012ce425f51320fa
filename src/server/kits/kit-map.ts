import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { MultiPolygon, Polygon, Position } from 'geojson';

const require = createRequire(import.meta.url);

/**
 * ISO 3166-1 numeric codes (the ids of world-atlas) of the countries where learners go: the EU, the
 * EEA, Switzerland and the United Kingdom. A kit in another country shows its coordinates only.
 */
const isoNumericByAlpha2: Record<string, string> = {
  AT: '040',
  BE: '056',
  BG: '100',
  HR: '191',
  CY: '196',
  CZ: '203',
  DK: '208',
  EE: '233',
  FI: '246',
  FR: '250',
  DE: '276',
  GR: '300',
  HU: '348',
  IE: '372',
  IT: '380',
  LV: '428',
  LT: '440',
  LU: '442',
  MT: '470',
  NL: '528',
  PL: '616',
  PT: '620',
  RO: '642',
  SK: '703',
  SI: '705',
  ES: '724',
  SE: '752',
  IS: '352',
  LI: '438',
  NO: '578',
  CH: '756',
  GB: '826',
};

type CountryShape = { rings: Position[][] };

let topology: Topology | undefined;
const shapes = new Map<string, CountryShape | null>();

/** Polygons far from the city (the Canaries for Valencia, the Azores for Porto) would shrink the map. */
const nearbyDegrees = { longitude: 12, latitude: 8 };

function countryShape(countryCode: string, latitude: number, longitude: number): CountryShape | null {
  const key = `${countryCode}:${Math.round(latitude)}:${Math.round(longitude)}`;
  if (shapes.has(key)) return shapes.get(key)!;
  const id = isoNumericByAlpha2[countryCode];
  topology ??= require('world-atlas/countries-50m.json') as Topology;
  const countries = feature(topology, topology.objects['countries'] as GeometryCollection);
  const found = id ? countries.features.find((candidate) => candidate.id === id) : undefined;
  let shape: CountryShape | null = null;
  if (found && (found.geometry.type === 'Polygon' || found.geometry.type === 'MultiPolygon')) {
    const polygons =
      found.geometry.type === 'Polygon' ? [(found.geometry as Polygon).coordinates] : (found.geometry as MultiPolygon).coordinates;
    const near = polygons.filter((polygon) =>
      polygon[0]!.some(
        ([x, y]) => Math.abs(x! - longitude) <= nearbyDegrees.longitude && Math.abs(y! - latitude) <= nearbyDegrees.latitude,
      ),
    );
    shape = { rings: near.flat() };
  }
  shapes.set(key, shape);
  return shape;
}

export type KitMap = { viewBox: string; path: string; point: { x: number; y: number }; width: number; height: number };

/**
 * A small outline of the country with the city as a point, drawn on the server (no map tiles, works
 * offline). Equirectangular, with longitudes shrunk by cos(latitude) so shapes keep their proportions.
 */
export function kitMap(countryCode: string, latitude: number, longitude: number, width = 320): KitMap | null {
  const shape = countryShape(countryCode, latitude, longitude);
  if (!shape || shape.rings.length === 0) return null;
  const squeeze = Math.cos((latitude * Math.PI) / 180);
  const points = shape.rings.flat();
  const xs = points.map(([x]) => x! * squeeze);
  const ys = points.map(([, y]) => -y!);
  const minX = Math.min(...xs, longitude * squeeze);
  const maxX = Math.max(...xs, longitude * squeeze);
  const minY = Math.min(...ys, -latitude);
  const maxY = Math.max(...ys, -latitude);
  const margin = 0.04 * Math.max(maxX - minX, maxY - minY);
  const spanX = maxX - minX + 2 * margin;
  const spanY = maxY - minY + 2 * margin;
  const scale = width / spanX;
  const height = Math.round(spanY * scale);
  const project = (x: number, y: number) => [((x * squeeze - minX + margin) * scale).toFixed(1), ((-y - minY + margin) * scale).toFixed(1)];
  // Points closer than a pixel to the previous one add bytes, not shape.
  const path = shape.rings
    .map((ring) => {
      const kept: string[] = [];
      let last: [number, number] = [Number.NaN, Number.NaN];
      for (const [x, y] of ring) {
        const [px, py] = project(x!, y!).map(Number) as [number, number];
        if (Math.abs(px - last[0]) < 1 && Math.abs(py - last[1]) < 1) continue;
        kept.push(`${Math.round(px)},${Math.round(py)}`);
        last = [px, py];
      }
      return kept.length > 2 ? 'M' + kept.join('L') + 'Z' : '';
    })
    .join('');
  const [pointX, pointY] = project(longitude, latitude).map(Number) as [number, number];
  return { viewBox: `0 0 ${width} ${height}`, path, point: { x: pointX, y: pointY }, width, height };
}
