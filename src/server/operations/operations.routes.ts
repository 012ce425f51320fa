import { Hono } from 'hono';
import type { AppEnv } from '../http/context.js';

export const operationsRoutes = new Hono<AppEnv>();

operationsRoutes.get('/healthz', (c) => c.json({ status: 'ok' }));

operationsRoutes.get('/readyz', async (c) => {
  try {
    await c.get('deps').pingDatabase();
    return c.json({ status: 'ready', database: c.get('deps').databaseKind });
  } catch (error) {
    c.get('logger').error({ err: error }, 'readiness check failed');
    return c.json({ status: 'unavailable' }, 503);
  }
});
