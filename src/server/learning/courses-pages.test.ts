/**
 * Walks every page of the three real courses as an enrolled learner, in every language each course
 * offers: course page (with every module), every lesson, every quiz start page and every trainer
 * material. Each page must answer 200 in that language (`<html lang>`), show the expected title, and
 * leak no message key, `undefined` or unfilled `{parameter}`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedCourses } from './course-content.js';
import * as repository from './learning.repository.js';
import { en } from '../../shared/i18n/messages/en.js';
import { buildLearner, buildOrganisation, buildPerson } from '../testing/factories.js';
import { enrolPerson } from '../testing/learning-factories.js';
import { createTestApp, TestClient, type TestApp } from '../testing/test-app.js';

let testApp: TestApp;
/** Who walks each course: its audience. A coach also sees the trainer material of the coach kit. */
const walkers = new Map<string, TestClient>();
before(async () => {
  testApp = await createTestApp();
  const seeded = await seedCourses(testApp.db);
  assert.deepEqual(seeded.problems, []);
  const school = await buildOrganisation(testApp.db);
  const learner = await buildLearner(testApp.db, school.id);
  const coach = await buildPerson(testApp.db, { roles: [[school.id, 'mobility_coach']] });
  for (const [slug, person] of [
    ['coach-kit', coach],
    ['host-training', learner],
    ['safety', learner],
  ] as const) {
    await enrolPerson(testApp.db, (await repository.findCourseBySlug(testApp.db, slug))!.id, person.id);
    const client = new TestClient(testApp);
    await client.signIn(person.email!);
    walkers.set(slug, client);
  }
});
after(async () => {
  await testApp.close();
});

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
/** The text a reader sees: tags removed, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, name: string) =>
      name.startsWith('#x')
        ? String.fromCodePoint(parseInt(name.slice(2), 16))
        : name.startsWith('#')
          ? String.fromCodePoint(Number(name.slice(1)))
          : (entities[name] ?? match),
    )
    .replace(/\s+/g, ' ');
}

/** A key of the interface catalogue shown as is: `learning.course.quiz` in the text of the page. */
const namespaces = [...new Set(Object.keys(en).map((key) => key.split('.')[0]!))];
const leakedKey = new RegExp(`(?<![\\w/.-])(${namespaces.join('|')})\\.[a-z][a-zA-Z]*(\\.[a-zA-Z]+)*(?![\\w/-])`);

async function assertPage(client: TestClient, path: string, language: string, expectedTexts: string[]) {
  const response = await client.get(`${path}${path.includes('?') ? '&' : '?'}lang=${language}`);
  assert.equal(response.status, 200, `${path} in ${language}`);
  const html = await response.text();
  assert.match(html, new RegExp(`<html lang="${language}"`), `${path}: <html lang="${language}">`);
  const text = visibleText(html);
  for (const expected of expectedTexts)
    assert.ok(text.includes(expected.replace(/\s+/g, ' ')), `${path} in ${language} shows "${expected}"`);
  assert.doesNotMatch(text, leakedKey, `${path} in ${language}: a message key is shown`);
  assert.doesNotMatch(text, /\bundefined\b|\{[a-z]+\}/, `${path} in ${language}: undefined or an unfilled parameter`);
  return html;
}

for (const slug of ['coach-kit', 'host-training', 'safety']) {
  describe(`the ${slug} course, page by page`, () => {
    it('answers every page in every language the course offers', async () => {
      const course = (await repository.findCourseBySlug(testApp.db, slug))!;
      const modules = await repository.listModules(testApp.db, course.id);
      const lessons = await repository.listLessonsOfCourse(testApp.db, course.id);
      const quizzes = (await repository.listActivitiesOfCourse(testApp.db, course.id)).filter((activity) => activity.kind === 'quiz');
      const materials = await repository.listTrainerMaterials(testApp.db, course.id);
      const client = walkers.get(slug)!;
      assert.equal(quizzes.length, modules.length, 'one quiz per module');
      for (const language of course.languages) {
        const coursePage = await assertPage(client, `/learn/courses/${slug}`, language, [
          course.title[language]!,
          ...modules.map((module) => `${module.code} · ${module.title[language]}`),
          ...modules.map((module) => module.validationText[language]!),
        ]);
        for (const lesson of lessons)
          assert.ok(coursePage.includes(`/learn/courses/${slug}/lessons/${lesson.id}`), `course page links lesson ${lesson.slug}`);
        for (const quiz of quizzes) assert.ok(coursePage.includes(`/learn/activities/${quiz.id}`), 'course page links every quiz');

        for (const lesson of lessons) {
          const translation = lesson.translations.find((candidate) => candidate.language === language);
          assert.ok(translation, `${lesson.slug} exists in ${language}`);
          await assertPage(client, `/learn/courses/${slug}/lessons/${lesson.id}`, language, [translation.title]);
        }
        for (const quiz of quizzes) {
          const module = modules.find((candidate) => candidate.id === quiz.moduleId)!;
          await assertPage(client, `/learn/activities/${quiz.id}`, language, [module.title[language]!]);
        }
        if (slug === 'coach-kit')
          assert.equal(materials.length, modules.length * course.languages.length, 'trainer material per module and language');
        for (const material of materials.filter((candidate) => candidate.language === language)) {
          assert.ok(coursePage.includes(`/learn/courses/${slug}/materials/${material.id}`), 'course page links the trainer material');
          const response = await client.get(`/learn/courses/${slug}/materials/${material.id}`);
          assert.equal(response.status, 200, `trainer material ${material.slug}.${material.language}`);
          assert.match(await response.text(), /^## /m);
        }
      }
    });
  });
}
