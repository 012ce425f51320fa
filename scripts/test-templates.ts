// `create <location>` builds the migrated and the seeded test templates once per test run;
// `drop <location>` removes PostgreSQL template databases afterwards (PGlite dumps are plain files).
import { buildTestTemplates, dropTestTemplates } from '../src/server/testing/database.js';
import { seedDemoWorld } from '../src/server/db/seed/content.js';

const [command, location] = process.argv.slice(2);
if (!location || (command !== 'create' && command !== 'drop')) {
  console.error('usage: test-templates.ts create|drop <directory or postgres:prefix>');
  process.exit(2);
}
if (command === 'create') await buildTestTemplates(location, seedDemoWorld);
else await dropTestTemplates(location);
