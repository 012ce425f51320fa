import path from 'node:path';
import { loadConfig, type Config } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/client.js';
import { createLogger, type Logger } from './logger.js';

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR. */
export async function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  return config.databaseUrl
    ? openDatabase({ kind: 'postgres', url: config.databaseUrl })
    : openDatabase({ kind: 'pglite', directory: path.join(config.dataDirectory, 'pglite') });
}

/** Shared start-up of the server and the command-line scripts; a bad setting ends in one clear line. */
export async function bootstrap(): Promise<{ config: Config; logger: Logger; database: DatabaseHandle }> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(`passerelle: ${(error as Error).message}`);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  let database: DatabaseHandle;
  try {
    database = await openConfiguredDatabase(config);
    await database.migrate();
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    console.error(`passerelle: cannot use the database${config.databaseUrl ? ' at DATABASE_URL' : ` in ${config.dataDirectory}`}: ${reason}`);
    process.exit(1);
  }
  return { config, logger, database };
}
