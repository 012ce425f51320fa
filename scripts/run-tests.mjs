// Runs node:test over the test files: `unit` (src/**/*.test.ts[x]), `e2e` (e2e/**/*.test.ts), or both.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
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
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...extra, ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);
