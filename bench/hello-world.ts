import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/** The baseline every benchmark is compared with: a bare Hono app on the same machine, in the same run. */
const app = new Hono();
app.get('/', (c) => c.text('Hello world'));
const port = Number(process.env['PORT'] ?? 3901);
serve({ fetch: app.fetch, port }, () => console.log(`hello-world on ${port}`));
