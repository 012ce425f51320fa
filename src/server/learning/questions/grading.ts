/**
 * Server-side grading and the browser-safe view of a question.
 *
 * The browser only ever receives `toPublic(question, seed)`: option texts under opaque ids, in an
 * order derived from the seed (one seed per attempt, so a reload shows the same order), without
 * weights, correct flags or feedback. A submitted `PublicResponse` is mapped back with
 * `fromPublicResponse` and graded with `grade`.
 *
 * Choices where the issue was silent:
 * - short-answer and numerical responses take the BEST matching answer (highest weight), so the
 *   order of answers in the source does not matter (Moodle takes the first match);
 * - short answers are compared after trimming, collapsing inner spaces and Unicode NFC;
 * - numerical input accepts a decimal comma (`1,5`) and spaces as thousands separators;
 * - an empty essay is not sent to a trainer: it is graded 0 at once;
 * - descriptions are never graded (fraction 0, and their defaultMark is 0).
 */
import { createHash } from 'node:crypto';
import type {
  Choice,
  ClozeGap,
  ClozeGapResponse,
  GradeResult,
  NumericalAnswer,
  PartGrade,
  PublicClozeGap,
  PublicClozeGapResponse,
  PublicOption,
  PublicQuestion,
  PublicResponse,
  Question,
  Response,
  ShortAnswer,
} from './types.js';

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/** Weights written 33.33333 three times sum to 99.99999: that is full marks. */
const fullMarkTolerance = 1e-4;

function clampFraction(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 0;
  if (value >= 1 - fullMarkTolerance) return 1;
  return Math.round(value * 1e7) / 1e7;
}

function result(fraction: number, question: Question, feedback: string[], parts: PartGrade[] = []): GradeResult {
  const clamped = clampFraction(fraction);
  return {
    fraction: clamped,
    isCorrect: clamped === 1,
    isPartiallyCorrect: clamped > 0 && clamped < 1,
    needsManualGrading: false,
    feedback: feedback.filter((text) => text !== ''),
    parts,
    generalFeedback: question.generalFeedback,
  };
}

function isValidIndex(index: number | null | undefined, length: number): index is number {
  return typeof index === 'number' && Number.isInteger(index) && index >= 0 && index < length;
}

function normaliseAnswerText(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/**
 * `*` matches any run of characters; everything else literally. A linear glob match rather than a
 * regular expression, so a long answer against a pattern with many `*` cannot backtrack for long.
 */
export function shortAnswerMatches(pattern: string, response: string, caseSensitive: boolean): boolean {
  const fold = (text: string) => (caseSensitive ? text : text.toLowerCase());
  const text = fold(normaliseAnswerText(response));
  if (text === '') return false;
  const glob = fold(normaliseAnswerText(pattern));
  let textIndex = 0;
  let globIndex = 0;
  let starIndex = -1;
  let textIndexAtStar = 0;
  while (textIndex < text.length) {
    if (globIndex < glob.length && glob[globIndex] === '*') {
      starIndex = globIndex;
      textIndexAtStar = textIndex;
      globIndex += 1;
    } else if (globIndex < glob.length && glob[globIndex] === text[textIndex]) {
      globIndex += 1;
      textIndex += 1;
    } else if (starIndex !== -1) {
      globIndex = starIndex + 1;
      textIndexAtStar += 1;
      textIndex = textIndexAtStar;
    } else {
      return false;
    }
  }
  while (globIndex < glob.length && glob[globIndex] === '*') globIndex += 1;
  return globIndex === glob.length;
}

/** Reads what a learner typed as a number: `1.5`, `1,5`, `-2`, `1 000`, `1e3`; null otherwise. */
export function parseLearnerNumber(text: string): number | null {
  let compact = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (compact.includes(',') && !compact.includes('.') && compact.split(',').length === 2) {
    compact = compact.replace(',', '.');
  }
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(compact)) return null;
  return Number(compact);
}

export function numericalAnswerMatches(answer: NumericalAnswer, value: number): boolean {
  switch (answer.kind) {
    case 'any':
      return true;
    case 'exact': {
      const epsilon = 1e-9 * Math.max(1, Math.abs(answer.value));
      return Math.abs(value - answer.value) <= answer.tolerance + epsilon;
    }
    case 'range': {
      const epsilon = 1e-9 * Math.max(1, Math.abs(answer.min), Math.abs(answer.max));
      return value >= answer.min - epsilon && value <= answer.max + epsilon;
    }
  }
}

function bestMatch<T extends { weight: number }>(answers: T[], matches: (answer: T) => boolean): T | null {
  let best: T | null = null;
  for (const answer of answers) {
    if (matches(answer) && (best === null || answer.weight > best.weight)) best = answer;
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Grading of the parts shared by whole questions and cloze gaps
// ---------------------------------------------------------------------------------------------

interface PartialGrade {
  fraction: number;
  feedback: string[];
  parts: PartGrade[];
}

function gradeSingleChoice(choices: Choice[], choice: number | null): PartialGrade {
  if (!isValidIndex(choice, choices.length)) return { fraction: 0, feedback: [], parts: [] };
  const chosen = choices[choice] as Choice;
  return { fraction: chosen.weight / 100, feedback: [chosen.feedback], parts: [] };
}

function gradeMultipleChoice(choices: Choice[], ticked: number[]): PartialGrade {
  const unique = [...new Set(ticked)].filter((index) => isValidIndex(index, choices.length)).sort((a, b) => a - b);
  const parts = unique.map((index): PartGrade => {
    const choice = choices[index] as Choice;
    return { fraction: choice.weight / 100, isCorrect: choice.weight > 0, feedback: choice.feedback };
  });
  const fraction = parts.reduce((sum, part) => sum + part.fraction, 0);
  return { fraction, feedback: parts.map((part) => part.feedback), parts };
}

function gradeShortAnswer(answers: ShortAnswer[], caseSensitive: boolean, text: string): PartialGrade {
  const match = bestMatch(answers, (answer) => shortAnswerMatches(answer.text, text, caseSensitive));
  return match ? { fraction: match.weight / 100, feedback: [match.feedback], parts: [] } : { fraction: 0, feedback: [], parts: [] };
}

function gradeNumerical(answers: NumericalAnswer[], text: string): PartialGrade {
  const value = parseLearnerNumber(text);
  if (value === null) return { fraction: 0, feedback: [], parts: [] };
  const match = bestMatch(answers, (answer) => numericalAnswerMatches(answer, value));
  return match ? { fraction: match.weight / 100, feedback: [match.feedback], parts: [] } : { fraction: 0, feedback: [], parts: [] };
}

function gradeGap(gap: ClozeGap, response: ClozeGapResponse | undefined): PartialGrade {
  switch (gap.kind) {
    case 'single_choice':
      return gradeSingleChoice(gap.choices, response?.kind === 'single_choice' ? response.choice : null);
    case 'multiple_choice':
      return gradeMultipleChoice(gap.choices, response?.kind === 'multiple_choice' ? response.choices : []);
    case 'short_answer':
      return gradeShortAnswer(gap.answers, gap.caseSensitive, response?.kind === 'short_answer' ? response.text : '');
    case 'numerical':
      return gradeNumerical(gap.answers, response?.kind === 'numerical' ? response.text : '');
  }
}

// ---------------------------------------------------------------------------------------------
// grade
// ---------------------------------------------------------------------------------------------

/** An answer of the right type that says nothing (what an untouched question submits). */
export function emptyResponse(question: Question): Response {
  switch (question.type) {
    case 'single_choice':
      return { type: 'single_choice', choice: null };
    case 'multiple_choice':
      return { type: 'multiple_choice', choices: [] };
    case 'true_false':
      return { type: 'true_false', value: null };
    case 'short_answer':
      return { type: 'short_answer', text: '' };
    case 'numerical':
      return { type: 'numerical', text: '' };
    case 'matching':
      return { type: 'matching', matches: stemPairIndexes(question.pairs).map(() => null) };
    case 'ordering':
      return { type: 'ordering', order: [] };
    case 'cloze':
      return { type: 'cloze', gaps: question.gaps.map(emptyGapResponse) };
    case 'essay':
      return { type: 'essay', text: '' };
    case 'description':
      return { type: 'description' };
  }
}

function emptyGapResponse(gap: ClozeGap): ClozeGapResponse {
  switch (gap.kind) {
    case 'single_choice':
      return { kind: 'single_choice', choice: null };
    case 'multiple_choice':
      return { kind: 'multiple_choice', choices: [] };
    case 'short_answer':
      return { kind: 'short_answer', text: '' };
    case 'numerical':
      return { kind: 'numerical', text: '' };
  }
}

function stemPairIndexes(pairs: { stem: string }[]): number[] {
  return pairs.flatMap((pair, index) => (pair.stem === '' ? [] : [index]));
}

/** Grades a response; a response of another type counts as no answer. Never throws. */
export function grade(question: Question, submitted: Response): GradeResult {
  const response = submitted.type === question.type ? submitted : emptyResponse(question);
  switch (question.type) {
    case 'single_choice': {
      const graded = gradeSingleChoice(question.choices, response.type === 'single_choice' ? response.choice : null);
      return result(graded.fraction, question, graded.feedback);
    }
    case 'multiple_choice': {
      const graded = gradeMultipleChoice(question.choices, response.type === 'multiple_choice' ? response.choices : []);
      return result(graded.fraction, question, graded.feedback, graded.parts);
    }
    case 'true_false': {
      const value = response.type === 'true_false' ? response.value : null;
      if (value === null) return result(0, question, []);
      return result(value === question.correctAnswer ? 1 : 0, question, [value ? question.feedbackTrue : question.feedbackFalse]);
    }
    case 'short_answer': {
      const graded = gradeShortAnswer(question.answers, question.caseSensitive, response.type === 'short_answer' ? response.text : '');
      return result(graded.fraction, question, graded.feedback);
    }
    case 'numerical': {
      const graded = gradeNumerical(question.answers, response.type === 'numerical' ? response.text : '');
      return result(graded.fraction, question, graded.feedback);
    }
    case 'matching': {
      const matches = response.type === 'matching' ? response.matches : [];
      const parts = stemPairIndexes(question.pairs).map((pairIndex, position): PartGrade => {
        const chosen = matches[position];
        const isCorrect =
          isValidIndex(chosen, question.pairs.length) && question.pairs[chosen]?.answer === question.pairs[pairIndex]?.answer;
        return { fraction: isCorrect ? 1 : 0, isCorrect, feedback: '' };
      });
      const correct = parts.filter((part) => part.isCorrect).length;
      return result(parts.length === 0 ? 0 : correct / parts.length, question, [], parts);
    }
    case 'ordering': {
      const order = response.type === 'ordering' ? response.order : [];
      const parts = question.items.map((item, position): PartGrade => {
        const placed = order[position];
        const isCorrect = isValidIndex(placed, question.items.length) && question.items[placed] === item;
        return { fraction: isCorrect ? 1 : 0, isCorrect, feedback: '' };
      });
      const isPermutation = order.length === question.items.length && new Set(order).size === order.length;
      const correct = isPermutation ? parts.filter((part) => part.isCorrect).length : 0;
      return result(
        question.items.length === 0 ? 0 : correct / question.items.length,
        question,
        [],
        isPermutation ? parts : parts.map((part) => ({ ...part, fraction: 0, isCorrect: false })),
      );
    }
    case 'cloze': {
      const gapResponses = response.type === 'cloze' ? response.gaps : [];
      const totalMarks = question.gaps.reduce((sum, gap) => sum + gap.mark, 0);
      let earned = 0;
      const feedback: string[] = [];
      const parts = question.gaps.map((gap, index): PartGrade => {
        const graded = gradeGap(gap, gapResponses[index]);
        const fraction = clampFraction(graded.fraction);
        earned += fraction * gap.mark;
        feedback.push(...graded.feedback);
        return { fraction, isCorrect: fraction === 1, feedback: graded.feedback.filter((text) => text !== '').join(' ') };
      });
      return result(totalMarks === 0 ? 0 : earned / totalMarks, question, feedback, parts);
    }
    case 'essay': {
      const text = response.type === 'essay' ? response.text : '';
      const graded = result(0, question, []);
      return { ...graded, needsManualGrading: text.trim() !== '' };
    }
    case 'description':
      return result(0, question, []);
  }
}

/** The response that earns full marks (for review pages and tests). */
export function correctResponse(question: Question): Response {
  const bestIndex = (weights: number[]) => weights.indexOf(Math.max(...weights));
  const correctGap = (gap: ClozeGap): ClozeGapResponse => {
    switch (gap.kind) {
      case 'single_choice':
        return { kind: 'single_choice', choice: bestIndex(gap.choices.map((choice) => choice.weight)) };
      case 'multiple_choice':
        return { kind: 'multiple_choice', choices: positiveIndexes(gap.choices) };
      case 'short_answer':
        return { kind: 'short_answer', text: bestShortAnswer(gap.answers) };
      case 'numerical':
        return { kind: 'numerical', text: bestNumber(gap.answers) };
    }
  };
  switch (question.type) {
    case 'single_choice':
      return { type: 'single_choice', choice: bestIndex(question.choices.map((choice) => choice.weight)) };
    case 'multiple_choice':
      return { type: 'multiple_choice', choices: positiveIndexes(question.choices) };
    case 'true_false':
      return { type: 'true_false', value: question.correctAnswer };
    case 'short_answer':
      return { type: 'short_answer', text: bestShortAnswer(question.answers) };
    case 'numerical':
      return { type: 'numerical', text: bestNumber(question.answers) };
    case 'matching':
      return { type: 'matching', matches: stemPairIndexes(question.pairs) };
    case 'ordering':
      return { type: 'ordering', order: question.items.map((_, index) => index) };
    case 'cloze':
      return { type: 'cloze', gaps: question.gaps.map(correctGap) };
    case 'essay':
      return { type: 'essay', text: question.responseTemplate };
    case 'description':
      return { type: 'description' };
  }
}

function positiveIndexes(choices: Choice[]): number[] {
  return choices.flatMap((choice, index) => (choice.weight > 0 ? [index] : []));
}

function bestShortAnswer(answers: ShortAnswer[]): string {
  const best = answers.reduce<ShortAnswer | null>((top, answer) => (top === null || answer.weight > top.weight ? answer : top), null);
  return (best?.text ?? '').replace(/\*/g, '').trim();
}

function bestNumber(answers: NumericalAnswer[]): string {
  const best = answers.reduce<NumericalAnswer | null>((top, answer) => (top === null || answer.weight > top.weight ? answer : top), null);
  if (best === null || best.kind === 'any') return '0';
  return String(best.kind === 'exact' ? best.value : best.min);
}

// ---------------------------------------------------------------------------------------------
// Public view: opaque ids and a deterministic shuffle
// ---------------------------------------------------------------------------------------------

function digest(...parts: string[]): Buffer {
  return createHash('sha256').update(parts.join('\u0000')).digest();
}

/** An id that tells nothing about the option: it depends on the seed, the question and the slot. */
function opaqueId(seed: string, questionId: string, scope: string, index: number): string {
  return `o${digest('option', seed, questionId, scope, String(index)).toString('base64url').slice(0, 11)}`;
}

/** mulberry32, seeded from the hash of the seed: small, fast, and the same on every run. */
function seededRandom(...parts: string[]): () => number {
  let state = digest('shuffle', ...parts).readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A permutation of 0..length-1, the same for the same seed, question and scope. */
export function shuffledIndexes(length: number, seed: string, questionId: string, scope: string): number[] {
  const indexes = Array.from({ length }, (_, index) => index);
  const random = seededRandom(seed, questionId, scope);
  for (let index = length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [indexes[index], indexes[other]] = [indexes[other] as number, indexes[index] as number];
  }
  return indexes;
}

interface OptionSlot {
  /** Index in the question's own array. */
  index: number;
  option: PublicOption;
}

function choiceSlots(texts: string[], shuffle: boolean, seed: string, questionId: string, scope: string): OptionSlot[] {
  const order = shuffle ? shuffledIndexes(texts.length, seed, questionId, scope) : texts.map((_, index) => index);
  return order.map((index) => ({ index, option: { id: opaqueId(seed, questionId, scope, index), text: texts[index] ?? '' } }));
}

/** Matching answers: each distinct answer text once, keyed by the first pair that carries it. */
function matchingAnswerSlots(question: Extract<Question, { type: 'matching' }>, seed: string): OptionSlot[] {
  const firstIndexOfText = new Map<string, number>();
  question.pairs.forEach((pair, index) => {
    if (!firstIndexOfText.has(pair.answer)) firstIndexOfText.set(pair.answer, index);
  });
  const distinct = [...firstIndexOfText.values()];
  const order = shuffledIndexes(distinct.length, seed, question.id, 'answers');
  return order.map((position) => {
    const index = distinct[position] as number;
    return { index, option: { id: opaqueId(seed, question.id, 'answers', index), text: question.pairs[index]?.answer ?? '' } };
  });
}

function matchingStemSlots(question: Extract<Question, { type: 'matching' }>, seed: string): OptionSlot[] {
  return stemPairIndexes(question.pairs).map((index) => ({
    index,
    option: { id: opaqueId(seed, question.id, 'stems', index), text: question.pairs[index]?.stem ?? '' },
  }));
}

/** Items shuffled, but never shown already in the right order (that would give the marks away). */
function orderingSlots(question: Extract<Question, { type: 'ordering' }>, seed: string): OptionSlot[] {
  let order = shuffledIndexes(question.items.length, seed, question.id, 'items');
  const isSolved = () => order.every((index, position) => question.items[index] === question.items[position]);
  const hasDistinctItems = new Set(question.items).size > 1;
  if (hasDistinctItems && isSolved()) order = [...order.slice(1), order[0] as number];
  if (hasDistinctItems && isSolved()) order = [...order].reverse();
  return order.map((index) => ({
    index,
    option: { id: opaqueId(seed, question.id, 'items', index), text: question.items[index] ?? '' },
  }));
}

/** The answers of a choice question, in the order (and with the ids) one attempt's seed gives them. */
function answerSlots(question: Extract<Question, { type: 'single_choice' | 'multiple_choice' }>, seed: string): OptionSlot[] {
  return choiceSlots(
    question.choices.map((choice) => choice.text),
    question.shuffleAnswers,
    seed,
    question.id,
    'choices',
  );
}

function gapSlots(gap: ClozeGap, gapIndex: number, seed: string, questionId: string): OptionSlot[] {
  if (gap.kind !== 'single_choice' && gap.kind !== 'multiple_choice') return [];
  return choiceSlots(
    gap.choices.map((choice) => choice.text),
    gap.shuffleAnswers,
    seed,
    questionId,
    `gap-${gapIndex}`,
  );
}

/** What the browser may see before submission. The same seed always gives the same view. */
export function toPublic(question: Question, seed: string): PublicQuestion {
  const base = {
    id: question.id,
    text: question.text,
    textAfter: question.textAfter,
    format: question.format,
    defaultMark: question.defaultMark,
  };
  const options = (slots: OptionSlot[]) => slots.map((slot) => slot.option);
  switch (question.type) {
    case 'single_choice':
    case 'multiple_choice':
      return {
        ...base,
        type: question.type,
        options: options(
          answerSlots(question, seed),
        ),
      };
    case 'true_false':
    case 'short_answer':
    case 'numerical':
    case 'description':
      return { ...base, type: question.type };
    case 'matching':
      return {
        ...base,
        type: 'matching',
        stems: options(matchingStemSlots(question, seed)),
        answers: options(matchingAnswerSlots(question, seed)),
      };
    case 'ordering':
      return { ...base, type: 'ordering', items: options(orderingSlots(question, seed)) };
    case 'cloze':
      return {
        ...base,
        type: 'cloze',
        gaps: question.gaps.map((gap, index): PublicClozeGap => {
          switch (gap.kind) {
            case 'single_choice':
              return { kind: 'single_choice', display: gap.display, options: options(gapSlots(gap, index, seed, question.id)) };
            case 'multiple_choice':
              return { kind: 'multiple_choice', display: gap.display, options: options(gapSlots(gap, index, seed, question.id)) };
            case 'short_answer':
            case 'numerical':
              return { kind: gap.kind };
          }
        }),
      };
    case 'essay':
      return { ...base, type: 'essay', responseTemplate: question.responseTemplate };
  }
}

function indexById(slots: OptionSlot[]): Map<string, number> {
  return new Map(slots.map((slot) => [slot.option.id, slot.index]));
}

function idByIndex(slots: OptionSlot[]): Map<number, string> {
  return new Map(slots.map((slot) => [slot.index, slot.option.id]));
}

function knownIndexes(ids: string[], lookup: Map<string, number>): number[] {
  return ids.flatMap((id) => {
    const index = lookup.get(id);
    return index === undefined ? [] : [index];
  });
}

/**
 * Maps what the browser submitted (opaque ids) to a `Response`. Unknown ids are dropped, and a
 * response of the wrong type reads as no answer: a forged form can only lose marks.
 */
export function fromPublicResponse(question: Question, seed: string, submitted: PublicResponse): Response {
  if (submitted.type !== question.type) return emptyResponse(question);
  switch (question.type) {
    case 'single_choice':
    case 'multiple_choice': {
      const lookup = indexById(
        answerSlots(question, seed),
      );
      if (submitted.type === 'single_choice') {
        return { type: 'single_choice', choice: submitted.optionId === null ? null : (lookup.get(submitted.optionId) ?? null) };
      }
      if (submitted.type === 'multiple_choice') return { type: 'multiple_choice', choices: knownIndexes(submitted.optionIds, lookup) };
      return emptyResponse(question);
    }
    case 'true_false':
      return submitted.type === 'true_false' ? { type: 'true_false', value: submitted.value } : emptyResponse(question);
    case 'short_answer':
      return submitted.type === 'short_answer' ? { type: 'short_answer', text: submitted.text } : emptyResponse(question);
    case 'numerical':
      return submitted.type === 'numerical' ? { type: 'numerical', text: submitted.text } : emptyResponse(question);
    case 'essay':
      return submitted.type === 'essay' ? { type: 'essay', text: submitted.text } : emptyResponse(question);
    case 'description':
      return { type: 'description' };
    case 'matching': {
      if (submitted.type !== 'matching') return emptyResponse(question);
      const answers = indexById(matchingAnswerSlots(question, seed));
      const matches = matchingStemSlots(question, seed).map((slot) => {
        const answerId = Object.hasOwn(submitted.matches, slot.option.id) ? submitted.matches[slot.option.id] : null;
        return answerId === null || answerId === undefined ? null : (answers.get(answerId) ?? null);
      });
      return { type: 'matching', matches };
    }
    case 'ordering': {
      if (submitted.type !== 'ordering') return emptyResponse(question);
      return { type: 'ordering', order: knownIndexes(submitted.order, indexById(orderingSlots(question, seed))) };
    }
    case 'cloze': {
      if (submitted.type !== 'cloze') return emptyResponse(question);
      return {
        type: 'cloze',
        gaps: question.gaps.map((gap, index): ClozeGapResponse => {
          const gapResponse = submitted.gaps[index];
          if (!gapResponse || gapResponse.kind !== gap.kind) return emptyGapResponse(gap);
          const lookup = indexById(gapSlots(gap, index, seed, question.id));
          switch (gapResponse.kind) {
            case 'single_choice':
              return { kind: 'single_choice', choice: gapResponse.optionId === null ? null : (lookup.get(gapResponse.optionId) ?? null) };
            case 'multiple_choice':
              return { kind: 'multiple_choice', choices: knownIndexes(gapResponse.optionIds, lookup) };
            case 'short_answer':
            case 'numerical':
              return { kind: gapResponse.kind, text: gapResponse.text };
          }
        }),
      };
    }
  }
}

/** The reverse of `fromPublicResponse`: to show a saved response again on the same attempt. */
export function toPublicResponse(question: Question, seed: string, response: Response): PublicResponse {
  const saved = response.type === question.type ? response : emptyResponse(question);
  switch (question.type) {
    case 'single_choice':
    case 'multiple_choice': {
      const ids = idByIndex(
        answerSlots(question, seed),
      );
      if (saved.type === 'single_choice') {
        return { type: 'single_choice', optionId: saved.choice === null ? null : (ids.get(saved.choice) ?? null) };
      }
      const ticked = saved.type === 'multiple_choice' ? saved.choices : [];
      return { type: 'multiple_choice', optionIds: ticked.flatMap((index) => ids.get(index) ?? []) };
    }
    case 'true_false':
      return { type: 'true_false', value: saved.type === 'true_false' ? saved.value : null };
    case 'short_answer':
      return { type: 'short_answer', text: saved.type === 'short_answer' ? saved.text : '' };
    case 'numerical':
      return { type: 'numerical', text: saved.type === 'numerical' ? saved.text : '' };
    case 'essay':
      return { type: 'essay', text: saved.type === 'essay' ? saved.text : '' };
    case 'description':
      return { type: 'description' };
    case 'matching': {
      const answerIds = idByIndex(matchingAnswerSlots(question, seed));
      const firstIndexOfText = new Map<string, number>();
      question.pairs.forEach((pair, index) => {
        if (!firstIndexOfText.has(pair.answer)) firstIndexOfText.set(pair.answer, index);
      });
      const chosen = saved.type === 'matching' ? saved.matches : [];
      const matches: Record<string, string | null> = {};
      matchingStemSlots(question, seed).forEach((slot, position) => {
        const pairIndex = chosen[position];
        const answerText = isValidIndex(pairIndex, question.pairs.length) ? question.pairs[pairIndex]?.answer : undefined;
        const canonical = answerText === undefined ? undefined : firstIndexOfText.get(answerText);
        matches[slot.option.id] = canonical === undefined ? null : (answerIds.get(canonical) ?? null);
      });
      return { type: 'matching', matches };
    }
    case 'ordering': {
      const ids = idByIndex(orderingSlots(question, seed));
      const order = saved.type === 'ordering' ? saved.order : [];
      return { type: 'ordering', order: order.flatMap((index) => ids.get(index) ?? []) };
    }
    case 'cloze': {
      const gapResponses = saved.type === 'cloze' ? saved.gaps : [];
      return {
        type: 'cloze',
        gaps: question.gaps.map((gap, index): PublicClozeGapResponse => {
          const gapResponse = gapResponses[index];
          const usable = gapResponse && gapResponse.kind === gap.kind ? gapResponse : emptyGapResponse(gap);
          const ids = idByIndex(gapSlots(gap, index, seed, question.id));
          switch (usable.kind) {
            case 'single_choice':
              return { kind: 'single_choice', optionId: usable.choice === null ? null : (ids.get(usable.choice) ?? null) };
            case 'multiple_choice':
              return { kind: 'multiple_choice', optionIds: usable.choices.flatMap((choiceIndex) => ids.get(choiceIndex) ?? []) };
            case 'short_answer':
            case 'numerical':
              return { kind: usable.kind, text: usable.text };
          }
        }),
      };
    }
  }
}
