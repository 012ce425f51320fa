import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditLog, questionBanks, questions } from '../db/schema/index.js';
import { buildLearner, buildOrganisation, buildPerson } from '../testing/factories.js';
import { learningFixturesDirectory, seedTestCourse } from '../testing/learning-factories.js';
import { createTestApp, TestClient, type TestApp } from '../testing/test-app.js';
import { parseGift } from './questions/gift.js';

let testApp: TestApp;
let school: { id: string };
let trainer: TestClient;
const goodGift = readFileSync(path.join(learningFixturesDirectory, 'all-types', 'basics', 'quiz.en.gift'), 'utf8');
// Line 4 opens an answer block that never closes.
const brokenGift = `::ok:: Is 112 free? {T}\n\n::broken::\nWhich number? {=112 ~110\n`;

before(async () => {
  testApp = await createTestApp();
  await seedTestCourse(testApp.db);
  school = await buildOrganisation(testApp.db);
  const coach = await buildPerson(testApp.db, { roles: [[school.id, 'mobility_coach']] });
  trainer = new TestClient(testApp);
  await trainer.signIn(coach.email!);
});
after(async () => {
  await testApp.close();
});

function upload(client: TestClient, fileName: string, content: string | Uint8Array, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set('_csrf', client.csrfToken);
  for (const [name, value] of Object.entries({ organisationId: school.id, title: 'Sécurité au travail', language: 'en', ...fields })) form.set(name, value);
  form.set('file', new File([typeof content === 'string' ? content : new Uint8Array(content)], fileName, { type: 'text/plain' }));
  return client.request('/learn/banks/preview', { method: 'POST', body: form });
}

const hiddenValue = (html: string, name: string) =>
  html
    .match(new RegExp(`name="${name}" value="([^"]*)"`))![1]!
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('question banks in the app', () => {
  it('previews a broken GIFT file with the line of the fault and imports nothing', async () => {
    const response = await upload(trainer, 'broken.gift', brokenGift);
    assert.equal(response.status, 400);
    const html = await response.text();
    assert.match(html, /Ligne 4/);
    assert.doesNotMatch(html, /name="source"/);
    const banks = await testApp.db.select().from(questionBanks).where(eq(questionBanks.organisationId, school.id));
    assert.equal(banks.length, 0);
  });

  it('refuses other file types and files over the limit', async () => {
    assert.equal((await upload(trainer, 'questions.docx', 'PK')).status, 400);
    assert.equal((await upload(trainer, 'huge.gift', new Uint8Array(600 * 1024).fill(65))).status, 413);
    const missingTitle = await upload(trainer, 'quiz.gift', goodGift, { title: '' });
    assert.equal(missingTitle.status, 400);
  });

  it('imports a previewed file into a new bank of the organisation and exports it back identically', async () => {
    const preview = await upload(trainer, 'quiz.en.gift', goodGift);
    assert.equal(preview.status, 200);
    const html = await preview.text();
    const expected = parseGift(goodGift).questions;
    assert.match(html, new RegExp(`Importer les ${expected.length} questions`));
    const confirmed = await trainer.post('/learn/banks', {
      organisationId: school.id,
      title: 'Sécurité au travail',
      language: 'en',
      fileName: hiddenValue(html, 'fileName'),
      source: hiddenValue(html, 'source'),
    });
    assert.equal(confirmed.status, 303);
    const bankId = confirmed.headers.get('location')!.split('/').pop()!;
    const stored = await testApp.db.select().from(questions).where(eq(questions.bankId, bankId));
    assert.equal(stored.length, expected.length);
    const audit = await testApp.db.select().from(auditLog).where(and(eq(auditLog.entityId, bankId), eq(auditLog.action, 'question_bank.imported')));
    assert.equal(audit.length, 1);

    const exported = await trainer.get(`/learn/banks/${bankId}/export?format=gift&language=en`);
    assert.equal(exported.status, 200);
    assert.match(exported.headers.get('content-disposition')!, /attachment; filename="securite-au-travail-en\.gift"|attachment; filename=".*-en\.gift"/);
    assert.deepEqual(parseGift(await exported.text()).questions, expected);
    const xml = await trainer.get(`/learn/banks/${bankId}/export?format=moodle_xml&language=en`);
    assert.match(await xml.text(), /<quiz>/);
  });

  it('hides an organisation’s bank from other organisations’ trainers, and every bank from learners', async () => {
    const [bank] = await testApp.db.select().from(questionBanks).where(eq(questionBanks.organisationId, school.id));
    const otherSchool = await buildOrganisation(testApp.db);
    const otherCoach = await buildPerson(testApp.db, { roles: [[otherSchool.id, 'mobility_coach']] });
    const other = new TestClient(testApp);
    await other.signIn(otherCoach.email!);
    assert.equal((await other.get(`/learn/banks/${bank!.id}`)).status, 404);
    assert.equal((await other.get(`/learn/banks/${bank!.id}/export?format=gift&language=en`)).status, 404);
    assert.equal((await other.post('/learn/banks', { organisationId: school.id, title: 'x', language: 'en', fileName: 'a.gift', source: goodGift })).status, 404);
    const list = await (await other.get('/learn/banks')).text();
    assert.doesNotMatch(list, /Sécurité au travail/);
    assert.match(list, /all-types\/basics/);

    const learner = await buildLearner(testApp.db, school.id);
    const learnerClient = new TestClient(testApp);
    await learnerClient.signIn(learner.email!);
    assert.equal((await learnerClient.get('/learn/banks')).status, 404);
  });
});
