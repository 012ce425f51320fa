import path from 'node:path';
import { eq } from 'drizzle-orm';
import { openConfiguredDatabase } from '../src/server/runtime.js';
import { loadConfig } from '../src/server/config.js';
import { seedLarge, benchmarkAdminEmail, benchmarkCoachEmail, largeSeedPassword } from '../src/server/db/seed/large.js';
import { timeImportAndExport } from './mobilities.js';
import { memberships, people } from '../src/server/db/schema/index.js';
import { measure, report, signIn, startProcess, waitForUrl } from './harness.js';

/**
 * `npm run bench`: the app on the large dataset (PostgreSQL when DATABASE_URL is set, else PGlite in
 * data/bench) and a bare Hono hello-world, driven in the same run with 50 connections.
 */
const appPort = 3911;
const helloPort = 3912;
const dataDirectory = path.resolve(process.env['DATA_DIR'] ?? 'data/bench');
const environment = { DATA_DIR: dataDirectory, NODE_ENV: 'production', LOG_LEVEL: 'warn', SESSION_SECRET: 'benchmark-secret-benchmark-secret-0123' };

const config = loadConfig({ ...process.env, ...environment });
const database = await openConfiguredDatabase(config);
await database.migrate();
await seedLarge(database.db, (line) => console.log(line));
const [coach] = await database.db
  .select({ organisationId: memberships.organisationId })
  .from(people)
  .innerJoin(memberships, eq(memberships.personId, people.id))
  .where(eq(people.email, benchmarkCoachEmail));
const timings = await timeImportAndExport(database.db);
await database.close();

const app = startProcess('src/server/main.ts', { ...environment, PORT: String(appPort) });
const hello = startProcess('bench/hello-world.ts', { PORT: String(helloPort) });
try {
  const baseUrl = `http://127.0.0.1:${appPort}`;
  await Promise.all([waitForUrl(`${baseUrl}/readyz`), waitForUrl(`http://127.0.0.1:${helloPort}/`)]);
  const cookie = await signIn(baseUrl, benchmarkCoachEmail, largeSeedPassword);
  const baseline = await measure('hello-world (bare Hono)', `http://127.0.0.1:${helloPort}/`);
  const measures = [
    await measure('sign-in page', `${baseUrl}/login`),
    await measure("coach's dashboard", `${baseUrl}/`, { cookie }),
    await measure("organisation's member list", `${baseUrl}/organisations/${coach!.organisationId}/members`, { cookie }),
  ];
  report('foundation.json', { database: config.databaseUrl ? 'postgres' : 'pglite' }, baseline, measures);
  const adminCookie = await signIn(baseUrl, benchmarkAdminEmail, largeSeedPassword);
  const mobilityMeasures = [await measure('mobility list, 3 filters, 10,000 mobilities', `${baseUrl}/mobilities?status=confirmed&country=DE&fewer=no`, { cookie: adminCookie })];
  report('mobilities.json', { database: config.databaseUrl ? 'postgres' : 'pglite', timings }, baseline, mobilityMeasures);
  console.table(timings.map((timing) => ({ operation: timing.name, rows: timing.rows, 'milliseconds': timing.milliseconds })));
} finally {
  app.kill('SIGTERM');
  hello.kill('SIGTERM');
}
