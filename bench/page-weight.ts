import { gzipSync } from 'node:zlib';
import { createApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { createLogger } from '../src/server/logger.js';
import { createTestDatabase } from '../src/server/testing/database.js';
import { seedMap } from '../src/server/map/map.service.js';

/**
 * `node --import tsx bench/page-weight.ts`: the gzipped size of the JavaScript each public page loads,
 * read from the pages the app really serves. Budgets: the map page ≤ 60 KB, every other page ≤ 25 KB.
 */
const budgets = { map: 60 * 1024, other: 25 * 1024 };
const pages = ['/map', '/map/hosts/flensburg-nordkai-lager', '/map/alumni/yanis-legnica-2024', '/login', '/kits'];

const database = await createTestDatabase();
try {
  await seedMap(database.db);
  // 'test' rather than 'production': a production app without an administrator redirects every page to /setup.
  const config = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'benchmark-secret-benchmark-secret-0123',
    BASE_URL: 'http://bench.local',
    DATA_DIR: '/tmp/passerelle-bench-unused',
    LOG_LEVEL: 'silent',
  });
  const app = createApp({
    config,
    db: database.db,
    databaseKind: database.kind,
    pingDatabase: database.ping,
    logger: createLogger('silent'),
    now: () => new Date(),
  });
  const assetSize = new Map<string, number>();
  const gzippedSize = async (src: string) => {
    if (!assetSize.has(src)) {
      const response = await app.request(`http://bench.local${src}`);
      if (response.status !== 200) throw new Error(`${src} answered ${response.status}`);
      assetSize.set(src, gzipSync(Buffer.from(await response.arrayBuffer()), { level: 9 }).length);
    }
    return assetSize.get(src)!;
  };
  const rows = [];
  let isOverBudget = false;
  for (const page of pages) {
    const response = await app.request(`http://bench.local${page}`);
    if (response.status !== 200) throw new Error(`${page} answered ${response.status}`);
    const scripts = [...(await response.text()).matchAll(/<script src="([^"]+)"/g)].map((match) => match[1]!);
    let total = 0;
    for (const src of scripts) total += await gzippedSize(src);
    const budget = page === '/map' ? budgets.map : budgets.other;
    isOverBudget ||= total > budget;
    rows.push({
      page,
      scripts: scripts.join(' '),
      'JS gzipped KB': Math.round(total / 102.4) / 10,
      'budget KB': budget / 1024,
      within: total <= budget ? 'yes' : 'NO',
    });
  }
  console.table(rows);
  if (isOverBudget) process.exitCode = 1;
} finally {
  await database.close();
}
