import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Database } from '../db/client.js';
import { courseAudiences, type CompletionRule } from '../db/schema/index.js';
import { contentDirectory } from '../content.js';
import { languages } from '../../shared/i18n/languages.js';
import { parseGift } from './questions/gift.js';
import { parseMoodleXml } from './questions/moodle-xml.js';
import type { Question } from './questions/types.js';
import * as repository from './learning.repository.js';

const translations = z.partialRecord(z.enum(languages), z.string());

const completionCondition = z.union([
  z.object({ lessonsViewed: z.literal('all') }).strict(),
  z.object({ quizzesPassed: z.object({ minScore: z.number().min(0).max(100) }) }).strict(),
  z.object({ assignmentsAccepted: z.literal('all') }).strict(),
  z.object({ webinarAttended: z.literal(true) }).strict(),
]);
export const completionRuleSchema = z.object({ all: z.array(completionCondition).min(1) });

const courseFile = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  title: translations,
  summary: translations,
  audience: z.enum(courseAudiences),
  languages: z.array(z.enum(languages)).min(1),
  estimatedHours: z.number().positive(),
  passingScore: z.number().int().min(0).max(100).default(70),
  modules: z.array(z.string()).min(1),
  selfEnrolment: z.boolean().default(true),
  issuer: z.string().optional(),
  completion: completionRuleSchema.optional(),
});

const moduleFile = z.object({
  slug: z.string(),
  code: z.string(),
  title: translations,
  summary: translations,
  estimatedMinutes: z.number().int().positive(),
  lessons: z.array(z.string()),
  quiz: z
    .object({
      passingScore: z.number().int().min(0).max(100).optional(),
      mode: z.enum(['practice', 'test']).optional(),
      attemptLimit: z.number().int().positive().optional(),
      timeLimitMinutes: z.number().int().positive().optional(),
      questionsPerPage: z.number().int().positive().optional(),
      drawPerCategory: z.number().int().positive().optional(),
      shuffleQuestions: z.boolean().optional(),
    })
    .optional(),
  validation: z.object({ kind: z.enum(['quiz', 'quiz_and_assignment']), text: translations }),
  trainerMaterial: z.array(z.string()).default([]),
});

const frontMatter = z.object({ title: z.string().min(1), minutes: z.number().int().positive().optional() });

/** Splits `---\nyaml\n---\nbody` into its parsed front matter and the Markdown body. */
export function splitFrontMatter(source: string): { data: unknown; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  if (!match) return { data: {}, body: source };
  return { data: parseYaml(match[1]!), body: source.slice(match[0].length) };
}

export type ContentProblem = { file: string; line?: number; message: string };
export type SeedCoursesResult = { loaded: string[]; unchanged: string[]; problems: ContentProblem[] };

/** Every file under a course folder, sorted, hashed: a course is reloaded only when this changes. */
function hashDirectory(directory: string): string {
  const hash = createHash('sha256');
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const full = path.join(current, name);
      if (statSync(full).isDirectory()) walk(full);
      else hash.update(path.relative(directory, full)).update('\0').update(readFileSync(full)).update('\0');
    }
  };
  walk(directory);
  return hash.digest('hex');
}

/** The rule a course gets when its course.yaml states none: everything the modules ask for. */
function defaultCompletionRule(passingScore: number, hasAssignments: boolean): CompletionRule {
  return {
    all: [
      { lessonsViewed: 'all' },
      { quizzesPassed: { minScore: passingScore } },
      ...(hasAssignments ? [{ assignmentsAccepted: 'all' as const }] : []),
    ],
  };
}

type LoadedModule = {
  file: z.output<typeof moduleFile>;
  lessons: { slug: string; translations: { language: string; title: string; minutes: number; body: string }[] }[];
  materials: { slug: string; language: string; body: string }[];
  quiz: { language: string; questions: Question[] }[];
};

function readCourse(directory: string, problems: ContentProblem[]) {
  const relative = (file: string) => path.relative(contentDirectory, file);
  const course = courseFile.parse(parseYaml(readFileSync(path.join(directory, 'course.yaml'), 'utf8')));
  const modules: LoadedModule[] = [];
  for (const moduleSlug of course.modules) {
    const moduleDirectory = path.join(directory, moduleSlug);
    const file = moduleFile.parse(parseYaml(readFileSync(path.join(moduleDirectory, 'module.yaml'), 'utf8')));
    const lessons = file.lessons.map((stem) => ({
      slug: stem,
      translations: course.languages.flatMap((language) => {
        const lessonPath = path.join(moduleDirectory, `${stem}.${language}.md`);
        if (!existsSync(lessonPath)) return [];
        const { data, body } = splitFrontMatter(readFileSync(lessonPath, 'utf8'));
        const parsed = frontMatter.safeParse(data);
        if (!parsed.success) {
          problems.push({ file: relative(lessonPath), line: 1, message: 'front matter needs a title' });
          return [];
        }
        return [{ language, title: parsed.data.title, minutes: parsed.data.minutes ?? 5, body }];
      }),
    }));
    const materials = file.trainerMaterial.flatMap((stem) =>
      course.languages.flatMap((language) => {
        const materialPath = path.join(moduleDirectory, `${stem}.${language}.md`);
        return existsSync(materialPath) ? [{ slug: stem, language, body: readFileSync(materialPath, 'utf8') }] : [];
      }),
    );
    // GIFT is what trainers write; Moodle XML carries what GIFT cannot (ordering, cloze).
    const quiz = course.languages.flatMap((language) => {
      const parsed = [
        { file: path.join(moduleDirectory, `quiz.${language}.gift`), parse: parseGift },
        { file: path.join(moduleDirectory, `quiz.${language}.xml`), parse: parseMoodleXml },
      ].flatMap(({ file, parse }) => {
        if (!existsSync(file)) return [];
        const result = parse(readFileSync(file, 'utf8'));
        // A file with any error imports nothing: half a quiz would grade learners on the wrong total.
        for (const error of result.errors) problems.push({ file: relative(file), line: error.line, message: error.message });
        return result.errors.length ? [] : result.questions;
      });
      return parsed.length ? [{ language, questions: parsed }] : [];
    });
    modules.push({ file, lessons, materials, quiz });
  }
  return { course, modules };
}

/**
 * Loads content/courses/<course>/ into the database at start. Quizzes are `quiz.<lang>.gift` and/or
 * `quiz.<lang>.xml` (Moodle XML). Idempotent: a course whose files
 * have not changed is skipped; a changed one is upserted by slug, keeping enrolments, attempts and
 * everything learners did. Items removed from the files are kept (learners' history points at them).
 */
export async function seedCourses(db: Database, coursesDirectory = path.join(contentDirectory, 'courses')): Promise<SeedCoursesResult> {
  const result: SeedCoursesResult = { loaded: [], unchanged: [], problems: [] };
  if (!existsSync(coursesDirectory)) return result;
  for (const name of readdirSync(coursesDirectory).sort()) {
    const directory = path.join(coursesDirectory, name);
    if (!existsSync(path.join(directory, 'course.yaml'))) continue;
    const contentHash = hashDirectory(directory);
    const existing = await repository.findCourseBySlug(db, name);
    if (existing?.contentHash === contentHash) {
      result.unchanged.push(name);
      continue;
    }
    let loaded: ReturnType<typeof readCourse>;
    try {
      loaded = readCourse(directory, result.problems);
    } catch (error) {
      // A broken course file must not stop the platform: the course is skipped and reported.
      const message =
        error instanceof z.ZodError ? error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') : String(error);
      result.problems.push({ file: path.relative(contentDirectory, directory), message });
      continue;
    }
    const { course, modules } = loaded;
    await db.transaction(async (tx) => {
      // Several instances may start together: one loads, the others wait and then find it done.
      await tx.execute(sql`select pg_advisory_xact_lock(7340122)`);
      const hasAssignments = modules.some((module) => module.file.validation.kind === 'quiz_and_assignment');
      const courseRow = await repository.upsertCourse(tx, {
        slug: course.slug,
        audience: course.audience,
        languages: course.languages,
        title: course.title,
        summary: course.summary,
        estimatedHours: course.estimatedHours,
        passingScore: course.passingScore,
        completionRule: course.completion ?? defaultCompletionRule(course.passingScore, hasAssignments),
        isSelfEnrolment: course.selfEnrolment,
        issuerName: course.issuer ?? null,
        contentHash,
      });
      for (const [modulePosition, module] of modules.entries()) {
        const moduleRow = await repository.upsertModule(tx, {
          courseId: courseRow.id,
          slug: module.file.slug,
          code: module.file.code,
          position: modulePosition + 1,
          title: module.file.title,
          summary: module.file.summary,
          estimatedMinutes: module.file.estimatedMinutes,
          validationKind: module.file.validation.kind,
          validationText: module.file.validation.text,
        });
        for (const [lessonPosition, lesson] of module.lessons.entries()) {
          const lessonRow = await repository.upsertLesson(tx, { moduleId: moduleRow.id, slug: lesson.slug, position: lessonPosition + 1 });
          for (const translation of lesson.translations)
            await repository.upsertLessonTranslation(tx, { lessonId: lessonRow.id, ...translation });
        }
        for (const material of module.materials) await repository.upsertTrainerMaterial(tx, { moduleId: moduleRow.id, ...material });
        let position = module.lessons.length;
        if (module.quiz.length) {
          const bankSlug = `${course.slug}/${module.file.slug}`;
          const bank = await repository.upsertQuestionBank(tx, { slug: bankSlug, courseId: courseRow.id });
          for (const { language, questions } of module.quiz) {
            await repository.upsertQuestions(
              tx,
              questions.map((question, index) => ({
                bankId: bank.id,
                key: question.id,
                language,
                position: index + 1,
                category: question.category,
                tags: question.tags,
                type: question.type,
                definition: question,
              })),
            );
          }
          await repository.upsertActivity(tx, {
            moduleId: moduleRow.id,
            slug: 'quiz',
            kind: 'quiz',
            position: ++position,
            title: module.file.title,
            questionBankId: bank.id,
            mode: module.file.quiz?.mode ?? 'test',
            passingScore: module.file.quiz?.passingScore ?? course.passingScore,
            attemptLimit: module.file.quiz?.attemptLimit ?? null,
            timeLimitMinutes: module.file.quiz?.timeLimitMinutes ?? null,
            questionsPerPage: module.file.quiz?.questionsPerPage ?? 5,
            drawPerCategory: module.file.quiz?.drawPerCategory ?? null,
            shuffleQuestions: module.file.quiz?.shuffleQuestions ?? false,
          });
        }
        if (module.file.validation.kind === 'quiz_and_assignment') {
          await repository.upsertActivity(tx, {
            moduleId: moduleRow.id,
            slug: 'assignment',
            kind: 'assignment',
            position: ++position,
            title: module.file.title,
            instructions: module.file.validation.text,
            maxUploadBytes: defaultAssignmentMaxBytes,
            acceptedTypes: defaultAcceptedTypes,
          });
        }
      }
    });
    result.loaded.push(name);
  }
  return result;
}

/** Below the app's 2 MiB request limit, leaving room for the rest of the multipart form. */
export const defaultAssignmentMaxBytes = 2 * 1024 * 1024 - 64 * 1024;
export const defaultAcceptedTypes = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.oasis.opendocument.text',
];
