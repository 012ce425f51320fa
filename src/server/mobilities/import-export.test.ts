import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { count, eq } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { grantProjects, mobilities, organisations } from '../db/schema/index.js';
import { readDemoWorld, seedDemo } from '../db/seed/demo.js';
import { createTestApp, TestClient, type TestApp } from '../testing/test-app.js';
import { parseBeneficiaryModuleCsv } from './spreadsheets/beneficiary-module.js';

const fixture = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'spreadsheets/fixtures/learners-fr-excel-cp1252.csv'));
let testApp: TestApp;
const world = readDemoWorld();

before(async () => {
  testApp = await createTestApp();
  await seedDemo(testApp.db);
});
after(async () => {
  await testApp.close();
});

async function signedIn(key: string) {
  const client = new TestClient(testApp);
  await client.post('/login', { email: world.people.find((person) => person.key === key)!.email, password: world.password });
  return client;
}

async function upload(client: TestClient, projectPath: string, sendingOrganisationId: string, bytes: Uint8Array) {
  const body = new FormData();
  body.set('_csrf', client.csrfToken);
  body.set('sendingOrganisationId', sendingOrganisationId);
  body.set('file', new File([new Uint8Array(bytes)], 'apprenants.csv', { type: 'text/csv' }));
  return client.request(`${projectPath}/import`, { method: 'POST', body });
}

const mobilityCount = async (projectId: string) => (await testApp.db.select({ value: count() }).from(mobilities).where(eq(mobilities.projectId, projectId)))[0]!.value;

describe('spreadsheet import', () => {
  it('names the bad rows of a French-Excel CSV, writes nothing, then imports the fixed file once', async () => {
    const coach = await signedIn('coach-lyon');
    const [lyon] = await testApp.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.legalName, 'CFA Transport Logistique Lyon'));
    const created = await coach.post('/projects', { code: '2026-1-FR01-KA121-VET-000777888', title: 'Import test', keyAction: 'KA121', field: 'VET', beneficiaryId: lyon!.id, startDate: '2025-09-01', endDate: '2027-08-31' });
    const projectPath = created.headers.get('location')!.split('?')[0]!;
    const projectId = projectPath.split('/').pop()!;

    const preview = await upload(coach, projectPath, lyon!.id, fixture);
    assert.equal(preview.status, 400);
    const html = await preview.text();
    assert.match(html, /3 erreur\(s\) à corriger/);
    assert.match(html, /<td>14<\/td><td>Date de naissance<\/td>/);
    assert.match(html, /<td>27<\/td><td>Courriel<\/td>/);
    assert.match(html, /Rien n&#39;a été enregistré/);
    assert.equal(await mobilityCount(projectId), 0);
    const importId = html.match(/\/import\/([0-9a-f-]{36})/)?.[1];
    assert.equal(importId, undefined, 'no commit button while errors remain');

    const fixed = iconv.encode(
      iconv.decode(fixture, 'win1252').replace('31/02/2007', '28/02/2007').replace('noe.rivière@;06 24 72 81 42;;;;CAP Conducteur livreur de marchandises;3;Transportes Levante S.L.;Valencia;Espagne;;', 'bastien.perrot@eleve.lycee-exemple.fr;06 24 72 81 42;;;;CAP Conducteur livreur de marchandises;3;Transportes Levante S.L.;Valencia;Espagne;05-04-2026;'),
      'win1252',
    );
    const good = await upload(coach, projectPath, lyon!.id, fixed);
    assert.equal(good.status, 200);
    const goodHtml = await good.text();
    assert.match(goodHtml, /40 apprenant\(s\) prêt\(s\) à importer/);
    const commitPath = goodHtml.match(/action="([^"]+\/commit)"/)![1]!;
    assert.equal((await coach.post(commitPath)).status, 303);
    assert.equal(await mobilityCount(projectId), 40);
    assert.equal((await coach.post(commitPath)).status, 409, 'the same upload cannot be committed twice');

    const again = await upload(coach, projectPath, lyon!.id, fixed);
    const againCommit = (await again.text()).match(/action="([^"]+\/commit)"/)![1]!;
    const done = await coach.post(againCommit);
    assert.match(done.headers.get('location')!, /doneWithUpdates/);
    assert.equal(await mobilityCount(projectId), 40, 're-importing updates instead of duplicating');

    const otherCoach = await signedIn('coach-seynod');
    assert.equal((await upload(otherCoach, projectPath, lyon!.id, fixed)).status, 404);
  });
});

describe('Beneficiary Module export', () => {
  it('round-trips the demo project: parsing the CSV back gives what the database holds', async () => {
    const coordinator = await signedIn('coordinator');
    const [project] = await testApp.db.select().from(grantProjects).where(eq(grantProjects.code, '2025-1-FR01-KA121-VET-000234567'));
    const response = await coordinator.get(`/projects/${project!.id}/export/beneficiary-module.csv`);
    assert.equal(response.status, 200, await response.clone().text().then((text) => text.slice(0, 3000)));
    const bytes = new Uint8Array(await response.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM');
    const parsed = parseBeneficiaryModuleCsv(bytes);
    assert.deepEqual(parsed.errors, []);
    const rows = await testApp.db.select().from(mobilities).where(eq(mobilities.projectId, project!.id));
    assert.equal(parsed.rows.length, rows.length);
    const startDates = parsed.rows.map((row) => (row as unknown as Record<string, unknown>)['startDate']).map(String).sort();
    assert.deepEqual(startDates, rows.map((row) => row.startDate!).sort());
    const report = await coordinator.get(`/projects/${project!.id}/export/pre-validation.csv`);
    assert.equal(report.status, 200);
  });
});
