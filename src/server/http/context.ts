import type { Context } from 'hono';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { Language } from '../../shared/i18n/languages.js';
import type { Translate } from '../../shared/i18n/translate.js';
import type { Viewer } from '../accounts/viewer.js';

export type AppDependencies = {
  config: Config;
  db: Database;
  databaseKind: 'pglite' | 'postgres';
  pingDatabase: () => Promise<void>;
  logger: Logger;
  /** Injected so tests can move time (expiries, rate-limit windows, reminders). */
  now: () => Date;
};

export type AppEnv = {
  Variables: {
    deps: AppDependencies;
    requestId: string;
    logger: Logger;
    language: Language;
    t: Translate;
    viewer: Viewer | null;
    sessionId: string | null;
    csrfToken: string;
    apiPersonId: string | null;
  };
};

export type AppContext = Context<AppEnv>;

/** What a service needs to know about who is acting, for authorisation and the audit row. */
export type Actor = { viewer: Viewer; requestId: string; now: Date };

export function actorOf(c: AppContext): Actor {
  const viewer = c.get('viewer');
  if (!viewer) throw new Error('actorOf called on an anonymous request');
  return { viewer, requestId: c.get('requestId'), now: c.get('deps').now() };
}

export function clientAddress(c: AppContext): string {
  const forwarded = c.req.header('x-forwarded-for');
  if (forwarded) return forwarded.split(',')[0]!.trim();
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
