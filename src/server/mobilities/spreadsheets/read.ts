/**
 * Reads the spreadsheets coaches already keep into plain rows of text. French Excel writes CSV with `;`,
 * in Windows-1252 ("CSV (séparateur : point-virgule)") or UTF-8 with a BOM ("CSV UTF-8"); other tools
 * write `,`; some write a UTF-8 BOM in front of Windows-1252 bytes. XLSX goes through exceljs (the `xlsx`
 * package on npm is unmaintained and has published advisories). Pure: bytes in, rows out.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { CsvError, parse } from 'csv-parse/sync';
import { isoDateFromParts } from '../rules/dates.js';
import type { LocalisedText } from '../rules/types.js';

export interface SpreadsheetRow {
  /** Row number as the spreadsheet shows it (the header is row 1), so a coach finds the row in Excel. */
  line: number;
  /** Cell texts, trimmed, in header order ('' for an empty cell). */
  values: string[];
}

export interface SpreadsheetTable {
  format: 'csv' | 'xlsx';
  /** CSV only: how the bytes were decoded and split. */
  encoding: TextEncoding | null;
  delimiter: CsvDelimiter | null;
  headers: string[];
  rows: SpreadsheetRow[];
}

export type TextEncoding = 'utf-8' | 'windows-1252' | 'utf-16le';
export type CsvDelimiter = ';' | ',' | '\t';

export type SpreadsheetReadErrorCode = 'empty' | 'unreadable' | 'too_many_rows';

/** A file we cannot turn into rows at all (as opposed to a row with a bad value). */
export class SpreadsheetReadError extends Error {
  constructor(
    readonly code: SpreadsheetReadErrorCode,
    readonly userMessage: LocalisedText,
    readonly line: number | null = null,
  ) {
    super(`${code}: ${userMessage.en}`);
    this.name = 'SpreadsheetReadError';
  }
}

export interface ReadOptions {
  /** Refuse files with more data rows than this (the route also limits the upload size). */
  maximumRows?: number;
}

const defaultMaximumRows = 50_000;

/** Reads CSV or XLSX, telling them apart by content (an XLSX file is a ZIP archive), not by file name. */
export async function readSpreadsheet(bytes: Uint8Array, options: ReadOptions = {}): Promise<SpreadsheetTable> {
  return isZipArchive(bytes) ? readXlsx(bytes, options) : readCsv(bytes, options);
}

function isZipArchive(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

// ---------------------------------------------------------------- text decoding

const utf8Bom = [0xef, 0xbb, 0xbf] as const;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function startsWithBytes(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

/**
 * Decodes a text file whatever its encoding: UTF-16 (with its BOM), UTF-8 with or without BOM, or
 * Windows-1252 when the bytes are not valid UTF-8. A BOM does not prove UTF-8: some tools put one in
 * front of Windows-1252 bytes, so validity decides. A BOM that went through a Windows-1252 round trip
 * ("ï»¿") is dropped too.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  const body = startsWithBytes(bytes, utf8Bom) ? bytes.subarray(3) : bytes;
  let text: string;
  let encoding: TextEncoding;
  try {
    text = strictUtf8.decode(body);
    encoding = 'utf-8';
  } catch {
    text = iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'win1252');
    encoding = 'windows-1252';
  }
  return { text: text.replace(/^(?:\uFEFF|ï»¿)+/, ''), encoding };
}

// ---------------------------------------------------------------- CSV

/** The separator of the header line: the most frequent of `;`, `,` and tab outside quotes (`;` on a tie, as French Excel writes). */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts: Record<CsvDelimiter, number> = { ';': 0, ',': 0, '\t': 0 };
  let isQuoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index]!;
    if (character === '"') isQuoted = !isQuoted;
    else if (!isQuoted && (character === '\n' || character === '\r')) break;
    else if (!isQuoted && (character === ';' || character === ',' || character === '\t')) counts[character] += 1;
  }
  const ranked = (Object.entries(counts) as [CsvDelimiter, number][]).sort((left, right) => right[1] - left[1]);
  return ranked[0]![1] > counts[';'] ? ranked[0]![0] : ';';
}

export function readCsv(input: Uint8Array | string, options: ReadOptions = {}): SpreadsheetTable {
  const { text, encoding } =
    typeof input === 'string' ? { text: input.replace(/^\uFEFF/, ''), encoding: 'utf-8' as const } : decodeText(input);
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) {
      const line =
        typeof (error as CsvError & { lines?: unknown }).lines === 'number' ? (error as CsvError & { lines: number }).lines : null;
      throw new SpreadsheetReadError(
        'unreadable',
        {
          fr: `Fichier CSV illisible${line ? ` vers la ligne ${line}` : ''} : un guillemet n’est sans doute pas refermé.`,
          en: `Unreadable CSV file${line ? ` near line ${line}` : ''}: a quotation mark is probably not closed.`,
        },
        line,
      );
    }
    throw error;
  }
  return tableFromRecords(
    'csv',
    encoding,
    delimiter,
    records.map((values, index) => ({ line: index + 1, values })),
    options,
  );
}

// ---------------------------------------------------------------- XLSX

export async function readXlsx(bytes: Uint8Array, options: ReadOptions = {}): Promise<SpreadsheetTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    throw new SpreadsheetReadError('unreadable', {
      fr: 'Classeur XLSX illisible : enregistrez-le de nouveau depuis Excel ou LibreOffice.',
      en: 'Unreadable XLSX workbook: save it again from Excel or LibreOffice.',
    });
  }
  const worksheet = workbook.worksheets.find((sheet) => sheet.actualRowCount > 0) ?? workbook.worksheets[0];
  const records: { line: number; values: string[] }[] = [];
  worksheet?.eachRow({ includeEmpty: false }, (row) => {
    const values: string[] = [];
    // row.values is 1-based (index 0 is unused) and sparse.
    const cells = row.values as ExcelJS.CellValue[];
    for (let column = 1; column < cells.length; column += 1) values.push(cellText(cells[column]));
    records.push({ line: row.number, values });
  });
  return tableFromRecords('xlsx', null, null, records, options);
}

/** The text a cell stands for; dates become ISO dates (exceljs reads date cells as UTC midnight). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue);
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('error' in value) return '';
  return '';
}

// ---------------------------------------------------------------- rows

function tableFromRecords(
  format: SpreadsheetTable['format'],
  encoding: TextEncoding | null,
  delimiter: CsvDelimiter | null,
  records: { line: number; values: string[] }[],
  options: ReadOptions,
): SpreadsheetTable {
  const trimmed = records
    .map(({ line, values }) => ({ line, values: values.map((value) => value.trim()) }))
    .filter(({ values }) => values.some((value) => value !== ''));
  const [headerRecord, ...dataRecords] = trimmed;
  if (!headerRecord || dataRecords.length === 0) {
    throw new SpreadsheetReadError('empty', {
      fr: 'Le fichier ne contient pas de ligne d’en-tête suivie d’au moins une ligne de données.',
      en: 'The file has no header row followed by at least one data row.',
    });
  }
  const maximumRows = options.maximumRows ?? defaultMaximumRows;
  if (dataRecords.length > maximumRows) {
    throw new SpreadsheetReadError('too_many_rows', {
      fr: `Le fichier compte ${dataRecords.length} lignes ; au plus ${maximumRows} par import.`,
      en: `The file has ${dataRecords.length} rows; at most ${maximumRows} per import.`,
    });
  }
  // Trailing empty header cells (Excel keeps formatted columns) are not columns.
  let width = headerRecord.values.length;
  while (width > 0 && headerRecord.values[width - 1] === '') width -= 1;
  const headers = headerRecord.values.slice(0, width);
  const rows = dataRecords.map(({ line, values }) => ({
    line,
    values: headers.map((_, index) => values[index] ?? ''),
  }));
  return { format, encoding, delimiter, headers, rows };
}

// ---------------------------------------------------------------- headers

/** Little words people add or drop in column titles ("Date de naissance" = "date_naissance"). */
const headerStopWords = new Set(['a', 'au', 'aux', 'd', 'de', 'des', 'du', 'en', 'l', 'la', 'le', 'les', 'of', 'the']);

/** Header key tolerant to case, accents, punctuation, spaces and little words: "Date de naissance" → "date_naissance". */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '' && !headerStopWords.has(word))
    .join('_');
}

export interface ColumnMatch<Field extends string> {
  /** Column index of each field found in the headers. */
  columnByField: Partial<Record<Field, number>>;
  /** Headers that matched no field (shown in the preview as ignored). */
  ignoredHeaders: string[];
}

/**
 * Finds each field's column from a list of accepted titles (compared after `normaliseHeader`).
 * The first column wins when two columns mean the same field.
 */
export function matchColumns<Field extends string>(
  headers: readonly string[],
  titlesByField: Record<Field, readonly string[]>,
): ColumnMatch<Field> {
  const fieldByKey = new Map<string, Field>();
  for (const [field, titles] of Object.entries(titlesByField) as [Field, readonly string[]][]) {
    for (const title of titles) fieldByKey.set(normaliseHeader(title), field);
  }
  const columnByField: Partial<Record<Field, number>> = {};
  const ignoredHeaders: string[] = [];
  headers.forEach((header, index) => {
    const field = fieldByKey.get(normaliseHeader(header));
    if (field !== undefined && columnByField[field] === undefined) columnByField[field] = index;
    else ignoredHeaders.push(header);
  });
  return { columnByField, ignoredHeaders };
}

// ---------------------------------------------------------------- cell values

const dayFirstDatePattern = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const isoDatePattern = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/;

/**
 * An ISO date from `DD/MM/YYYY`, `DD-MM-YYYY`, `DD.MM.YYYY` (day first, as in France) or ISO
 * `YYYY-MM-DD` (optionally with a time, as some exports write). Two-digit years are refused: "07" could
 * be a birth year 2007 or 1907, and guessing wrong is worse than asking.
 */
export function parseSpreadsheetDate(value: string): string | null {
  const text = value.trim();
  const dayFirst = dayFirstDatePattern.exec(text);
  if (dayFirst) return isoDateFromParts(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1]));
  const iso = isoDatePattern.exec(text);
  if (iso) return isoDateFromParts(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  return null;
}

/**
 * A number written the French way ("2,5", "1 234,50" with spaces or non-breaking spaces) or the English
 * way ("2.5", "1,234.50"): when both separators appear, the last one is the decimal separator.
 */
export function parseSpreadsheetNumber(value: string): number | null {
  let text = value.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (text === '') return null;
  const lastComma = text.lastIndexOf(',');
  const lastPoint = text.lastIndexOf('.');
  if (lastComma !== -1 && lastPoint !== -1) {
    text = lastComma > lastPoint ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '');
  } else if (lastComma !== -1) {
    if (text.indexOf(',') !== lastComma) return null;
    text = text.replace(',', '.');
  }
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return null;
  return Number(text);
}

const trueWords = new Set(['oui', 'o', 'yes', 'y', 'x', 'vrai', 'true', '1', 'ja', 'si', 'sì']);
const falseWords = new Set(['non', 'n', 'no', 'faux', 'false', '0', 'nein', 'nee']);

/** Yes/no cells as people type them; blank is `null` (not stated), anything else `undefined` (not understood). */
export function parseSpreadsheetBoolean(value: string): boolean | null | undefined {
  const word = value.trim().toLowerCase();
  if (word === '') return null;
  if (trueWords.has(word)) return true;
  if (falseWords.has(word)) return false;
  return undefined;
}
