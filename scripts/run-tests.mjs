// Runs node:test over the test files: `unit` (src/**/*.test.ts[x]), `e2e` (e2e/**/*.test.ts), or both.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const which = process.argv[2] ?? 'all';
const extra = process.argv.slice(3);

function find(directory, pattern) {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : find(full, pattern);
    return pattern.test(name) ? [full] : [];
  });
}

const files = [
  ...(which === 'e2e' ? [] : find('src', /\.test\.tsx?$/)),
  ...(which === 'unit' ? [] : find('e2e', /\.test\.ts$/)),
].sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const concurrency = which === 'e2e' ? '1' : '2';

// One migrated and one demo-seeded database, built once and copied by every test file
// (src/server/testing/database.ts): far faster than migrating and seeding in each file.
const templates = process.env['DATABASE_URL'] ? `postgres:passerelle_tpl_${process.pid}` : mkdtempSync(path.join(tmpdir(), 'passerelle-templates-'));
const environment = { ...process.env, NODE_ENV: 'test', PASSERELLE_TEST_TEMPLATES: templates };
const templateScript = (command) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/test-templates.ts', command, templates], { stdio: 'inherit', env: environment });
const started = Date.now();
if (templateScript('create').status !== 0) {
  console.error('could not build the test database templates');
  process.exit(1);
}
console.log(`test database templates ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...extra, ...files],
  { stdio: 'inherit', env: environment },
);
templateScript('drop');
if (!templates.startsWith('postgres:')) rmSync(templates, { recursive: true, force: true });
process.exit(result.status ?? 1);
