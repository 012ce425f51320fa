/**
 * Checks the quiz files of every course under content/courses: they parse, each language asks the
 * same questions (same ids, same types, same order), and every question explains itself (general
 * feedback, and feedback on every answer wherever the question type has per-answer feedback).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { contentDirectory } from '../../content.js';
import { parseGift, toGift } from './gift.js';
import { parseMoodleXml, toMoodleXml } from './moodle-xml.js';
import type { Question } from './types.js';

const coursesDirectory = path.join(contentDirectory, 'courses');

function quizFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    if (statSync(full).isDirectory()) return quizFiles(full);
    return /^quiz\.[a-z]{2}\.gift$/.test(name) ? [full] : [];
  });
}

/** Answers of a question that must each carry feedback, as labels for the error message. */
function answersWithoutFeedback(question: Question): string[] {
  switch (question.type) {
    case 'single_choice':
    case 'multiple_choice':
      return question.choices.filter((choice) => choice.feedback.trim() === '').map((choice) => choice.text);
    case 'short_answer':
      return question.answers.filter((answer) => answer.feedback.trim() === '').map((answer) => answer.text);
    case 'numerical':
      return question.answers.filter((answer) => answer.feedback.trim() === '').map((answer) => JSON.stringify(answer));
    case 'true_false':
      return [...(question.feedbackTrue.trim() === '' ? ['true'] : []), ...(question.feedbackFalse.trim() === '' ? ['false'] : [])];
    case 'cloze':
      return question.gaps.flatMap((gap) =>
        (gap.kind === 'numerical' || gap.kind === 'short_answer' ? gap.answers : gap.choices)
          .filter((answer) => answer.feedback.trim() === '')
          .map((answer) => JSON.stringify(answer)),
      );
    case 'matching':
    case 'ordering':
    case 'essay':
    case 'description':
      return [];
  }
}

/**
 * What must not change with the language: choice weights, the true/false answer, numerical values,
 * the number of matching pairs. Short answers are left out: accepted spellings differ by language.
 */
function languageIndependentKey(question: Question): string {
  switch (question.type) {
    case 'single_choice':
    case 'multiple_choice':
      return question.choices.map((choice) => choice.weight).join(',');
    case 'true_false':
      return String(question.correctAnswer);
    case 'numerical':
      return JSON.stringify(question.answers.map(({ feedback: _feedback, ...answer }) => answer));
    case 'matching':
      return String(question.pairs.length);
    case 'ordering':
      return String(question.items.length);
    case 'cloze':
      return question.gaps.map((gap) => `${gap.kind}×${gap.mark}`).join(',');
    case 'short_answer':
    case 'essay':
    case 'description':
      return question.type;
  }
}

const files = quizFiles(coursesDirectory).sort();
const modules = new Map<string, string[]>();
for (const file of files) {
  const directory = path.dirname(file);
  modules.set(directory, [...(modules.get(directory) ?? []), file]);
}

describe('course quiz files', () => {
  it('exist for the three courses', () => {
    const courses = new Set(files.map((file) => path.relative(coursesDirectory, file).split(path.sep)[0]));
    assert.ok(courses.size >= 3, `courses with quizzes: ${[...courses].join(', ')}`);
  });

  for (const [directory, moduleFiles] of modules) {
    const modulePath = path.relative(coursesDirectory, directory).split(path.sep).join('/');
    describe(modulePath, () => {
      const parsed = moduleFiles.map((file) => ({ file: path.basename(file), result: parseGift(readFileSync(file, 'utf8')) }));

      for (const { file, result } of parsed) {
        it(`${file} parses without errors, in category ${modulePath}, with feedback everywhere`, () => {
          assert.deepEqual(result.errors, [], `${modulePath}/${file}`);
          assert.ok(result.questions.length > 0, `${modulePath}/${file} has questions`);
          for (const question of result.questions) {
            assert.equal(question.category, modulePath, `${file} ${question.id} category`);
            assert.match(question.id, /^[a-z0-9-]+-q\d{2}$/, `${file} ${question.id} has a stable title`);
            if (question.type !== 'description') {
              assert.notEqual(question.generalFeedback.trim(), '', `${file} ${question.id} has no general feedback`);
            }
            assert.deepEqual(answersWithoutFeedback(question), [], `${file} ${question.id}: answers without feedback`);
          }
        });

        it(`${file} survives export to GIFT and to Moodle XML`, () => {
          assert.deepEqual(parseGift(toGift(result.questions)), result);
          const throughXml = parseMoodleXml(toMoodleXml(result.questions));
          assert.deepEqual(throughXml.errors, []);
          // Moodle XML has no numerical range: it comes back as midpoint ± half width.
          const expected = result.questions.map((question) =>
            question.type !== 'numerical'
              ? question
              : {
                  ...question,
                  answers: question.answers.map((answer) =>
                    answer.kind !== 'range'
                      ? answer
                      : {
                          kind: 'exact' as const,
                          value: (answer.min + answer.max) / 2,
                          tolerance: answer.max - (answer.min + answer.max) / 2,
                          weight: answer.weight,
                          feedback: answer.feedback,
                        },
                  ),
                },
          );
          assert.deepEqual(throughXml.questions, expected);
        });
      }

      it('every language asks the same questions, of the same types, in the same order', () => {
        const reference = parsed[0];
        assert.ok(reference);
        assert.ok(parsed.length >= 2, `${modulePath} has quizzes in at least two languages`);
        const signature = (questions: Question[]) => questions.map((question) => `${question.id}:${question.type}`);
        for (const other of parsed.slice(1)) {
          assert.deepEqual(signature(other.result.questions), signature(reference.result.questions), `${other.file} vs ${reference.file}`);
        }
      });

      it('every language has the same correct answers (weights, true/false, numbers, pairs)', () => {
        const reference = parsed[0];
        assert.ok(reference);
        for (const other of parsed.slice(1)) {
          assert.deepEqual(
            other.result.questions.map((question) => `${question.id} ${languageIndependentKey(question)}`),
            reference.result.questions.map((question) => `${question.id} ${languageIndependentKey(question)}`),
            `${other.file} vs ${reference.file}`,
          );
        }
      });
    });
  }
});
