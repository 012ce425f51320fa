import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { count, eq } from 'drizzle-orm';
import { organisations, people } from '../schema/index.js';
import { roles } from '../../accounts/roles.js';
import { createTestDatabase } from '../../testing/database.js';
import type { DatabaseHandle } from '../client.js';
import { demoLogins, readDemoWorld, removeDemo, seedDemo } from './demo.js';

let database: DatabaseHandle;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.close();
});

describe('demo data', () => {
  it('has one demo login per role', () => {
    const logins = demoLogins();
    assert.deepEqual(logins.map((login) => login.role).sort(), [...roles].sort());
  });

  it('seeds once, however often it runs', async () => {
    assert.equal(await seedDemo(database.db), true);
    assert.equal(await seedDemo(database.db), false);
    const [row] = await database.db.select({ value: count() }).from(people).where(eq(people.isDemo, true));
    assert.equal(row!.value, readDemoWorld().people.length);
    const countries = await database.db.selectDistinct({ country: organisations.country }).from(organisations);
    assert.deepEqual(countries.map((c) => c.country).sort(), ['DE', 'ES', 'FI', 'FR', 'IT', 'NL', 'PL']);
  });

  it('removes the demo with one command and does not seed it again', async () => {
    const removed = await removeDemo(database.db);
    assert.ok(removed.people > 10);
    const [row] = await database.db.select({ value: count() }).from(people);
    assert.equal(row!.value, 0);
    assert.equal(await seedDemo(database.db), false);
  });
});
