import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { activities, attempts, courses, enrolments, type CompletionRule } from '../db/schema/index.js';
import { seedCourses } from '../learning/course-content.js';
import * as repository from '../learning/learning.repository.js';
import { fieldNames } from '../learning/quiz-form.js';
import { correctResponse, toPublic, toPublicResponse } from '../learning/questions/grading.js';
import type { PublicQuestion, PublicResponse } from '../learning/questions/types.js';

/** Test-only courses (one quiz with every question type), in the same format as content/courses. */
export const learningFixturesDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), 'learning-fixtures', 'courses');

export async function seedTestCourse(db: Database) {
  const result = await seedCourses(db, learningFixturesDirectory);
  if (result.problems.length) throw new Error(`fixture course problems: ${JSON.stringify(result.problems)}`);
  const course = (await repository.findCourseBySlug(db, 'all-types'))!;
  const outline = await repository.listActivitiesOfCourse(db, course.id);
  const lessons = await repository.listLessonsOfCourse(db, course.id);
  return { course, quiz: outline.find((activity) => activity.kind === 'quiz')!, lessons };
}

export async function enrolPerson(db: Database, courseId: string, personId: string) {
  await db
    .insert(enrolments)
    .values({ courseId, personId, source: 'coach', enrolledAt: new Date('2026-11-23T08:00:00Z') })
    .onConflictDoNothing();
}

export async function setCompletionRule(db: Database, courseId: string, rule: CompletionRule) {
  await db.update(courses).set({ completionRule: rule }).where(eq(courses.id, courseId));
}

export async function setQuizSettings(db: Database, activityId: string, values: Partial<typeof activities.$inferInsert>) {
  await db.update(activities).set(values).where(eq(activities.id, activityId));
}

export async function addAssignment(db: Database, moduleId: string, maxUploadBytes = 1024 * 1024) {
  return repository.upsertActivity(db, {
    moduleId,
    slug: 'assignment',
    kind: 'assignment',
    position: 50,
    title: { en: 'Project note' },
    instructions: { en: 'Send your project note.' },
    maxUploadBytes,
    acceptedTypes: ['application/pdf'],
  });
}

/** The form fields a browser would send for a given public response (the inverse of quiz-form). */
export function formFieldsFor(question: PublicQuestion, response: PublicResponse, prefix: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = { [fieldNames.shown(prefix)]: '1' };
  switch (response.type) {
    case 'single_choice':
      if (response.optionId) fields[prefix] = response.optionId;
      break;
    case 'multiple_choice':
      fields[prefix] = response.optionIds;
      break;
    case 'true_false':
      if (response.value !== null) fields[prefix] = String(response.value);
      break;
    case 'short_answer':
    case 'numerical':
    case 'essay':
      fields[prefix] = response.text;
      break;
    case 'matching':
      for (const [stemId, answerId] of Object.entries(response.matches)) fields[fieldNames.matching(prefix, stemId)] = answerId ?? '';
      break;
    case 'ordering':
      response.order.forEach((itemId, index) => (fields[fieldNames.ordering(prefix, itemId)] = String(index + 1)));
      break;
    case 'cloze':
      response.gaps.forEach((gap, index) => {
        const name = fieldNames.gap(prefix, index + 1);
        if (gap.kind === 'single_choice') fields[name] = gap.optionId ?? '';
        else if (gap.kind === 'multiple_choice') fields[name] = gap.optionIds;
        else fields[name] = gap.text;
      });
      break;
    case 'description':
      break;
  }
  return fields;
}

/** Right answers for every question of an attempt, as form fields (essays get `essayText`). */
export async function rightAnswerFields(db: Database, attemptId: string, essayText = 'I call 112 and tell my tutor.') {
  const [attempt] = await db.select().from(attempts).where(eq(attempts.id, attemptId));
  const rows = await repository.questionsByIds(db, attempt!.questionIds);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return attempt!.questionIds.map((id, index) => {
    const question = byId.get(id)!.definition;
    const publicQuestion = toPublic(question, attempt!.seed);
    const response: PublicResponse =
      question.type === 'essay' ? { type: 'essay', text: essayText } : toPublicResponse(question, attempt!.seed, correctResponse(question));
    return { number: index + 1, question, publicQuestion, fields: formFieldsFor(publicQuestion, response, `q${index + 1}`) };
  });
}
