import Supercluster from 'supercluster';
import { z } from 'zod';
import type { Database } from '../db/client.js';
import { stayDurations, type StayDuration } from '../db/schema/map.js';
import { directoryTrades } from './map-content.js';
import { listHostPoints, listVisibleAlumni, readDirectoryVersion } from './map.repository.js';

/** What the map, the list and the GeoJSON API know of one public entry: no contact detail, ever. */
export type DirectoryPoint = {
  kind: 'host' | 'alumnus';
  slug: string;
  name: string;
  city: string;
  country: string;
  latitude: number;
  longitude: number;
  trades: string[];
  /** Hosts only: alumni accept nobody. */
  acceptsMinors: boolean;
  languages: string[];
  durations: StayDuration[];
  /** Lower-cased, accent-free text the search box matches. */
  searchText: string;
};

export const directoryFilterSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  kind: z.enum(['host', 'alumnus']).optional().catch(undefined),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional()
    .catch(undefined),
  city: z.string().trim().max(80).optional().catch(undefined),
  trade: z.enum(directoryTrades).optional().catch(undefined),
  minors: z.literal('yes').optional().catch(undefined),
  language: z
    .string()
    .regex(/^[a-z]{2}$/)
    .optional()
    .catch(undefined),
  duration: z.enum(stayDurations).optional().catch(undefined),
});
export type DirectoryFilter = z.infer<typeof directoryFilterSchema>;

/** Reads the filters from a query string; an unknown value is ignored rather than refused. */
export function parseDirectoryFilter(query: Record<string, string | undefined>): DirectoryFilter {
  const cleaned = Object.fromEntries(Object.entries(query).map(([name, value]) => [name, value === '' ? undefined : value]));
  return directoryFilterSchema.parse(cleaned);
}

export const foldText = (value: string) =>
  value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

export function matchesFilter(point: DirectoryPoint, filter: DirectoryFilter): boolean {
  if (filter.kind && point.kind !== filter.kind) return false;
  if (filter.country && point.country !== filter.country) return false;
  if (filter.city && foldText(point.city) !== foldText(filter.city)) return false;
  if (filter.trade && !point.trades.includes(filter.trade)) return false;
  // "Accepts minors" is a property of hosts: alumni do not answer it, so they leave the results.
  if (filter.minors && !(point.kind === 'host' && point.acceptsMinors)) return false;
  if (filter.language && !point.languages.includes(filter.language)) return false;
  if (filter.duration && !point.durations.includes(filter.duration)) return false;
  if (
    filter.q &&
    !foldText(filter.q)
      .split(/\s+/)
      .every((word) => point.searchText.includes(word))
  )
    return false;
  return true;
}

/** Same filters, same order in the list and in the query string of the API call the map makes. */
export function filterQuery(filter: DirectoryFilter): Record<string, string | undefined> {
  return {
    q: filter.q,
    kind: filter.kind,
    country: filter.country,
    city: filter.city,
    trade: filter.trade,
    minors: filter.minors,
    language: filter.language,
    duration: filter.duration,
  };
}

const filterKey = (filter: DirectoryFilter) => JSON.stringify(filterQuery(filter));

/** One collator for the whole sort: localeCompare builds one per call, which is slow on 10,000 entries. */
const collator = new Intl.Collator('en', { sensitivity: 'base' });

/** Alumni stays of 13 weeks or more count as long (ErasmusPro starts at 90 days). */
const durationOfWeeks = (weeks: number): StayDuration => (weeks >= 13 ? 'long' : 'short');

export async function loadDirectoryPoints(db: Database): Promise<DirectoryPoint[]> {
  const [hosts, alumni] = await Promise.all([listHostPoints(db), listVisibleAlumni(db)]);
  const hostPoints = hosts.map(({ searchSource, trades, acceptsMinors, ...row }): DirectoryPoint => ({
    kind: 'host',
    ...row,
    trades: trades ?? [],
    acceptsMinors: acceptsMinors ?? false,
    searchText: foldText(searchSource),
  }));
  const alumniPoints = alumni.map((row): DirectoryPoint => ({
    kind: 'alumnus',
    slug: row.slug,
    name: row.displayName,
    city: row.hostCity,
    country: row.hostCountry,
    latitude: row.latitude,
    longitude: row.longitude,
    trades: [row.trade],
    acceptsMinors: false,
    languages: row.languages,
    durations: [durationOfWeeks(row.durationWeeks)],
    searchText: foldText([row.displayName, row.hostCity, row.trade, row.homeCentre, ...Object.values(row.testimonial)].join(' ')),
  }));
  return [...hostPoints, ...alumniPoints].sort(
    (a, b) => collator.compare(a.country, b.country) || collator.compare(a.city, b.city) || collator.compare(a.name, b.name),
  );
}

export type PointProperties = { kind: DirectoryPoint['kind']; slug: string; name: string; city: string; country: string };
export type ClusterProperties = { hosts: number; alumni: number };
type Clusterer = Supercluster<PointProperties, ClusterProperties>;

/** The map's maximum zoom; beyond the clustering's own maximum every point is shown alone. */
export const mapZoom = { min: 3, max: 12 } as const;

function buildClusterer(points: DirectoryPoint[]): Clusterer {
  const clusterer: Clusterer = new Supercluster({
    radius: 60,
    minZoom: 0,
    maxZoom: mapZoom.max - 1,
    map: (properties) => ({ hosts: properties.kind === 'host' ? 1 : 0, alumni: properties.kind === 'alumnus' ? 1 : 0 }),
    reduce: (accumulated, properties) => {
      accumulated.hosts += properties.hosts;
      accumulated.alumni += properties.alumni;
    },
  });
  clusterer.load(
    points.map((point) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [point.longitude, point.latitude] },
      properties: { kind: point.kind, slug: point.slug, name: point.name, city: point.city, country: point.country },
    })),
  );
  return clusterer;
}

/** Filtered indexes kept per snapshot: the map's usual filter combinations stay warm. */
const maximumCachedFilters = 64;

/** One version of the directory in memory, with its clustering indexes built on demand. */
export class DirectorySnapshot {
  private readonly clusterers = new Map<string, Clusterer>();
  private readonly filtered = new Map<string, DirectoryPoint[]>();

  constructor(
    readonly version: number,
    readonly points: DirectoryPoint[],
  ) {}

  search(filter: DirectoryFilter): DirectoryPoint[] {
    const key = filterKey(filter);
    let found = this.filtered.get(key);
    if (!found) {
      found = this.points.filter((point) => matchesFilter(point, filter));
      this.remember(this.filtered, key, found);
    }
    return found;
  }

  clusters(filter: DirectoryFilter, bbox: [number, number, number, number], zoom: number) {
    const key = filterKey(filter);
    let clusterer = this.clusterers.get(key);
    if (!clusterer) {
      clusterer = buildClusterer(this.search(filter));
      this.remember(this.clusterers, key, clusterer);
    }
    return clusterer.getClusters(bbox, zoom).map((feature) => {
      if (!('cluster' in feature.properties)) return feature;
      const expansionZoom = Math.min(clusterer.getClusterExpansionZoom(feature.properties.cluster_id), mapZoom.max);
      return { ...feature, properties: { ...feature.properties, expansion_zoom: expansionZoom } };
    });
  }

  private remember<T>(cache: Map<string, T>, key: string, value: T) {
    if (cache.size >= maximumCachedFilters) cache.delete(cache.keys().next().value!);
    cache.set(key, value);
  }
}

const snapshots = new WeakMap<Database, Promise<DirectorySnapshot>>();

/**
 * The directory as this instance holds it in memory. One cheap query compares the stored version with
 * the snapshot's; any change (by this instance or another) bumps it, and the snapshot is rebuilt.
 */
export async function directorySnapshot(db: Database): Promise<DirectorySnapshot> {
  const version = await readDirectoryVersion(db);
  const cached = snapshots.get(db);
  if (cached) {
    const snapshot = await cached;
    if (snapshot.version === version) return snapshot;
  }
  const building = loadDirectoryPoints(db).then((points) => new DirectorySnapshot(version, points));
  snapshots.set(db, building);
  building.catch(() => snapshots.delete(db));
  return building;
}
