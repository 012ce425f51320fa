import { and, asc, desc, eq, inArray, max, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import {
  activities,
  assignmentSubmissions,
  attemptAnswers,
  attempts,
  courseCertificates,
  courseModules,
  courses,
  enrolments,
  lessonTranslations,
  lessonViews,
  lessons,
  memberships,
  people,
  questionBanks,
  questions,
  signingKeys,
  trainerMaterials,
  webinarAttendance,
} from '../db/schema/index.js';

// ---- content (written by the loader) ----------------------------------------------------------

export async function findCourseBySlug(db: Database, slug: string) {
  const [row] = await db.select().from(courses).where(eq(courses.slug, slug));
  return row;
}

export async function findCourse(db: Database, id: string) {
  const [row] = await db.select().from(courses).where(eq(courses.id, id));
  return row;
}

export async function upsertCourse(db: Database, values: typeof courses.$inferInsert) {
  const [row] = await db
    .insert(courses)
    .values(values)
    .onConflictDoUpdate({ target: courses.slug, set: { ...values, updatedAt: sql`now()` } })
    .returning();
  return row!;
}

export async function upsertModule(db: Database, values: typeof courseModules.$inferInsert) {
  const [row] = await db
    .insert(courseModules)
    .values(values)
    .onConflictDoUpdate({ target: [courseModules.courseId, courseModules.slug], set: values })
    .returning();
  return row!;
}

export async function upsertLesson(db: Database, values: typeof lessons.$inferInsert) {
  const [row] = await db
    .insert(lessons)
    .values(values)
    .onConflictDoUpdate({ target: [lessons.moduleId, lessons.slug], set: values })
    .returning();
  return row!;
}

export async function upsertLessonTranslation(db: Database, values: typeof lessonTranslations.$inferInsert) {
  await db
    .insert(lessonTranslations)
    .values(values)
    .onConflictDoUpdate({ target: [lessonTranslations.lessonId, lessonTranslations.language], set: values });
}

export async function upsertTrainerMaterial(db: Database, values: typeof trainerMaterials.$inferInsert) {
  await db
    .insert(trainerMaterials)
    .values(values)
    .onConflictDoUpdate({ target: [trainerMaterials.moduleId, trainerMaterials.slug, trainerMaterials.language], set: values });
}

export async function upsertQuestionBank(db: Database, values: typeof questionBanks.$inferInsert) {
  const [row] = await db.insert(questionBanks).values(values).onConflictDoUpdate({ target: questionBanks.slug, set: values }).returning();
  return row!;
}

export async function upsertQuestions(db: Database, rows: (typeof questions.$inferInsert)[]) {
  if (rows.length === 0) return;
  await db
    .insert(questions)
    .values(rows)
    .onConflictDoUpdate({
      target: [questions.bankId, questions.key, questions.language],
      set: {
        position: sql`excluded.position`,
        category: sql`excluded.category`,
        tags: sql`excluded.tags`,
        type: sql`excluded.type`,
        definition: sql`excluded.definition`,
      },
    });
}

export async function upsertActivity(db: Database, values: typeof activities.$inferInsert) {
  const [row] = await db
    .insert(activities)
    .values(values)
    .onConflictDoUpdate({ target: [activities.moduleId, activities.slug], set: values })
    .returning();
  return row!;
}

// ---- catalogue and course structure -----------------------------------------------------------

export async function listPublishedCourses(db: Database) {
  return db.select().from(courses).where(eq(courses.isPublished, true)).orderBy(asc(courses.slug));
}

export async function listModules(db: Database, courseId: string) {
  return db.select().from(courseModules).where(eq(courseModules.courseId, courseId)).orderBy(asc(courseModules.position));
}

export async function listLessonsOfCourse(db: Database, courseId: string) {
  return db
    .select({
      id: lessons.id,
      moduleId: lessons.moduleId,
      slug: lessons.slug,
      position: lessons.position,
      translations: sql<{ language: string; title: string; minutes: number }[]>`coalesce((
        select json_agg(json_build_object('language', t.language, 'title', t.title, 'minutes', t.minutes))
        from ${lessonTranslations} t where t.lesson_id = ${lessons.id}), '[]')`,
    })
    .from(lessons)
    .innerJoin(courseModules, eq(courseModules.id, lessons.moduleId))
    .where(eq(courseModules.courseId, courseId))
    .orderBy(asc(courseModules.position), asc(lessons.position));
}

export async function listActivitiesOfCourse(db: Database, courseId: string) {
  return db
    .select({ activity: activities })
    .from(activities)
    .innerJoin(courseModules, eq(courseModules.id, activities.moduleId))
    .where(eq(courseModules.courseId, courseId))
    .orderBy(asc(courseModules.position), asc(activities.position))
    .then((rows) => rows.map((row) => row.activity));
}

export async function findActivity(db: Database, id: string) {
  const [row] = await db
    .select({ activity: activities, courseId: courseModules.courseId })
    .from(activities)
    .innerJoin(courseModules, eq(courseModules.id, activities.moduleId))
    .where(eq(activities.id, id));
  return row;
}

export async function findLessonTranslations(db: Database, lessonId: string) {
  return db.select().from(lessonTranslations).where(eq(lessonTranslations.lessonId, lessonId));
}

export async function listTrainerMaterials(db: Database, courseId: string) {
  return db
    .select({
      id: trainerMaterials.id,
      moduleId: trainerMaterials.moduleId,
      slug: trainerMaterials.slug,
      language: trainerMaterials.language,
    })
    .from(trainerMaterials)
    .innerJoin(courseModules, eq(courseModules.id, trainerMaterials.moduleId))
    .where(eq(courseModules.courseId, courseId));
}

export async function findTrainerMaterial(db: Database, id: string) {
  const [row] = await db
    .select({ material: trainerMaterials, courseId: courseModules.courseId, moduleSlug: courseModules.slug })
    .from(trainerMaterials)
    .innerJoin(courseModules, eq(courseModules.id, trainerMaterials.moduleId))
    .where(eq(trainerMaterials.id, id));
  return row;
}

// ---- enrolment and progress -------------------------------------------------------------------

export async function findEnrolment(db: Database, courseId: string, personId: string) {
  const [row] = await db
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.courseId, courseId), eq(enrolments.personId, personId)));
  return row;
}

/** When the person completed the course with this slug, if they did (the safety card shows it). */
export async function courseCompletedAt(db: Database, courseSlug: string, personId: string): Promise<Date | null> {
  const [row] = await db
    .select({ completedAt: enrolments.completedAt })
    .from(enrolments)
    .innerJoin(courses, eq(courses.id, enrolments.courseId))
    .where(and(eq(courses.slug, courseSlug), eq(enrolments.personId, personId)));
  return row?.completedAt ?? null;
}

export async function insertEnrolment(db: Database, values: typeof enrolments.$inferInsert) {
  const [row] = await db.insert(enrolments).values(values).onConflictDoNothing().returning();
  return row;
}

export async function enrolmentsOfPerson(db: Database, personId: string) {
  return db.select().from(enrolments).where(eq(enrolments.personId, personId));
}

export async function markEnrolmentCompleted(db: Database, enrolmentId: string, at: Date) {
  const rows = await db
    .update(enrolments)
    .set({ completedAt: at })
    .where(and(eq(enrolments.id, enrolmentId), sql`${enrolments.completedAt} is null`))
    .returning({ id: enrolments.id });
  return rows.length > 0;
}

export async function recordLessonView(db: Database, personId: string, lessonId: string, at: Date) {
  const rows = await db.insert(lessonViews).values({ personId, lessonId, viewedAt: at }).onConflictDoNothing().returning();
  return rows.length > 0;
}

export async function viewedLessonIds(db: Database, personId: string, lessonIds: string[]) {
  if (lessonIds.length === 0) return new Set<string>();
  const rows = await db
    .select({ lessonId: lessonViews.lessonId })
    .from(lessonViews)
    .where(and(eq(lessonViews.personId, personId), inArray(lessonViews.lessonId, lessonIds)));
  return new Set(rows.map((row) => row.lessonId));
}

/** Best submitted score per quiz for each person (a quiz is passed when any attempt passed). */
export async function bestQuizResults(db: Database, personIds: string[], activityIds: string[]) {
  if (personIds.length === 0 || activityIds.length === 0) return [];
  return db
    .select({
      personId: attempts.personId,
      activityId: attempts.activityId,
      bestScore: max(attempts.scorePercent),
      isPassed: sql<boolean>`coalesce(bool_or(${attempts.isPassed}), false)`,
      isAwaitingGrading: sql<boolean>`coalesce(bool_or(${attempts.needsManualGrading}), false)`,
      attemptCount: sql<number>`count(*)::int`,
    })
    .from(attempts)
    .where(and(inArray(attempts.personId, personIds), inArray(attempts.activityId, activityIds), eq(attempts.status, 'submitted')))
    .groupBy(attempts.personId, attempts.activityId);
}

/** The latest submission per assignment for each person. */
export async function latestSubmissions(db: Database, personIds: string[], activityIds: string[]) {
  if (personIds.length === 0 || activityIds.length === 0) return [];
  return db
    .selectDistinctOn([assignmentSubmissions.personId, assignmentSubmissions.activityId])
    .from(assignmentSubmissions)
    .where(and(inArray(assignmentSubmissions.personId, personIds), inArray(assignmentSubmissions.activityId, activityIds)))
    .orderBy(assignmentSubmissions.personId, assignmentSubmissions.activityId, desc(assignmentSubmissions.submittedAt));
}

export async function attendanceOf(db: Database, personIds: string[], activityIds: string[]) {
  if (personIds.length === 0 || activityIds.length === 0) return [];
  return db
    .select()
    .from(webinarAttendance)
    .where(and(inArray(webinarAttendance.personId, personIds), inArray(webinarAttendance.activityId, activityIds)));
}

export async function viewedLessonCounts(db: Database, personIds: string[], lessonIds: string[]) {
  if (personIds.length === 0 || lessonIds.length === 0) return [];
  return db
    .select({ personId: lessonViews.personId, count: sql<number>`count(*)::int` })
    .from(lessonViews)
    .where(and(inArray(lessonViews.personId, personIds), inArray(lessonViews.lessonId, lessonIds)))
    .groupBy(lessonViews.personId);
}

// ---- people a trainer may see ------------------------------------------------------------------

/** Enrolled people who belong to one organisation (the gradebook's group). */
export async function enrolledMembers(db: Database, courseId: string, organisationId: string) {
  return db
    .selectDistinct({
      personId: people.id,
      givenName: people.givenName,
      familyName: people.familyName,
      email: people.email,
      birthDate: people.birthDate,
      enrolledAt: enrolments.enrolledAt,
      completedAt: enrolments.completedAt,
    })
    .from(enrolments)
    .innerJoin(people, eq(people.id, enrolments.personId))
    .innerJoin(memberships, eq(memberships.personId, people.id))
    .where(and(eq(enrolments.courseId, courseId), eq(memberships.organisationId, organisationId)))
    .orderBy(asc(people.familyName), asc(people.givenName));
}

export async function membersOf(db: Database, organisationId: string, roles: readonly string[]) {
  if (roles.length === 0) return [];
  return db
    .selectDistinct({ personId: people.id, givenName: people.givenName, familyName: people.familyName })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(eq(memberships.organisationId, organisationId), inArray(memberships.role, roles as never[])))
    .orderBy(asc(people.familyName), asc(people.givenName));
}

export async function organisationsOfPerson(db: Database, personId: string) {
  const rows = await db
    .selectDistinct({ organisationId: memberships.organisationId })
    .from(memberships)
    .where(eq(memberships.personId, personId));
  return rows.map((row) => row.organisationId);
}

export async function findPerson(db: Database, personId: string) {
  const [row] = await db.select().from(people).where(eq(people.id, personId));
  return row;
}

// ---- questions and attempts -------------------------------------------------------------------

export async function listBankQuestions(db: Database, bankId: string, language: string) {
  return db
    .select()
    .from(questions)
    .where(and(eq(questions.bankId, bankId), eq(questions.language, language)))
    .orderBy(asc(questions.position));
}

export async function bankLanguages(db: Database, bankId: string) {
  const rows = await db.selectDistinct({ language: questions.language }).from(questions).where(eq(questions.bankId, bankId));
  return rows.map((row) => row.language);
}

export async function questionsByIds(db: Database, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select().from(questions).where(inArray(questions.id, ids));
}

export async function listAttempts(db: Database, activityId: string, personId: string) {
  return db
    .select()
    .from(attempts)
    .where(and(eq(attempts.activityId, activityId), eq(attempts.personId, personId)))
    .orderBy(asc(attempts.number));
}

export async function insertAttempt(db: Database, values: typeof attempts.$inferInsert) {
  const [row] = await db.insert(attempts).values(values).returning();
  return row!;
}

export async function findAttempt(db: Database, id: string) {
  const [row] = await db.select().from(attempts).where(eq(attempts.id, id));
  return row;
}

export async function answersOf(db: Database, attemptId: string) {
  return db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attemptId));
}

export async function saveAnswer(db: Database, values: typeof attemptAnswers.$inferInsert) {
  await db
    .insert(attemptAnswers)
    .values(values)
    .onConflictDoUpdate({
      target: [attemptAnswers.attemptId, attemptAnswers.questionId],
      set: { response: values.response, savedAt: values.savedAt, grade: values.grade ?? null },
    });
}

export async function setAnswerGrade(
  db: Database,
  attemptId: string,
  questionId: string,
  values: Partial<typeof attemptAnswers.$inferInsert>,
) {
  await db
    .update(attemptAnswers)
    .set(values)
    .where(and(eq(attemptAnswers.attemptId, attemptId), eq(attemptAnswers.questionId, questionId)));
}

/** Only an attempt still in progress can be closed: a second submission finds nothing to update. */
export async function closeAttempt(
  db: Database,
  attemptId: string,
  values: Pick<typeof attempts.$inferInsert, 'submittedAt' | 'scorePercent' | 'isPassed' | 'needsManualGrading'>,
) {
  const rows = await db
    .update(attempts)
    .set({ ...values, status: 'submitted' })
    .where(and(eq(attempts.id, attemptId), eq(attempts.status, 'in_progress')))
    .returning({ id: attempts.id });
  return rows.length > 0;
}

export async function updateAttemptScore(
  db: Database,
  attemptId: string,
  values: Pick<typeof attempts.$inferInsert, 'scorePercent' | 'isPassed' | 'needsManualGrading'>,
) {
  await db.update(attempts).set(values).where(eq(attempts.id, attemptId));
}

/** Submitted attempts of one course's quizzes waiting for a trainer (essays). */
export async function attemptsAwaitingGrading(db: Database, activityIds: string[], personIds: string[]) {
  if (activityIds.length === 0 || personIds.length === 0) return [];
  return db
    .select()
    .from(attempts)
    .where(and(inArray(attempts.activityId, activityIds), inArray(attempts.personId, personIds), eq(attempts.needsManualGrading, true)))
    .orderBy(asc(attempts.submittedAt));
}

// ---- assignments and webinars -----------------------------------------------------------------

export async function insertSubmission(db: Database, values: typeof assignmentSubmissions.$inferInsert) {
  const [row] = await db.insert(assignmentSubmissions).values(values).returning();
  return row!;
}

export async function findSubmission(db: Database, id: string) {
  const [row] = await db.select().from(assignmentSubmissions).where(eq(assignmentSubmissions.id, id));
  return row;
}

export async function submissionsOf(db: Database, activityId: string, personId: string) {
  return db
    .select()
    .from(assignmentSubmissions)
    .where(and(eq(assignmentSubmissions.activityId, activityId), eq(assignmentSubmissions.personId, personId)))
    .orderBy(desc(assignmentSubmissions.submittedAt));
}

export async function reviewSubmission(db: Database, id: string, values: Partial<typeof assignmentSubmissions.$inferInsert>) {
  const rows = await db
    .update(assignmentSubmissions)
    .set(values)
    .where(and(eq(assignmentSubmissions.id, id), eq(assignmentSubmissions.status, 'submitted')))
    .returning({ id: assignmentSubmissions.id });
  return rows.length > 0;
}

export async function setAttendance(db: Database, values: typeof webinarAttendance.$inferInsert) {
  await db
    .insert(webinarAttendance)
    .values(values)
    .onConflictDoUpdate({ target: [webinarAttendance.activityId, webinarAttendance.personId], set: values });
}

// ---- certificates and keys ---------------------------------------------------------------------

export async function findCertificate(db: Database, courseId: string, personId: string) {
  const [row] = await db
    .select()
    .from(courseCertificates)
    .where(and(eq(courseCertificates.courseId, courseId), eq(courseCertificates.personId, personId)));
  return row;
}

export async function findCertificateByCode(db: Database, code: string) {
  const [row] = await db.select().from(courseCertificates).where(eq(courseCertificates.code, code));
  return row;
}

export async function insertCertificate(db: Database, values: typeof courseCertificates.$inferInsert) {
  const [row] = await db.insert(courseCertificates).values(values).onConflictDoNothing().returning();
  return row;
}

export async function certificatesOfPerson(db: Database, personId: string) {
  return db.select().from(courseCertificates).where(eq(courseCertificates.personId, personId));
}

export async function findSigningKey(db: Database, id: string) {
  const [row] = await db.select().from(signingKeys).where(eq(signingKeys.id, id));
  return row;
}

export async function insertSigningKey(db: Database, values: typeof signingKeys.$inferInsert) {
  await db.insert(signingKeys).values(values).onConflictDoNothing();
}

export async function listSigningKeys(db: Database) {
  return db.select().from(signingKeys).orderBy(asc(signingKeys.createdAt));
}

// ---- personal data ------------------------------------------------------------------------------

export async function personalLearningData(db: Database, personId: string) {
  const [enrolmentRows, viewRows, attemptRows, submissionRows, attendanceRows, certificateRows] = await Promise.all([
    db
      .select({ course: courses.slug, enrolledAt: enrolments.enrolledAt, completedAt: enrolments.completedAt, source: enrolments.source })
      .from(enrolments)
      .innerJoin(courses, eq(courses.id, enrolments.courseId))
      .where(eq(enrolments.personId, personId)),
    db.select().from(lessonViews).where(eq(lessonViews.personId, personId)),
    db.select().from(attempts).where(eq(attempts.personId, personId)),
    db
      .select({
        fileName: assignmentSubmissions.fileName,
        submittedAt: assignmentSubmissions.submittedAt,
        status: assignmentSubmissions.status,
        reviewComment: assignmentSubmissions.reviewComment,
      })
      .from(assignmentSubmissions)
      .where(eq(assignmentSubmissions.personId, personId)),
    db.select().from(webinarAttendance).where(eq(webinarAttendance.personId, personId)),
    db
      .select({ code: courseCertificates.code, issuedAt: courseCertificates.issuedAt, payload: courseCertificates.payload })
      .from(courseCertificates)
      .where(eq(courseCertificates.personId, personId)),
  ]);
  const answerRows = attemptRows.length
    ? await db
        .select()
        .from(attemptAnswers)
        .where(
          inArray(
            attemptAnswers.attemptId,
            attemptRows.map((row) => row.id),
          ),
        )
    : [];
  return {
    courseEnrolments: enrolmentRows,
    lessonViews: viewRows,
    quizAttempts: attemptRows.map((attempt) => ({ ...attempt, answers: answerRows.filter((answer) => answer.attemptId === attempt.id) })),
    assignmentSubmissions: submissionRows,
    webinarAttendance: attendanceRows,
    courseCertificates: certificateRows,
  };
}
