import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database, type DatabaseHandle } from '../db/client.js';

/**
 * Test databases. Every test file gets its own fresh, migrated database: an in-memory PGlite, or, when
 * DATABASE_URL is set, a new PostgreSQL database created beside it and dropped afterwards.
 *
 * Creating one from scratch (initdb, then every migration) is the slowest part of a test file, so the
 * test runner builds two templates once per run (`scripts/test-templates.ts`): a migrated database and
 * one that also holds the demo world the browser stories use. Their location is in
 * PASSERELLE_TEST_TEMPLATES: a directory of PGlite dumps, or `postgres:<prefix>` for template
 * databases. Without it (a single file run by hand) databases are built from scratch, same result.
 */
export type TemplateName = 'migrated' | 'seeded';

const templatesVariable = 'PASSERELLE_TEST_TEMPLATES';
const postgresPrefix = 'postgres:';

export function templateDatabaseName(prefix: string, template: TemplateName) {
  return `${prefix}_${template}`;
}

function databaseUrl(adminUrl: string, name: string) {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(adminUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

async function openFreshPostgres(adminUrl: string, template: string | undefined): Promise<DatabaseHandle> {
  const name = `passerelle_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`create database ${name}${template ? ` template ${template}` : ''}`));
  const handle = await openDatabase({ kind: 'postgres', url: databaseUrl(adminUrl, name), poolSize: 5 });
  if (!template) await handle.migrate();
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await withAdmin(adminUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}

async function openFromTemplate(template: TemplateName): Promise<DatabaseHandle | undefined> {
  const location = process.env[templatesVariable];
  if (!location) return undefined;
  const adminUrl = process.env['DATABASE_URL'];
  if (adminUrl && location.startsWith(postgresPrefix)) return openFreshPostgres(adminUrl, templateDatabaseName(location.slice(postgresPrefix.length), template));
  if (adminUrl || location.startsWith(postgresPrefix)) return undefined;
  const dump = readFileSync(path.join(location, `${template}.tar`));
  return openDatabase({ kind: 'pglite', directory: undefined, loadDataDir: new Blob([new Uint8Array(dump)]) });
}

/** A fresh, migrated database for one test file. */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const fromTemplate = await openFromTemplate('migrated');
  if (fromTemplate) return fromTemplate;
  const adminUrl = process.env['DATABASE_URL'];
  if (adminUrl) return openFreshPostgres(adminUrl, undefined);
  const handle = await openDatabase({ kind: 'pglite', directory: undefined });
  await handle.migrate();
  return handle;
}

/** A fresh database holding what `seed` writes (the browser stories' demo world), from the template when there is one. */
export async function createSeededTestDatabase(seed: (db: Database) => Promise<void>): Promise<DatabaseHandle> {
  const fromTemplate = await openFromTemplate('seeded');
  if (fromTemplate) return fromTemplate;
  const handle = await createTestDatabase();
  await seed(handle.db);
  return handle;
}

/** Builds both templates (called once per test run by scripts/test-templates.ts). */
export async function buildTestTemplates(location: string, seed: (db: Database) => Promise<void>): Promise<void> {
  const adminUrl = process.env['DATABASE_URL'];
  if (adminUrl) {
    const prefix = location.slice(postgresPrefix.length);
    for (const template of ['migrated', 'seeded'] as const) {
      const name = templateDatabaseName(prefix, template);
      await withAdmin(adminUrl, (admin) => admin.query(`create database ${name}`));
      const handle = await openDatabase({ kind: 'postgres', url: databaseUrl(adminUrl, name), poolSize: 2 });
      await handle.migrate();
      if (template === 'seeded') await seed(handle.db);
      await handle.close();
    }
    return;
  }
  const handle = await openDatabase({ kind: 'pglite', directory: undefined });
  await handle.migrate();
  writeFileSync(path.join(location, 'migrated.tar'), await handle.dump!());
  await seed(handle.db);
  writeFileSync(path.join(location, 'seeded.tar'), await handle.dump!());
  await handle.close();
}

export async function dropTestTemplates(location: string): Promise<void> {
  const adminUrl = process.env['DATABASE_URL'];
  if (!adminUrl || !location.startsWith(postgresPrefix)) return;
  const prefix = location.slice(postgresPrefix.length);
  await withAdmin(adminUrl, async (admin) => {
    for (const template of ['migrated', 'seeded'] as const) await admin.query(`drop database if exists ${templateDatabaseName(prefix, template)} with (force)`);
  });
}
