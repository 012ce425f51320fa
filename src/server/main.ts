import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { bootstrap } from './runtime.js';
import { demoLogins, readDemoWorld, seedDemo } from './db/seed/demo.js';
import { startScheduler } from './scheduler.js';
import { seedContent } from './db/seed/content.js';

const { config, logger, database } = await bootstrap();

if (config.environment !== 'production') {
  const seeded = await seedDemo(database.db);
  if (seeded) logger.info('demo data seeded');
}

const content = await seedContent(database.db);
const changedContent = Object.entries(content).filter((entry): entry is [string, number] => typeof entry[1] === 'number' && entry[1] > 0);
if (changedContent.length) logger.info(Object.fromEntries(changedContent), 'content seeded');
for (const problem of [...content.courseProblems, ...content.timelineProblems]) logger.warn({ problem }, 'content problem');

const app = createApp({
  config,
  db: database.db,
  databaseKind: database.kind,
  pingDatabase: database.ping,
  logger,
  now: () => new Date(),
});

const scheduler = startScheduler({ config, db: database.db, logger });

const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
  console.log(`\nPasserelle is running on ${config.baseUrl} (port ${info.port}, database: ${database.kind})`);
  if (config.environment !== 'production') {
    const world = readDemoWorld();
    console.log(`\nDemo logins (password "${world.password}"; magic-link users: request a link, then open it at ${config.baseUrl}/dev/mail):`);
    console.table(demoLogins(world).map(({ role, name, email, signIn }) => ({ role, name, email, 'sign in by': signIn })));
  } else {
    console.log('Production mode: no demo data. First visit opens /setup, or run `npm run create-admin`.');
  }
});

let isStopping = false;
async function shutdown(signal: string) {
  if (isStopping) return;
  isStopping = true;
  logger.info({ signal }, 'shutting down: finishing requests');
  scheduler.stop();
  const forceExit = setTimeout(() => process.exit(1), 10_000);
  forceExit.unref();
  server.close(async () => {
    await scheduler.idle();
    await database.close();
    logger.info('stopped');
    process.exit(0);
  });
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
