import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** PGlite and node-postgres databases (and their transactions) share this interface. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseHandle = {
  db: Database;
  kind: 'pglite' | 'postgres';
  migrate: () => Promise<void>;
  ping: () => Promise<void>;
  close: () => Promise<void>;
  /** PGlite only: the whole data directory as a tar archive, to start test databases from. */
  dump?: () => Promise<Uint8Array>;
};

export const migrationsFolder = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'migrations',
);

/** Any constant works; it only has to be the same for every instance of the app. */
const migrationLockId = 7_340_121;

export type DatabaseOptions =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; directory: string | undefined; loadDataDir?: Blob };

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.kind === 'postgres') return openPostgres(options.url, options.poolSize ?? 20);
  return openPglite(options.directory, options.loadDataDir);
}

async function openPglite(directory: string | undefined, loadDataDir: Blob | undefined): Promise<DatabaseHandle> {
  if (directory) mkdirSync(directory, { recursive: true });
  // A dumped data directory (tests: a migrated template) starts faster than initdb plus migrations.
  const client = directory ? new PGlite(directory) : new PGlite(loadDataDir ? { loadDataDir } : {});
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    migrate: async () => {
      await migratePglite(db as never, { migrationsFolder });
    },
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      if (!client.closed) await client.close();
    },
    dump: async () => new Uint8Array(await (await client.dumpDataDir('none')).arrayBuffer()),
  };
}

async function openPostgres(url: string, poolSize: number): Promise<DatabaseHandle> {
  // JIT compilation costs tens of milliseconds on short OLTP queries the planner overestimates; and
  // the working set of this application lives in memory (or on SSD), where a random page read costs
  // about as much as a sequential one: with the default of 4 the planner picks sequential scans and
  // hash joins over index lookups for the small, selective queries every page makes.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: '-c jit=off -c random_page_cost=1.1' });
  // Fail fast and clearly on a wrong URL instead of at the first request.
  const probe = await pool.connect();
  probe.release();
  const db = drizzlePostgres({ client: pool, schema }) as unknown as Database;
  return {
    db,
    kind: 'postgres',
    migrate: async () => {
      // Several instances may start together: only one applies migrations at a time.
      const connection = await pool.connect();
      try {
        await connection.query('select pg_advisory_lock($1)', [migrationLockId]);
        await migratePostgres(drizzlePostgres({ client: connection, schema }), { migrationsFolder });
      } finally {
        await connection.query('select pg_advisory_unlock($1)', [migrationLockId]).catch(() => {});
        connection.release();
      }
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      await pool.end();
    },
  };
}
