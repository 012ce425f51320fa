/**
 * Moodle GIFT import and export.
 *
 * The file is read the way Moodle reads it: questions are separated by blank lines, lines starting
 * with `//` are comments (they may carry `[id:…]` and `[tag:…]`), `$CATEGORY:` sets the category of
 * the questions that follow. Each question block is parsed by our peggy grammar (gift.peggy,
 * compiled once at load); this module then decides the question type and checks what a grammar
 * cannot (weights within range, a fully correct answer, at least two matching pairs...).
 *
 * We wrote our own grammar because gift-pegjs (pegjs 0.10, unmaintained) rejects a numerical range
 * with feedback (`{#1..5#In range}`), which our course content uses.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import peggy from 'peggy';
import type { Choice, NumericalAnswer, Question, QuestionParseError, QuestionParseResult, ShortAnswer, TextFormat } from './types.js';

const grammar = readFileSync(new URL('./gift.peggy', import.meta.url), 'utf8');
const blockParser = peggy.generate(grammar, { output: 'parser' });

// ---------------------------------------------------------------------------------------------
// Raw tree produced by gift.peggy
// ---------------------------------------------------------------------------------------------

interface SourceLocation {
  start: { line: number; column: number };
}
interface RawNumberSpec {
  kind: 'range' | 'exact';
  min?: number;
  max?: number;
  value?: number;
  tolerance?: number;
}
interface RawNumericalItem {
  marker: '=' | '~';
  weight: number | null;
  value: RawNumberSpec | null;
  feedback: string | null;
  location: SourceLocation;
}
interface RawChoiceItem {
  marker: '=' | '~';
  weight: number | null;
  text: string;
  match: string | null;
  feedback: string | null;
  location: SourceLocation;
}
type RawAnswerBlock = { location: SourceLocation } & (
  | { kind: 'numerical'; answers: RawNumericalItem[]; generalFeedback: string | null }
  | {
      kind: 'true_false';
      value: boolean;
      first: string | null;
      second: string | null;
      third: string | null;
      generalFeedback: string | null;
    }
  | { kind: 'choices'; items: RawChoiceItem[]; generalFeedback: string | null }
  | { kind: 'essay'; generalFeedback: string | null }
);
interface RawQuestion {
  title: { text: string; location: SourceLocation } | null;
  format: { name: string } | null;
  before: string;
  answers: RawAnswerBlock | null;
  after: string;
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

const textFormats: Record<string, TextFormat> = {
  moodle: 'moodle',
  html: 'html',
  markdown: 'markdown',
  plain: 'plain',
};

/** Weights of multiple-answer questions may be written 33.33333 three times: 99.99999 is 100. */
const weightSumTolerance = 0.01;

class QuestionBlockError extends Error {
  constructor(
    readonly blockLine: number,
    message: string,
  ) {
    super(message);
  }
}

interface Block {
  /** Lines without comments, with the original 1-based line number of each. */
  lines: { text: string; line: number }[];
  comments: string[];
}

function splitBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  let current: Block = { lines: [], comments: [] };
  const flush = () => {
    if (current.lines.length > 0 || current.comments.length > 0) blocks.push(current);
    current = { lines: [], comments: [] };
  };
  source
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((text, index) => {
      const trimmed = text.trim();
      if (trimmed === '') flush();
      else if (trimmed.startsWith('//')) current.comments.push(trimmed.slice(2));
      else current.lines.push({ text, line: index + 1 });
    });
  flush();
  return blocks;
}

function derivedId(text: string): string {
  return `q-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
}

function metadataFromComments(comments: string[]): { idNumber: string | null; tags: string[] } {
  const joined = comments.join('\n');
  const idNumber = /\[id:([^\]]+)\]/.exec(joined)?.[1]?.trim() ?? null;
  const tags = [...joined.matchAll(/\[tag:([^\]]+)\]/g)].map((match) => (match[1] ?? '').trim());
  return { idNumber, tags: tags.filter((tag) => tag !== '') };
}

interface PeggySyntaxError {
  message: string;
  location: SourceLocation;
}

function isPeggySyntaxError(error: unknown): error is PeggySyntaxError {
  return error instanceof Error && 'location' in error && typeof error.location === 'object';
}

export function parseGift(source: string): QuestionParseResult {
  const questions: Question[] = [];
  const errors: QuestionParseError[] = [];
  const firstLineOfId = new Map<string, number>();
  let category = '';

  for (const block of splitBlocks(source)) {
    let lines = block.lines;
    const first = lines[0];
    if (first && first.text.trim().startsWith('$CATEGORY:')) {
      category = first.text.trim().slice('$CATEGORY:'.length).trim();
      if (category === '') errors.push({ line: first.line, message: '$CATEGORY needs a category name.' });
      lines = lines.slice(1);
    }
    if (lines.length === 0) continue;
    const lineAt = (blockLine: number) => lines[Math.min(blockLine, lines.length) - 1]?.line ?? 0;
    const text = lines.map((entry) => entry.text).join('\n');
    try {
      const raw = blockParser.parse(text) as RawQuestion;
      const { idNumber, tags } = metadataFromComments(block.comments);
      const question = buildQuestion(raw, { category, tags, idNumber });
      const previousLine = firstLineOfId.get(question.id);
      if (previousLine !== undefined) {
        throw new QuestionBlockError(1, `Question id "${question.id}" is already used on line ${previousLine}.`);
      }
      firstLineOfId.set(question.id, lineAt(1));
      questions.push(question);
    } catch (error) {
      if (error instanceof QuestionBlockError) {
        errors.push({ line: lineAt(error.blockLine), message: error.message });
      } else if (isPeggySyntaxError(error)) {
        errors.push({
          line: lineAt(error.location.start.line),
          column: error.location.start.column,
          message: `GIFT syntax error: ${error.message}`,
        });
      } else {
        throw error;
      }
    }
  }
  return { questions, errors };
}

interface BuildContext {
  category: string;
  tags: string[];
  idNumber: string | null;
}

function fail(location: SourceLocation, message: string): never {
  throw new QuestionBlockError(location.start.line, message);
}

function checkWeight(weight: number, min: number, location: SourceLocation): number {
  if (weight < min || weight > 100) fail(location, `Weight ${weight}% is outside ${min}%..100%.`);
  return weight;
}

function buildQuestion(raw: RawQuestion, context: BuildContext): Question {
  if (raw.title === null && raw.before.trimStart().startsWith('::')) {
    throw new QuestionBlockError(1, 'The title starting with :: is not closed by ::.');
  }
  // The grammar only accepts the four format names, so the lookup always succeeds.
  const format: TextFormat = (raw.format && textFormats[raw.format.name]) || 'moodle';
  const hasTextAfter = raw.answers !== null && raw.after.trim() !== '';
  const text = hasTextAfter ? raw.before.trimStart() : raw.before.trim();
  const textAfter = hasTextAfter ? raw.after.trimEnd() : '';
  const id = raw.title?.text || context.idNumber || derivedId(`${text}${textAfter}`);
  if (raw.title && raw.title.text === '') fail(raw.title.location, 'The question title between :: and :: is empty.');
  const base = {
    id,
    category: context.category,
    tags: context.tags,
    text,
    textAfter,
    format,
    generalFeedback: '',
    defaultMark: 1,
  };
  const answers = raw.answers;
  if (answers === null) {
    if (text === '') throw new QuestionBlockError(1, 'The question has no text.');
    return { ...base, defaultMark: 0, type: 'description' };
  }
  if (text === '' && textAfter === '') fail(answers.location, 'The question has no text before or after its answers.');
  const generalFeedback = answers.generalFeedback ?? '';

  switch (answers.kind) {
    case 'essay':
      return { ...base, generalFeedback, type: 'essay', responseTemplate: '', graderInfo: '' };
    case 'true_false': {
      if (answers.third !== null) fail(answers.location, 'A true/false question takes at most two feedbacks (#wrong#right).');
      const wrong = answers.first ?? '';
      const right = answers.second ?? '';
      return {
        ...base,
        generalFeedback,
        type: 'true_false',
        correctAnswer: answers.value,
        feedbackTrue: answers.value ? right : wrong,
        feedbackFalse: answers.value ? wrong : right,
      };
    }
    case 'numerical':
      return { ...base, generalFeedback, type: 'numerical', answers: buildNumericalAnswers(answers.answers, answers.location) };
    case 'choices':
      return buildChoiceQuestion(base, generalFeedback, answers.items, answers.location);
  }
}

function buildNumericalAnswers(items: RawNumericalItem[], blockLocation: SourceLocation): NumericalAnswer[] {
  const answers = items.map((item): NumericalAnswer => {
    const weight = checkWeight(item.weight ?? (item.marker === '=' ? 100 : 0), 0, item.location);
    const feedback = item.feedback ?? '';
    const spec = item.value;
    if (spec === null) return { kind: 'any', weight, feedback };
    if (spec.kind === 'range') {
      const min = spec.min ?? 0;
      const max = spec.max ?? 0;
      if (min > max) fail(item.location, `The range ${min}..${max} is empty: the minimum is above the maximum.`);
      return { kind: 'range', min, max, weight, feedback };
    }
    const tolerance = spec.tolerance ?? 0;
    if (tolerance < 0) fail(item.location, 'A tolerance cannot be negative.');
    return { kind: 'exact', value: spec.value ?? 0, tolerance, weight, feedback };
  });
  if (!answers.some((answer) => answer.weight === 100)) {
    fail(blockLocation, 'A numerical question needs one answer worth 100%.');
  }
  return answers;
}

type QuestionBaseFields = Omit<Extract<Question, { type: 'essay' }>, 'type' | 'responseTemplate' | 'graderInfo'>;

function buildChoiceQuestion(
  base: QuestionBaseFields,
  generalFeedback: string,
  items: RawChoiceItem[],
  blockLocation: SourceLocation,
): Question {
  const isMatching = items.some((item) => item.match !== null);
  if (isMatching) {
    for (const item of items) {
      if (item.marker !== '=' || item.match === null) fail(item.location, 'Every matching pair is written =stem -> answer.');
      if (item.weight !== null) fail(item.location, 'Matching pairs cannot have weights.');
      if (item.feedback !== null) fail(item.location, 'Matching pairs cannot have feedback: use the general feedback (####).');
      if (item.match.trim() === '') fail(item.location, 'A matching pair needs an answer after ->.');
    }
    const pairs = items.map((item) => ({ stem: item.text, answer: item.match ?? '' }));
    if (pairs.filter((pair) => pair.stem !== '').length < 2) {
      fail(blockLocation, 'A matching question needs at least two pairs.');
    }
    return { ...base, generalFeedback, type: 'matching', pairs, shuffleAnswers: true };
  }

  for (const item of items) {
    if (item.text === '') fail(item.location, 'An answer is empty.');
  }
  const hasWrongMarker = items.some((item) => item.marker === '~');
  if (!hasWrongMarker) {
    const answers = items.map((item): ShortAnswer => ({
      text: item.text,
      weight: checkWeight(item.weight ?? 100, 0, item.location),
      feedback: item.feedback ?? '',
    }));
    if (!answers.some((answer) => answer.weight === 100)) fail(blockLocation, 'A short-answer question needs one answer worth 100%.');
    return { ...base, generalFeedback, type: 'short_answer', answers, caseSensitive: false };
  }

  const choices = items.map((item): Choice => ({
    text: item.text,
    weight: checkWeight(item.weight ?? (item.marker === '=' ? 100 : 0), -100, item.location),
    feedback: item.feedback ?? '',
  }));
  if (choices.length < 2) fail(blockLocation, 'A choice question needs at least two answers.');
  const isSingleChoice = items.some((item) => item.marker === '=');
  if (isSingleChoice) {
    if (!choices.some((choice) => choice.weight === 100)) fail(blockLocation, 'A single-choice question needs one answer worth 100%.');
    return { ...base, generalFeedback, type: 'single_choice', choices, shuffleAnswers: true };
  }
  const positiveSum = choices.reduce((sum, choice) => sum + Math.max(choice.weight, 0), 0);
  if (Math.abs(positiveSum - 100) > weightSumTolerance) {
    fail(blockLocation, `The positive weights of a multiple-answer question must add up to 100% (they add up to ${positiveSum}%).`);
  }
  return { ...base, generalFeedback, type: 'multiple_choice', choices, shuffleAnswers: true };
}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

/** Why a question cannot be written in GIFT, or null when it can. */
export function giftLimitation(question: Question): string | null {
  if (question.type === 'cloze') return 'cloze questions have no GIFT syntax';
  if (question.type === 'ordering') return 'ordering questions have no GIFT syntax';
  if (question.type === 'matching' && question.pairs.some((pair) => pair.stem.includes('->') || pair.answer.includes('->'))) {
    return 'a matching pair contains "->", which GIFT cannot escape';
  }
  return null;
}

export function escapeGift(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/[~=#{}:]/g, (character) => `\\${character}`)
    .replace(/\r/g, '')
    .replace(/\n/g, '\\n');
}

function formatNumber(value: number): string {
  return String(value);
}

function weightPrefix(weight: number, implied: number): string {
  return weight === implied ? '' : `%${formatNumber(weight)}%`;
}

function feedbackSuffix(feedback: string): string {
  return feedback === '' ? '' : `#${escapeGift(feedback)}`;
}

function generalFeedbackSuffix(question: Question): string {
  return question.generalFeedback === '' ? '' : `\n####${escapeGift(question.generalFeedback)}`;
}

function answerBlock(question: Question): string | null {
  switch (question.type) {
    case 'description':
      return null;
    case 'essay':
      return `{${question.generalFeedback === '' ? '' : `####${escapeGift(question.generalFeedback)}`}}`;
    case 'true_false': {
      const right = question.correctAnswer ? question.feedbackTrue : question.feedbackFalse;
      const wrong = question.correctAnswer ? question.feedbackFalse : question.feedbackTrue;
      const feedbacks = right !== '' ? `#${escapeGift(wrong)}#${escapeGift(right)}` : wrong !== '' ? `#${escapeGift(wrong)}` : '';
      const general = question.generalFeedback === '' ? '' : `####${escapeGift(question.generalFeedback)}`;
      return `{${question.correctAnswer ? 'TRUE' : 'FALSE'}${feedbacks}${general}}`;
    }
    case 'single_choice':
    case 'multiple_choice': {
      const lines = question.choices.map((choice) => {
        const marker = question.type === 'single_choice' && choice.weight === 100 ? '=' : `~${weightPrefix(choice.weight, 0)}`;
        return `${marker}${escapeGift(choice.text)}${feedbackSuffix(choice.feedback)}`;
      });
      return `{\n${lines.join('\n')}${generalFeedbackSuffix(question)}\n}`;
    }
    case 'short_answer': {
      const lines = question.answers.map(
        (answer) => `=${weightPrefix(answer.weight, 100)}${escapeGift(answer.text)}${feedbackSuffix(answer.feedback)}`,
      );
      return `{\n${lines.join('\n')}${generalFeedbackSuffix(question)}\n}`;
    }
    case 'numerical': {
      const lines = question.answers.map((answer) => {
        const feedback = feedbackSuffix(answer.feedback);
        switch (answer.kind) {
          case 'any':
            return `~${weightPrefix(answer.weight, 0)}${feedback}`;
          case 'range':
            return `=${weightPrefix(answer.weight, 100)}${formatNumber(answer.min)}..${formatNumber(answer.max)}${feedback}`;
          case 'exact': {
            const tolerance = answer.tolerance === 0 ? '' : `:${formatNumber(answer.tolerance)}`;
            return `=${weightPrefix(answer.weight, 100)}${formatNumber(answer.value)}${tolerance}${feedback}`;
          }
        }
      });
      return `{#\n${lines.join('\n')}${generalFeedbackSuffix(question)}\n}`;
    }
    case 'matching': {
      const lines = question.pairs.map((pair) => `=${escapeGift(pair.stem)} -> ${escapeGift(pair.answer)}`);
      return `{\n${lines.join('\n')}${generalFeedbackSuffix(question)}\n}`;
    }
    case 'ordering':
    case 'cloze':
      return null;
  }
}

/**
 * Writes questions as GIFT. A question GIFT cannot express (cloze, ordering) is written as a
 * comment saying so, so the file stays importable and the reader knows to use Moodle XML.
 */
export function toGift(questions: Question[]): string {
  const parts: string[] = [];
  let category: string | null = null;
  for (const question of questions) {
    if (question.category !== category && question.category !== '') {
      parts.push(`$CATEGORY: ${question.category}`);
    }
    category = question.category;
    const limitation = giftLimitation(question);
    if (limitation !== null) {
      parts.push(`// Question ${question.id} is not exported: ${limitation}. Export the bank as Moodle XML.`);
      continue;
    }
    const lines: string[] = [];
    if (question.tags.length > 0) lines.push(`// ${question.tags.map((tag) => `[tag:${tag}]`).join(' ')}`);
    const formatPrefix = question.format === 'moodle' ? '' : `[${question.format}]`;
    const block = answerBlock(question);
    const body = block === null ? escapeGift(question.text) : `${escapeGift(question.text)}${block}${escapeGift(question.textAfter)}`;
    lines.push(`::${escapeGift(question.id)}::${formatPrefix}${body}`);
    parts.push(lines.join('\n'));
  }
  return `${parts.join('\n\n')}\n`;
}
