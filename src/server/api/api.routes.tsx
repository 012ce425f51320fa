import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { Layout } from '../../ui/layout.js';
import { pageContext } from '../../ui/page-context.js';
import type { AppEnv } from '../http/context.js';
import { AppError } from '../http/errors.js';
import { render } from '../http/render.js';
import { staffLanguage } from '../http/middleware.js';
import { roles } from '../accounts/roles.js';

/** Every JSON endpoint is declared here with its zod schemas, so the OpenAPI document is generated. */
export const apiRoutes = new OpenAPIHono<AppEnv>();

export const problemSchema = z
  .object({
    code: z.string().openapi({ example: 'not_found' }),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  })
  .openapi('Problem');

export const problemResponses = {
  401: { description: 'No valid token or session', content: { 'application/json': { schema: problemSchema } } },
  404: { description: 'Not found, or not visible to you', content: { 'application/json': { schema: problemSchema } } },
} as const;

const meSchema = z
  .object({
    id: z.uuid(),
    givenName: z.string(),
    familyName: z.string(),
    email: z.string().nullable(),
    preferredLanguage: z.string(),
    roles: z.array(z.enum(roles)),
    memberships: z.array(z.object({ organisationId: z.uuid(), organisationName: z.string(), role: z.string() })),
  })
  .openapi('Me');

apiRoutes.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
  type: 'http',
  scheme: 'bearer',
  description: 'A personal access token created on the account page (psl_…).',
});

apiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/v1/me',
    summary: 'The person the token belongs to, with roles and memberships',
    tags: ['Accounts'],
    security: [{ bearerAuth: [] }],
    responses: {
      200: { description: 'The signed-in person', content: { 'application/json': { schema: meSchema } } },
      401: problemResponses[401],
    },
  }),
  (c) => {
    const viewer = c.get('viewer');
    if (!viewer) throw new AppError('unauthenticated');
    return c.json(
      {
        id: viewer.personId,
        givenName: viewer.givenName,
        familyName: viewer.familyName,
        email: viewer.email,
        preferredLanguage: viewer.preferredLanguage,
        roles: [...viewer.roles],
        memberships: viewer.memberships.map((m) => ({ organisationId: m.organisationId, organisationName: m.organisationName, role: m.role })),
      },
      200,
    );
  },
);

const documentConfig = {
  openapi: '3.1.0',
  info: {
    title: 'Passerelle API',
    version: '1',
    description: 'JSON API of Passerelle. Authenticate with a personal access token: `Authorization: Bearer psl_…`.',
    license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
  },
};

apiRoutes.doc31('/api/openapi.json', documentConfig);

type OperationObject = { summary?: string; tags?: string[]; parameters?: { name: string; in: string; required?: boolean }[]; responses?: Record<string, { description?: string }> };

/** A readable rendering of the OpenAPI document, served by the app itself (no external viewer). */
apiRoutes.get('/api/docs', staffLanguage, (c) => {
  const document = apiRoutes.getOpenAPI31Document(documentConfig);
  const page = pageContext(c);
  const { t } = page;
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, OperationObject>).map(([method, operation]) => ({ path, method, operation })),
  );
  return render(
    c,
    <Layout page={page} title={t('api.title')}>
      <h1>{t('api.title')}</h1>
      <p>{t('api.intro')}</p>
      <p>
        <a href="/api/openapi.json">openapi.json</a> (OpenAPI {document.openapi})
      </p>
      {operations.map(({ path, method, operation }) => (
        <section class="panel" aria-label={`${method.toUpperCase()} ${path}`}>
          <h2>
            <code>
              {method.toUpperCase()} {path}
            </code>
          </h2>
          {operation.summary && <p>{operation.summary}</p>}
          {operation.parameters && operation.parameters.length > 0 && (
            <ul class="plain-list">
              {operation.parameters.map((parameter) => (
                <li>
                  <code>{parameter.name}</code> ({parameter.in}
                  {parameter.required ? ', required' : ''})
                </li>
              ))}
            </ul>
          )}
          <ul class="plain-list">
            {Object.entries(operation.responses ?? {}).map(([status, response]) => (
              <li>
                <code>{status}</code> {response.description}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>,
  );
});
