import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditLog, grantProjects, mobilities, resources } from '../db/schema/index.js';
import { buildHostOrganisation, buildLearner, buildOrganisation, buildPerson } from '../testing/factories.js';
import { createTestApp, TestClient, type TestApp } from '../testing/test-app.js';
import { loadLibrary, maximumResourceBytes, seedResources } from './resources.service.js';

let testApp: TestApp;
let coachA: TestClient;
let coachB: TestClient;
let organisationA: string;

before(async () => {
  testApp = await createTestApp();
  const [a, b] = [await buildOrganisation(testApp.db), await buildOrganisation(testApp.db)];
  organisationA = a.id;
  const [personA, personB] = [
    await buildPerson(testApp.db, { roles: [[a.id, 'mobility_coach']] }),
    await buildPerson(testApp.db, { roles: [[b.id, 'mobility_coach']] }),
  ];
  coachA = new TestClient(testApp);
  await coachA.signIn(personA.email!);
  coachB = new TestClient(testApp);
  await coachB.signIn(personB.email!);
});
after(async () => {
  await testApp.close();
});

/** Posts the publishing form as a browser does, multipart with the CSRF token. */
async function publish(client: TestClient, fields: Record<string, string>, file?: { name: string; type: string; bytes: Uint8Array }) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  if (file) body.append('file', new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
  body.append('_csrf', client.csrfToken);
  return client.request('/resources', { method: 'POST', body });
}

const pageFields = (audience: string) => ({
  publisher: `organisation:${organisationA}`,
  kind: 'page',
  title: 'Procédure interne en cas d’incident',
  summary: 'Qui appeler, dans quel ordre, quand un apprenant signale un problème pendant son séjour.',
  language: 'fr',
  audience,
  phase: 'during',
  topic: 'safety',
  tags: 'Astreinte, incidents',
  body: 'Appeler **d’abord** la personne d’astreinte.\n\n<script>alert(1)</script>',
});

describe('the seeded library', () => {
  it('loads content/resources/library.yaml once: a second seed changes nothing', async () => {
    const entries = loadLibrary();
    assert.ok(entries.length >= 12);
    for (const language of ['fr', 'en', 'de'])
      assert.ok(
        entries.some((entry) => entry.language === language),
        language,
      );
    assert.equal(await seedResources(testApp.db, entries), entries.length);
    assert.equal(await seedResources(testApp.db, entries), 0);
    assert.equal((await testApp.db.select().from(resources)).length, entries.length);
  });

  it('a visitor without an account searching for “sécurité” finds the safety resources in French', async () => {
    const visitor = new TestClient(testApp);
    const response = await visitor.get(`/resources?q=${encodeURIComponent('sécurité')}&language=fr`);
    assert.equal(response.status, 200);
    const page = await response.text();
    assert.match(page, /EU-OSHA — Les jeunes et la sécurité au travail/);
    assert.doesNotMatch(page, /Directive 94\/33\/CE/, 'written for host organisations: for signed-in people only');
    assert.match(page, /Fil d&#39;Ariane/);
    assert.doesNotMatch(page, /Carte européenne d&#39;assurance maladie/, 'a resource without the word is not found');
    assert.doesNotMatch(page, /Young people and safety/, 'the language filter keeps French resources');
    // French stemming: the plural and capitals find the same resources.
    assert.match(
      await (await visitor.get(`/resources?q=${encodeURIComponent('Sécurités')}`)).text(),
      /Les jeunes et la sécurité au travail/,
    );
    assert.match(
      await (await coachB.get(`/resources?q=${encodeURIComponent('sécurité')}&language=fr`)).text(),
      /Directive 94\/33\/CE relative à la protection des jeunes au travail/,
    );
    const filtered = await (await coachB.get('/resources?audience=coaches&topic=quality')).text();
    assert.match(filtered, /European Quality Charter for Mobility/);
    assert.doesNotMatch(filtered, /EHIC/);
  });

  it('coach resources of the platform are for signed-in people only', async () => {
    const [charter] = await testApp.db.select().from(resources).where(eq(resources.contentKey, 'quality-charter-en'));
    assert.equal((await new TestClient(testApp).get(`/resources/${charter!.id}`)).status, 404);
    assert.match(await (await coachB.get(`/resources/${charter!.id}`)).text(), /eur-lex\.europa\.eu/);
  });
});

describe('publishing resources', () => {
  it('a private page is rendered safely for its organisation and is 404 to another organisation and to visitors', async () => {
    const invalid = await publish(coachA, { ...pageFields('coaches'), body: '' });
    assert.equal(invalid.status, 400);
    assert.match(await invalid.text(), /Procédure interne en cas d’incident/);
    const created = await publish(coachA, pageFields('coaches'));
    assert.equal(created.status, 303);
    const location = created.headers.get('location')!.split('?')[0]!;
    const page = await (await coachA.get(location)).text();
    assert.match(page, /<strong>d’abord<\/strong>/);
    assert.doesNotMatch(page, /<script>alert/);
    assert.equal((await coachB.get(location)).status, 404);
    assert.equal((await new TestClient(testApp).get(location)).status, 404);
    assert.doesNotMatch(await (await coachB.get('/resources?q=astreinte')).text(), /Procédure interne/);
    assert.match(await (await coachA.get('/resources?tag=astreinte')).text(), /Procédure interne/);
    assert.equal((await publish(coachB, pageFields('public'))).status, 404, 'nobody publishes for another organisation');
    const [audit] = await testApp.db.select().from(auditLog).where(eq(auditLog.action, 'resource.published'));
    assert.equal(audit!.organisationId, organisationA);
  });

  it('what an organisation publishes for host organisations reaches the tutors of its mobilities, and no other tutor', async () => {
    const host = await buildHostOrganisation(testApp.db);
    const [tutor, otherTutor] = [
      await buildPerson(testApp.db, { roles: [[host.id, 'host_tutor']] }),
      await buildPerson(testApp.db, { roles: [[host.id, 'host_tutor']] }),
    ];
    const learner = await buildLearner(testApp.db, organisationA);
    const [project] = await testApp.db
      .insert(grantProjects)
      .values({
        code: '2026-1-FR01-KA121-VET-000000042',
        title: 'Test',
        keyAction: 'KA121',
        field: 'VET',
        beneficiaryId: organisationA,
        startDate: '2026-06-01',
        endDate: '2028-05-31',
      })
      .returning();
    await testApp.db.insert(mobilities).values({
      projectId: project!.id,
      participantId: learner.id,
      sendingOrganisationId: organisationA,
      activityType: 'vet_short_term',
      tutorId: tutor.id,
    });
    const created = await publish(coachA, { ...pageFields('host_organisations'), title: 'Accueillir un apprenti mineur' });
    const location = created.headers.get('location')!.split('?')[0]!;
    const [tutorClient, otherClient] = [new TestClient(testApp), new TestClient(testApp)];
    await tutorClient.signIn(tutor.email!);
    await otherClient.signIn(otherTutor.email!);
    assert.match(await (await tutorClient.get(location)).text(), /Accueillir un apprenti mineur/);
    assert.equal((await otherClient.get(location)).status, 404);
  });

  it('checks uploads: 413 above the limit, 400 for a file that is not a document, stored and downloadable otherwise', async () => {
    const fields = { ...pageFields('public'), kind: 'file', body: '', title: 'Grille d’accueil sécurité' };
    const pdf = (size: number) => {
      const bytes = new Uint8Array(size).fill(0x20);
      bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
      return bytes;
    };
    const oversized = await publish(coachA, fields, { name: 'grille.pdf', type: 'application/pdf', bytes: pdf(maximumResourceBytes + 1) });
    assert.equal(oversized.status, 413);
    assert.match(await oversized.text(), /Ce fichier est trop volumineux/);
    const disguised = await publish(coachA, fields, {
      name: 'grille.pdf',
      type: 'application/pdf',
      bytes: new TextEncoder().encode('<html>not a pdf</html>'),
    });
    assert.equal(disguised.status, 400);
    assert.match(await disguised.text(), /n’est pas un document PDF/);

    const created = await publish(coachA, fields, { name: 'grille.pdf', type: 'application/pdf', bytes: pdf(2048) });
    assert.equal(created.status, 303);
    const location = created.headers.get('location')!.split('?')[0]!;
    const download = await new TestClient(testApp).get(`${location}/file`);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'application/pdf');
    assert.equal((await download.arrayBuffer()).byteLength, 2048);
  });
});
