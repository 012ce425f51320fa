import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditLog, coachSelfAssessments } from '../db/schema/index.js';
import { buildLearner, buildOrganisation, buildPerson } from '../testing/factories.js';
import { createTestApp, TestClient, type TestApp } from '../testing/test-app.js';
import { exportPersonalData } from '../privacy/personal-data.js';
import { loadCoachFramework } from './self-assessment.content.js';
import { recommendModules } from './self-assessment.service.js';

let testApp: TestApp;
let coach: Awaited<ReturnType<typeof buildPerson>>;
let coachClient: TestClient;
let learnerClient: TestClient;
before(async () => {
  testApp = await createTestApp();
  const school = await buildOrganisation(testApp.db);
  coach = await buildPerson(testApp.db, { givenName: 'Camille', preferredLanguage: 'fr', roles: [[school.id, 'mobility_coach']] });
  const learner = await buildLearner(testApp.db, school.id);
  coachClient = new TestClient(testApp);
  await coachClient.signIn(coach.email!);
  learnerClient = new TestClient(testApp);
  await learnerClient.signIn(learner.email!);
});
after(async () => {
  await testApp.close();
});

const framework = loadCoachFramework();
const activities = framework.domains.flatMap((domain) => domain.activities);
/** Text as JSX writes it into the page. */
const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const activity = (key: string) => activities.find((candidate) => candidate.key === key)!;

/** Every skill at `level`, except the activities given, whose skills get their own level. */
function ratingsWith(level: number, overrides: Record<string, number[]> = {}): Record<string, string> {
  return Object.fromEntries(
    activities.flatMap((candidate) =>
      candidate.skills.map((skill, index) => [skill.key, String(overrides[candidate.key]?.[index] ?? level)]),
    ),
  );
}

describe('recommending modules from the ratings', () => {
  it('recommends an activity when at least half of its skills are at level 1 or 2, the weakest first', () => {
    const ratings = Object.fromEntries(
      Object.entries(ratingsWith(4, { c2: [1, 1, 2, 1, 1, 2], c3: [2, 2, 3, 3, 2], 'c1-1': [1, 1, 3, 3, 3, 3] })).map(([key, value]) => [
        key,
        Number(value),
      ]),
    );
    const recommended = recommendModules(framework, ratings);
    assert.deepEqual(
      recommended.map((recommendation) => recommendation.activity.key),
      ['c2', 'c3'],
      'C1.1 has only two low skills out of six: not recommended',
    );
    assert.equal(recommended[1]!.lowSkills.length, 3);
    assert.deepEqual(recommendModules(framework, Object.fromEntries(Object.entries(ratingsWith(3)).map(([key]) => [key, 3]))), []);
  });
});

describe('a coach rates their skills on one page', () => {
  it('shows the framework page linked to the kit modules, in French and in English', async () => {
    const french = await coachClient.get('/learn/coach-framework');
    assert.equal(french.status, 200);
    const html = await french.text();
    assert.match(html, /<html lang="fr"/);
    assert.ok(html.includes(escaped(framework.title.fr)), 'French title');
    for (const candidate of activities) assert.ok(html.includes(`href="/learn/courses/coach-kit#module-${candidate.key}"`), candidate.key);
    const english = await (await coachClient.get('/learn/coach-framework/self-assessment?lang=en')).text();
    assert.match(english, /<html lang="en"/);
    assert.ok(english.includes(escaped(activity('c4-2').skills[0]!.text.en)));
    assert.equal((english.match(/type="radio"/g) ?? []).length, activities.flatMap((candidate) => candidate.skills).length * 4);
  });

  it('re-renders with 400 and an error summary, keeping the answers, when a skill is not rated', async () => {
    const ratings = ratingsWith(3);
    const missing = activity('c5').skills[2]!.key;
    delete ratings[missing];
    const keptKey = activity('c2').skills[0]!.key;
    const response = await coachClient.post('/learn/coach-framework/self-assessment', { ...ratings, [keptKey]: '1' });
    assert.equal(response.status, 400);
    const html = await response.text();
    assert.match(html, /class="error-summary"/);
    assert.ok(html.includes(`href="#field-${missing}"`), 'the summary links the unrated skill');
    assert.ok(html.includes('Choisissez un niveau pour cette compétence.'));
    assert.match(html, new RegExp(`id="field-${keptKey}" name="${keptKey}" value="1" checked`));
    assert.equal((await testApp.db.select().from(coachSelfAssessments)).length, 0);
  });

  it('saves the answers with an audit row and shows them again with the modules to take', async () => {
    const response = await coachClient.post(
      '/learn/coach-framework/self-assessment',
      ratingsWith(4, { c2: [1, 2, 2, 1, 3, 2], 'c4-2': [2, 2, 2, 3, 4, 4] }),
    );
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/learn/coach-framework/self-assessment?saved=1#recommendations');
    const html = await (await coachClient.get('/learn/coach-framework/self-assessment?saved=1')).text();
    assert.ok(html.includes('Votre autoévaluation est enregistrée.'));
    const section = html.slice(
      html.indexOf('id="recommendations"'),
      html.indexOf('<form method="post" action="/learn/coach-framework/self-assessment"'),
    );
    const linked = [...section.matchAll(/href="\/learn\/courses\/coach-kit#module-([a-z0-9-]+)"/g)].map((match) => match[1]);
    assert.deepEqual(linked, ['c2', 'c4-2'], 'the weakest module first, nothing else');
    assert.ok(section.includes(escaped(activity('c2').skills[0]!.text.fr)), 'the low skills are listed');
    assert.ok(!section.includes(escaped(activity('c2').skills[4]!.text.fr)), 'a skill at level 3 is not');
    assert.match(html, new RegExp(`name="${activity('c2').skills[0]!.key}" value="1" checked`), 'the saved answers are ticked again');

    const [row] = await testApp.db.select().from(coachSelfAssessments).where(eq(coachSelfAssessments.personId, coach.id));
    assert.equal(row!.ratings[activity('c2').skills[0]!.key], 1);
    assert.equal(row!.frameworkVersion, framework.lastReviewed);
    const [audit] = await testApp.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'learning.self_assessment.saved'), eq(auditLog.entityId, row!.id)));
    assert.deepEqual(audit!.details, { revision: 1, recommended: ['c2', 'c4-2'] });
  });

  it('keeps one self-assessment per person: rating again replaces it', async () => {
    assert.equal((await coachClient.post('/learn/coach-framework/self-assessment', ratingsWith(3))).status, 303);
    const rows = await testApp.db.select().from(coachSelfAssessments).where(eq(coachSelfAssessments.personId, coach.id));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.revision, 2);
    const html = await (await coachClient.get('/learn/coach-framework/self-assessment')).text();
    assert.ok(html.includes('Aucun module ne se détache'));
    const exported = await exportPersonalData(testApp.db, coach.id, testApp.clock.now);
    assert.equal(exported.coachSelfAssessment.revision, 2, '"download my data" includes the self-assessment');
  });

  it('is not there for a learner (404), nor for someone signed out', async () => {
    assert.equal((await learnerClient.get('/learn/coach-framework')).status, 404);
    assert.equal((await learnerClient.get('/learn/coach-framework/self-assessment')).status, 404);
    assert.equal((await learnerClient.post('/learn/coach-framework/self-assessment', ratingsWith(1))).status, 404);
    const anonymous = await new TestClient(testApp).get('/learn/coach-framework/self-assessment');
    assert.equal(anonymous.status, 302);
    assert.match(anonymous.headers.get('location') ?? '', /^\/login/);
  });
});
