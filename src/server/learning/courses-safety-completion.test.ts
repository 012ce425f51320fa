/**
 * A learner passes the pre-departure safety course: the course completes, the "safety training"
 * timeline step closes, and the personal safety card says so, on the page and in its phone-sized PDF.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { auditLog, enrolments, timelineSteps } from '../db/schema/index.js';
import { seedDemo } from '../db/seed/demo.js';
import { seedKits } from '../kits/kits.service.js';
import { loadKitDocuments } from '../kits/kit-content.js';
import { emergencyPhoneKinds } from '../kits/kit-content.js';
import { seedTimelines } from '../timeline/timeline.service.js';
import { createTranslator } from '../../shared/i18n/translate.js';
import { a6, renderSafetyCardPdf, safetyCardPdfLabels } from '../mobilities/safety-card-pdf.js';
import type { SafetyCard } from '../mobilities/safety-card.js';
import { rightAnswerFields } from '../testing/learning-factories.js';
import { demoMobilityOf, demoPersonId, signedInDemo } from '../testing/timeline-factories.js';
import { createTestApp, type TestApp, type TestClient } from '../testing/test-app.js';
import { seedCourses } from './course-content.js';
import * as repository from './learning.repository.js';

let testApp: TestApp;
let mathis: TestClient;
let mobilityId: string;
before(async () => {
  testApp = await createTestApp();
  await seedDemo(testApp.db, testApp.clock.now);
  await seedKits(testApp.db);
  await seedCourses(testApp.db);
  await seedTimelines(testApp.db);
  // Mathis Girard: confirmed mobility to Legnica (Poland) in the demo world, so his timeline exists.
  mathis = await signedInDemo(testApp, 'learner-2');
  mobilityId = await demoMobilityOf(testApp.db, 'learner-2');
});
after(async () => {
  await testApp.close();
});

type ExtractedPage = { width: number; height: number; text: string; outside: string[] };

/** Text of every page, and any piece drawn outside the page (which print would cut). */
async function extractPdf(bytes: Uint8Array): Promise<ExtractedPage[]> {
  const pdf = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: ExtractedPage[] = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const page = await pdf.getPage(number);
    const viewport = page.getViewport({ scale: 1 });
    const outside: string[] = [];
    let text = '';
    for (const item of (await page.getTextContent()).items) {
      if (!('str' in item)) continue;
      const [, , , , x, y] = item.transform as number[];
      if (x! < 0 || y! < 0 || x! + item.width > viewport.width + 0.5 || y! > viewport.height) outside.push(item.str);
      text += item.str + ' ';
    }
    pages.push({ width: viewport.width, height: viewport.height, text, outside });
  }
  await pdf.destroy();
  return pages;
}

const squash = (text: string) => text.replace(/\s+/g, '');

/** Reads every lesson and passes every quiz with the right answers, page by page, as the learner would. */
async function passSafetyCourse(client: TestClient) {
  const course = (await repository.findCourseBySlug(testApp.db, 'safety'))!;
  for (const lesson of await repository.listLessonsOfCourse(testApp.db, course.id))
    assert.equal((await client.get(`/learn/courses/safety/lessons/${lesson.id}`)).status, 200);
  for (const quiz of (await repository.listActivitiesOfCourse(testApp.db, course.id)).filter((activity) => activity.kind === 'quiz')) {
    const started = await client.post(`/learn/activities/${quiz.id}/attempts`);
    assert.equal(started.status, 303);
    const attemptId = /\/learn\/attempts\/([0-9a-f-]{36})/.exec(started.headers.get('location') ?? '')![1]!;
    const answers = await rightAnswerFields(testApp.db, attemptId);
    const pageCount = Math.ceil(answers.length / quiz.questionsPerPage);
    for (let page = 1; page <= pageCount; page += 1) {
      const fields = Object.assign(
        {},
        ...answers.slice((page - 1) * quiz.questionsPerPage, page * quiz.questionsPerPage).map((answer) => answer.fields),
      );
      const response = await client.post(`/learn/attempts/${attemptId}?page=${page}`, {
        ...fields,
        intent: page === pageCount ? 'submit' : 'next',
      });
      assert.equal(response.status, 303);
    }
  }
}

describe('passing the safety course', () => {
  it('shows on the card that the course is still to do, with a way to it', async () => {
    assert.equal((await mathis.post('/learn/courses/safety/enrol')).status, 303);
    const card = await (await mathis.get('/safety-card')).text();
    assert.ok(card.includes('Vous n’avez pas encore terminé la formation sécurité avant le départ.'));
    assert.ok(card.includes('href="/learn/courses/safety"'));
    assert.ok(card.includes('href="/safety-card.pdf"'));
  });

  it('completes the course, closes the safety-training timeline step, and the card and its PDF say so', async () => {
    await passSafetyCourse(mathis);
    const personId = await demoPersonId(testApp.db, 'learner-2');
    const course = (await repository.findCourseBySlug(testApp.db, 'safety'))!;
    const [enrolment] = await testApp.db
      .select()
      .from(enrolments)
      .where(and(eq(enrolments.courseId, course.id), eq(enrolments.personId, personId)));
    assert.ok(enrolment!.completedAt, 'the enrolment is complete');

    assert.equal((await mathis.get(`/mobilities/${mobilityId}/timeline`)).status, 200);
    const [step] = await testApp.db
      .select()
      .from(timelineSteps)
      .where(and(eq(timelineSteps.mobilityId, mobilityId), eq(timelineSteps.key, 'safety-training')));
    assert.equal(step!.status, 'done');
    const audit = await testApp.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, step!.id), eq(auditLog.action, 'timeline_step.completed_by_course')));
    assert.equal(audit.length, 1);

    const card = await (await mathis.get('/safety-card')).text();
    assert.ok(card.includes('Formation sécurité terminée le 23 novembre 2026.'), 'the card says the course is done');

    const pdf = await mathis.get('/safety-card.pdf');
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    const pages = await extractPdf(new Uint8Array(await pdf.arrayBuffer()));
    assert.equal(pages.length, 1, 'one page');
    assert.deepEqual([pages[0]!.width, pages[0]!.height].map(Math.round), [Math.round(a6.width), Math.round(a6.height)], 'A6');
    assert.deepEqual(pages[0]!.outside, [], 'nothing outside the page');
    const text = squash(pages[0]!.text);
    const legnica = loadKitDocuments().find((kit) => kit.slug === 'legnica')!;
    const expected = [
      'Mathis Girard',
      'Camille Martin',
      'Piotr Nowak',
      'Legnica',
      'Formation sécurité terminée le 23 novembre 2026.',
      '112',
      ...legnica.phones.filter((phone) => (emergencyPhoneKinds as readonly string[]).includes(phone.kind)).map((phone) => phone.number),
    ];
    for (const needle of expected) assert.ok(text.includes(squash(needle)), `the PDF shows ${needle}`);
  });
});

describe('the safety card PDF', () => {
  it('keeps a crowded card on one A6 page, in letters outside Latin-1', async () => {
    const phone = (number: string, label: string) => ({ number, region: 'PL', label });
    const card: SafetyCard = {
      holder: 'Zoë Łukasiewicz-Ştefănescu',
      mobility: { city: 'Łódź', country: 'PL', startDate: '2027-03-01', endDate: '2027-06-30' },
      hasMobility: true,
      emergencyRegion: 'PL',
      emergency: Array.from({ length: 6 }, (_, index) =>
        phone(`99${index}`, 'Pogotowie ratunkowe — numer alarmowy dostępny całą dobę, bezpłatnie'),
      ),
      people: Array.from({ length: 8 }, (_, index) => ({
        name: `Contact ${index + 1} Wójcik`,
        role: 'famille d’accueil',
        roleKey: null,
        side: 'host' as const,
        phone: { number: `+48 600 000 00${index}`, region: 'PL', label: '' },
        email: `contact${index + 1}@example.org`,
      })),
      helplines: [phone('116111', 'Telefon zaufania dla dzieci i młodzieży'), phone('116123', 'Wsparcie emocjonalne dla dorosłych')],
      consulate: { name: 'Consulat général de France à Cracovie', address: 'ul. Stolarska 15, 31-043 Kraków', phone: null },
      kit: { slug: 'krakow', name: 'Cracovie' },
      safetyCourseCompletedAt: new Date('2026-11-23T10:00:00Z'),
    };
    const t = createTranslator('fr');
    const bytes = await renderSafetyCardPdf(card, safetyCardPdfLabels(t, 'fr', card, new Date('2026-11-23T10:00:00Z')), t);
    const pages = await extractPdf(bytes);
    assert.equal(pages.length, 1);
    assert.deepEqual(pages[0]!.outside, []);
    const text = squash(pages[0]!.text);
    for (const needle of [card.holder, 'Łódź', '+48600000007', 'contact8@example.org', '116123', 'ul.Stolarska15'])
      assert.ok(text.includes(squash(needle)), `the PDF shows ${needle}`);
  });
});
