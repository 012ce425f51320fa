import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { count, eq } from 'drizzle-orm';
import { people } from '../db/schema/index.js';
import { createTestApp, TestClient, type TestApp } from '../testing/test-app.js';

let testApp: TestApp;
before(async () => {
  testApp = await createTestApp({ environment: 'production' });
});
after(async () => {
  await testApp.close();
});

describe('first start in production', () => {
  it('has no demo data, sends every page to the one-time setup, then creates the platform administrator', async () => {
    const [row] = await testApp.db.select({ value: count() }).from(people);
    assert.equal(row!.value, 0);
    const client = new TestClient(testApp);
    const home = await client.get('/');
    assert.equal(home.status, 302);
    assert.equal(home.headers.get('location'), '/setup');
    assert.equal((await client.get('/dev/mail')).status, 302, 'no development mailbox in production');
    const invalid = await client.post('/setup', { givenName: 'Anne', familyName: 'Durand', email: 'anne.durand@example.org', password: 'short', confirmation: 'short' });
    assert.equal(invalid.status, 400);
    assert.match(await invalid.text(), /value="anne.durand@example.org"/);
    const done = await client.post('/setup', { givenName: 'Anne', familyName: 'Durand', email: 'anne.durand@example.org', password: 'a long admin password', confirmation: 'a long admin password' });
    assert.equal(done.status, 303);
    const [admin] = await testApp.db.select().from(people).where(eq(people.email, 'anne.durand@example.org'));
    assert.equal(admin!.isPlatformAdmin, true);
    assert.match(await (await client.get('/')).text(), /Administrateur de la plateforme|Platform administrator/);
    assert.equal((await new TestClient(testApp).get('/setup')).status, 404, 'the setup page is gone once used');
  });
});
