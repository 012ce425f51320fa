/**
 * One entry point for question files, whatever their format: the import preview calls
 * `parseQuestionFile`, the bank export calls `exportQuestions`.
 */
import { parseGift, toGift } from './gift.js';
import { parseMoodleXml, toMoodleXml } from './moodle-xml.js';
import type { Question, QuestionParseResult } from './types.js';

export type QuestionFileFormat = 'gift' | 'moodle_xml';

export const questionFileFormats = {
  gift: { extension: 'gift', mediaType: 'text/plain; charset=utf-8' },
  moodle_xml: { extension: 'xml', mediaType: 'application/xml; charset=utf-8' },
} as const satisfies Record<QuestionFileFormat, { extension: string; mediaType: string }>;

/** By extension first (`.gift`, `.txt`, `.xml`), then by content: XML starts with `<`. */
export function detectQuestionFileFormat(fileName: string, source: string): QuestionFileFormat {
  const extension = fileName.toLowerCase().split('.').pop() ?? '';
  if (extension === 'xml') return 'moodle_xml';
  if (extension === 'gift' || extension === 'txt') return 'gift';
  return source
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('<')
    ? 'moodle_xml'
    : 'gift';
}

export function parseQuestionFile(fileName: string, source: string): QuestionParseResult & { format: QuestionFileFormat } {
  const format = detectQuestionFileFormat(fileName, source);
  return { format, ...(format === 'gift' ? parseGift(source) : parseMoodleXml(source)) };
}

export function exportQuestions(format: QuestionFileFormat, questions: Question[]): string {
  return format === 'gift' ? toGift(questions) : toMoodleXml(questions);
}
