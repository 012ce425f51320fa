import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import {
  decodeText,
  detectDelimiter,
  matchColumns,
  normaliseHeader,
  parseSpreadsheetBoolean,
  parseSpreadsheetDate,
  parseSpreadsheetNumber,
  readCsv,
  readSpreadsheet,
  SpreadsheetReadError,
} from './read.js';

const bom = Buffer.from([0xef, 0xbb, 0xbf]);
const frenchText = 'Nom;Prénom;Ville\nLebœuf;Maëlys;Saragosse\n';

describe('decoding the bytes', () => {
  it('reads UTF-8 with and without BOM', () => {
    assert.deepEqual(decodeText(Buffer.concat([bom, Buffer.from(frenchText)])), { text: frenchText, encoding: 'utf-8' });
    assert.deepEqual(decodeText(Buffer.from(frenchText)), { text: frenchText, encoding: 'utf-8' });
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8 (œ is 0x9C there, not in Latin-1)', () => {
    const bytes = iconv.encode(frenchText, 'win1252');
    assert.equal(bytes.includes(0x9c), true);
    assert.deepEqual(decodeText(bytes), { text: frenchText, encoding: 'windows-1252' });
  });

  it('reads a UTF-8 BOM in front of Windows-1252 bytes', () => {
    assert.deepEqual(decodeText(Buffer.concat([bom, iconv.encode(frenchText, 'win1252')])), { text: frenchText, encoding: 'windows-1252' });
  });

  it('drops a BOM that went through a Windows-1252 round trip ("ï»¿")', () => {
    assert.equal(decodeText(Buffer.from(`ï»¿${frenchText}`)).text, frenchText);
    assert.equal(decodeText(iconv.encode(`ï»¿${frenchText}`, 'win1252')).text, frenchText);
  });

  it('reads UTF-16 with its BOM (Excel "Unicode text")', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(frenchText, 'utf16le')]);
    assert.deepEqual(decodeText(bytes), { text: frenchText, encoding: 'utf-16le' });
  });
});

describe('splitting CSV', () => {
  it('detects the separator from the header line, ignoring quoted ones', () => {
    assert.equal(detectDelimiter('Nom;Prénom;Ville\n1,5;2,5;3'), ';');
    assert.equal(detectDelimiter('"Name; full",City,Country\na;b;c;d'), ',');
    assert.equal(detectDelimiter('Name\tCity\n'), '\t');
    assert.equal(detectDelimiter('Nom\n'), ';');
  });

  it('keeps quoted separators, quotes and line breaks inside a cell, and numbers rows as Excel does', () => {
    const table = readCsv(
      Buffer.from(
        'Nom;Entreprise;Note\r\nDupré;"Transportes Levante S.L.\r\nCalle de Colón 12; Valencia";"dit ""bien"""\r\n;;\r\n\r\nHuet;Hansen;\r\n',
      ),
    );
    assert.deepEqual(table.headers, ['Nom', 'Entreprise', 'Note']);
    assert.deepEqual(table.rows, [
      { line: 2, values: ['Dupré', 'Transportes Levante S.L.\r\nCalle de Colón 12; Valencia', 'dit "bien"'] },
      { line: 5, values: ['Huet', 'Hansen', ''] },
    ]);
    assert.equal(table.delimiter, ';');
  });

  it('pads short rows, cuts empty trailing header columns and trims cells', () => {
    const table = readCsv('Name, City ,,\n Ana ,\nBo,Porto,x,y\n');
    assert.deepEqual(table.headers, ['Name', 'City']);
    assert.deepEqual(
      table.rows.map((row) => row.values),
      [
        ['Ana', ''],
        ['Bo', 'Porto'],
      ],
    );
  });

  it('refuses an unclosed quotation mark, an empty file and too many rows with a message in both languages', () => {
    assert.throws(
      () => readCsv('Nom;Ville\n"Dupré;Porto\n'),
      (error: unknown) => error instanceof SpreadsheetReadError && error.code === 'unreadable' && /guillemet/.test(error.userMessage.fr),
    );
    assert.throws(
      () => readCsv(Buffer.from('Nom;Ville\n;;\n')),
      (error: unknown) => error instanceof SpreadsheetReadError && error.code === 'empty',
    );
    assert.throws(
      () => readCsv('Nom\na\nb\nc\n', { maximumRows: 2 }),
      (error: unknown) => error instanceof SpreadsheetReadError && error.code === 'too_many_rows' && /3/.test(error.userMessage.en),
    );
  });
});

describe('reading XLSX', () => {
  it('reads a workbook made with exceljs: dates, numbers, rich text, formulas and links', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Apprenants');
    sheet.addRow(['Nom', 'Prénom', 'Date de naissance', 'Niveau EQF', 'Courriel', 'Durée']);
    sheet.addRow([
      { richText: [{ text: 'Le ' }, { text: 'Goff', font: { bold: true } }] },
      'Maïwenn',
      new Date(Date.UTC(2008, 1, 29)),
      4,
      { text: 'maiwenn@example.fr', hyperlink: 'mailto:maiwenn@example.fr' },
      { formula: '1+27', result: 28 },
    ]);
    sheet.addRow([]);
    sheet.addRow(['Huet', 'Rémi', '03/03/2007', 3.5, null, true]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const table = await readSpreadsheet(bytes);
    assert.equal(table.format, 'xlsx');
    assert.deepEqual(table.headers, ['Nom', 'Prénom', 'Date de naissance', 'Niveau EQF', 'Courriel', 'Durée']);
    assert.deepEqual(table.rows, [
      { line: 2, values: ['Le Goff', 'Maïwenn', '2008-02-29', '4', 'maiwenn@example.fr', '28'] },
      { line: 4, values: ['Huet', 'Rémi', '03/03/2007', '3.5', '', 'true'] },
    ]);
  });

  it('refuses a broken workbook', async () => {
    const bytes = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]);
    await assert.rejects(readSpreadsheet(bytes), (error: unknown) => error instanceof SpreadsheetReadError && error.code === 'unreadable');
  });
});

describe('headers', () => {
  it('match whatever the case, accents, spaces, punctuation and little words', () => {
    for (const header of ['Date de naissance', 'date_naissance', ' DATE  DE NAISSANCE ', 'Date-de-naissance', 'date naissance']) {
      assert.equal(normaliseHeader(header), 'date_naissance', header);
    }
    assert.equal(normaliseHeader('Entreprise d’accueil'), normaliseHeader("Entreprise d'accueil"));
    assert.equal(normaliseHeader('Pays d’accueil'), 'pays_accueil');
  });

  it('find each field’s column and report the others', () => {
    const match = matchColumns(['N°', 'NOM', 'Prénom', 'Nom'], { familyName: ['Nom'], givenName: ['Prenom', 'First name'] });
    assert.deepEqual(match.columnByField, { familyName: 1, givenName: 2 });
    assert.deepEqual(match.ignoredHeaders, ['N°', 'Nom']);
  });
});

describe('cell values', () => {
  it('read day-first and ISO dates, and refuse impossible ones and two-digit years', () => {
    assert.equal(parseSpreadsheetDate('03/03/2025'), '2025-03-03');
    assert.equal(parseSpreadsheetDate('3/3/2025'), '2025-03-03');
    assert.equal(parseSpreadsheetDate('31-12-2025'), '2025-12-31');
    assert.equal(parseSpreadsheetDate('29.02.2024'), '2024-02-29');
    assert.equal(parseSpreadsheetDate('2025-03-03'), '2025-03-03');
    assert.equal(parseSpreadsheetDate('2025-03-03T00:00:00.000Z'), '2025-03-03');
    assert.equal(parseSpreadsheetDate('2025-03-03 00:00:00'), '2025-03-03');
    assert.equal(parseSpreadsheetDate('29/02/2025'), null);
    assert.equal(parseSpreadsheetDate('13/13/2025'), null);
    assert.equal(parseSpreadsheetDate('03/03/25'), null);
    assert.equal(parseSpreadsheetDate('mars 2025'), null);
    assert.equal(parseSpreadsheetDate(''), null);
  });

  it('read decimal commas and points, with spaces as thousands separators', () => {
    assert.equal(parseSpreadsheetNumber('2,5'), 2.5);
    assert.equal(parseSpreadsheetNumber('1 234,50'), 1234.5);
    assert.equal(parseSpreadsheetNumber('1\u202f234,50'), 1234.5);
    assert.equal(parseSpreadsheetNumber('1\u00a0234'), 1234);
    assert.equal(parseSpreadsheetNumber('1.234,5'), 1234.5);
    assert.equal(parseSpreadsheetNumber('1,234.5'), 1234.5);
    assert.equal(parseSpreadsheetNumber('-0,75'), -0.75);
    assert.equal(parseSpreadsheetNumber('4'), 4);
    assert.equal(parseSpreadsheetNumber('1,2,3'), null);
    assert.equal(parseSpreadsheetNumber('quatre'), null);
    assert.equal(parseSpreadsheetNumber(' '), null);
  });

  it('read yes/no answers', () => {
    assert.equal(parseSpreadsheetBoolean('Oui'), true);
    assert.equal(parseSpreadsheetBoolean('x'), true);
    assert.equal(parseSpreadsheetBoolean('NON'), false);
    assert.equal(parseSpreadsheetBoolean(''), null);
    assert.equal(parseSpreadsheetBoolean('peut-être'), undefined);
  });
});
