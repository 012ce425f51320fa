import { loadConfig } from '../config.js';
import { createApp } from '../app.js';
import { createLogger } from '../logger.js';
import type { AppDependencies } from '../http/context.js';
import { createTestDatabase } from './database.js';

export type TestClock = { now: Date; advance: (milliseconds: number) => void };

/** An app on a fresh database with a clock the test controls. */
export async function createTestApp(options: { environment?: 'development' | 'production' | 'test' } = {}) {
  const database = await createTestDatabase();
  const clock: TestClock = {
    now: new Date('2026-11-23T09:00:00Z'),
    advance(milliseconds) {
      this.now = new Date(this.now.getTime() + milliseconds);
    },
  };
  const config = loadConfig({
    NODE_ENV: options.environment ?? 'test',
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    BASE_URL: 'http://passerelle.test',
    DATA_DIR: '/tmp/passerelle-test-unused',
    LOG_LEVEL: 'silent',
  });
  const deps: AppDependencies = {
    config,
    db: database.db,
    databaseKind: database.kind,
    pingDatabase: database.ping,
    logger: createLogger('silent'),
    now: () => clock.now,
  };
  const app = createApp(deps);
  return { app, deps, db: database.db, clock, close: database.close };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** A browser-like client: keeps cookies, sends the CSRF token with forms, never follows redirects. */
export class TestClient {
  private cookies = new Map<string, string>();
  csrfToken = '';

  constructor(private readonly testApp: TestApp) {}

  private cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
      if (name === 'psl_csrf') this.csrfToken = value;
    }
  }

  async request(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', this.cookieHeader());
    const response = await this.testApp.app.request(`http://passerelle.test${path}`, { ...init, headers, redirect: 'manual' });
    this.remember(response);
    return response;
  }

  async get(path: string, headers: Record<string, string> = {}) {
    return this.request(path, { headers });
  }

  /** Posts a form; the CSRF token is added unless `withCsrf` is false. */
  async post(path: string, fields: Record<string, string | string[]> = {}, { withCsrf = true } = {}) {
    if (withCsrf && !this.csrfToken) await this.get('/login');
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
    }
    if (withCsrf) body.set('_csrf', this.csrfToken);
    return this.request(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  async signIn(email: string, password = testPassword) {
    const response = await this.post('/login', { email, password });
    if (response.status !== 303) throw new Error(`sign-in of ${email} failed with ${response.status}`);
    return response;
  }
}

export const testPassword = 'correct horse battery staple';
