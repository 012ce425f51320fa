import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '../db/client.js';
import type { courses, questions } from '../db/schema/index.js';
import type { Actor, AppDependencies } from '../http/context.js';
import { AppError, notFound } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { Viewer } from '../accounts/viewer.js';
import { isLanguage } from '../../shared/i18n/languages.js';
import { evaluateCompletion, pick, type Checklist, type CourseOutline, type LearnerProgress } from './completion.js';
import { certificateHash, newVerificationCode, openBadgeCredential, platformSigningKey, signCredential } from './credentials.js';
import { canInOrganisation, isTrainer, rolesViewerMayEnrol } from './learning.policy.js';
import * as repository from './learning.repository.js';
import { correctResponse, emptyResponse, fromPublicResponse, grade, toPublic, toPublicResponse } from './questions/grading.js';
import { drawQuestions } from './questions/draw.js';
import type { GradeResult, PublicQuestion, PublicResponse, Question, Response } from './questions/types.js';
import { publicResponseFromForm } from './quiz-form.js';

type Course = typeof courses.$inferSelect;
type QuestionRow = typeof questions.$inferSelect;
const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** Answers POSTed up to this long after the deadline still count: the network is not instant. */
const deadlineGraceMilliseconds = 10_000;

// ---- courses -------------------------------------------------------------------------------------

export async function publishedCourse(db: Database, slug: string) {
  const course = await repository.findCourseBySlug(db, slug);
  if (!course || !course.isPublished) throw notFound();
  return course;
}

export async function courseOutline(db: Database, courseId: string) {
  const [modules, lessons, activities] = await Promise.all([
    repository.listModules(db, courseId),
    repository.listLessonsOfCourse(db, courseId),
    repository.listActivitiesOfCourse(db, courseId),
  ]);
  return { modules, lessons, activities };
}
export type FullOutline = Awaited<ReturnType<typeof courseOutline>>;

async function progressOfPeople(db: Database, outline: FullOutline, personIds: string[]) {
  const lessonIds = outline.lessons.map((lesson) => lesson.id);
  const quizIds = outline.activities.filter((activity) => activity.kind === 'quiz').map((activity) => activity.id);
  const assignmentIds = outline.activities.filter((activity) => activity.kind === 'assignment').map((activity) => activity.id);
  const webinarIds = outline.activities.filter((activity) => activity.kind === 'webinar').map((activity) => activity.id);
  const [views, quizResults, submissions, attendance] = await Promise.all([
    personIds.length === 1 ? repository.viewedLessonIds(db, personIds[0]!, lessonIds) : Promise.resolve(undefined),
    repository.bestQuizResults(db, personIds, quizIds),
    repository.latestSubmissions(db, personIds, assignmentIds),
    repository.attendanceOf(db, personIds, webinarIds),
  ]);
  const viewCounts = personIds.length === 1 ? undefined : await repository.viewedLessonCounts(db, personIds, lessonIds);
  return new Map(
    personIds.map((personId): [string, LearnerProgress & { viewedCount: number }] => {
      const ownResults = quizResults.filter((row) => row.personId === personId);
      return [
        personId,
        {
          viewedLessonIds: views ?? new Set(),
          viewedCount: views ? views.size : (viewCounts?.find((row) => row.personId === personId)?.count ?? 0),
          bestQuizScores: new Map(ownResults.filter((row) => row.bestScore !== null).map((row) => [row.activityId, row.bestScore!])),
          awaitingGradingQuizIds: new Set(ownResults.filter((row) => row.isAwaitingGrading).map((row) => row.activityId)),
          submissionStatuses: new Map(submissions.filter((row) => row.personId === personId).map((row) => [row.activityId, row.status])),
          attendedWebinarIds: new Set(attendance.filter((row) => row.personId === personId && row.isPresent).map((row) => row.activityId)),
        },
      ];
    }),
  );
}

export async function checklistOf(db: Database, course: Course, outline: FullOutline, personId: string): Promise<Checklist> {
  const progress = (await progressOfPeople(db, outline, [personId])).get(personId)!;
  return evaluateCompletion(course.completionRule, outline as CourseOutline, progress);
}

export async function catalogue(db: Database, viewer: Viewer) {
  const [rows, own] = await Promise.all([repository.listPublishedCourses(db), repository.enrolmentsOfPerson(db, viewer.personId)]);
  return rows.map((course) => ({ course, enrolment: own.find((enrolment) => enrolment.courseId === course.id) }));
}

export async function coursePage(db: Database, viewer: Viewer, slug: string) {
  const course = await publishedCourse(db, slug);
  const outline = await courseOutline(db, course.id);
  const enrolment = await repository.findEnrolment(db, course.id, viewer.personId);
  const [checklist, viewed, certificate, materials] = await Promise.all([
    enrolment ? checklistOf(db, course, outline, viewer.personId) : Promise.resolve(undefined),
    repository.viewedLessonIds(
      db,
      viewer.personId,
      outline.lessons.map((lesson) => lesson.id),
    ),
    repository.findCertificate(db, course.id, viewer.personId),
    isTrainer(viewer) ? repository.listTrainerMaterials(db, course.id) : Promise.resolve([]),
  ]);
  return { course, outline, enrolment, checklist, viewed, certificate, materials, isTrainer: isTrainer(viewer) };
}

export async function enrolSelf(db: Database, actor: Actor, slug: string) {
  const course = await publishedCourse(db, slug);
  if (!course.isSelfEnrolment) throw notFound();
  await db.transaction(async (tx) => {
    const enrolment = await repository.insertEnrolment(tx, {
      courseId: course.id,
      personId: actor.viewer.personId,
      source: 'self',
      enrolledById: actor.viewer.personId,
      enrolledAt: actor.now,
    });
    if (!enrolment) return;
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'learning.enrolled',
      entityType: 'enrolment',
      entityId: enrolment.id,
      requestId: actor.requestId,
      details: { course: course.slug, source: 'self' },
    });
  });
  return course;
}

/** People of one organisation the viewer may enrol (a coach their learners, an admin the staff). */
export async function enrolablePeople(db: Database, viewer: Viewer, slug: string, organisationId: string) {
  const course = await publishedCourse(db, slug);
  if (!isUuid(organisationId) || !canInOrganisation(viewer, organisationId, 'enrol')) throw notFound();
  const people = await repository.membersOf(db, organisationId, rolesViewerMayEnrol(viewer, organisationId));
  const enrolled = new Set((await repository.enrolledMembers(db, course.id, organisationId)).map((row) => row.personId));
  return { course, people: people.map((person) => ({ ...person, isEnrolled: enrolled.has(person.personId) })) };
}

export async function enrolPeople(db: Database, actor: Actor, slug: string, organisationId: string, personIds: string[]) {
  const { course, people } = await enrolablePeople(db, actor.viewer, slug, organisationId);
  const allowed = new Set(people.map((person) => person.personId));
  if (personIds.some((personId) => !allowed.has(personId))) throw notFound();
  const source = actor.viewer.memberships.some(
    (m) => m.organisationId === organisationId && (m.role === 'mobility_coach' || m.role === 'teacher'),
  )
    ? 'coach'
    : 'organisation';
  await db.transaction(async (tx) => {
    for (const personId of personIds) {
      const enrolment = await repository.insertEnrolment(tx, {
        courseId: course.id,
        personId,
        source,
        enrolledById: actor.viewer.personId,
        enrolledAt: actor.now,
      });
      if (!enrolment) continue;
      await recordAudit(tx, {
        actorId: actor.viewer.personId,
        action: 'learning.enrolled',
        entityType: 'enrolment',
        entityId: enrolment.id,
        organisationId,
        requestId: actor.requestId,
        details: { course: course.slug, personId, source },
      });
    }
  });
  return course;
}

async function requireEnrolment(db: Database, courseId: string, personId: string) {
  const enrolment = await repository.findEnrolment(db, courseId, personId);
  if (!enrolment) throw new AppError('not_found', 'learning.lesson.enrolFirst');
  return enrolment;
}

/** Opens a lesson: records the first view (a step towards completion) and re-evaluates the course. */
export async function readLesson(deps: AppDependencies, actor: Actor, slug: string, lessonId: string) {
  const course = await publishedCourse(deps.db, slug);
  const outline = await courseOutline(deps.db, course.id);
  const index = outline.lessons.findIndex((lesson) => lesson.id === lessonId);
  if (index < 0) throw notFound();
  const enrolment = await requireEnrolment(deps.db, course.id, actor.viewer.personId);
  const translations = await repository.findLessonTranslations(deps.db, lessonId);
  await deps.db.transaction(async (tx) => {
    const isFirstView = await repository.recordLessonView(tx, actor.viewer.personId, lessonId, actor.now);
    if (!isFirstView) return;
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'learning.lesson_viewed',
      entityType: 'lesson',
      entityId: lessonId,
      requestId: actor.requestId,
    });
    await completeIfDone(tx, deps, actor, course, outline, enrolment.id, actor.viewer.personId);
  });
  return {
    course,
    lesson: outline.lessons[index]!,
    module: outline.modules.find((module) => module.id === outline.lessons[index]!.moduleId)!,
    translations,
    previous: outline.lessons[index - 1],
    next: outline.lessons[index + 1],
  };
}

export async function trainerMaterial(db: Database, viewer: Viewer, slug: string, materialId: string) {
  const course = await publishedCourse(db, slug);
  if (!isUuid(materialId) || !isTrainer(viewer)) throw notFound();
  const found = await repository.findTrainerMaterial(db, materialId);
  if (!found || found.courseId !== course.id) throw notFound();
  return { course, ...found };
}

// ---- completion and certificates ------------------------------------------------------------------

/**
 * Called in the transaction of every change that can complete a course (lesson viewed, quiz
 * submitted or graded, work accepted, attendance): marks the enrolment complete and issues the
 * certificate and its Open Badge, once.
 */
async function completeIfDone(
  tx: Database,
  deps: AppDependencies,
  actor: Actor,
  course: Course,
  outline: FullOutline,
  enrolmentId: string,
  personId: string,
) {
  const checklist = await checklistOf(tx, course, outline, personId);
  if (!checklist.isComplete) return;
  if (!(await repository.markEnrolmentCompleted(tx, enrolmentId, actor.now))) return;
  await recordAudit(tx, {
    actorId: actor.viewer.personId,
    action: 'learning.course_completed',
    entityType: 'enrolment',
    entityId: enrolmentId,
    requestId: actor.requestId,
    details: { course: course.slug, personId },
  });
  const person = await repository.findPerson(tx, personId);
  if (!person) return;
  const language =
    isLanguage(person.preferredLanguage) && course.languages.includes(person.preferredLanguage)
      ? person.preferredLanguage
      : (course.languages[0] ?? 'en');
  const code = newVerificationCode();
  const payload = {
    code,
    holder: `${person.givenName} ${person.familyName}`,
    course: pick(course.title, language).text,
    courseSlug: course.slug,
    modules: outline.modules.map((module) => `${module.code} ${pick(module.title, language).text}`),
    hours: course.estimatedHours,
    issuer: course.issuerName ?? 'Passerelle',
    issuedOn: actor.now.toISOString().slice(0, 10),
    language,
  };
  const contentHash = certificateHash(payload);
  const credential = openBadgeCredential(payload, {
    baseUrl: deps.config.baseUrl,
    holderEmail: person.email,
    issuedAt: actor.now,
    summary: pick(course.summary, language).text,
    contentHash,
  });
  const badgeJwt = await signCredential(await platformSigningKey(tx), credential);
  const certificate = await repository.insertCertificate(tx, {
    courseId: course.id,
    personId,
    code,
    issuedAt: actor.now,
    payload,
    contentHash,
    badgeJwt,
  });
  if (certificate) {
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'learning.certificate_issued',
      entityType: 'course_certificate',
      entityId: certificate.id,
      requestId: actor.requestId,
      details: { course: course.slug, personId, code },
    });
  }
}

async function recheckCompletion(tx: Database, deps: AppDependencies, actor: Actor, courseId: string, personId: string) {
  const course = await repository.findCourse(tx, courseId);
  const enrolment = course && (await repository.findEnrolment(tx, courseId, personId));
  if (!course || !enrolment || enrolment.completedAt) return;
  await completeIfDone(tx, deps, actor, course, await courseOutline(tx, courseId), enrolment.id, personId);
}

export async function ownCertificate(db: Database, viewer: Viewer, slug: string) {
  const course = await publishedCourse(db, slug);
  const certificate = await repository.findCertificate(db, course.id, viewer.personId);
  if (!certificate) throw notFound();
  return { course, certificate };
}

export async function verifyCertificate(db: Database, code: string) {
  if (!/^[2-9A-Z]{4}(-[2-9A-Z]{4}){3}$/.test(code)) throw notFound();
  const certificate = await repository.findCertificateByCode(db, code);
  if (!certificate) throw notFound();
  return { certificate, isContentIntact: certificateHash(certificate.payload) === certificate.contentHash };
}

// ---- quizzes and attempts -------------------------------------------------------------------------

async function activityOfKind(db: Database, activityId: string, kind: 'quiz' | 'assignment' | 'webinar') {
  if (!isUuid(activityId)) throw notFound();
  const found = await repository.findActivity(db, activityId);
  if (!found || found.activity.kind !== kind) throw notFound();
  const course = await repository.findCourse(db, found.courseId);
  if (!course?.isPublished) throw notFound();
  return { activity: found.activity, course };
}

export async function findActivityKind(db: Database, activityId: string) {
  if (!isUuid(activityId)) throw notFound();
  const found = await repository.findActivity(db, activityId);
  if (!found) throw notFound();
  return found.activity.kind;
}

export async function quizOverview(deps: AppDependencies, actor: Actor, activityId: string) {
  const { activity, course } = await activityOfKind(deps.db, activityId, 'quiz');
  await requireEnrolment(deps.db, course.id, actor.viewer.personId);
  let attempts = await repository.listAttempts(deps.db, activity.id, actor.viewer.personId);
  const open = attempts.find((attempt) => attempt.status === 'in_progress');
  if (open && isPastDeadline(open, actor.now)) {
    await closeAttemptAtDeadline(deps, actor, open.id);
    attempts = await repository.listAttempts(deps.db, activity.id, actor.viewer.personId);
  }
  const outline = await courseOutline(deps.db, course.id);
  const module = outline.modules.find((candidate) => candidate.id === activity.moduleId)!;
  const bank = activity.questionBankId ? await questionsForAttempt(deps.db, activity.questionBankId, course, 'en') : [];
  // The paper's length does not depend on the seed: N per category, or the whole bank.
  const questionCount = drawQuestions(bank, { perCategory: activity.drawPerCategory, shuffle: false }, 'count').length;
  const inProgress = attempts.find((attempt) => attempt.status === 'in_progress');
  const hasAttemptsLeft = activity.attemptLimit === null || attempts.length < activity.attemptLimit;
  return { course, activity, module, attempts, questionCount, inProgress, canStart: !inProgress && hasAttemptsLeft && questionCount > 0 };
}

/** The questions of a bank in the learner's language, or in the course's first language. */
async function questionsForAttempt(db: Database, bankId: string, course: Course, language: string) {
  const available = await repository.bankLanguages(db, bankId);
  const chosen = available.includes(language)
    ? language
    : (course.languages.find((candidate) => available.includes(candidate)) ?? available[0]);
  return chosen ? repository.listBankQuestions(db, bankId, chosen) : [];
}

export async function startAttempt(deps: AppDependencies, actor: Actor, activityId: string, language: string) {
  const overview = await quizOverview(deps, actor, activityId);
  if (overview.inProgress) return overview.inProgress;
  if (!overview.canStart) throw new AppError('conflict', 'learning.quiz.noAttemptsLeft');
  const { activity, course } = overview;
  const seed = randomBytes(12).toString('hex');
  const bank = await questionsForAttempt(deps.db, activity.questionBankId!, course, language);
  const drawn = drawQuestions(bank, { perCategory: activity.drawPerCategory, shuffle: activity.shuffleQuestions }, seed);
  return deps.db.transaction(async (tx) => {
    const attempt = await repository.insertAttempt(tx, {
      activityId: activity.id,
      personId: actor.viewer.personId,
      number: overview.attempts.length + 1,
      language: drawn[0]?.language ?? language,
      seed,
      questionIds: drawn.map((question) => question.id),
      startedAt: actor.now,
      deadlineAt: activity.timeLimitMinutes ? new Date(actor.now.getTime() + activity.timeLimitMinutes * 60_000) : null,
    });
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'learning.attempt_started',
      entityType: 'attempt',
      entityId: attempt.id,
      requestId: actor.requestId,
      details: { course: course.slug },
    });
    return attempt;
  });
}

const isPastDeadline = (attempt: { deadlineAt: Date | null }, now: Date) =>
  Boolean(attempt.deadlineAt && now.getTime() > attempt.deadlineAt.getTime() + deadlineGraceMilliseconds);

async function ownAttempt(db: Database, viewer: Viewer, attemptId: string) {
  if (!isUuid(attemptId)) throw notFound();
  const attempt = await repository.findAttempt(db, attemptId);
  if (!attempt || attempt.personId !== viewer.personId) throw notFound();
  const { activity, course } = await activityOfKind(db, attempt.activityId, 'quiz');
  return { attempt, activity, course };
}

async function attemptQuestions(db: Database, questionIds: string[]) {
  const rows = await repository.questionsByIds(db, questionIds);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return questionIds.flatMap((id) => byId.get(id) ?? []);
}

export type AttemptQuestionView = {
  number: number;
  row: QuestionRow;
  question: PublicQuestion;
  saved: PublicResponse | undefined;
  /** Only in practice mode, once the question was checked; never before. */
  grade: GradeResult | undefined;
};

function pagesOf<T>(items: T[], perPage: number): T[][] {
  const pages: T[][] = [];
  for (let start = 0; start < items.length; start += perPage) pages.push(items.slice(start, start + perPage));
  return pages.length ? pages : [[]];
}

/** One page of an attempt, built from public questions only: no answer or feedback leaves the server. */
export async function attemptPage(deps: AppDependencies, actor: Actor, attemptId: string, pageNumber: number) {
  const { attempt, activity, course } = await ownAttempt(deps.db, actor.viewer, attemptId);
  if (attempt.status !== 'in_progress') return { isClosed: true as const, attempt };
  if (isPastDeadline(attempt, actor.now)) {
    await closeAttemptAtDeadline(deps, actor, attempt.id);
    return { isClosed: true as const, attempt, isLate: true };
  }
  const rows = await attemptQuestions(deps.db, attempt.questionIds);
  const answers = new Map((await repository.answersOf(deps.db, attempt.id)).map((answer) => [answer.questionId, answer]));
  const numbered = rows.map((row, index) => ({ row, number: index + 1 }));
  const pages = pagesOf(numbered, activity.questionsPerPage);
  const current = Math.min(Math.max(1, pageNumber), pages.length);
  const questions: AttemptQuestionView[] = pages[current - 1]!.map(({ row, number }) => {
    const answer = answers.get(row.id);
    return {
      number,
      row,
      question: toPublic(row.definition, attempt.seed),
      saved: answer ? toPublicResponse(row.definition, attempt.seed, answer.response) : undefined,
      grade: activity.mode === 'practice' && answer?.grade ? answer.grade : undefined,
    };
  });
  return { isClosed: false as const, attempt, activity, course, questions, page: current, pageCount: pages.length };
}

export type AttemptIntent = 'save' | 'next' | 'previous' | 'submit';

/**
 * Saves the answers of one page (every "next", "previous", "save" or "submit" POST), so a reload or
 * a dropped connection loses nothing. After the deadline nothing more is saved and the attempt is
 * graded as it stood at the deadline.
 */
export async function saveAttemptPage(
  deps: AppDependencies,
  actor: Actor,
  attemptId: string,
  pageNumber: number,
  fields: Record<string, string | string[]>,
  intent: AttemptIntent,
) {
  const view = await attemptPage(deps, actor, attemptId, pageNumber);
  if (view.isClosed) return { status: 'closed' as const, isLate: Boolean(view.isLate), attempt: view.attempt };
  const { activity } = view;
  await deps.db.transaction(async (tx) => {
    for (const item of view.questions) {
      if (item.question.type === 'description') continue;
      // In practice mode a checked question is settled: changing it afterwards would game the score.
      if (item.grade) continue;
      const submitted = publicResponseFromForm(item.question, fields, `q${item.number}`);
      if (!submitted) continue;
      const response = fromPublicResponse(item.row.definition, view.attempt.seed, submitted);
      const shouldCheck = activity.mode === 'practice' && intent !== 'previous' && hasContent(response);
      await repository.saveAnswer(tx, {
        attemptId: view.attempt.id,
        questionId: item.row.id,
        response,
        savedAt: actor.now,
        grade: shouldCheck ? grade(item.row.definition, response) : null,
      });
    }
  });
  if (intent !== 'submit') return { status: 'saved' as const, attempt: view.attempt, page: view.page, pageCount: view.pageCount };
  await gradeAndClose(deps, actor, view.attempt.id, actor.now);
  return { status: 'submitted' as const, attempt: view.attempt };
}

function hasContent(response: Response): boolean {
  switch (response.type) {
    case 'single_choice':
      return response.choice !== null;
    case 'multiple_choice':
      return response.choices.length > 0;
    case 'true_false':
      return response.value !== null;
    case 'short_answer':
    case 'numerical':
    case 'essay':
      return response.text.trim() !== '';
    case 'matching':
      return response.matches.some((match) => match !== null);
    case 'ordering':
      return response.order.length > 0;
    case 'cloze':
      return response.gaps.some((gap) =>
        'text' in gap ? gap.text.trim() !== '' : 'choice' in gap ? gap.choice !== null : gap.choices.length > 0,
      );
    case 'description':
      return false;
  }
}

async function closeAttemptAtDeadline(deps: AppDependencies, actor: Actor, attemptId: string) {
  const attempt = await repository.findAttempt(deps.db, attemptId);
  if (!attempt || attempt.status !== 'in_progress') return;
  await gradeAndClose(deps, actor, attemptId, attempt.deadlineAt ?? actor.now);
}

type ScoredAnswer = { question: Question; fraction: number; needsManualGrading: boolean };

/** Percentage of the marks, each question weighted by its default mark; descriptions carry none. */
function scoreOf(scored: ScoredAnswer[]) {
  const graded = scored.filter((item) => item.question.type !== 'description');
  const total = graded.reduce((sum, item) => sum + item.question.defaultMark, 0);
  const earned = graded.reduce((sum, item) => sum + item.fraction * item.question.defaultMark, 0);
  return {
    scorePercent: total > 0 ? Math.round((earned / total) * 1000) / 10 : 0,
    needsManualGrading: graded.some((item) => item.needsManualGrading),
  };
}

/** Grades every question of the attempt on the server and closes it; the one place marks are given. */
async function gradeAndClose(deps: AppDependencies, actor: Actor, attemptId: string, submittedAt: Date) {
  await deps.db.transaction(async (tx) => {
    const attempt = (await repository.findAttempt(tx, attemptId))!;
    const found = (await repository.findActivity(tx, attempt.activityId))!;
    const rows = await attemptQuestions(tx, attempt.questionIds);
    const answers = new Map((await repository.answersOf(tx, attemptId)).map((answer) => [answer.questionId, answer]));
    const scored: ScoredAnswer[] = [];
    for (const row of rows) {
      const saved = answers.get(row.id);
      const response = saved?.response ?? emptyResponse(row.definition);
      const result = grade(row.definition, response);
      if (saved) await repository.setAnswerGrade(tx, attemptId, row.id, { grade: result });
      else await repository.saveAnswer(tx, { attemptId, questionId: row.id, response, savedAt: submittedAt, grade: result });
      scored.push({ question: row.definition, fraction: result.fraction, needsManualGrading: result.needsManualGrading });
    }
    const { scorePercent, needsManualGrading } = scoreOf(scored);
    const passingScore = found.activity.passingScore ?? 0;
    const isClosed = await repository.closeAttempt(tx, attemptId, {
      submittedAt,
      scorePercent,
      needsManualGrading,
      isPassed: needsManualGrading ? null : scorePercent >= passingScore,
    });
    if (!isClosed) return;
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'learning.attempt_submitted',
      entityType: 'attempt',
      entityId: attemptId,
      requestId: actor.requestId,
      details: { scorePercent, isLate: submittedAt < actor.now },
    });
    if (!needsManualGrading) await recheckCompletion(tx, deps, actor, found.courseId, attempt.personId);
  });
}

export async function reviewAttempt(db: Database, viewer: Viewer, attemptId: string) {
  const { attempt, activity, course } = await ownAttempt(db, viewer, attemptId);
  if (attempt.status !== 'submitted') throw notFound();
  return reviewData(db, attempt, activity, course);
}

async function reviewData(
  db: Database,
  attempt: NonNullable<Awaited<ReturnType<typeof repository.findAttempt>>>,
  activity: Awaited<ReturnType<typeof activityOfKind>>['activity'],
  course: Course,
) {
  const rows = await attemptQuestions(db, attempt.questionIds);
  const answers = new Map((await repository.answersOf(db, attempt.id)).map((answer) => [answer.questionId, answer]));
  const attempts = await repository.listAttempts(db, activity.id, attempt.personId);
  const hasAttemptsLeft = activity.attemptLimit === null || attempts.length < activity.attemptLimit;
  // The right answers are shown once they can no longer help a later attempt.
  const showsRightAnswers = Boolean(attempt.isPassed) || !hasAttemptsLeft;
  return {
    attempt,
    activity,
    course,
    showsRightAnswers,
    items: rows.map((row, index) => {
      const answer = answers.get(row.id);
      const hasRightAnswer = showsRightAnswers && row.definition.type !== 'essay' && row.definition.type !== 'description';
      return {
        rightAnswer: hasRightAnswer ? toPublicResponse(row.definition, attempt.seed, correctResponse(row.definition)) : undefined,
        number: index + 1,
        row,
        question: toPublic(row.definition, attempt.seed),
        response: answer ? toPublicResponse(row.definition, attempt.seed, answer.response) : undefined,
        grade: answer?.grade ?? undefined,
        manualFraction: answer?.manualFraction ?? null,
        manualComment: answer?.manualComment ?? null,
      };
    }),
  };
}

// ---- trainer: grading essays ------------------------------------------------------------------------

/** A trainer may act on a person when they share an organisation where the trainer may `action`. */
async function assertTrainerOf(db: Database, viewer: Viewer, personId: string, action: 'grade' | 'recordAttendance' | 'viewGradebook') {
  if (viewer.isPlatformAdmin) return;
  const organisations = await repository.organisationsOfPerson(db, personId);
  if (!organisations.some((organisationId) => canInOrganisation(viewer, organisationId, action))) throw notFound();
}

export async function attemptForGrading(db: Database, viewer: Viewer, attemptId: string) {
  if (!isUuid(attemptId)) throw notFound();
  const attempt = await repository.findAttempt(db, attemptId);
  if (!attempt || attempt.status !== 'submitted') throw notFound();
  await assertTrainerOf(db, viewer, attempt.personId, 'grade');
  const { activity, course } = await activityOfKind(db, attempt.activityId, 'quiz');
  const person = (await repository.findPerson(db, attempt.personId))!;
  return { ...(await reviewData(db, attempt, activity, course)), person };
}

export async function gradeEssays(
  deps: AppDependencies,
  actor: Actor,
  attemptId: string,
  grades: { questionId: string; percent: number; comment: string | null }[],
) {
  const view = await attemptForGrading(deps.db, actor.viewer, attemptId);
  const manual = new Set(view.items.filter((item) => item.row.definition.type === 'essay').map((item) => item.row.id));
  if (grades.some((entry) => !manual.has(entry.questionId))) throw notFound();
  await deps.db.transaction(async (tx) => {
    for (const entry of grades) {
      await repository.setAnswerGrade(tx, attemptId, entry.questionId, {
        manualFraction: entry.percent / 100,
        manualComment: entry.comment,
        gradedById: actor.viewer.personId,
        gradedAt: actor.now,
      });
    }
    const answers = new Map((await repository.answersOf(tx, attemptId)).map((answer) => [answer.questionId, answer]));
    const scored = view.items.map((item) => {
      const answer = answers.get(item.row.id);
      const isManual = manual.has(item.row.id);
      const manualFraction = answer?.manualFraction ?? null;
      return {
        question: item.row.definition,
        fraction: isManual ? (manualFraction ?? 0) : (answer?.grade?.fraction ?? 0),
        needsManualGrading: isManual && manualFraction === null,
      };
    });
    const { scorePercent, needsManualGrading } = scoreOf(scored);
    await repository.updateAttemptScore(tx, attemptId, {
      scorePercent,
      needsManualGrading,
      isPassed: needsManualGrading ? null : scorePercent >= (view.activity.passingScore ?? 0),
    });
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'learning.attempt_graded',
      entityType: 'attempt',
      entityId: attemptId,
      requestId: actor.requestId,
      details: { personId: view.attempt.personId, scorePercent },
    });
    if (!needsManualGrading) await recheckCompletion(tx, deps, actor, view.course.id, view.attempt.personId);
  });
}

// ---- assignments ----------------------------------------------------------------------------------

export async function assignmentPage(db: Database, viewer: Viewer, activityId: string) {
  const { activity, course } = await activityOfKind(db, activityId, 'assignment');
  await requireEnrolment(db, course.id, viewer.personId);
  const outline = await courseOutline(db, course.id);
  const module = outline.modules.find((candidate) => candidate.id === activity.moduleId)!;
  return { activity, course, module, submissions: await repository.submissionsOf(db, activity.id, viewer.personId) };
}

export type UploadedFile = { name: string; type: string; bytes: Uint8Array };

/** Checks what the file really is, not only what the browser claims: PDF and ZIP-based documents. */
export function sniffedType(bytes: Uint8Array, claimed: string): string | null {
  const startsWith = (signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  if (startsWith([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  const isZip = startsWith([0x50, 0x4b, 0x03, 0x04]);
  if (
    isZip &&
    (claimed === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' ||
      claimed === 'application/vnd.oasis.opendocument.text')
  )
    return claimed;
  return null;
}

export async function submitAssignment(
  deps: AppDependencies,
  actor: Actor,
  activityId: string,
  file: UploadedFile,
  store: (key: string, bytes: Uint8Array) => Promise<void>,
) {
  const { activity, course } = await assignmentPage(deps.db, actor.viewer, activityId);
  if (file.bytes.byteLength > (activity.maxUploadBytes ?? 0))
    throw new AppError('payload_too_large', 'learning.assignment.error.tooLarge', { file: 'learning.assignment.error.tooLarge' });
  const type = sniffedType(file.bytes, file.type);
  if (!type || !activity.acceptedTypes.includes(type))
    throw new AppError('invalid_input', 'learning.assignment.error.type', { file: 'learning.assignment.error.type' });
  const key = `assignments/${randomUUID()}`;
  await store(key, file.bytes);
  return deps.db.transaction(async (tx) => {
    const submission = await repository.insertSubmission(tx, {
      activityId: activity.id,
      personId: actor.viewer.personId,
      storageKey: key,
      fileName: file.name.replace(/[\\/\r\n"]/g, '_').slice(0, 200) || 'file',
      contentType: type,
      sizeBytes: file.bytes.byteLength,
      submittedAt: actor.now,
    });
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'learning.assignment_submitted',
      entityType: 'assignment_submission',
      entityId: submission.id,
      requestId: actor.requestId,
      details: { course: course.slug },
    });
    return submission;
  });
}

/** The learner who sent it, or a trainer of their organisation, may open a submission. */
export async function submissionFor(db: Database, viewer: Viewer, submissionId: string, purpose: 'download' | 'review') {
  if (!isUuid(submissionId)) throw notFound();
  const submission = await repository.findSubmission(db, submissionId);
  if (!submission) throw notFound();
  const isOwner = submission.personId === viewer.personId;
  if (purpose === 'review' || !isOwner) await assertTrainerOf(db, viewer, submission.personId, 'grade');
  const { activity, course } = await activityOfKind(db, submission.activityId, 'assignment');
  const person = (await repository.findPerson(db, submission.personId))!;
  return { submission, activity, course, person };
}

export async function reviewAssignment(
  deps: AppDependencies,
  actor: Actor,
  submissionId: string,
  decision: 'accepted' | 'rejected',
  comment: string | null,
) {
  const { submission, course } = await submissionFor(deps.db, actor.viewer, submissionId, 'review');
  await deps.db.transaction(async (tx) => {
    const isReviewed = await repository.reviewSubmission(tx, submission.id, {
      status: decision,
      reviewComment: comment,
      reviewedById: actor.viewer.personId,
      reviewedAt: actor.now,
    });
    if (!isReviewed) throw new AppError('conflict');
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: `learning.assignment_${decision}`,
      entityType: 'assignment_submission',
      entityId: submission.id,
      requestId: actor.requestId,
      details: { personId: submission.personId },
    });
    if (decision === 'accepted') await recheckCompletion(tx, deps, actor, course.id, submission.personId);
  });
}

// ---- webinars -------------------------------------------------------------------------------------

export async function scheduleWebinar(
  db: Database,
  actor: Actor,
  slug: string,
  input: { moduleId: string; title: string; startsAt: Date; durationMinutes: number; joinUrl: string },
) {
  const course = await publishedCourse(db, slug);
  if (!isTrainer(actor.viewer)) throw notFound();
  const modules = await repository.listModules(db, course.id);
  if (!modules.some((module) => module.id === input.moduleId))
    throw new AppError('invalid_input', 'common.validation.required', { moduleId: 'common.validation.required' });
  return db.transaction(async (tx) => {
    const activity = await repository.upsertActivity(tx, {
      moduleId: input.moduleId,
      slug: `webinar-${randomBytes(4).toString('hex')}`,
      kind: 'webinar',
      position: 100,
      title: Object.fromEntries(course.languages.map((language) => [language, input.title])),
      startsAt: input.startsAt,
      durationMinutes: input.durationMinutes,
      joinUrl: input.joinUrl,
    });
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'learning.webinar_scheduled',
      entityType: 'activity',
      entityId: activity.id,
      requestId: actor.requestId,
      details: { course: course.slug },
    });
    return activity;
  });
}

export async function webinarPage(db: Database, viewer: Viewer, activityId: string) {
  const { activity, course } = await activityOfKind(db, activityId, 'webinar');
  const isEnrolled = Boolean(await repository.findEnrolment(db, course.id, viewer.personId));
  if (!isEnrolled && !isTrainer(viewer)) throw notFound();
  const [attendance] = await repository.attendanceOf(db, [viewer.personId], [activity.id]);
  return { activity, course, isEnrolled, hasAttended: Boolean(attendance?.isPresent) };
}

export async function attendanceSheet(db: Database, viewer: Viewer, activityId: string, organisationId: string) {
  const { activity, course } = await activityOfKind(db, activityId, 'webinar');
  if (!isUuid(organisationId) || !canInOrganisation(viewer, organisationId, 'recordAttendance')) throw notFound();
  const people = await repository.enrolledMembers(db, course.id, organisationId);
  const attendance = await repository.attendanceOf(
    db,
    people.map((person) => person.personId),
    [activity.id],
  );
  return {
    activity,
    course,
    people: people.map((person) => ({ ...person, isPresent: attendance.some((row) => row.personId === person.personId && row.isPresent) })),
  };
}

export async function recordAttendance(
  deps: AppDependencies,
  actor: Actor,
  activityId: string,
  organisationId: string,
  presentIds: string[],
) {
  const sheet = await attendanceSheet(deps.db, actor.viewer, activityId, organisationId);
  await deps.db.transaction(async (tx) => {
    for (const person of sheet.people) {
      const isPresent = presentIds.includes(person.personId);
      if (isPresent === person.isPresent) continue;
      await repository.setAttendance(tx, {
        activityId,
        personId: person.personId,
        isPresent,
        recordedById: actor.viewer.personId,
        recordedAt: actor.now,
      });
      await recordAudit(tx, {
        actorId: actor.viewer.personId,
        action: 'learning.attendance_recorded',
        entityType: 'activity',
        entityId: activityId,
        organisationId,
        requestId: actor.requestId,
        details: { personId: person.personId, isPresent },
      });
      if (isPresent) await recheckCompletion(tx, deps, actor, sheet.course.id, person.personId);
    }
  });
}

// ---- gradebook --------------------------------------------------------------------------------------

export async function gradebook(deps: AppDependencies, actor: Actor, slug: string, organisationId: string) {
  const course = await publishedCourse(deps.db, slug);
  if (!isUuid(organisationId) || !canInOrganisation(actor.viewer, organisationId, 'viewGradebook')) throw notFound();
  const outline = await courseOutline(deps.db, course.id);
  const people = await repository.enrolledMembers(deps.db, course.id, organisationId);
  const personIds = people.map((person) => person.personId);
  const progress = await progressOfPeople(deps.db, outline, personIds);
  const quizIds = outline.activities.filter((activity) => activity.kind === 'quiz').map((activity) => activity.id);
  const [toGrade, submissions] = await Promise.all([
    repository.attemptsAwaitingGrading(deps.db, quizIds, personIds),
    repository.latestSubmissions(
      deps.db,
      personIds,
      outline.activities.filter((activity) => activity.kind === 'assignment').map((activity) => activity.id),
    ),
  ]);
  // Learners are often minors: looking at their results is an access to their personal data.
  await recordAudit(deps.db, {
    actorId: actor.viewer.personId,
    action: 'learning.gradebook_viewed',
    entityType: 'course',
    entityId: course.id,
    organisationId,
    requestId: actor.requestId,
    details: { people: personIds.length },
  });
  return {
    course,
    outline,
    rows: people.map((person) => ({ person, progress: progress.get(person.personId)! })),
    toGrade: toGrade.map((attempt) => ({ attempt, person: people.find((person) => person.personId === attempt.personId)! })),
    toReview: submissions
      .filter((submission) => submission.status === 'submitted')
      .map((submission) => ({ submission, person: people.find((person) => person.personId === submission.personId)! })),
  };
}
