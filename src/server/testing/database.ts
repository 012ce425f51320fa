import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../db/client.js';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or, when DATABASE_URL is set,
 * a new PostgreSQL database created beside it and dropped afterwards.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const adminUrl = process.env['DATABASE_URL'];
  if (!adminUrl) {
    const handle = await openDatabase({ kind: 'pglite', directory: undefined });
    await handle.migrate();
    return handle;
  }
  const name = `passerelle_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 5 });
  await handle.migrate();
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
