import { execSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { createLogger } from '../src/server/logger.js';
import { createSeededTestDatabase } from '../src/server/testing/database.js';
import { seedDemoWorld } from '../src/server/db/seed/content.js';
import type { Database } from '../src/server/db/client.js';

/** The Debian Chromium on PATH; `npx playwright install` cannot work here. */
function chromiumPath(): string {
  return process.env['CHROMIUM_PATH'] ?? execSync('command -v chromium || command -v chromium-browser', { shell: '/bin/sh' }).toString().trim();
}

export type RunningApp = { baseUrl: string; browser: Browser; close: () => Promise<void>; db: Database };

/** The real app on a fresh, demo-seeded database, served on a free port, with Chromium. */
export async function startAppWithBrowser(): Promise<RunningApp> {
  const database = await createSeededTestDatabase(seedDemoWorld);
  let server: ServerType | undefined;
  const port = await new Promise<number>((resolve) => {
    const config = loadConfig({ NODE_ENV: 'development', SESSION_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123', LOG_LEVEL: 'silent', BASE_URL: 'http://127.0.0.1:1', DATA_DIR: '/tmp/passerelle-e2e-unused' });
    const app = createApp({ config, db: database.db, databaseKind: database.kind, pingDatabase: database.ping, logger: createLogger('silent'), now: () => new Date() });
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      // Links in emails use BASE_URL: point it at the port we actually got.
      config.baseUrl = `http://127.0.0.1:${info.port}`;
      resolve(info.port);
    });
  });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    db: database.db,
    close: async () => {
      await browser.close();
      await new Promise((resolve) => server!.close(resolve));
      await database.close();
    },
  };
}

/** Fails on any serious or critical axe violation of the current page. */
export async function assertAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  if (serious.length) {
    const summary = serious.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`).join('\n');
    throw new Error(`axe found serious violations on ${page.url()}:\n${summary}`);
  }
}
