import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { validateMobility } from '../rules/pre-validation.js';
import { countryCode, mapLearnerImportRows, mobilityForValidationFromImport } from './learner-import.js';
import { readCsv, readSpreadsheet } from './read.js';

// Fictional learners; the files are written as French Excel and a script would write them.
const frenchExcelFile = readFileSync(new URL('./fixtures/learners-fr-excel-cp1252.csv', import.meta.url));
const utf8CommaFile = readFileSync(new URL('./fixtures/learners-utf8-comma.csv', import.meta.url));

describe('a French-Excel CSV of 40 learners (Windows-1252 behind a UTF-8 BOM, semicolons)', () => {
  const table = readCsv(frenchExcelFile);
  const result = mapLearnerImportRows(table);

  it('is decoded as Windows-1252 and split on semicolons', () => {
    assert.equal(frenchExcelFile[0], 0xef);
    assert.equal(table.encoding, 'windows-1252');
    assert.equal(table.delimiter, ';');
    assert.equal(table.rows.length, 40);
    assert.equal(table.headers[2], 'Prénom');
  });

  it('names the two bad rows and their fields, and maps the 38 others', () => {
    assert.deepEqual(
      result.errors.map((error) => [error.line, error.field, error.column]),
      [
        [14, 'birthDate', 'Date de naissance'],
        [27, 'email', 'Courriel'],
        [27, 'startDate', 'Date de début'],
      ],
    );
    assert.match(result.errors[0]!.message.fr, /Date invalide/);
    assert.match(result.errors[0]!.message.en, /Invalid date/);
    assert.equal(result.records.length, 38);
    assert.equal(result.rowCount, 40);
  });

  it('reports the columns it ignores', () => {
    assert.deepEqual(result.ignoredHeaders, ['N°', 'Bourse estimée (€)', 'Remarques']);
  });

  it('keeps accents, œ and multi-line cells, and reads dates with / or -', () => {
    const lebœuf = result.records.find((record) => record.learner.familyName === 'Lebœuf');
    assert.ok(lebœuf, 'Lebœuf is read with its œ');
    const onTwoLines = result.records.find((record) => record.mobility.hostOrganisationName?.includes('Calle de Colón'));
    assert.equal(onTwoLines?.mobility.hostOrganisationName, 'Transportes Levante S.L. Calle de Colón 12; 46004 Valencia');
    const first = result.records[0]!;
    assert.deepEqual(first.learner, {
      givenName: 'Léa',
      familyName: 'Martin',
      email: 'lea.martin@eleve.lycee-exemple.fr',
      birthDate: first.learner.birthDate,
      phone: first.learner.phone,
      isMinorAtDeparture: true,
    });
    assert.match(first.learner.birthDate, /^2009-\d\d-\d\d$/);
    assert.deepEqual(first.guardian, { name: 'Mme Martin', email: 'parent.lea.martin@exemple.fr', phone: first.guardian!.phone });
    assert.equal(first.mobility.hostCountryCode, 'PL');
    assert.equal(first.mobility.hostCity, 'Legnica');
    assert.equal(first.mobility.eqfLevel, 4);
    assert.equal(first.mobility.activityType, 'erasmus_pro');
    const second = result.records[1]!;
    assert.equal(second.line, 3);
    assert.match(second.mobility.startDate, /^2026-\d\d-\d\d$/);
    assert.equal(second.mobility.activityType, 'vet_short_term');
  });

  it('flags minors at departure and keeps their guardians', () => {
    const minors = result.records.filter((record) => record.learner.isMinorAtDeparture);
    assert.ok(minors.length >= 10);
    assert.ok(minors.every((record) => record.guardian?.email?.startsWith('parent.')));
    assert.ok(result.records.filter((record) => !record.learner.isMinorAtDeparture).every((record) => record.guardian === null));
  });

  it('reads green travel and the means of transport', () => {
    for (const record of result.records) {
      assert.equal(record.mobility.isGreenTravel, record.mobility.mainTransport !== 'plane', record.learner.familyName);
    }
  });

  it('gives the same records whether the file is Windows-1252 without BOM or UTF-8 with BOM', () => {
    const text = iconv.decode(frenchExcelFile.subarray(3), 'win1252');
    for (const bytes of [iconv.encode(text, 'win1252'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])]) {
      assert.deepEqual(mapLearnerImportRows(readCsv(bytes)), result);
    }
  });

  it('gives stable matching keys, so importing the file again updates instead of duplicating', () => {
    const again = mapLearnerImportRows(readCsv(frenchExcelFile));
    assert.deepEqual(
      again.records.map((record) => record.matchingKey),
      result.records.map((record) => record.matchingKey),
    );
    assert.equal(new Set(result.records.map((record) => record.matchingKey)).size, 38);
    assert.equal(result.records[0]!.matchingKey, 'email:lea.martin@eleve.lycee-exemple.fr');
  });

  it('feeds the EU-rule pre-validation', () => {
    const legnica = { name: 'Legnica', countryCode: 'PL', latitude: 51.21006, longitude: 16.1619 };
    const rouen = { name: 'Rouen', countryCode: 'FR', latitude: 49.44313, longitude: 1.09932 };
    const input = mobilityForValidationFromImport(result.records[0]!, {
      projectStartDate: '2025-09-01',
      projectEndDate: '2027-08-31',
      sendingCity: rouen,
      hostCity: legnica,
      iscedField: '1041',
    });
    assert.deepEqual(validateMobility(input), []);
    const outsideProject = validateMobility({ ...input, projectEndDate: '2026-01-31' });
    assert.deepEqual(
      outsideProject.map((finding) => finding.ruleId),
      ['dates.outside-project'],
    );
  });
});

describe('a UTF-8 CSV with commas and English headers', () => {
  const table = readCsv(utf8CommaFile);
  const result = mapLearnerImportRows(table);

  it('maps every row', () => {
    assert.equal(table.delimiter, ',');
    assert.equal(table.encoding, 'utf-8');
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.ignoredHeaders, ['Notes']);
  });

  it('reads ISO and day-first dates, country names and codes, and infers the activity type', () => {
    const [hanna, bjorn, zoe] = result.records;
    assert.equal(hanna!.mobility.hostCountryCode, 'DE');
    assert.equal(hanna!.mobility.activityType, 'vet_short_term');
    assert.deepEqual(
      [bjorn!.learner.birthDate, bjorn!.mobility.startDate, bjorn!.mobility.endDate],
      ['2004-09-14', '2026-06-01', '2026-09-30'],
    );
    assert.equal(bjorn!.mobility.hostCountryCode, 'PL');
    assert.equal(bjorn!.mobility.activityType, 'erasmus_pro');
    assert.equal(bjorn!.mobility.hostOrganisationName, 'Trans-Pol Logistyka, Legnica branch');
    assert.equal(zoe!.mobility.activityType, 'vet_short_term');
    assert.equal(zoe!.mobility.isGreenTravel, false);
    assert.equal(zoe!.mobility.mainTransport, 'plane');
  });

  it('matches a learner without email on family name, given name and birth date', () => {
    const bjorn = result.records[1]!;
    assert.equal(bjorn.learner.email, null);
    assert.equal(bjorn.matchingKey, 'person:astrom|bjorn|2004-09-14');
    assert.equal(result.records[0]!.nameAndBirthDateKey, 'person:kowalczyk|hanna|2005-04-12');
  });

  it('folds case, accents and ligatures in the name key', () => {
    const header = 'Nom;Prénom;Date de naissance;Début;Fin';
    const keys = ['LEBŒUF;Maëlys', 'Leboeuf;Maelys', 'Le Bœuf;MAËLYS'].map(
      (names) => mapLearnerImportRows(readCsv(`${header}\n${names};02/03/2008;01/04/2026;30/04/2026`)).records[0]!.matchingKey,
    );
    assert.deepEqual(keys, Array(3).fill('person:leboeuf|maelys|2008-03-02'));
  });
});

describe('an XLSX workbook', () => {
  it('maps rows with real date and number cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Mobilités 2026');
    sheet.addRow(['NOM', 'PRÉNOM', 'Né(e) le', 'E-mail', 'Niveau CEC', 'Pays', 'Ville', 'Début', 'Fin', 'Transport']);
    sheet.addRow([
      'Péron',
      'Gaëtan',
      new Date(Date.UTC(2008, 6, 14)),
      'Gaetan.Peron@Example.fr',
      4,
      'Italie',
      'Bologne',
      new Date(Date.UTC(2026, 3, 7)),
      new Date(Date.UTC(2026, 4, 8)),
      'Train',
    ]);
    sheet.addRow([
      'Caron',
      'Yanis',
      new Date(Date.UTC(2006, 0, 2)),
      '',
      7,
      'Atlantis',
      'Bari',
      new Date(Date.UTC(2026, 3, 7)),
      new Date(Date.UTC(2026, 3, 1)),
      'car',
    ]);
    const table = await readSpreadsheet(new Uint8Array(await workbook.xlsx.writeBuffer()));
    const result = mapLearnerImportRows(table);
    assert.equal(result.records.length, 1);
    const [peron] = result.records;
    assert.deepEqual(
      [
        peron!.learner.email,
        peron!.learner.birthDate,
        peron!.learner.isMinorAtDeparture,
        peron!.mobility.hostCountryCode,
        peron!.mobility.eqfLevel,
      ],
      ['gaetan.peron@example.fr', '2008-07-14', true, 'IT', 4],
    );
    assert.equal(peron!.mobility.isGreenTravel, true);
    assert.deepEqual(
      result.errors.map((error) => [error.line, error.field]),
      [
        [3, 'eqfLevel'],
        [3, 'hostCountry'],
        [3, 'mainTransport'],
      ],
    );
    // Once the cells parse, the dates are compared.
    sheet.getRow(3).getCell(5).value = 3;
    sheet.getRow(3).getCell(6).value = 'IT';
    sheet.getRow(3).getCell(10).value = 'voiture';
    const fixed = mapLearnerImportRows(await readSpreadsheet(new Uint8Array(await workbook.xlsx.writeBuffer())));
    assert.deepEqual(
      fixed.errors.map((error) => [error.line, error.field, error.message.en]),
      [[3, 'endDate', 'The end date is before the start date.']],
    );
  });
});

describe('file-level and cross-row checks', () => {
  it('names the required columns a file lacks', () => {
    const result = mapLearnerImportRows(readCsv('Nom;Prénom;Ville\nHuet;Rémi;Porto\n'));
    assert.deepEqual(
      result.errors.map((error) => [error.line, error.field, error.message.fr]),
      [
        [1, 'birthDate', 'Colonne absente du fichier.'],
        [1, 'startDate', 'Colonne absente du fichier.'],
        [1, 'endDate', 'Colonne absente du fichier.'],
      ],
    );
    assert.deepEqual(result.records, []);
  });

  it('refuses the same learner twice in one file', () => {
    const result = mapLearnerImportRows(
      readCsv(
        [
          'Nom;Prénom;Date de naissance;Courriel;Début;Fin',
          'Huet;Rémi;03/03/2007;remi@example.fr;01/04/2026;30/04/2026',
          'HUET;Rémi;03/03/2007;;01/05/2026;30/05/2026',
          'Huet;Rémy;03/03/2007;REMI@example.fr;01/04/2026;30/04/2026',
        ].join('\n'),
      ),
    );
    assert.deepEqual(
      result.errors.map((error) => [error.line, error.field]),
      [
        [3, 'familyName'],
        [4, 'email'],
      ],
    );
  });

  it('refuses "car" alone (coach in French, private car in English) and reads "autocar" and "voiture"', () => {
    const header = 'Nom;Prénom;Date de naissance;Début;Fin;Moyen de transport';
    const rows = [
      'A;A;01/01/2005;01/04/2026;30/04/2026;car',
      'B;B;01/01/2005;01/04/2026;30/04/2026;autocar',
      'C;C;01/01/2005;01/04/2026;30/04/2026;voiture',
    ];
    const result = mapLearnerImportRows(readCsv([header, ...rows].join('\n')));
    assert.deepEqual(
      result.errors.map((error) => [error.line, error.field]),
      [[2, 'mainTransport']],
    );
    assert.deepEqual(
      result.records.map((record) => [record.mobility.mainTransport, record.mobility.isGreenTravel]),
      [
        ['bus', true],
        ['car', false],
      ],
    );
  });

  it('knows countries by code or name in several languages', () => {
    assert.deepEqual(
      [
        'PL',
        'pl',
        'Pologne',
        'Poland',
        'Polska',
        'Allemagne',
        'Deutschland',
        'España',
        'Pays-Bas',
        'Hollande',
        'UK',
        'Tchéquie',
        'XX',
        'Narnia',
      ].map(countryCode),
      ['PL', 'PL', 'PL', 'PL', 'PL', 'DE', 'DE', 'ES', 'NL', 'NL', 'GB', 'CZ', null, null],
    );
  });
});

describe('speed', () => {
  it('reads, maps and validates a generated 10,000-row CSV (time printed, not asserted)', () => {
    const header =
      'Nom;Prénom;Date de naissance;Courriel;Téléphone;Diplôme préparé;Niveau EQF;Entreprise d’accueil;Ville d’accueil;Pays d’accueil;Date de début;Date de fin;Moyen de transport';
    const lines = [header];
    for (let index = 0; index < 10_000; index += 1) {
      const day = String((index % 28) + 1).padStart(2, '0');
      lines.push(
        `Nom${index};Prénom${index};${day}/05/2006;eleve${index}@example.fr;06 12 34 56 78;Bac pro Logistique;4;"Spedition; Hansen GmbH";Hamburg;Allemagne;${day}/03/2026;${day}/04/2026;Train`,
      );
    }
    const bytes = iconv.encode(lines.join('\r\n'), 'win1252');
    const hamburg = { name: 'Hamburg', countryCode: 'DE', latitude: 53.55073, longitude: 9.99302 };
    const rouen = { name: 'Rouen', countryCode: 'FR', latitude: 49.44313, longitude: 1.09932 };
    const started = performance.now();
    const table = readCsv(bytes);
    const read = performance.now();
    const result = mapLearnerImportRows(table);
    const mapped = performance.now();
    let findings = 0;
    for (const record of result.records) {
      findings += validateMobility(
        mobilityForValidationFromImport(record, {
          projectStartDate: '2025-09-01',
          projectEndDate: '2027-08-31',
          sendingCity: rouen,
          hostCity: hamburg,
          iscedField: '1041',
        }),
      ).length;
    }
    const validated = performance.now();
    console.log(
      `10,000-row cp1252 CSV: read ${(read - started).toFixed(0)} ms, mapped ${(mapped - read).toFixed(0)} ms, validated ${(validated - mapped).toFixed(0)} ms, total ${(validated - started).toFixed(0)} ms`,
    );
    assert.equal(result.records.length, 10_000);
    assert.equal(result.errors.length, 0);
    assert.equal(findings, 0);
  });
});
