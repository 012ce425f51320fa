import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { CityLocation } from '../rules/types.js';
import {
  beneficiaryModuleHeaders,
  canExportToBeneficiaryModule,
  parseBeneficiaryModuleCsv,
  parseBeneficiaryModuleXlsx,
  preValidationReport,
  toBeneficiaryModuleRow,
  writeBeneficiaryModuleCsv,
  writeBeneficiaryModuleXlsx,
  writePreValidationReportCsv,
  type MobilityForExport,
} from './beneficiary-module.js';

const rouen: CityLocation = { name: 'Rouen', countryCode: 'FR', latitude: 49.44313, longitude: 1.09932 };
const legnica: CityLocation = { name: 'Legnica', countryCode: 'PL', latitude: 51.21006, longitude: 16.1619 };
const valencia: CityLocation = { name: 'València', countryCode: 'ES', latitude: 39.46975, longitude: -0.37739 };
const bremen: CityLocation = { name: 'Bremen', countryCode: 'DE', latitude: 53.07516, longitude: 8.80777 };
const tampere: CityLocation = { name: 'Tampere', countryCode: 'FI', latitude: 61.49911, longitude: 23.78712 };

let sequence = 0;
function mobility(overrides: Partial<MobilityForExport> = {}): MobilityForExport {
  sequence += 1;
  return {
    projectCode: '2025-1-FR01-KA121-VET-000123456',
    mobilityActivityId: `123456-MOB-${String(sequence).padStart(5, '0')}`,
    participantGivenName: 'Léa',
    participantFamilyName: 'Martin',
    participantEmail: 'lea.martin@example.fr',
    accompaniedActivityType: null,
    sendingOrganisationOid: 'E10012345',
    receivingOrganisationOid: 'E10234567',
    inclusionSupportEuros: null,
    activityType: 'vet_short_term',
    startDate: '2026-03-02',
    endDate: '2026-03-27',
    interruptionDays: 0,
    travelDays: 2,
    mainTransport: 'train',
    isGreenTravel: true,
    isParticipant: true,
    isAccompanyingPerson: false,
    accompaniedLearnerCount: 0,
    eqfLevel: 4,
    iscedField: '1041',
    qualificationTitle: 'Bac pro Conducteur transport routier marchandises',
    sendingCity: rouen,
    hostCity: legnica,
    declaredDistanceBand: null,
    projectStartDate: '2025-09-01',
    projectEndDate: '2027-08-31',
    hasFewerOpportunities: false,
    fewerOpportunitiesJustification: null,
    isForceMajeure: false,
    forceMajeureExplanation: null,
    participantBirthDate: '2008-06-15',
    ...overrides,
  };
}

/** A demo-like project: truck drivers in Legnica, logistics in Spain and Germany, staff to Finland, an accompanying teacher, ErasmusPro. */
const demoProject: MobilityForExport[] = [
  mobility({ participantGivenName: 'Maëlys', participantFamilyName: 'Lebœuf' }),
  mobility({
    participantGivenName: 'Kylian',
    participantFamilyName: 'Girard',
    participantEmail: 'kylian.girard@example.fr',
    travelDays: 4,
  }),
  mobility({
    hostCity: valencia,
    participantGivenName: 'Inès',
    participantFamilyName: 'Péron',
    mainTransport: 'plane',
    isGreenTravel: false,
    travelDays: 2,
    declaredDistanceBand: '500-1999',
    hasFewerOpportunities: true,
    fewerOpportunitiesJustification: 'Zone rurale isolée',
    inclusionSupportEuros: 125.5,
  }),
  mobility({
    hostCity: valencia,
    participantGivenName: 'Noé',
    participantFamilyName: 'Rivière',
    participantEmail: null,
    mainTransport: 'bus',
  }),
  mobility({ hostCity: bremen, participantGivenName: 'Théo', participantFamilyName: 'Garçon', interruptionDays: 3, endDate: '2026-04-03' }),
  mobility({
    hostCity: bremen,
    participantGivenName: 'Zoé',
    participantFamilyName: 'O’Neil; "la Bretonne"',
    isForceMajeure: true,
    forceMajeureExplanation: 'Fermeture de l’entreprise après un incendie ;\nretour anticipé.',
    endDate: '2026-03-06',
  }),
  mobility({
    activityType: 'staff_job_shadowing',
    hostCity: tampere,
    participantGivenName: 'Cédric',
    participantFamilyName: 'Hébert',
    eqfLevel: null,
    iscedField: null,
    qualificationTitle: null,
    startDate: '2026-05-11',
    endDate: '2026-05-15',
    mainTransport: 'plane',
    isGreenTravel: false,
    participantBirthDate: '1979-02-01',
  }),
  mobility({
    activityType: 'staff_job_shadowing',
    hostCity: tampere,
    participantGivenName: 'Françoise',
    participantFamilyName: 'Lemaître',
    eqfLevel: null,
    iscedField: null,
    qualificationTitle: null,
    startDate: '2026-05-11',
    endDate: '2026-05-15',
    participantBirthDate: '1983-10-22',
  }),
  mobility({
    activityType: 'accompanying_person',
    accompaniedActivityType: 'vet_short_term',
    isParticipant: false,
    isAccompanyingPerson: true,
    accompaniedLearnerCount: 2,
    participantGivenName: 'Jérôme',
    participantFamilyName: 'Dupré',
    eqfLevel: null,
    iscedField: null,
    qualificationTitle: null,
    startDate: '2026-03-02',
    endDate: '2026-03-06',
    participantBirthDate: '1975-04-30',
  }),
  mobility({
    activityType: 'erasmus_pro',
    participantGivenName: 'Anthony',
    participantFamilyName: '=HYPERLINK("http://evil.example")',
    startDate: '2026-01-05',
    endDate: '2026-06-26',
    participantBirthDate: '2005-01-09',
  }),
];

describe('the Beneficiary-Module CSV', () => {
  const csv = writeBeneficiaryModuleCsv(demoProject);

  it('is UTF-8 with a BOM, separated by semicolons, with the BM column names', () => {
    assert.ok(csv.startsWith('\uFEFFGrant Agreement No.;Mobility activity ID;Activity type;Participant;Accompanying person;'));
    assert.deepEqual(csv.slice(1).split('\r\n')[0]!.split(';'), [...beneficiaryModuleHeaders]);
    assert.ok(beneficiaryModuleHeaders.includes('Funded duration including travel days (in days)'));
    assert.ok(beneficiaryModuleHeaders.includes('Receiving Organisation OID'));
    assert.equal(csv.split('\r\n').length, demoProject.length + 2);
  });

  it('writes dates as DD-MM-YYYY and computes duration, funded travel days and the distance band', () => {
    const firstLine = csv.split('\r\n')[1]!.split(';');
    const cell = (header: string) => firstLine[beneficiaryModuleHeaders.indexOf(header)];
    assert.equal(cell('Start date'), '02-03-2026');
    assert.equal(cell('End date'), '27-03-2026');
    assert.equal(cell('Participant date of birth'), '15-06-2008');
    assert.equal(cell('Duration (days)'), '26');
    assert.equal(cell('Travel days'), '2');
    assert.equal(cell('Funded duration including travel days (in days)'), '28');
    assert.equal(cell('Distance band'), '500-1999 km');
    assert.equal(cell('Activity type'), 'Short-term learning mobility of VET learners');
    assert.equal(cell('Participant'), 'Yes');
    assert.equal(cell('Accompanying person'), 'No');
    assert.equal(cell('Receiving country'), 'PL');
    assert.equal(cell('Participant last name'), 'Lebœuf');
  });

  it('caps funded travel days, leaves interruption out of the duration, and records an accompanying person under the learners’ activity', () => {
    const rows = demoProject.map(toBeneficiaryModuleRow);
    assert.equal(rows[1]!.travelDays, 4); // green travel: up to 6
    assert.equal(toBeneficiaryModuleRow(mobility({ travelDays: 3, isGreenTravel: false })).travelDays, 2); // not green: capped at 2
    assert.equal(toBeneficiaryModuleRow(mobility({ travelDays: 9 })).travelDays, 6);
    assert.equal(rows[2]!.inclusionSupportEuros, 125.5);
    assert.deepEqual([rows[4]!.durationDays, rows[4]!.interruptionDays, rows[4]!.fundedDurationDays], [30, 3, 32]);
    assert.deepEqual([rows[8]!.activityType, rows[8]!.isParticipant, rows[8]!.isAccompanyingPerson], ['vet_short_term', false, true]);
    assert.equal(rows[6]!.distanceBand, '500-1999'); // Rouen–Tampere ≈ 1,941 km
    assert.equal(rows[9]!.activityType, 'erasmus_pro');
  });

  it('quotes cells with separators, quotes and line breaks, and disarms formulas', () => {
    assert.ok(csv.includes('"O’Neil; ""la Bretonne"""'));
    assert.ok(csv.includes('"Fermeture de l’entreprise après un incendie ;\nretour anticipé."'));
    assert.ok(csv.includes(`;"'=HYPERLINK(""http://evil.example"")";`));
  });

  it('round-trips: parsing the export gives back the same values', () => {
    const parsed = parseBeneficiaryModuleCsv(Buffer.from(csv, 'utf8'));
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.rows, demoProject.map(toBeneficiaryModuleRow));
    assert.equal(parsed.rows[9]!.participantLastName, '=HYPERLINK("http://evil.example")');
  });

  it('names the unreadable cells and missing columns of a file', () => {
    const broken = csv.replace('02-03-2026', '2026-03-02').replace('Yes;No;', 'Oui;No;');
    const parsed = parseBeneficiaryModuleCsv(broken);
    assert.deepEqual(
      parsed.errors.map((error) => [error.line, error.column]),
      [
        [2, 'Participant'],
        [2, 'Start date'],
      ],
    );
    assert.equal(parsed.rows.length, demoProject.length - 1);
    const withoutColumn = parseBeneficiaryModuleCsv('Grant Agreement No.;Mobility activity ID\nX;Y\n');
    assert.ok(withoutColumn.errors.some((error) => error.column === 'Activity type' && error.line === 1));
  });
});

describe('the Beneficiary-Module XLSX', () => {
  it('round-trips too, with numbers as number cells and the pre-validation report beside it', async () => {
    const withError = [...demoProject, mobility({ travelDays: 8, participantGivenName: 'Rémi', participantFamilyName: 'Huet' })];
    const bytes = await writeBeneficiaryModuleXlsx(withError, 'fr');
    const parsed = await parseBeneficiaryModuleXlsx(bytes);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.rows, withError.map(toBeneficiaryModuleRow));

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    assert.deepEqual(
      workbook.worksheets.map((sheet) => sheet.name),
      ['Mobility activities', 'Pré-validation'],
    );
    const durationColumn = beneficiaryModuleHeaders.indexOf('Duration (days)') + 1;
    assert.equal(workbook.worksheets[0]!.getRow(2).getCell(durationColumn).value, 26);
    const report = workbook.worksheets[1]!;
    assert.deepEqual((report.getRow(1).values as unknown[]).slice(1), [
      'ID de mobilité',
      'Participant',
      'Gravité',
      'Règle',
      'Champ',
      'Message',
    ]);
    assert.deepEqual((report.getRow(2).values as unknown[]).slice(2, 6), ['Rémi Huet', 'erreur', 'travel-days.maximum', 'travelDays']);
  });
});

describe('the pre-validation report', () => {
  it('blocks the export on errors, not on warnings, and is readable in French and English', () => {
    assert.equal(canExportToBeneficiaryModule(preValidationReport(demoProject)), true);
    const warningOnly = [mobility({ declaredDistanceBand: '500-1999', hostCity: null })];
    assert.deepEqual(
      preValidationReport(warningOnly).map((line) => line.violation.ruleId),
      ['distance.unverifiable'],
    );
    assert.equal(canExportToBeneficiaryModule(preValidationReport(warningOnly)), true);
    const withError = [...warningOnly, mobility({ endDate: '2026-03-05', participantGivenName: 'Rémi', participantFamilyName: 'Huet' })];
    const report = preValidationReport(withError);
    assert.equal(canExportToBeneficiaryModule(report), false);
    assert.equal(report[0]!.violation.severity, 'error');
    const csv = writePreValidationReportCsv(report, 'en');
    assert.ok(csv.startsWith('\uFEFFMobility activity ID;Participant;Severity;Rule;Field;Message\r\n'));
    assert.match(
      csv,
      /Rémi Huet;error;duration\.activity-band;endDate;"A short-term VET learner mobility must last 10 to 89 days; this one lasts 4 days/,
    );
  });
});

describe('speed', () => {
  it('exports and parses back 10,000 mobilities (time printed, not asserted)', async () => {
    const many = Array.from({ length: 10_000 }, (_, index) =>
      mobility({ mobilityActivityId: `123456-MOB-${String(index + 1).padStart(5, '0')}`, participantFamilyName: `Nom ${index}` }),
    );
    const started = performance.now();
    const csv = writeBeneficiaryModuleCsv(many);
    const written = performance.now();
    const parsed = parseBeneficiaryModuleCsv(csv);
    const reread = performance.now();
    const xlsx = await writeBeneficiaryModuleXlsx(many, 'en');
    const xlsxWritten = performance.now();
    console.log(
      `BM export of 10,000 mobilities: CSV ${(written - started).toFixed(0)} ms (${(csv.length / 1e6).toFixed(1)} MB), parse back ${(reread - written).toFixed(0)} ms, XLSX ${(xlsxWritten - reread).toFixed(0)} ms (${(xlsx.length / 1e6).toFixed(1)} MB)`,
    );
    assert.equal(parsed.rows.length, 10_000);
    assert.deepEqual(parsed.errors, []);
  });
});
