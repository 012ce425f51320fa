/**
 * Moodle XML import and export (https://docs.moodle.org/en/Moodle_XML_format).
 *
 * Types: multichoice (single and multiple), truefalse, shortanswer, numerical, matching, essay,
 * cloze (multianswer, embedded syntax read by cloze.ts), ordering (qtype_ordering), description,
 * and `category` pseudo-questions. Parsing uses fast-xml-parser; errors carry the line of the
 * `<question>` element they belong to.
 *
 * What Moodle XML cannot say exactly:
 * - a numerical RANGE is written as its midpoint with a tolerance of half its width (as Moodle's
 *   own GIFT import stores it), so it comes back as an `exact` answer that grades the same;
 * - a GIFT "missing word" question is written with `_____` where the answers were, and a
 *   choice/short-answer/numerical text with exactly one `_____` is read back as missing word.
 */
import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ClozeSyntaxError, parseClozeText, toClozeText } from './cloze.js';
import type { Choice, NumericalAnswer, Question, QuestionParseError, QuestionParseResult, ShortAnswer, TextFormat } from './types.js';

const missingWordMark = '_____';

const formatFromMoodle: Record<string, TextFormat> = {
  html: 'html',
  moodle_auto_format: 'moodle',
  plain_text: 'plain',
  markdown: 'markdown',
};
const formatToMoodle: Record<TextFormat, string> = {
  html: 'html',
  moodle: 'moodle_auto_format',
  plain: 'plain_text',
  markdown: 'markdown',
};

const arrayElements = new Set(['question', 'answer', 'subquestion', 'tag']);

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  captureMetaData: true,
  isArray: (name) => arrayElements.has(name),
});
const metadataKey = XMLParser.getMetaDataSymbol() as unknown as string;

/** Loose view of what fast-xml-parser returns for an element. */
type XmlNode = { [key: string]: unknown };

class QuestionXmlError extends Error {}

function asNode(value: unknown): XmlNode | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as XmlNode) : undefined;
}

function nodes(value: unknown): XmlNode[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown): XmlNode[] => {
    const node = asNode(item);
    return node ? [node] : [];
  });
}

/** Text of `<element><text>…</text></element>` or of `<element>…</element>`. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  const node = asNode(value);
  if (!node) return '';
  if ('text' in node) return textOf(node.text).trim();
  return typeof node['#text'] === 'string' ? node['#text'].trim() : '';
}

function formatOf(value: unknown): TextFormat {
  const format = asNode(value)?.['@_format'];
  return typeof format === 'string' ? (formatFromMoodle[format] ?? 'html') : 'html';
}

function booleanOf(value: unknown, fallback: boolean): boolean {
  const text = textOf(value).toLowerCase();
  if (text === '') return fallback;
  return text === 'true' || text === '1';
}

function numberOf(value: unknown, what: string): number {
  const text = textOf(value).replace(',', '.');
  const number = Number(text);
  if (text === '' || !Number.isFinite(number)) throw new QuestionXmlError(`${what} "${text}" is not a number.`);
  return number;
}

function fractionOf(answer: XmlNode): number {
  const raw = answer['@_fraction'];
  const number = Number(typeof raw === 'string' ? raw : '0');
  if (!Number.isFinite(number) || number < -100 || number > 100)
    throw new QuestionXmlError(`Answer fraction "${String(raw)}" is outside -100..100.`);
  return number;
}

function lineAt(source: string, index: number | undefined): number {
  if (index === undefined) return 1;
  let line = 1;
  for (let position = 0; position < index && position < source.length; position += 1) {
    if (source.charCodeAt(position) === 10) line += 1;
  }
  return line;
}

function derivedId(text: string): string {
  return `q-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
}

function splitMissingWord(text: string): { text: string; textAfter: string } {
  const parts = text.split(missingWordMark);
  if (parts.length !== 2) return { text, textAfter: '' };
  return { text: parts[0] ?? '', textAfter: parts[1] ?? '' };
}

function choicesOf(question: XmlNode): Choice[] {
  return nodes(question.answer).map((answer) => ({
    text: textOf(answer),
    weight: fractionOf(answer),
    feedback: textOf(answer.feedback),
  }));
}

function numericalAnswersOf(question: XmlNode): NumericalAnswer[] {
  return nodes(question.answer).map((answer): NumericalAnswer => {
    const weight = fractionOf(answer);
    if (weight < 0) throw new QuestionXmlError('Numerical answers cannot have negative fractions.');
    const feedback = textOf(answer.feedback);
    const text = textOf(answer);
    if (text === '*') return { kind: 'any', weight, feedback };
    const tolerance = textOf(answer.tolerance) === '' ? 0 : numberOf(answer.tolerance, 'Tolerance');
    if (tolerance < 0) throw new QuestionXmlError('A tolerance cannot be negative.');
    return { kind: 'exact', value: numberOf(text, 'Numerical answer'), tolerance, weight, feedback };
  });
}

function requireFullMarks(weights: number[], what: string): void {
  if (!weights.some((weight) => weight === 100)) throw new QuestionXmlError(`${what} needs one answer worth 100%.`);
}

function buildQuestion(question: XmlNode, type: string, category: string): Question {
  const rawText = textOf(question.questiontext);
  const name = textOf(question.name);
  const base = {
    id: name !== '' ? name : derivedId(rawText),
    category,
    tags: nodes(asNode(question.tags)?.tag)
      .map((tag) => textOf(tag))
      .filter((tag) => tag !== ''),
    text: rawText,
    textAfter: '',
    format: formatOf(question.questiontext),
    generalFeedback: textOf(question.generalfeedback),
    defaultMark: textOf(question.defaultgrade) === '' ? 1 : numberOf(question.defaultgrade, 'Default grade'),
  };
  if (rawText === '' && type !== 'description') throw new QuestionXmlError('The question text is empty.');
  switch (type) {
    case 'multichoice': {
      const choices = choicesOf(question);
      if (choices.length < 2) throw new QuestionXmlError('A multichoice question needs at least two answers.');
      if (choices.some((choice) => choice.text === '')) throw new QuestionXmlError('An answer is empty.');
      const shuffleAnswers = booleanOf(question.shuffleanswers, true);
      const isSingle = booleanOf(question.single, true);
      if (isSingle) {
        requireFullMarks(
          choices.map((choice) => choice.weight),
          'A single-choice question',
        );
        return { ...base, ...splitMissingWord(rawText), type: 'single_choice', choices, shuffleAnswers };
      }
      const positiveSum = choices.reduce((sum, choice) => sum + Math.max(choice.weight, 0), 0);
      if (Math.abs(positiveSum - 100) > 0.01) {
        throw new QuestionXmlError(
          `The positive fractions of a multiple-answer question must add up to 100 (they add up to ${positiveSum}).`,
        );
      }
      return { ...base, ...splitMissingWord(rawText), type: 'multiple_choice', choices, shuffleAnswers };
    }
    case 'truefalse': {
      const answers = nodes(question.answer);
      const trueAnswer = answers.find((answer) => textOf(answer).toLowerCase() === 'true');
      const falseAnswer = answers.find((answer) => textOf(answer).toLowerCase() === 'false');
      if (!trueAnswer || !falseAnswer) throw new QuestionXmlError('A truefalse question needs a "true" and a "false" answer.');
      return {
        ...base,
        ...splitMissingWord(rawText),
        type: 'true_false',
        correctAnswer: fractionOf(trueAnswer) === 100,
        feedbackTrue: textOf(trueAnswer.feedback),
        feedbackFalse: textOf(falseAnswer.feedback),
      };
    }
    case 'shortanswer': {
      const answers: ShortAnswer[] = choicesOf(question);
      if (answers.some((answer) => answer.weight < 0)) throw new QuestionXmlError('Short answers cannot have negative fractions.');
      if (answers.some((answer) => answer.text === '')) throw new QuestionXmlError('An answer is empty.');
      requireFullMarks(
        answers.map((answer) => answer.weight),
        'A shortanswer question',
      );
      return { ...base, ...splitMissingWord(rawText), type: 'short_answer', answers, caseSensitive: booleanOf(question.usecase, false) };
    }
    case 'numerical': {
      const answers = numericalAnswersOf(question);
      requireFullMarks(
        answers.map((answer) => answer.weight),
        'A numerical question',
      );
      return { ...base, ...splitMissingWord(rawText), type: 'numerical', answers };
    }
    case 'matching': {
      const pairs = nodes(question.subquestion).map((subquestion) => ({
        stem: textOf(subquestion),
        answer: textOf(nodes(subquestion.answer)[0]),
      }));
      if (pairs.some((pair) => pair.answer === '')) throw new QuestionXmlError('A matching pair has no answer.');
      if (pairs.filter((pair) => pair.stem !== '').length < 2) throw new QuestionXmlError('A matching question needs at least two pairs.');
      return { ...base, type: 'matching', pairs, shuffleAnswers: booleanOf(question.shuffleanswers, true) };
    }
    case 'ordering': {
      // qtype_ordering stores each item's correct position in its `fraction`.
      const items = nodes(question.answer)
        .map((answer, index) => ({ text: textOf(answer), position: Number(answer['@_fraction'] ?? index) }))
        .sort((first, second) => first.position - second.position)
        .map((item) => item.text);
      if (items.length < 2) throw new QuestionXmlError('An ordering question needs at least two items.');
      return { ...base, type: 'ordering', items };
    }
    case 'cloze':
    case 'multianswer': {
      try {
        return { ...base, type: 'cloze', ...parseClozeText(rawText) };
      } catch (error) {
        if (error instanceof ClozeSyntaxError) throw new QuestionXmlError(error.message);
        throw error;
      }
    }
    case 'essay':
      return {
        ...base,
        type: 'essay',
        responseTemplate: textOf(question.responsetemplate),
        graderInfo: textOf(question.graderinfo),
      };
    case 'description':
      return { ...base, defaultMark: 0, type: 'description' };
    default:
      throw new QuestionXmlError(`Question type "${type}" is not supported.`);
  }
}

export function parseMoodleXml(source: string): QuestionParseResult {
  const validation = XMLValidator.validate(source);
  if (validation !== true) {
    return {
      questions: [],
      errors: [{ line: validation.err.line, column: validation.err.col, message: `XML error: ${validation.err.msg}` }],
    };
  }
  const document = asNode(xmlParser.parse(source));
  const quiz = asNode(document?.quiz);
  if (!quiz) return { questions: [], errors: [{ line: 1, message: 'The file is not Moodle XML: there is no <quiz> element.' }] };

  const questions: Question[] = [];
  const errors: QuestionParseError[] = [];
  const firstLineOfId = new Map<string, number>();
  let category = '';
  for (const element of nodes(quiz.question)) {
    const metadata = element[metadataKey] as { startIndex?: number } | undefined;
    const line = lineAt(source, metadata?.startIndex);
    const type = typeof element['@_type'] === 'string' ? element['@_type'] : '';
    try {
      if (type === 'category') {
        category = textOf(element.category);
        continue;
      }
      const question = buildQuestion(element, type, category);
      const previous = firstLineOfId.get(question.id);
      if (previous !== undefined) throw new QuestionXmlError(`Question name "${question.id}" is already used on line ${previous}.`);
      firstLineOfId.set(question.id, line);
      questions.push(question);
    } catch (error) {
      if (!(error instanceof QuestionXmlError)) throw error;
      errors.push({ line, message: error.message });
    }
  }
  return { questions, errors };
}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function textElement(name: string, text: string, format?: TextFormat): string {
  const attribute = format === undefined ? '' : ` format="${formatToMoodle[format]}"`;
  return `<${name}${attribute}><text>${escapeXml(text)}</text></${name}>`;
}

function answerElement(fraction: number, text: string, feedback: string, format: TextFormat, extra = ''): string {
  return `    <answer fraction="${fraction}" format="${formatToMoodle[format]}"><text>${escapeXml(text)}</text>${textElement('feedback', feedback, format)}${extra}</answer>`;
}

function numericalAnswerElement(answer: NumericalAnswer, format: TextFormat): string {
  switch (answer.kind) {
    case 'any':
      return answerElement(answer.weight, '*', answer.feedback, format, '<tolerance>0</tolerance>');
    case 'exact':
      return answerElement(answer.weight, String(answer.value), answer.feedback, format, `<tolerance>${answer.tolerance}</tolerance>`);
    case 'range': {
      const middle = (answer.min + answer.max) / 2;
      return answerElement(answer.weight, String(middle), answer.feedback, format, `<tolerance>${answer.max - middle}</tolerance>`);
    }
  }
}

function moodleType(question: Question): string {
  switch (question.type) {
    case 'single_choice':
    case 'multiple_choice':
      return 'multichoice';
    case 'true_false':
      return 'truefalse';
    case 'short_answer':
      return 'shortanswer';
    case 'numerical':
      return 'numerical';
    case 'matching':
      return 'matching';
    case 'ordering':
      return 'ordering';
    case 'cloze':
      return 'cloze';
    case 'essay':
      return 'essay';
    case 'description':
      return 'description';
  }
}

function questionText(question: Question): string {
  if (question.type === 'cloze') return toClozeText(question.text, question.gaps);
  return question.textAfter === '' ? question.text : `${question.text}${missingWordMark}${question.textAfter}`;
}

function typeSpecificElements(question: Question): string[] {
  const format = question.format;
  switch (question.type) {
    case 'single_choice':
    case 'multiple_choice':
      return [
        `    <single>${question.type === 'single_choice'}</single>`,
        `    <shuffleanswers>${question.shuffleAnswers}</shuffleanswers>`,
        '    <answernumbering>abc</answernumbering>',
        ...question.choices.map((choice) => answerElement(choice.weight, choice.text, choice.feedback, format)),
      ];
    case 'true_false':
      return [
        answerElement(question.correctAnswer ? 100 : 0, 'true', question.feedbackTrue, format),
        answerElement(question.correctAnswer ? 0 : 100, 'false', question.feedbackFalse, format),
      ];
    case 'short_answer':
      return [
        `    <usecase>${question.caseSensitive ? 1 : 0}</usecase>`,
        ...question.answers.map((answer) => answerElement(answer.weight, answer.text, answer.feedback, format)),
      ];
    case 'numerical':
      return question.answers.map((answer) => numericalAnswerElement(answer, format));
    case 'matching':
      return [
        `    <shuffleanswers>${question.shuffleAnswers}</shuffleanswers>`,
        ...question.pairs.map(
          (pair) =>
            `    <subquestion format="${formatToMoodle[format]}"><text>${escapeXml(pair.stem)}</text><answer><text>${escapeXml(pair.answer)}</text></answer></subquestion>`,
        ),
      ];
    case 'ordering':
      return [
        '    <layouttype>VERTICAL</layouttype>',
        '    <selecttype>ALL</selecttype>',
        '    <selectcount>0</selectcount>',
        '    <gradingtype>ABSOLUTE_POSITION</gradingtype>',
        ...question.items.map(
          (item, index) =>
            `    <answer fraction="${index + 1}" format="${formatToMoodle[format]}"><text>${escapeXml(item)}</text></answer>`,
        ),
      ];
    case 'essay':
      return [
        '    <responseformat>editor</responseformat>',
        '    <responserequired>1</responserequired>',
        '    <responsefieldlines>15</responsefieldlines>',
        '    <attachments>0</attachments>',
        `    ${textElement('graderinfo', question.graderInfo, format)}`,
        `    ${textElement('responsetemplate', question.responseTemplate, format)}`,
      ];
    case 'cloze':
    case 'description':
      return [];
  }
}

function questionElement(question: Question): string {
  const tags =
    question.tags.length === 0
      ? []
      : [`    <tags>${question.tags.map((tag) => `<tag><text>${escapeXml(tag)}</text></tag>`).join('')}</tags>`];
  return [
    `  <question type="${moodleType(question)}">`,
    `    ${textElement('name', question.id)}`,
    `    ${textElement('questiontext', questionText(question), question.format)}`,
    `    ${textElement('generalfeedback', question.generalFeedback, question.format)}`,
    `    <defaultgrade>${question.defaultMark}</defaultgrade>`,
    ...typeSpecificElements(question),
    ...tags,
    '  </question>',
  ].join('\n');
}

export function toMoodleXml(questions: Question[]): string {
  const parts: string[] = [];
  let category: string | null = null;
  for (const question of questions) {
    if (question.category !== category) {
      parts.push(`  <question type="category">\n    ${textElement('category', question.category)}\n  </question>`);
      category = question.category;
    }
    parts.push(questionElement(question));
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n${parts.join('\n')}\n</quiz>\n`;
}
