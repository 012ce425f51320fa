import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigurationError, loadConfig } from './config.js';

describe('configuration', () => {
  it('runs with nothing set: PGlite under ./data, a generated secret kept there', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'passerelle-config-'));
    const first = loadConfig({ DATA_DIR: directory });
    const second = loadConfig({ DATA_DIR: directory });
    assert.equal(first.databaseUrl, undefined);
    assert.equal(first.port, 3000);
    assert.ok(first.sessionSecret.length >= 32);
    assert.equal(first.sessionSecret, second.sessionSecret);
  });

  it('names the variable in one line when a value is wrong', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), (error: Error) => error instanceof ConfigurationError && /^Invalid PORT: /.test(error.message) && !error.message.includes('\n'));
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /Invalid DATABASE_URL/);
    assert.throws(() => loadConfig({ LOG_LEVEL: 'loud' }), /Invalid LOG_LEVEL/);
    assert.throws(() => loadConfig({ SESSION_SECRET: 'short' }), /Invalid SESSION_SECRET/);
  });

  it('stops start-up with one clear line when DATABASE_URL points nowhere', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', PORT: '0', NODE_ENV: 'development' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.status, 1);
    const lines = result.stderr.trim().split('\n').filter((line) => !line.startsWith('npm warn'));
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0]!, /^passerelle: cannot use the database at DATABASE_URL: /);
  });
});
