import { createRoute, z } from '@hono/zod-openapi';
import { apiRoutes } from '../api/api.routes.js';
import { stayDurations } from '../db/schema/map.js';
import { directoryTrades } from './map-content.js';
import { directorySnapshot, directoryFilterSchema } from './directory-index.js';

const bboxPattern = /^-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?$/;

const pointPropertiesSchema = z.object({
  kind: z.enum(['host', 'alumnus']),
  slug: z.string(),
  name: z.string(),
  city: z.string(),
  country: z.string(),
});

const clusterPropertiesSchema = z.object({
  cluster: z.literal(true),
  cluster_id: z.number().int(),
  point_count: z.number().int().openapi({ description: 'How many entries the cluster holds' }),
  point_count_abbreviated: z.union([z.string(), z.number()]),
  hosts: z.number().int(),
  alumni: z.number().int(),
  expansion_zoom: z.number().int().openapi({ description: 'The zoom at which the cluster splits' }),
});

const featureCollectionSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.number().int().optional(),
        geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
        properties: z.union([clusterPropertiesSchema, pointPropertiesSchema]),
      }),
    ),
  })
  .openapi('MapFeatureCollection');

const mapQuerySchema = z.object({
  bbox: z.string().regex(bboxPattern).openapi({ description: 'west,south,east,north in degrees (WGS 84)', example: '-10,35,30,60' }),
  zoom: z.coerce.number().int().min(0).max(20).openapi({ example: 4 }),
  q: z.string().max(100).optional(),
  kind: z.enum(['host', 'alumnus']).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  city: z.string().max(80).optional(),
  trade: z.enum(directoryTrades).optional(),
  minors: z.literal('yes').optional(),
  language: z
    .string()
    .regex(/^[a-z]{2}$/)
    .optional(),
  duration: z.enum(stayDurations).optional(),
});

/** Public: the map of hosts and alumni needs no token, and holds no contact detail. */
apiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/v1/map',
    summary: 'Public host organisations and alumni ambassadors in a bounding box, clustered for a zoom level (GeoJSON)',
    tags: ['Map'],
    request: { query: mapQuerySchema },
    responses: {
      200: {
        description: 'Points and clusters; clusters carry point_count',
        content: { 'application/json': { schema: featureCollectionSchema } },
      },
    },
  }),
  async (c) => {
    const { bbox, zoom, ...filters } = c.req.valid('query');
    const [west, south, east, north] = bbox.split(',').map(Number) as [number, number, number, number];
    const snapshot = await directorySnapshot(c.get('deps').db);
    const features = snapshot.clusters(directoryFilterSchema.parse(filters), [west, Math.max(south, -85), east, Math.min(north, 85)], zoom);
    c.header('Cache-Control', 'no-store');
    return c.json({ type: 'FeatureCollection' as const, features: features as z.infer<typeof featureCollectionSchema>['features'] }, 200);
  },
);
