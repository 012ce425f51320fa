import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { attemptAnswers, attempts, auditLog, courseCertificates, enrolments, lessonTranslations, questions } from '../db/schema/index.js';
import { buildLearner, buildOrganisation, buildPerson } from '../testing/factories.js';
import {
  addAssignment,
  enrolPerson,
  rightAnswerFields,
  seedTestCourse,
  setCompletionRule,
  setQuizSettings,
} from '../testing/learning-factories.js';
import { createTestApp, TestClient, type TestApp } from '../testing/test-app.js';
import { seedCourses } from './course-content.js';
import { evaluateCompletion } from './completion.js';
import { renderMarkdown } from './markdown.js';
import * as repository from './learning.repository.js';

let testApp: TestApp;
let fixture: Awaited<ReturnType<typeof seedTestCourse>>;
before(async () => {
  testApp = await createTestApp();
  fixture = await seedTestCourse(testApp.db);
});
after(async () => {
  await testApp.close();
});

async function signedIn(email: string) {
  const client = new TestClient(testApp);
  await client.signIn(email);
  return client;
}

const attemptIdFrom = (location: string | null) => /\/learn\/attempts\/([0-9a-f-]{36})/.exec(location ?? '')![1]!;

async function startAttempt(client: TestClient) {
  const response = await client.post(`/learn/activities/${fixture.quiz.id}/attempts`);
  assert.equal(response.status, 303);
  return attemptIdFrom(response.headers.get('location'));
}

/** Posts the right answers page by page, as the learner would, ending with `finalIntent`. */
async function answerEverything(client: TestClient, attemptId: string, finalIntent: 'submit' | 'save' = 'submit') {
  const answers = await rightAnswerFields(testApp.db, attemptId);
  const perPage = fixture.quiz.questionsPerPage;
  const pageCount = Math.ceil(answers.length / perPage);
  let response: Response | undefined;
  for (let page = 1; page <= pageCount; page += 1) {
    const fields = Object.assign({}, ...answers.slice((page - 1) * perPage, page * perPage).map((answer) => answer.fields));
    response = await client.post(`/learn/attempts/${attemptId}?page=${page}`, {
      ...fields,
      intent: page === pageCount ? finalIntent : 'next',
    });
    assert.equal(response.status, 303);
  }
  return response!;
}

describe('course content loader', () => {
  it('loads every course under content/courses without a problem, and skips unchanged courses the second time', async () => {
    const first = await seedCourses(testApp.db);
    assert.deepEqual(first.problems, []);
    assert.deepEqual(first.loaded.sort(), ['coach-kit', 'host-training', 'safety']);
    const second = await seedCourses(testApp.db);
    assert.deepEqual(second.loaded, []);
    assert.deepEqual(second.unchanged.sort(), ['coach-kit', 'host-training', 'safety']);
    const safety = (await repository.findCourseBySlug(testApp.db, 'safety'))!;
    const modules = await repository.listModules(testApp.db, safety.id);
    assert.equal(modules.length, 7);
    const lessons = await repository.listLessonsOfCourse(testApp.db, safety.id);
    assert.ok(
      lessons.every((lesson) => lesson.translations.length === 6),
      'every safety lesson exists in six languages',
    );
    const quizzes = (await repository.listActivitiesOfCourse(testApp.db, safety.id)).filter((activity) => activity.kind === 'quiz');
    assert.equal(quizzes.length, 7);
    const [german] = await testApp.db
      .select()
      .from(questions)
      .where(and(eq(questions.bankId, quizzes[0]!.questionBankId!), eq(questions.language, 'de')))
      .limit(1);
    assert.equal(german!.key, 'emergency-numbers-q01');
    const coachKit = (await repository.findCourseBySlug(testApp.db, 'coach-kit'))!;
    assert.ok((await repository.listTrainerMaterials(testApp.db, coachKit.id)).length >= 7);
    assert.ok(
      coachKit.completionRule.all.some((condition) => 'assignmentsAccepted' in condition),
      'modules validated by a piece of work add the assignment condition',
    );
  });

  it('renders lesson Markdown without running any HTML or unsafe link from the content', async () => {
    const [translation] = await testApp.db.select().from(lessonTranslations).where(eq(lessonTranslations.lessonId, fixture.lessons[0]!.id));
    const html = renderMarkdown(translation!.body);
    assert.ok(!html.includes('<script'), html);
    assert.ok(html.includes('&lt;script&gt;'));
    assert.ok(!html.includes('javascript:'));
    assert.match(html, /<a href="https:\/\/europa.eu\/youreurope\/" rel="noopener noreferrer">A safe link<\/a>/);
  });
});

describe('completion rule', () => {
  it('lists what is done and what is still missing', () => {
    const outline = {
      modules: [{ id: 'm1', title: { en: 'One' } }],
      lessons: [
        { id: 'l1', moduleId: 'm1' },
        { id: 'l2', moduleId: 'm1' },
      ],
      activities: [
        { id: 'q1', moduleId: 'm1', kind: 'quiz' as const },
        { id: 'w1', moduleId: 'm1', kind: 'webinar' as const },
      ],
    };
    const rule = { all: [{ lessonsViewed: 'all' as const }, { quizzesPassed: { minScore: 70 } }, { webinarAttended: true as const }] };
    const partial = evaluateCompletion(rule, outline, {
      viewedLessonIds: new Set(['l1', 'l2']),
      bestQuizScores: new Map([['q1', 65]]),
      awaitingGradingQuizIds: new Set(),
      submissionStatuses: new Map(),
      attendedWebinarIds: new Set(),
    });
    assert.deepEqual(
      partial.items.map((item) => [item.kind, item.isDone]),
      [
        ['lessons', true],
        ['quiz', false],
        ['webinar', false],
      ],
    );
    assert.equal(partial.isComplete, false);
    const complete = evaluateCompletion(rule, outline, {
      viewedLessonIds: new Set(['l1', 'l2']),
      bestQuizScores: new Map([['q1', 70]]),
      awaitingGradingQuizIds: new Set(),
      submissionStatuses: new Map(),
      attendedWebinarIds: new Set(['w1']),
    });
    assert.equal(complete.isComplete, true);
  });
});

describe('a learner takes a course', () => {
  it('enrols herself, reads the lesson, takes the quiz, and after a trainer grades the essay gets a verifiable certificate', async () => {
    const school = await buildOrganisation(testApp.db);
    const learner = await buildLearner(testApp.db, school.id, { givenName: 'Łucja', familyName: 'Ősz', preferredLanguage: 'en' });
    const coach = await buildPerson(testApp.db, { roles: [[school.id, 'mobility_coach']] });
    const client = await signedIn(learner.email!);

    const catalogue = await (await client.get('/learn')).text();
    assert.match(catalogue, /Every question type/);
    const before = await (await client.get('/learn/courses/all-types')).text();
    assert.match(before, /Enrol in this course/);
    assert.equal((await client.get(`/learn/courses/all-types/lessons/${fixture.lessons[0]!.id}`)).status, 303, 'lessons need an enrolment');
    assert.equal((await client.post('/learn/courses/all-types/enrol')).status, 303);
    const enrolled = await (await client.get('/learn/courses/all-types')).text();
    assert.match(enrolled, /Still missing/);
    assert.match(enrolled, /Read the lessons of “Basics” \(0 of 1\)/);

    const lesson = await client.get(`/learn/courses/all-types/lessons/${fixture.lessons[0]!.id}`);
    assert.equal(lesson.status, 200);
    assert.match(await lesson.text(), /Welcome to the test course/);
    const afterLesson = await (await client.get('/learn/courses/all-types')).text();
    assert.match(afterLesson, /✓ Read the lessons of “Basics” \(1 of 1\)/);

    const attemptId = await startAttempt(client);
    const firstPage = await (await client.get(`/learn/attempts/${attemptId}`)).text();
    for (const secret of [
      'Right: 112 is free',
      '112 connects you',
      'one-one-two',
      'The directive sets 30 minutes',
      'Directive 94/33/EC sets',
      'French police',
      'Travel insurance covers',
    ]) {
      assert.ok(!firstPage.includes(secret), `the quiz page must not contain "${secret}" before submission`);
    }
    // Every page of the attempt: no feedback, no accepted answer.
    for (let page = 2; page <= 3; page += 1) {
      const html = await (await client.get(`/learn/attempts/${attemptId}?page=${page}`)).text();
      assert.ok(!html.includes('one-one-two') && !html.includes('The directive sets'), `page ${page}`);
    }

    // Page 1 saved, then a "reload" finds the answers.
    const answers = await rightAnswerFields(testApp.db, attemptId);
    const pageOne = Object.assign({}, ...answers.slice(0, 4).map((answer) => answer.fields));
    assert.equal((await client.post(`/learn/attempts/${attemptId}?page=1`, { ...pageOne, intent: 'next' })).status, 303);
    const reloaded = await (await client.get(`/learn/attempts/${attemptId}?page=1`)).text();
    const singleChoice = answers.find((answer) => answer.question.type === 'single_choice')!;
    assert.ok(reloaded.includes(`value="${singleChoice.fields['q1']}" checked`), 'the saved choice is checked again');
    const saved = await testApp.db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attemptId));
    assert.equal(saved.length, 4);

    const submitted = await answerEverything(client, attemptId);
    assert.match(submitted.headers.get('location')!, /review/);
    const [attempt] = await testApp.db.select().from(attempts).where(eq(attempts.id, attemptId));
    assert.equal(attempt!.needsManualGrading, true, 'the essay waits for a trainer');
    assert.equal(attempt!.isPassed, null);
    const review = await (await client.get(`/learn/attempts/${attemptId}/review`)).text();
    assert.match(review, /waiting for a trainer/);
    assert.match(review, /Right: 112 is free/, 'feedback is shown after submission');

    // The coach grades the essay from the gradebook.
    const trainer = await signedIn(coach.email!);
    const book = await (await trainer.get(`/learn/courses/all-types/gradebook?organisation=${school.id}`)).text();
    assert.match(book, new RegExp(`/learn/attempts/${attemptId}/grade`));
    const essay = answers.find((answer) => answer.question.type === 'essay')!;
    const essayRowId = attempt!.questionIds[essay.number - 1]!;
    const badGrade = await trainer.post(`/learn/attempts/${attemptId}/grade`, {
      [`score-${essayRowId}`]: '150',
      [`comment-${essayRowId}`]: 'Good',
    });
    assert.equal(badGrade.status, 400);
    assert.equal(
      (
        await trainer.post(`/learn/attempts/${attemptId}/grade`, {
          [`score-${essayRowId}`]: '100',
          [`comment-${essayRowId}`]: 'Clear and complete.',
        })
      ).status,
      303,
    );
    const [graded] = await testApp.db.select().from(attempts).where(eq(attempts.id, attemptId));
    assert.equal(graded!.isPassed, true);
    assert.equal(graded!.scorePercent, 100);

    const complete = await (await client.get('/learn/courses/all-types')).text();
    assert.match(complete, /Course complete/);
    const [enrolment] = await testApp.db
      .select()
      .from(enrolments)
      .where(and(eq(enrolments.courseId, fixture.course.id), eq(enrolments.personId, learner.id)));
    assert.ok(enrolment!.completedAt);

    const pdf = await client.get('/learn/courses/all-types/certificate.pdf');
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    assert.equal(new TextDecoder().decode(bytes.slice(0, 5)), '%PDF-');

    const [certificate] = await testApp.db.select().from(courseCertificates).where(eq(courseCertificates.personId, learner.id));
    const anonymous = new TestClient(testApp);
    const verification = await anonymous.get(`/verify/${certificate!.code}`);
    assert.equal(verification.status, 200);
    const verificationHtml = await verification.text();
    assert.match(verificationHtml, /Łucja Ősz/);
    assert.match(verificationHtml, new RegExp(certificate!.contentHash));
    assert.ok(!verificationHtml.includes(learner.email!), 'the public page shows no contact details');
    assert.equal((await anonymous.get('/verify/ABCD-EFGH-JKLM-NPQR')).status, 404);
    assert.equal((await anonymous.get('/verify/not-a-code')).status, 404);

    // The Open Badges 3.0 credential verifies with the key published at /.well-known/jwks.json.
    const jwks = await (await anonymous.get('/.well-known/jwks.json')).json();
    const badge = await (await client.get('/learn/courses/all-types/badge.jwt')).text();
    const { payload, protectedHeader } = await jwtVerify(badge, createLocalJWKSet(jwks), { issuer: 'http://passerelle.test' });
    assert.equal(protectedHeader.alg, 'RS256');
    const vc = payload['vc'] as { type: string[]; credentialSubject: { achievement: { name: string } } };
    assert.deepEqual(vc.type, ['VerifiableCredential', 'OpenBadgeCredential']);
    assert.equal(vc.credentialSubject.achievement.name, 'Every question type');
    const actions = (await testApp.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.actorId, learner.id))).map(
      (row) => row.action,
    );
    for (const action of ['learning.enrolled', 'learning.lesson_viewed', 'learning.attempt_started', 'learning.attempt_submitted'])
      assert.ok(actions.includes(action), action);
  });

  it('keeps other people out: another learner, and a coach of another school, get 404', async () => {
    const school = await buildOrganisation(testApp.db);
    const otherSchool = await buildOrganisation(testApp.db);
    const learner = await buildLearner(testApp.db, school.id);
    const other = await buildLearner(testApp.db, school.id);
    const otherCoach = await buildPerson(testApp.db, { roles: [[otherSchool.id, 'mobility_coach']] });
    await enrolPerson(testApp.db, fixture.course.id, learner.id);
    const client = await signedIn(learner.email!);
    const attemptId = await startAttempt(client);
    await answerEverything(client, attemptId);
    const intruder = await signedIn(other.email!);
    assert.equal((await intruder.get(`/learn/attempts/${attemptId}`)).status, 404);
    assert.equal((await intruder.get(`/learn/attempts/${attemptId}/review`)).status, 404);
    assert.equal((await intruder.get(`/learn/attempts/${attemptId}/grade`)).status, 404);
    const coach = await signedIn(otherCoach.email!);
    assert.equal((await coach.get(`/learn/attempts/${attemptId}/grade`)).status, 404);
    assert.equal(
      (await coach.get(`/learn/courses/all-types/gradebook?organisation=${school.id}`)).status,
      200,
      'falls back to the coach’s own school',
    );
    assert.ok(
      !(await (await coach.get(`/learn/courses/all-types/gradebook?organisation=${school.id}`)).text()).includes(learner.familyName),
    );
    assert.equal((await coach.get(`/learn/courses/all-types/gradebook.csv?organisation=${otherSchool.id}`)).status, 200);
    assert.equal((await intruder.get(`/learn/courses/all-types/gradebook`)).status, 404, 'a learner has no gradebook');
  });
});

describe('attempt rules', () => {
  it('enforces the time limit on the server: answers after the deadline are ignored and the attempt is graded as of the deadline', async () => {
    const school = await buildOrganisation(testApp.db);
    const learner = await buildLearner(testApp.db, school.id);
    await enrolPerson(testApp.db, fixture.course.id, learner.id);
    await setQuizSettings(testApp.db, fixture.quiz.id, { timeLimitMinutes: 10 });
    try {
      const client = await signedIn(learner.email!);
      const attemptId = await startAttempt(client);
      const answers = await rightAnswerFields(testApp.db, attemptId);
      await client.post(`/learn/attempts/${attemptId}?page=1`, { ...answers[0]!.fields, intent: 'save' });
      testApp.clock.advance(11 * 60_000);
      const late = await client.post(`/learn/attempts/${attemptId}?page=1`, {
        ...Object.assign({}, ...answers.slice(0, 4).map((answer) => answer.fields)),
        intent: 'submit',
      });
      assert.equal(late.status, 303);
      assert.match(late.headers.get('location')!, /timeUp/);
      const [attempt] = await testApp.db.select().from(attempts).where(eq(attempts.id, attemptId));
      assert.equal(attempt!.status, 'submitted');
      assert.equal(attempt!.submittedAt!.getTime(), attempt!.deadlineAt!.getTime());
      const saved = await testApp.db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attemptId));
      const answered = saved.filter((row) => row.grade && row.grade.fraction > 0);
      assert.equal(answered.length, 1, 'only the answer saved before the deadline earned marks');
    } finally {
      await setQuizSettings(testApp.db, fixture.quiz.id, { timeLimitMinutes: null });
    }
  });

  it('draws a shorter paper per attempt when the quiz draws N questions per category', async () => {
    await setQuizSettings(testApp.db, fixture.quiz.id, { drawPerCategory: 3, shuffleQuestions: true });
    try {
      const school = await buildOrganisation(testApp.db);
      const learner = await buildLearner(testApp.db, school.id);
      await enrolPerson(testApp.db, fixture.course.id, learner.id);
      const client = await signedIn(learner.email!);
      const start = await (await client.get(`/learn/activities/${fixture.quiz.id}`)).text();
      assert.match(start, /3 questions/);
      assert.match(start, /tirées au sort/);
      const attemptId = await startAttempt(client);
      const [attempt] = await testApp.db.select().from(attempts).where(eq(attempts.id, attemptId));
      const bank = await testApp.db.select({ id: questions.id }).from(questions).where(and(eq(questions.bankId, fixture.quiz.questionBankId!), eq(questions.language, attempt!.language)));
      assert.equal(attempt!.questionIds.length, 3);
      assert.ok(attempt!.questionIds.every((id) => bank.some((question) => question.id === id)));
    } finally {
      await setQuizSettings(testApp.db, fixture.quiz.id, { drawPerCategory: null, shuffleQuestions: false });
    }
  });

  it('stops a learner after the attempt limit', async () => {
    const school = await buildOrganisation(testApp.db);
    const learner = await buildLearner(testApp.db, school.id);
    await enrolPerson(testApp.db, fixture.course.id, learner.id);
    const client = await signedIn(learner.email!);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const attemptId = await startAttempt(client);
      assert.equal((await client.post(`/learn/attempts/${attemptId}?page=3`, { intent: 'submit' })).status, 303);
    }
    assert.equal((await client.post(`/learn/activities/${fixture.quiz.id}/attempts`)).status, 409);
    assert.match(await (await client.get(`/learn/activities/${fixture.quiz.id}`)).text(), /Vous avez utilisé toutes vos tentatives/);
  });

  it('in practice mode shows the feedback of a question once it is checked, and locks it', async () => {
    const school = await buildOrganisation(testApp.db);
    const learner = await buildLearner(testApp.db, school.id);
    await enrolPerson(testApp.db, fixture.course.id, learner.id);
    await setQuizSettings(testApp.db, fixture.quiz.id, { mode: 'practice' });
    try {
      const client = await signedIn(learner.email!);
      const attemptId = await startAttempt(client);
      const before = await (await client.get(`/learn/attempts/${attemptId}`)).text();
      assert.ok(!before.includes('Right: 112 is free'));
      const answers = await rightAnswerFields(testApp.db, attemptId);
      const single = answers.find((answer) => answer.question.type === 'single_choice')!;
      await client.post(`/learn/attempts/${attemptId}?page=1`, { ...single.fields, intent: 'save' });
      const after = await (await client.get(`/learn/attempts/${attemptId}`)).text();
      assert.match(after, /Right: 112 is free/);
      assert.match(after, /<fieldset class="question" aria-describedby="q\d-text" disabled/);
    } finally {
      await setQuizSettings(testApp.db, fixture.quiz.id, { mode: 'test' });
    }
  });
});

describe('trainers', () => {
  it('a coach enrols her learners; the gradebook CSV opens in French Excel', async () => {
    const school = await buildOrganisation(testApp.db);
    const coach = await buildPerson(testApp.db, { preferredLanguage: 'fr', roles: [[school.id, 'mobility_coach']] });
    const learner = await buildLearner(testApp.db, school.id, { givenName: 'Zoé', familyName: '=Formule' });
    const client = await signedIn(coach.email!);
    const form = await (await client.get(`/learn/courses/all-types/enrolments?organisation=${school.id}`)).text();
    assert.match(form, /Zoé/);
    assert.equal((await client.post('/learn/courses/all-types/enrolments', { organisationId: school.id })).status, 400);
    assert.equal(
      (await client.post('/learn/courses/all-types/enrolments', { organisationId: school.id, personIds: [learner.id] })).status,
      303,
    );
    const [enrolment] = await testApp.db.select().from(enrolments).where(eq(enrolments.personId, learner.id));
    assert.equal(enrolment!.source, 'coach');

    const csv = await client.get(`/learn/courses/all-types/gradebook.csv?organisation=${school.id}`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type')!, /text\/csv; charset=utf-8/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    assert.equal(lines[0], 'Nom;Prénom;E-mail;Leçons lues;Quiz T1 (%);Terminée le');
    assert.match(lines[1]!, /^'=Formule;Zoé;/, 'a value starting with = cannot run as a formula');
    const [material] = await repository.listTrainerMaterials(testApp.db, fixture.course.id);
    const download = await client.get(`/learn/courses/all-types/materials/${material!.id}`);
    assert.equal(download.status, 200);
    assert.match(download.headers.get('content-disposition')!, /attachment; filename="basics-trainer.en.md"/);
    assert.match(await download.text(), /The essay should name 112/);
    const learnerClient = await signedIn(learner.email!);
    assert.equal((await learnerClient.get(`/learn/courses/all-types/materials/${material!.id}`)).status, 404, 'trainer material is for trainers');
    const audit = await testApp.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorId, coach.id), eq(auditLog.action, 'learning.gradebook_viewed')));
    assert.ok(audit.length >= 1, 'looking at learners’ results is audited');
  });

  it('a trainer reviews an uploaded piece of work; wrong types are refused and big files answer 413', async () => {
    const school = await buildOrganisation(testApp.db);
    const learner = await buildLearner(testApp.db, school.id);
    const coach = await buildPerson(testApp.db, { roles: [[school.id, 'teacher']] });
    const course = await seedTestCourse(testApp.db);
    const modules = await repository.listModules(testApp.db, course.course.id);
    const assignment = await addAssignment(testApp.db, modules[0]!.id, 1024);
    await setCompletionRule(testApp.db, course.course.id, { all: [{ assignmentsAccepted: 'all' }] });
    try {
      await enrolPerson(testApp.db, course.course.id, learner.id);
      const client = await signedIn(learner.email!);
      const upload = async (bytes: Uint8Array, type: string, name: string) => {
        const form = new FormData();
        form.set('_csrf', client.csrfToken);
        form.set('file', new File([new Uint8Array(bytes)], name, { type }));
        return client.request(`/learn/activities/${assignment.id}/submissions`, { method: 'POST', body: form });
      };
      const pdf = new TextEncoder().encode('%PDF-1.7\n% a tiny project note\n');
      assert.equal((await upload(new TextEncoder().encode('<html>not a pdf</html>'), 'application/pdf', 'note.pdf')).status, 400);
      const tooBig = new Uint8Array(2048);
      tooBig.set(pdf);
      assert.equal((await upload(tooBig, 'application/pdf', 'big.pdf')).status, 413);
      assert.equal((await upload(pdf, 'application/pdf', 'note.pdf')).status, 303);
      const [submission] = await repository.submissionsOf(testApp.db, assignment.id, learner.id);
      assert.equal(submission!.status, 'submitted');
      const download = await client.get(`/learn/submissions/${submission!.id}/file`);
      assert.equal(download.status, 200);
      assert.equal(new TextDecoder().decode(new Uint8Array(await download.arrayBuffer())), '%PDF-1.7\n% a tiny project note\n');

      const trainer = await signedIn(coach.email!);
      assert.equal((await trainer.get(`/learn/submissions/${submission!.id}`)).status, 200);
      assert.equal(
        (await trainer.post(`/learn/submissions/${submission!.id}`, { decision: 'accepted', comment: 'Complete.' })).status,
        303,
      );
      assert.equal(
        (await trainer.post(`/learn/submissions/${submission!.id}`, { decision: 'rejected' })).status,
        409,
        'a reviewed submission is settled',
      );
      const [enrolment] = await testApp.db
        .select()
        .from(enrolments)
        .where(and(eq(enrolments.personId, learner.id), eq(enrolments.courseId, course.course.id)));
      assert.ok(enrolment!.completedAt, 'accepting the work completed the course');
    } finally {
      await setCompletionRule(testApp.db, course.course.id, { all: [{ lessonsViewed: 'all' }, { quizzesPassed: { minScore: 60 } }] });
    }
  });
  it('a trainer schedules a webinar and records attendance, which completes a course whose rule asks for it', async () => {
    const school = await buildOrganisation(testApp.db);
    const learner = await buildLearner(testApp.db, school.id);
    const teacher = await buildPerson(testApp.db, { preferredLanguage: 'en', roles: [[school.id, 'teacher']] });
    await enrolPerson(testApp.db, fixture.course.id, learner.id);
    await setCompletionRule(testApp.db, fixture.course.id, { all: [{ webinarAttended: true }] });
    try {
      const client = await signedIn(teacher.email!);
      const modules = await repository.listModules(testApp.db, fixture.course.id);
      const invalid = await client.post('/learn/courses/all-types/webinars/new', {
        moduleId: modules[0]!.id,
        title: 'Live session',
        startsAt: 'tomorrow',
        durationMinutes: '90',
        joinUrl: 'http://insecure.example',
      });
      assert.equal(invalid.status, 400);
      const invalidHtml = await invalid.text();
      assert.match(invalidHtml, /Enter a date and time/);
      assert.match(invalidHtml, /value="Live session"/, 'what the trainer typed is kept');
      const created = await client.post('/learn/courses/all-types/webinars/new', {
        moduleId: modules[0]!.id,
        title: 'Live session',
        startsAt: '2026-12-01T14:00',
        durationMinutes: '90',
        joinUrl: 'https://visio.example.org/room',
      });
      assert.equal(created.status, 303);
      const webinarId = /\/learn\/activities\/([0-9a-f-]{36})/.exec(created.headers.get('location')!)![1]!;
      const [webinar] = await repository
        .listActivitiesOfCourse(testApp.db, fixture.course.id)
        .then((rows) => rows.filter((row) => row.id === webinarId));
      assert.equal(webinar!.startsAt!.toISOString(), '2026-12-01T13:00:00.000Z', 'Paris time, stored in UTC');
      const sheet = await (await client.get(`/learn/activities/${webinarId}/attendance?organisation=${school.id}`)).text();
      assert.match(sheet, new RegExp(learner.familyName));
      assert.equal(
        (await client.post(`/learn/activities/${webinarId}/attendance`, { organisationId: school.id, present: [learner.id] })).status,
        303,
      );
      const [enrolment] = await testApp.db
        .select()
        .from(enrolments)
        .where(and(eq(enrolments.personId, learner.id), eq(enrolments.courseId, fixture.course.id)));
      assert.ok(enrolment!.completedAt, 'attending the webinar completed the course');
      const learnerClient = await signedIn(learner.email!);
      assert.match(await (await learnerClient.get(`/learn/activities/${webinarId}`)).text(), /https:\/\/visio.example.org\/room/);
    } finally {
      await setCompletionRule(testApp.db, fixture.course.id, { all: [{ lessonsViewed: 'all' }, { quizzesPassed: { minScore: 60 } }] });
    }
  });
});
