import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditLog, outboxMessages, sessions } from '../db/schema/index.js';
import { buildOrganisation, buildPerson } from '../testing/factories.js';
import { createTestApp, TestClient, testPassword, type TestApp } from '../testing/test-app.js';

let testApp: TestApp;
before(async () => {
  testApp = await createTestApp();
});
after(async () => {
  await testApp.close();
});

async function latestMailTo(address: string) {
  const rows = await testApp.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, address));
  return rows.at(-1);
}

describe('sign-in', () => {
  it('signs in with the right password, shows the dashboard and signs out', async () => {
    const organisation = await buildOrganisation(testApp.db, { legalName: 'CFA Sign-in' });
    const person = await buildPerson(testApp.db, { givenName: 'Camille', preferredLanguage: 'en', roles: [[organisation.id, 'mobility_coach']] });
    const client = new TestClient(testApp);
    const response = await client.signIn(person.email!);
    assert.equal(response.headers.get('location'), '/');
    const home = await client.get('/', { 'accept-language': 'fr' });
    const html = await home.text();
    assert.match(html, /Hello Camille/);
    assert.match(html, /Mobility coach — CFA Sign-in/);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('psl_session='))!;
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    const out = await client.post('/logout');
    assert.equal(out.status, 303);
    assert.equal((await client.get('/account')).status, 302);
  });

  it('refuses a wrong password with a message that does not say whether the email exists', async () => {
    const person = await buildPerson(testApp.db);
    const client = new TestClient(testApp);
    const wrongPassword = await client.post('/login', { email: person.email!, password: 'not the password' }, {});
    const unknownEmail = await client.post('/login', { email: 'nobody@example.org', password: 'not the password' });
    assert.equal(wrongPassword.status, 400);
    assert.equal(unknownEmail.status, 400);
    const [first, second] = [await wrongPassword.text(), await unknownEmail.text()];
    assert.match(first, /auth|mot de passe|password/i);
    assert.equal(first.match(/<p class="error-summary" role="alert">([^<]*)</)?.[1], second.match(/<p class="error-summary" role="alert">([^<]*)</)?.[1]);
  });

  it('answers 429 after repeated wrong passwords, even with the right one', async () => {
    const person = await buildPerson(testApp.db);
    const client = new TestClient(testApp);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt += 1) {
      statuses.push((await client.post('/login', { email: person.email!, password: `wrong-${attempt}` })).status);
    }
    assert.ok(statuses.slice(0, 5).every((status) => status === 400), statuses.join(','));
    assert.equal(statuses.at(-1), 429);
    const withRightPassword = await client.post('/login', { email: person.email!, password: testPassword });
    assert.equal(withRightPassword.status, 429);
    assert.match(await withRightPassword.text(), /15/);
    testApp.clock.advance(16 * 60_000);
    assert.equal((await client.post('/login', { email: person.email!, password: testPassword })).status, 303);
  });

  it('refuses a form without its CSRF token', async () => {
    const person = await buildPerson(testApp.db);
    const client = new TestClient(testApp);
    await client.get('/login');
    const response = await client.post('/login', { email: person.email!, password: testPassword }, { withCsrf: false });
    assert.equal(response.status, 403);
    const forged = await client.request('/login', {
      method: 'POST',
      body: new URLSearchParams({ email: person.email!, password: testPassword, _csrf: 'forged' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(forged.status, 403);
  });

  it('re-renders an invalid form with 400, field messages and what was typed', async () => {
    const client = new TestClient(testApp);
    const response = await client.post('/login', { email: 'not-an-email', password: '' });
    assert.equal(response.status, 400);
    const html = await response.text();
    assert.match(html, /value="not-an-email"/);
    assert.match(html, /href="#field-password"/);
    assert.match(html, /aria-invalid="true"/);
  });

  it('expires a session after the idle timeout', async () => {
    const person = await buildPerson(testApp.db);
    const client = new TestClient(testApp);
    await client.signIn(person.email!);
    assert.equal((await client.get('/account')).status, 200);
    testApp.clock.advance(9 * 3600_000);
    assert.equal((await client.get('/account')).status, 302);
  });
});

describe('links by email', () => {
  it('signs a tutor in from a single-use magic link, in the tutor’s language', async () => {
    const host = await buildOrganisation(testApp.db, { type: 'company', country: 'DE', city: 'Flensburg' });
    const tutor = await buildPerson(testApp.db, { givenName: 'Jan', preferredLanguage: 'de', withPassword: false, roles: [[host.id, 'host_tutor']] });
    const client = new TestClient(testApp);
    const request = await client.post('/magic-link', { email: tutor.email! });
    assert.equal(request.status, 200);
    const mail = await latestMailTo(tutor.email!);
    assert.ok(mail, 'a magic-link email is in the outbox');
    assert.equal(mail.language, 'de');
    const link = mail.textBody.match(/http:\/\/passerelle\.test(\/magic\/[^\s?]+)\?lang=de/)![1]!;
    const confirmation = await client.get(`${link}?lang=de`);
    assert.equal(confirmation.status, 200);
    const confirmationHtml = await confirmation.text();
    assert.match(confirmationHtml, /<html lang="de">/);
    assert.match(confirmationHtml, /Jan/);
    const signIn = await client.post(link);
    assert.equal(signIn.status, 303);
    const home = await (await client.get('/')).text();
    assert.match(home, /Hallo Jan/);
    const reused = await new TestClient(testApp).post(link);
    assert.equal(reused.status, 410);
    assert.equal((await client.get('/magic/forged-token')).status, 404);
  });

  it('answers a magic-link request for an unknown email exactly like a known one', async () => {
    const client = new TestClient(testApp);
    const response = await client.post('/magic-link', { email: 'stranger@example.org' });
    assert.equal(response.status, 200);
    assert.equal(await latestMailTo('stranger@example.org'), undefined);
  });

  it('resets a password from an emailed link and signs out other sessions', async () => {
    const person = await buildPerson(testApp.db);
    const other = new TestClient(testApp);
    await other.signIn(person.email!);
    const client = new TestClient(testApp);
    await client.post('/password/forgot', { email: person.email! });
    const mail = await latestMailTo(person.email!);
    const link = mail!.textBody.match(/http:\/\/passerelle\.test(\/password\/reset\/\S+)/)![1]!;
    const mismatch = await client.post(link, { password: 'a new long password', confirmation: 'different' });
    assert.equal(mismatch.status, 400);
    const done = await client.post(link, { password: 'a new long password', confirmation: 'a new long password' });
    assert.equal(done.status, 303);
    assert.equal((await other.get('/account')).status, 302);
    await client.signIn(person.email!, 'a new long password');
    assert.equal((await client.post(link, { password: 'another long password', confirmation: 'another long password' })).status, 410);
  });
});

describe('account page', () => {
  it('saves the profile, lists and revokes sessions, and exports my data', async () => {
    const person = await buildPerson(testApp.db, { givenName: 'Inès' });
    const phone = new TestClient(testApp);
    await phone.signIn(person.email!);
    const laptop = new TestClient(testApp);
    await laptop.signIn(person.email!);
    const invalid = await laptop.post('/account/profile', { givenName: '', familyName: 'Caron', preferredLanguage: 'fr', phone: 'abc' });
    assert.equal(invalid.status, 400);
    assert.match(await invalid.text(), /value="Caron"/);
    assert.equal((await laptop.post('/account/profile', { givenName: 'Inès', familyName: 'Caron', preferredLanguage: 'en', phone: '+33 6 12 34 56 78' })).status, 303);
    const page = await (await laptop.get('/account')).text();
    assert.match(page, /<html lang="en">/);
    const rows = await testApp.db.select().from(sessions).where(eq(sessions.personId, person.id));
    assert.equal(rows.length, 2);
    const phoneSession = rows.find((row) => !page.includes(`/account/sessions/${row.id}/revoke`) === false)!;
    assert.equal((await laptop.post(`/account/sessions/${phoneSession.id}/revoke`)).status, 303);
    assert.equal((await phone.get('/account')).status, 302);
    const exported = await laptop.get('/account/data.json');
    assert.equal(exported.status, 200);
    const data = (await exported.json()) as { person: { familyName: string; phone: string } };
    assert.equal(data.person.familyName, 'Caron');
    assert.equal(data.person.phone, '+33 6 12 34 56 78');
    const audit = await testApp.db.select().from(auditLog).where(eq(auditLog.entityId, person.id));
    assert.ok(audit.some((row) => row.action === 'person.profile_updated'));
  });
});

describe('JSON API', () => {
  it('creates a personal access token shown once, answers /api/v1/me with it, and revokes it', async () => {
    const organisation = await buildOrganisation(testApp.db);
    const person = await buildPerson(testApp.db, { roles: [[organisation.id, 'teacher']] });
    const client = new TestClient(testApp);
    await client.signIn(person.email!);
    const created = await client.post('/account/tokens', { name: 'Spreadsheet sync' });
    const token = (await created.text()).match(/psl_[A-Za-z0-9_-]{40,}/)![0];
    const me = await testApp.app.request('http://passerelle.test/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200);
    const body = (await me.json()) as { id: string; roles: string[] };
    assert.equal(body.id, person.id);
    assert.deepEqual(body.roles, ['teacher']);
    assert.equal((await testApp.app.request('http://passerelle.test/api/v1/me')).status, 401);
    const badToken = await testApp.app.request('http://passerelle.test/api/v1/me', { headers: { authorization: 'Bearer psl_nope' } });
    assert.equal(badToken.status, 401);
    assert.equal(((await badToken.json()) as { code: string }).code, 'unauthenticated');
    const page = await (await client.get('/account')).text();
    const tokenId = page.match(/\/account\/tokens\/([0-9a-f-]{36})\/revoke/)![1];
    await client.post(`/account/tokens/${tokenId}/revoke`);
    const revoked = await testApp.app.request('http://passerelle.test/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(revoked.status, 401);
  });

  it('publishes an OpenAPI 3.1 document and a readable page', async () => {
    const document = (await (await testApp.app.request('http://passerelle.test/api/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
    assert.equal(document.openapi, '3.1.0');
    assert.ok(document.paths['/api/v1/me']);
    const page = await (await testApp.app.request('http://passerelle.test/api/docs')).text();
    assert.match(page, /GET \/api\/v1\/me/);
  });
});

describe('operations and security headers', () => {
  it('answers health and readiness, and sends a strict CSP', async () => {
    assert.equal((await testApp.app.request('http://passerelle.test/healthz')).status, 200);
    const ready = await testApp.app.request('http://passerelle.test/readyz');
    assert.equal(ready.status, 200);
    const page = await testApp.app.request('http://passerelle.test/login');
    const csp = page.headers.get('content-security-policy')!;
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(page.headers.get('x-request-id'));
  });

  it('answers 413 to an oversized body', async () => {
    const client = new TestClient(testApp);
    const response = await client.post('/login', { email: 'a@example.org', password: 'x'.repeat(3 * 1024 * 1024) });
    assert.equal(response.status, 413);
  });

  it('shows a friendly 404 page without internals', async () => {
    const response = await testApp.app.request('http://passerelle.test/no/such/page', { headers: { 'accept-language': 'fr' } });
    assert.equal(response.status, 404);
    const html = await response.text();
    assert.match(html, /<html lang="fr">/);
    assert.doesNotMatch(html, /at .*\.ts:\d+/);
  });
});
