import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from './http/errors.js';
import type { AppDependencies, AppEnv } from './http/context.js';
import { csrfProtection, securityHeaders, withApiToken, withDependencies, withLanguage, withSession } from './http/middleware.js';
import { handleError } from './http/error-pages.js';
import { accountRoutes } from './accounts/account.routes.js';
import { authRoutes } from './accounts/auth.routes.js';
import { redirectToSetup, setupRoutes } from './accounts/setup.routes.js';
import { organisationRoutes } from './organisations/organisations.routes.js';
import { invitationRoutes } from './organisations/invitations.routes.js';
import { groupRoutes } from './organisations/groups.routes.js';
import { dashboardRoutes } from './dashboard/dashboard.routes.js';
import { devMailRoutes } from './mail/dev-mail.routes.js';
import { operationsRoutes } from './operations/operations.routes.js';
import { apiRoutes } from './api/api.routes.js';
import { learningRoutes } from './learning/learning.routes.js';
import { mobilityRoutes } from './mobilities/mobilities.routes.js';
import { projectRoutes } from './mobilities/projects.routes.js';
import { employerRoutes, offerRoutes } from './mobilities/offers.routes.js';
import { importExportRoutes } from './mobilities/import-export.routes.js';
import { hostRoutes } from './mobilities/host-profiles.routes.js';
import { grantRateRoutes } from './mobilities/grant-rates.routes.js';
import { safetyCardRoutes } from './mobilities/safety-card.routes.js';
// Declares the mobility endpoints on apiRoutes (and so in the OpenAPI document).
import './mobilities/mobilities.api.js';
import { kitRoutes } from './kits/kits.routes.js';
import { timelineRoutes } from './timeline/timeline.routes.js';
import { callRoutes } from './network/calls.routes.js';
import { workingGroupRoutes } from './network/working-groups.routes.js';
import { meetingRoutes } from './network/meetings.routes.js';
import { mapRoutes } from './map/map.routes.js';
// Declares the public map endpoint on apiRoutes (and so in the OpenAPI document).
import './map/map.api.js';
import { agreementRoutes, qualificationRoutes, signingRoutes } from './agreements/index.js';
import { incidentRoutes } from './incidents/incidents.routes.js';
import { resourceRoutes } from './resources/resources.routes.js';
import { selfAssessmentRoutes } from './learning/self-assessment.routes.js';

const clientDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'client');
const require = createRequire(import.meta.url);

/** Static assets are read once at start and served from memory with a content type and cache policy. */
const staticAssets = new Map<string, { body: Buffer; type: string }>([
  ['/static/app.css', { body: readFileSync(path.join(clientDirectory, 'app.css')), type: 'text/css; charset=utf-8' }],
  ['/static/favicon.svg', { body: readFileSync(path.join(clientDirectory, 'favicon.svg')), type: 'image/svg+xml' }],
  ['/static/htmx.min.js', { body: readFileSync(require.resolve('htmx.org/dist/htmx.min.js')), type: 'text/javascript; charset=utf-8' }],
  ['/static/offline.js', { body: readFileSync(path.join(clientDirectory, 'offline.js')), type: 'text/javascript; charset=utf-8' }],
  ['/static/leaflet.js', { body: readFileSync(require.resolve('leaflet/dist/leaflet.js')), type: 'text/javascript; charset=utf-8' }],
  ['/static/leaflet.css', { body: readFileSync(require.resolve('leaflet/dist/leaflet.css')), type: 'text/css; charset=utf-8' }],
  ['/static/map.js', { body: readFileSync(path.join(clientDirectory, 'map.js')), type: 'text/javascript; charset=utf-8' }],
  ['/static/kits.css', { body: readFileSync(path.join(clientDirectory, 'kits.css')), type: 'text/css; charset=utf-8' }],
]);

export const maximumBodyBytes = 2 * 1024 * 1024;

export function createApp(deps: AppDependencies) {
  const app = new Hono<AppEnv>();
  app.onError(handleError);
  app.notFound(() => {
    throw new AppError('not_found');
  });

  app.use('*', withDependencies(deps));
  app.use('*', securityHeaders);
  app.get('/static/*', (c) => {
    const asset = staticAssets.get(c.req.path);
    if (!asset) throw new AppError('not_found');
    return c.body(new Uint8Array(asset.body), 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=3600' });
  });
  app.route('/', operationsRoutes);
  app.use(
    '*',
    bodyLimit({
      maxSize: maximumBodyBytes,
      onError: () => {
        throw new AppError('payload_too_large');
      },
    }),
  );
  app.use('/api/*', withApiToken);
  app.use('*', async (c, next) => (c.get('apiPersonId') ? next() : withSession(c, next)));
  app.use('*', withLanguage);
  app.use('*', csrfProtection);
  app.use('*', redirectToSetup);

  app.route('/', setupRoutes);
  app.route('/', authRoutes);
  app.route('/', invitationRoutes);
  app.route('/', accountRoutes);
  app.route('/', dashboardRoutes);
  app.route('/', organisationRoutes);
  app.route('/', groupRoutes);
  app.route('/', mobilityRoutes);
  app.route('/', importExportRoutes);
  app.route('/', hostRoutes);
  app.route('/', grantRateRoutes);
  app.route('/', safetyCardRoutes);
  app.route('/', projectRoutes);
  app.route('/', offerRoutes);
  app.route('/', employerRoutes);
  app.route('/', kitRoutes);
  app.route('/', timelineRoutes);
  app.route('/', callRoutes);
  app.route('/', workingGroupRoutes);
  app.route('/', meetingRoutes);
  app.route('/', mapRoutes);
  app.route('/', incidentRoutes);
  app.route('/', resourceRoutes);
  app.route('/', qualificationRoutes).route('/', agreementRoutes).route('/', signingRoutes); // before learningRoutes: /verify/:code falls through to certificates
  app.route('/', learningRoutes);
  app.route('/', selfAssessmentRoutes);
  app.route('/', apiRoutes);
  if (deps.config.environment !== 'production') app.route('/', devMailRoutes);
  return app;
}
