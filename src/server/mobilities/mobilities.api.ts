import { createRoute, z } from '@hono/zod-openapi';
import { apiRoutes, problemResponses } from '../api/api.routes.js';
import { actorOf } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { mobilityStatuses } from '../db/schema/index.js';
import { activityTypes } from './rules/types.js';
import * as repository from './mobilities.repository.js';
import * as service from './mobilities.service.js';
import * as projects from './projects.service.js';

const projectSchema = z
  .object({ id: z.uuid(), code: z.string(), title: z.string(), keyAction: z.string(), startDate: z.string(), endDate: z.string(), beneficiaryName: z.string(), mobilityCount: z.number().int() })
  .openapi('Project');

const mobilitySummarySchema = z
  .object({
    id: z.uuid(),
    status: z.enum(mobilityStatuses),
    activityType: z.enum(activityTypes),
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    participant: z.object({ givenName: z.string(), familyName: z.string() }),
    isMinor: z.boolean(),
    hasFewerOpportunities: z.boolean(),
    sendingOrganisation: z.string(),
    host: z.object({ name: z.string().nullable(), city: z.string().nullable(), country: z.string().nullable() }),
  })
  .openapi('MobilitySummary');

const mobilityListSchema = z.object({ total: z.number().int(), items: z.array(mobilitySummarySchema) }).openapi('MobilityList');

const violationSchema = z.object({ ruleId: z.string(), severity: z.enum(['error', 'warning']), field: z.string(), message: z.object({ fr: z.string(), en: z.string() }) }).openapi('RuleViolation');

const mobilityDetailSchema = mobilitySummarySchema
  .extend({
    projectId: z.uuid(),
    travelDays: z.number().int(),
    isGreenTravel: z.boolean(),
    distanceBand: z.string().nullable(),
    eqfLevel: z.number().int().nullable(),
    missingForConfirmation: z.array(z.string()),
    preValidation: z.array(violationSchema),
  })
  .openapi('Mobility');

const idParameter = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

apiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/v1/projects',
    summary: 'Grant projects visible to the token’s owner',
    tags: ['Mobilities'],
    security: [{ bearerAuth: [] }],
    responses: { 200: { description: 'Projects', content: { 'application/json': { schema: z.array(projectSchema) } } }, 401: problemResponses[401] },
  }),
  async (c) => {
    if (!c.get('viewer')) throw new AppError('unauthenticated');
    return c.json(await projects.visibleProjects(c.get('deps').db, c.get('viewer')!), 200);
  },
);

apiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/v1/mobilities',
    summary: 'Mobilities visible to the token’s owner, filtered and paged',
    tags: ['Mobilities'],
    security: [{ bearerAuth: [] }],
    request: {
      query: z.object({
        project: z.uuid().optional(),
        status: z.enum(mobilityStatuses).optional(),
        country: z.string().regex(/^[A-Z]{2}$/).optional(),
        activity: z.enum(activityTypes).optional(),
        offset: z.coerce.number().int().min(0).default(0),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
    },
    responses: {
      200: { description: 'A page of mobilities', content: { 'application/json': { schema: mobilityListSchema } } },
      400: { description: 'Invalid filter', content: { 'application/json': { schema: z.object({ code: z.string(), message: z.string() }) } } },
      401: problemResponses[401],
    },
  }),
  async (c) => {
    if (!c.get('viewer')) throw new AppError('unauthenticated');
    const query = c.req.valid('query');
    const rows = await repository.listMobilities(c.get('deps').db, c.get('viewer')!, { projectId: query.project, status: query.status, country: query.country, activityType: query.activity, offset: query.offset, limit: query.limit });
    return c.json(
      {
        total: rows[0]?.total ?? 0,
        items: rows.map((row) => ({
          id: row.id,
          status: row.status,
          activityType: row.activityType as (typeof activityTypes)[number],
          startDate: row.startDate,
          endDate: row.endDate,
          participant: { givenName: row.givenName, familyName: row.familyName },
          isMinor: row.isMinor,
          hasFewerOpportunities: row.hasFewerOpportunities,
          sendingOrganisation: row.sendingOrganisationName,
          host: { name: row.hostOrganisationName, city: row.hostCity, country: row.hostCountry },
        })),
      },
      200,
    );
  },
);

apiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/v1/mobilities/{id}',
    summary: 'One mobility with what blocks its confirmation and its EU-rule pre-validation',
    tags: ['Mobilities'],
    security: [{ bearerAuth: [] }],
    request: { params: idParameter },
    responses: { 200: { description: 'The mobility', content: { 'application/json': { schema: mobilityDetailSchema } } }, 401: problemResponses[401], 404: problemResponses[404] },
  }),
  async (c) => {
    if (!c.get('viewer')) throw new AppError('unauthenticated');
    const db = c.get('deps').db;
    const view = await service.mobilityFor(db, actorOf(c), c.req.valid('param').id);
    const first = view.itineraries[0];
    return c.json(
      {
        id: view.mobility.id,
        projectId: view.mobility.projectId,
        status: view.mobility.status,
        activityType: view.mobility.activityType as (typeof activityTypes)[number],
        startDate: view.mobility.startDate,
        endDate: view.mobility.endDate,
        participant: { givenName: view.participant.givenName, familyName: view.participant.familyName },
        isMinor: view.isMinor,
        hasFewerOpportunities: view.mobility.hasFewerOpportunities,
        sendingOrganisation: view.sendingOrganisationName,
        host: { name: first?.hostName ?? null, city: first?.itinerary.city ?? null, country: first?.itinerary.country ?? null },
        travelDays: view.mobility.travelDays,
        isGreenTravel: view.mobility.isGreenTravel,
        distanceBand: view.mobility.distanceBand,
        eqfLevel: view.mobility.eqfLevel,
        missingForConfirmation: view.canManage ? service.missingForConfirmation(view).map((item) => item.key) : [],
        preValidation: view.canManage ? (await service.preValidate(db, view)).map(({ ruleId, severity, field, message }) => ({ ruleId, severity, field, message })) : [],
      },
      200,
    );
  },
);
