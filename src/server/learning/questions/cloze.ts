/**
 * Moodle's embedded-answers (cloze) syntax: `{1:MULTICHOICE:=right#Yes~wrong#No}` inside a text.
 *
 * `parseClozeText` turns such a text into our model (text with `{#1}` placeholders + gaps) and
 * `toClozeText` writes it back. Sub-question types, as in Moodle's qtype_multianswer:
 * MULTICHOICE/MC (dropdown), MULTICHOICE_V/MCV, MULTICHOICE_H/MCH, the same with `_S`/`S` to
 * shuffle; MULTIRESPONSE/MR, MULTIRESPONSE_H/MRH (+ `_S`/`S`); SHORTANSWER/SA/MW and the case-
 * sensitive SHORTANSWER_C/SAC/MWC; NUMERICAL/NM. Inside answers `\` escapes `} # ~ / " \`.
 */
import type { Choice, ClozeGap, NumericalAnswer, ShortAnswer } from './types.js';

type GapShape =
  | { kind: 'single_choice'; display: 'dropdown' | 'vertical' | 'horizontal'; shuffleAnswers: boolean }
  | { kind: 'multiple_choice'; display: 'vertical' | 'horizontal'; shuffleAnswers: boolean }
  | { kind: 'short_answer'; caseSensitive: boolean }
  | { kind: 'numerical' };

const gapShapes: Record<string, GapShape> = {
  MULTICHOICE: { kind: 'single_choice', display: 'dropdown', shuffleAnswers: false },
  MC: { kind: 'single_choice', display: 'dropdown', shuffleAnswers: false },
  MULTICHOICE_S: { kind: 'single_choice', display: 'dropdown', shuffleAnswers: true },
  MCS: { kind: 'single_choice', display: 'dropdown', shuffleAnswers: true },
  MULTICHOICE_V: { kind: 'single_choice', display: 'vertical', shuffleAnswers: false },
  MCV: { kind: 'single_choice', display: 'vertical', shuffleAnswers: false },
  MULTICHOICE_VS: { kind: 'single_choice', display: 'vertical', shuffleAnswers: true },
  MCVS: { kind: 'single_choice', display: 'vertical', shuffleAnswers: true },
  MULTICHOICE_H: { kind: 'single_choice', display: 'horizontal', shuffleAnswers: false },
  MCH: { kind: 'single_choice', display: 'horizontal', shuffleAnswers: false },
  MULTICHOICE_HS: { kind: 'single_choice', display: 'horizontal', shuffleAnswers: true },
  MCHS: { kind: 'single_choice', display: 'horizontal', shuffleAnswers: true },
  MULTIRESPONSE: { kind: 'multiple_choice', display: 'vertical', shuffleAnswers: false },
  MR: { kind: 'multiple_choice', display: 'vertical', shuffleAnswers: false },
  MULTIRESPONSE_S: { kind: 'multiple_choice', display: 'vertical', shuffleAnswers: true },
  MRS: { kind: 'multiple_choice', display: 'vertical', shuffleAnswers: true },
  MULTIRESPONSE_H: { kind: 'multiple_choice', display: 'horizontal', shuffleAnswers: false },
  MRH: { kind: 'multiple_choice', display: 'horizontal', shuffleAnswers: false },
  MULTIRESPONSE_HS: { kind: 'multiple_choice', display: 'horizontal', shuffleAnswers: true },
  MRHS: { kind: 'multiple_choice', display: 'horizontal', shuffleAnswers: true },
  SHORTANSWER: { kind: 'short_answer', caseSensitive: false },
  SA: { kind: 'short_answer', caseSensitive: false },
  MW: { kind: 'short_answer', caseSensitive: false },
  SHORTANSWER_C: { kind: 'short_answer', caseSensitive: true },
  SAC: { kind: 'short_answer', caseSensitive: true },
  MWC: { kind: 'short_answer', caseSensitive: true },
  NUMERICAL: { kind: 'numerical' },
  NM: { kind: 'numerical' },
};

export class ClozeSyntaxError extends Error {}

const gapStart = /\{(\d*):([A-Z_]+):/y;

function indexOfUnescaped(text: string, character: string, from = 0): number {
  for (let index = from; index < text.length; index += 1) {
    if (text[index] === '\\') index += 1;
    else if (text[index] === character) return index;
  }
  return -1;
}

function splitUnescaped(text: string, character: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let index = indexOfUnescaped(text, character, start);
  while (index !== -1) {
    parts.push(text.slice(start, index));
    start = index + 1;
    index = indexOfUnescaped(text, character, start);
  }
  parts.push(text.slice(start));
  return parts;
}

function unescapeCloze(text: string): string {
  return text.replace(/\\([}#~/"\\])/g, '$1');
}

export function escapeCloze(text: string): string {
  return text.replace(/[\\}#~/"]/g, (character) => `\\${character}`);
}

interface RawGapAnswer {
  weight: number;
  text: string;
  feedback: string;
}

function parseGapAnswers(body: string): RawGapAnswer[] {
  return splitUnescaped(body, '~')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const weightMatch = /^(=|%(-?\d+(?:[.,]\d+)?)%)/.exec(part);
      const weight = weightMatch === null ? 0 : weightMatch[1] === '=' ? 100 : Number((weightMatch[2] ?? '0').replace(',', '.'));
      const rest = weightMatch === null ? part : part.slice(weightMatch[0].length);
      const hash = indexOfUnescaped(rest, '#');
      const text = hash === -1 ? rest : rest.slice(0, hash);
      const feedback = hash === -1 ? '' : rest.slice(hash + 1);
      if (weight < -100 || weight > 100) throw new ClozeSyntaxError(`Weight ${weight}% is outside -100%..100%.`);
      return { weight, text: unescapeCloze(text).trim(), feedback: unescapeCloze(feedback).trim() };
    });
}

function numericalAnswer(answer: RawGapAnswer): NumericalAnswer {
  if (answer.text === '*') return { kind: 'any', weight: answer.weight, feedback: answer.feedback };
  const match = /^([+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?)(?::((?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?))?$/.exec(answer.text);
  if (match === null) throw new ClozeSyntaxError(`"${answer.text}" is not a number (write value or value:tolerance).`);
  return { kind: 'exact', value: Number(match[1]), tolerance: Number(match[2] ?? 0), weight: answer.weight, feedback: answer.feedback };
}

function buildGap(markText: string, typeName: string, body: string): ClozeGap {
  const shape = gapShapes[typeName];
  if (!shape) throw new ClozeSyntaxError(`Unknown embedded question type ${typeName}.`);
  const mark = markText === '' ? 1 : Number(markText);
  const answers = parseGapAnswers(body);
  if (answers.length === 0) throw new ClozeSyntaxError(`The ${typeName} gap has no answers.`);
  const fullMarks = () => {
    if (!answers.some((answer) => answer.weight === 100))
      throw new ClozeSyntaxError(`The ${typeName} gap needs one answer worth 100% (=).`);
  };
  switch (shape.kind) {
    case 'single_choice': {
      fullMarks();
      const choices: Choice[] = answers.map(({ weight, text, feedback }) => ({ text, weight, feedback }));
      return { ...shape, mark, choices };
    }
    case 'multiple_choice': {
      const choices: Choice[] = answers.map(({ weight, text, feedback }) => ({ text, weight, feedback }));
      if (!choices.some((choice) => choice.weight > 0)) throw new ClozeSyntaxError(`The ${typeName} gap needs a correct answer.`);
      return { ...shape, mark, choices };
    }
    case 'short_answer': {
      fullMarks();
      const shortAnswers: ShortAnswer[] = answers.map(({ weight, text, feedback }) => {
        if (weight < 0) throw new ClozeSyntaxError('Short answers cannot have negative weights.');
        return { text, weight, feedback };
      });
      return { ...shape, mark, answers: shortAnswers };
    }
    case 'numerical':
      fullMarks();
      return { kind: 'numerical', mark, answers: answers.map(numericalAnswer) };
  }
}

/** Reads a text with embedded answers. Throws ClozeSyntaxError (with `offset`) on a bad gap. */
export function parseClozeText(source: string): { text: string; gaps: ClozeGap[] } {
  const gaps: ClozeGap[] = [];
  let text = '';
  let cursor = 0;
  for (let index = source.indexOf('{'); index !== -1; index = source.indexOf('{', index + 1)) {
    if (index < cursor) continue;
    gapStart.lastIndex = index;
    const start = gapStart.exec(source);
    if (start === null) continue;
    const close = indexOfUnescaped(source, '}', index + start[0].length);
    if (close === -1) throw new ClozeSyntaxError(`The embedded answer starting with ${start[0]} is not closed by }.`);
    gaps.push(buildGap(start[1] ?? '', start[2] ?? '', source.slice(index + start[0].length, close)));
    text += `${source.slice(cursor, index)}{#${gaps.length}}`;
    cursor = close + 1;
    index = close;
  }
  text += source.slice(cursor);
  if (gaps.length === 0) throw new ClozeSyntaxError('A cloze question needs at least one embedded answer such as {1:SHORTANSWER:=answer}.');
  return { text, gaps };
}

function typeName(gap: ClozeGap): string {
  switch (gap.kind) {
    case 'single_choice': {
      const base = { dropdown: 'MULTICHOICE', vertical: 'MULTICHOICE_V', horizontal: 'MULTICHOICE_H' }[gap.display];
      return gap.shuffleAnswers ? (gap.display === 'dropdown' ? `${base}_S` : `${base}S`) : base;
    }
    case 'multiple_choice': {
      const base = gap.display === 'vertical' ? 'MULTIRESPONSE' : 'MULTIRESPONSE_H';
      return gap.shuffleAnswers ? (gap.display === 'vertical' ? `${base}_S` : `${base}S`) : base;
    }
    case 'short_answer':
      return gap.caseSensitive ? 'SHORTANSWER_C' : 'SHORTANSWER';
    case 'numerical':
      return 'NUMERICAL';
  }
}

function weightPrefix(weight: number): string {
  if (weight === 100) return '=';
  if (weight === 0) return '';
  return `%${weight}%`;
}

function answerText(answer: { weight: number; text: string; feedback: string }): string {
  const feedback = answer.feedback === '' ? '' : `#${escapeCloze(answer.feedback)}`;
  return `${weightPrefix(answer.weight)}${escapeCloze(answer.text)}${feedback}`;
}

function numericalText(answer: NumericalAnswer): string {
  const feedback = answer.feedback === '' ? '' : `#${escapeCloze(answer.feedback)}`;
  switch (answer.kind) {
    case 'any':
      return `${weightPrefix(answer.weight)}*${feedback}`;
    case 'exact':
      return `${weightPrefix(answer.weight)}${answer.value}:${answer.tolerance}${feedback}`;
    case 'range': {
      // Moodle has no range: a range is its midpoint ± half its width, as Moodle's own GIFT import does.
      const middle = (answer.min + answer.max) / 2;
      return `${weightPrefix(answer.weight)}${middle}:${answer.max - middle}${feedback}`;
    }
  }
}

export function gapToClozeSyntax(gap: ClozeGap): string {
  const answers =
    gap.kind === 'numerical'
      ? gap.answers.map(numericalText)
      : gap.kind === 'short_answer'
        ? gap.answers.map(answerText)
        : gap.choices.map(answerText);
  return `{${gap.mark}:${typeName(gap)}:${answers.join('~')}}`;
}

/** Writes our cloze model back to Moodle's embedded syntax. */
export function toClozeText(text: string, gaps: ClozeGap[]): string {
  return text.replace(/\{#(\d+)\}/g, (placeholder, number: string) => {
    const gap = gaps[Number(number) - 1];
    return gap ? gapToClozeSyntax(gap) : placeholder;
  });
}
