/**
 * Question banks in the app: trainers browse the banks of the courses and of their organisation,
 * export any of them to GIFT or Moodle XML, and import a file into a new bank of their organisation
 * after a preview that lists every error with its line. A file with one error imports nothing.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, count, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import type { Actor } from '../http/context.js';
import { AppError, notFound } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { courses, organisations, questionBanks, questions } from '../db/schema/index.js';
import type { Viewer } from '../accounts/viewer.js';
import { canInOrganisation, organisationsWhereViewerMay } from './learning.policy.js';
import { exportQuestions, parseQuestionFile, type QuestionFileFormat } from './questions/interchange.js';
import * as repository from './learning.repository.js';

/** Question files are text; a whole course's bank in GIFT is a few dozen kilobytes. */
export const maximumQuestionFileBytes = 512 * 1024;
const questionFileExtensions = ['gift', 'txt', 'xml'];

function bankVisibility(viewer: Viewer) {
  if (viewer.isPlatformAdmin) return undefined;
  const own = organisationsWhereViewerMay(viewer, 'viewGradebook');
  // Trainers only: banks hold the right answers.
  if (own.length === 0) throw notFound();
  return or(isNull(questionBanks.organisationId), inArray(questionBanks.organisationId, own));
}

export async function listBanks(db: Database, viewer: Viewer) {
  return db
    .select({
      id: questionBanks.id,
      slug: questionBanks.slug,
      title: questionBanks.title,
      courseTitle: courses.title,
      organisationName: organisations.legalName,
      questionCount: count(questions.id),
    })
    .from(questionBanks)
    .leftJoin(courses, eq(courses.id, questionBanks.courseId))
    .leftJoin(organisations, eq(organisations.id, questionBanks.organisationId))
    .leftJoin(questions, eq(questions.bankId, questionBanks.id))
    .where(bankVisibility(viewer))
    .groupBy(questionBanks.id, courses.title, organisations.legalName)
    .orderBy(asc(questionBanks.slug));
}

export async function bankFor(db: Database, viewer: Viewer, bankId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(bankId)) throw notFound();
  const [bank] = await db
    .select()
    .from(questionBanks)
    .where(and(eq(questionBanks.id, bankId), bankVisibility(viewer)));
  if (!bank) throw notFound();
  const languages = await repository.bankLanguages(db, bank.id);
  return { bank, languages: languages.sort() };
}

export async function exportBank(db: Database, viewer: Viewer, bankId: string, format: QuestionFileFormat, language: string) {
  const { bank, languages } = await bankFor(db, viewer, bankId);
  if (!languages.includes(language)) throw notFound();
  const rows = await repository.listBankQuestions(db, bank.id, language);
  return { bank, text: exportQuestions(format, rows.map((row) => row.definition)) };
}

export type QuestionFile = { name: string; source: string };

/** Reads an uploaded question file: GIFT or Moodle XML by extension, UTF-8, within the size limit. */
export async function readQuestionFile(file: File): Promise<QuestionFile> {
  if (file.size > maximumQuestionFileBytes) throw new AppError('payload_too_large', 'banks.tooLarge', { file: 'banks.tooLarge' });
  const extension = file.name.toLowerCase().split('.').pop() ?? '';
  if (!questionFileExtensions.includes(extension)) throw new AppError('invalid_input', 'banks.wrongType', { file: 'banks.wrongType' });
  const source = new TextDecoder('utf-8', { fatal: false }).decode(await file.arrayBuffer());
  return { name: file.name, source };
}

export function previewQuestionFile(file: QuestionFile) {
  return parseQuestionFile(file.name, file.source);
}

/** Creates the bank and its questions in one transaction, or nothing when the file has an error. */
export async function importBank(db: Database, actor: Actor, input: { organisationId: string; title: string; language: string; file: QuestionFile }) {
  if (!canInOrganisation(actor.viewer, input.organisationId, 'viewGradebook')) throw notFound();
  const parsed = previewQuestionFile(input.file);
  if (parsed.errors.length > 0 || parsed.questions.length === 0) throw new AppError('invalid_input', 'banks.fileHasErrors');
  return db.transaction(async (tx) => {
    const [bank] = await tx
      .insert(questionBanks)
      .values({ slug: `organisation/${input.organisationId}/${randomBytes(6).toString('hex')}`, organisationId: input.organisationId, title: input.title })
      .returning();
    const keys = new Set<string>();
    // Two identical questions in a file get the same id from the parser: keep both, under distinct keys.
    const uniqueKey = (wanted: string) => {
      let key = wanted;
      for (let suffix = 2; keys.has(key); suffix += 1) key = `${wanted}-${suffix}`;
      keys.add(key);
      return key;
    };
    await repository.upsertQuestions(
      tx,
      parsed.questions.map((question, index) => ({
        bankId: bank!.id,
        key: uniqueKey(question.id || `q${index + 1}`),
        language: input.language,
        position: index + 1,
        category: question.category,
        tags: question.tags,
        type: question.type,
        definition: question,
      })),
    );
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'question_bank.imported',
      entityType: 'question_bank',
      entityId: bank!.id,
      organisationId: input.organisationId,
      requestId: actor.requestId,
      details: { format: parsed.format, questions: parsed.questions.length, file: input.file.name },
    });
    return bank!;
  });
}
