/**
 * Beneficiary-Module-ready export of a project's mobilities, and its parse-back (used by the round-trip
 * tests and to check a file before upload).
 *
 * The BM import template changes between releases ("export the latest template after each IT release",
 * EC wiki "Manage export and import of mobility activities"), so every column lives in ONE table below:
 * header, meaning and format. Column names follow the BM's field labels where the EC user wiki shows them
 * ("Grant Agreement No.", "Mobility activity ID", "Participant", "Accompanying person", "Force majeure",
 * "Participant with fewer opportunities", "Receiving Organisation OID", "Receiving country",
 * "Receiving city", "Funded duration including travel days (in days)"); the other names follow the BM
 * fields listed in FACTS.md, because the full data dictionary was not available to check against.
 * Format of the BM's CSV: `;` separator, dates DD-MM-YYYY, UTF-8 (with a BOM so Excel reads accents).
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { isoDayNumber } from '../rules/dates.js';
import { distanceBand } from '../rules/geo.js';
import { activityDurationDays, fundedTravelDays, mobilityDistanceKm, validateMobility } from '../rules/pre-validation.js';
import {
  type ActivityType,
  type DistanceBand,
  type MobilityForValidation,
  type RuleViolation,
  type TransportMode,
} from '../rules/types.js';
import { normaliseHeader, readCsv, readXlsx, type SpreadsheetTable } from './read.js';

/** What the export needs on top of what the pre-validation reads. */
export interface MobilityForExport extends MobilityForValidation {
  /** Grant agreement number = project code, e.g. 2024-1-FR01-KA121-VET-000123456. */
  projectCode: string;
  /** e.g. 005041-MOB-00001. */
  mobilityActivityId: string;
  participantGivenName: string | null;
  participantFamilyName: string | null;
  participantEmail: string | null;
  /** For an accompanying person: the activity of the learners accompanied (the BM records it under that activity). */
  accompaniedActivityType: ActivityType | null;
  sendingOrganisationOid: string | null;
  receivingOrganisationOid: string | null;
  inclusionSupportEuros: number | null;
}

/** One line of the BM file, typed. Dates are ISO `YYYY-MM-DD` here and DD-MM-YYYY in the file. */
export interface BeneficiaryModuleRow {
  grantAgreementNumber: string;
  mobilityActivityId: string;
  /** The BM activity type: for an accompanying person, the accompanied learners' activity. */
  activityType: Exclude<ActivityType, 'accompanying_person'>;
  isParticipant: boolean;
  isAccompanyingPerson: boolean;
  participantFirstName: string | null;
  participantLastName: string | null;
  participantEmail: string | null;
  participantBirthDate: string | null;
  hasFewerOpportunities: boolean;
  inclusionSupportEuros: number | null;
  eqfLevel: number | null;
  iscedField: string | null;
  sendingOrganisationOid: string | null;
  sendingCountry: string | null;
  sendingCity: string | null;
  receivingOrganisationOid: string | null;
  receivingCountry: string | null;
  receivingCity: string | null;
  startDate: string | null;
  endDate: string | null;
  durationDays: number | null;
  interruptionDays: number;
  travelDays: number;
  fundedDurationDays: number | null;
  distanceBand: DistanceBand | null;
  mainTransport: TransportMode | null;
  isGreenTravel: boolean;
  isForceMajeure: boolean;
  forceMajeureExplanation: string | null;
}

// ---------------------------------------------------------------- value formats

type BmActivityType = BeneficiaryModuleRow['activityType'];

/** Activity names as the Erasmus+ Programme Guide (KA1 VET) writes them. */
const activityTypeNames = {
  vet_short_term: 'Short-term learning mobility of VET learners',
  erasmus_pro: 'Long-term learning mobility of VET learners (ErasmusPro)',
  skills_competition: 'Participation in VET skills competitions',
  staff_job_shadowing: 'Job shadowing',
  staff_teaching: 'Teaching or training assignments',
  staff_course: 'Courses and training',
  preparatory_visit: 'Preparatory visits',
} as const satisfies Record<BmActivityType, string>;

const distanceBandNames = {
  '10-99': '10-99 km',
  '100-499': '100-499 km',
  '500-1999': '500-1999 km',
  '2000-2999': '2000-2999 km',
  '3000-3999': '3000-3999 km',
  '4000-7999': '4000-7999 km',
  '8000+': '8000 km or more',
} as const satisfies Record<DistanceBand, string>;

const transportNames = {
  train: 'Train',
  bus: 'Bus/Coach',
  car_sharing: 'Car-sharing',
  bicycle: 'Bicycle',
  car: 'Car',
  plane: 'Plane',
  boat: 'Boat/Ferry',
  other: 'Other',
} as const satisfies Record<TransportMode, string>;

interface ValueFormat<Value> {
  write(value: Value): string;
  /** The typed value, or `undefined` when the cell cannot be read. */
  read(cell: string): Value | undefined;
}

function reverse<Value extends string>(names: Record<Value, string>): Map<string, Value> {
  return new Map((Object.entries(names) as [Value, string][]).map(([value, name]) => [normaliseHeader(name), value]));
}

/** Exact names first (our own files), then tolerant to case and punctuation (files edited by hand). */
function nameReader<Value extends string>(names: Record<Value, string>): (cell: string) => Value | undefined {
  const exact = new Map((Object.entries(names) as [Value, string][]).map(([value, name]) => [name, value]));
  const tolerant = reverse(names);
  return (cell) => exact.get(cell) ?? tolerant.get(normaliseHeader(cell));
}

function nameFormat<Value extends string>(names: Record<Value, string>): ValueFormat<Value | null> {
  const readName = nameReader(names);
  return {
    write: (value) => (value === null ? '' : names[value]),
    read: (cell) => (cell === '' ? null : readName(cell)),
  };
}

/**
 * Free text. A cell starting with = + - @ would run as a formula when a coach opens the CSV in Excel
 * (CSV injection): it is written behind an apostrophe, which Excel hides and `read` removes.
 */
const textFormat: ValueFormat<string | null> = {
  write: (value) => (value === null ? '' : /^[=+\-@\t\r]/.test(value) ? `'${value}` : value),
  read: (cell) => (cell === '' ? null : /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell),
};

const requiredTextFormat: ValueFormat<string> = {
  write: (value) => textFormat.write(value),
  read: (cell) => (cell === '' ? undefined : (textFormat.read(cell) ?? undefined)),
};

const dateFormat: ValueFormat<string | null> = {
  write: (value) => (value === null ? '' : `${value.slice(8, 10)}-${value.slice(5, 7)}-${value.slice(0, 4)}`),
  read: (cell) => {
    if (cell === '') return null;
    const match = /^(\d{2})-(\d{2})-(\d{4})$/.exec(cell);
    const iso = match ? `${match[3]}-${match[2]}-${match[1]}` : null;
    return iso !== null && isoDayNumber(iso) !== null ? iso : undefined;
  },
};

const yesNoFormat: ValueFormat<boolean> = {
  write: (value) => (value ? 'Yes' : 'No'),
  read: (cell) => {
    const word = cell.toLowerCase();
    return word === 'yes' ? true : word === 'no' || word === '' ? false : undefined;
  },
};

const integerFormat: ValueFormat<number | null> = {
  write: (value) => (value === null ? '' : String(value)),
  read: (cell) => (cell === '' ? null : /^-?\d+$/.test(cell) ? Number(cell) : undefined),
};

const requiredIntegerFormat: ValueFormat<number> = {
  write: (value) => String(value),
  read: (cell) => (/^-?\d+$/.test(cell) ? Number(cell) : cell === '' ? 0 : undefined),
};

/** Amounts with a decimal point and two decimals, as the BM's number fields expect. */
const euroFormat: ValueFormat<number | null> = {
  write: (value) => (value === null ? '' : value.toFixed(2)),
  read: (cell) => (cell === '' ? null : /^-?\d+(\.\d{1,2})?$/.test(cell) ? Number(cell) : undefined),
};

const activityTypeFormat: ValueFormat<BmActivityType> = {
  write: (value) => activityTypeNames[value],
  read: nameReader(activityTypeNames),
};

// ---------------------------------------------------------------- THE column mapping

interface Derived {
  durationDays: number | null;
  distanceBand: DistanceBand | null;
}

interface Column<Key extends keyof BeneficiaryModuleRow> {
  header: string;
  key: Key;
  format: ValueFormat<BeneficiaryModuleRow[Key]>;
  compute: (mobility: MobilityForExport, derived: Derived) => BeneficiaryModuleRow[Key];
  /** Written as a number cell in XLSX. */
  isNumeric?: boolean;
}

function column<Key extends keyof BeneficiaryModuleRow>(definition: Column<Key>): Column<keyof BeneficiaryModuleRow> {
  return definition as unknown as Column<keyof BeneficiaryModuleRow>;
}

/**
 * BM column name → how to compute it. Change the BM layout here and only here.
 * Duration counts the start and the end day and leaves out interruption days (as the BM's
 * "Duration (days)"); funded travel days are capped at 2, or 6 with green travel.
 */
export const beneficiaryModuleColumns = [
  column({ header: 'Grant Agreement No.', key: 'grantAgreementNumber', format: requiredTextFormat, compute: (m) => m.projectCode }),
  column({ header: 'Mobility activity ID', key: 'mobilityActivityId', format: requiredTextFormat, compute: (m) => m.mobilityActivityId }),
  column({
    header: 'Activity type',
    key: 'activityType',
    format: activityTypeFormat,
    compute: (m) => (m.activityType === 'accompanying_person' ? bmActivityOf(m.accompaniedActivityType) : m.activityType),
  }),
  column({ header: 'Participant', key: 'isParticipant', format: yesNoFormat, compute: (m) => m.isParticipant }),
  column({ header: 'Accompanying person', key: 'isAccompanyingPerson', format: yesNoFormat, compute: (m) => m.isAccompanyingPerson }),
  column({ header: 'Participant first name', key: 'participantFirstName', format: textFormat, compute: (m) => m.participantGivenName }),
  column({ header: 'Participant last name', key: 'participantLastName', format: textFormat, compute: (m) => m.participantFamilyName }),
  column({ header: 'Participant email', key: 'participantEmail', format: textFormat, compute: (m) => m.participantEmail }),
  column({ header: 'Participant date of birth', key: 'participantBirthDate', format: dateFormat, compute: (m) => m.participantBirthDate }),
  column({
    header: 'Participant with fewer opportunities',
    key: 'hasFewerOpportunities',
    format: yesNoFormat,
    compute: (m) => m.hasFewerOpportunities,
  }),
  column({
    header: 'Inclusion support for participants',
    key: 'inclusionSupportEuros',
    format: euroFormat,
    compute: (m) => m.inclusionSupportEuros,
    isNumeric: true,
  }),
  column({ header: 'EQF level', key: 'eqfLevel', format: integerFormat, compute: (m) => m.eqfLevel, isNumeric: true }),
  column({ header: 'Field of education (ISCED-F)', key: 'iscedField', format: textFormat, compute: (m) => m.iscedField }),
  column({
    header: 'Sending Organisation OID',
    key: 'sendingOrganisationOid',
    format: textFormat,
    compute: (m) => m.sendingOrganisationOid,
  }),
  column({ header: 'Sending country', key: 'sendingCountry', format: textFormat, compute: (m) => m.sendingCity?.countryCode ?? null }),
  column({ header: 'Sending city', key: 'sendingCity', format: textFormat, compute: (m) => m.sendingCity?.name ?? null }),
  column({
    header: 'Receiving Organisation OID',
    key: 'receivingOrganisationOid',
    format: textFormat,
    compute: (m) => m.receivingOrganisationOid,
  }),
  column({ header: 'Receiving country', key: 'receivingCountry', format: textFormat, compute: (m) => m.hostCity?.countryCode ?? null }),
  column({ header: 'Receiving city', key: 'receivingCity', format: textFormat, compute: (m) => m.hostCity?.name ?? null }),
  column({ header: 'Start date', key: 'startDate', format: dateFormat, compute: (m) => m.startDate }),
  column({ header: 'End date', key: 'endDate', format: dateFormat, compute: (m) => m.endDate }),
  column({
    header: 'Duration (days)',
    key: 'durationDays',
    format: integerFormat,
    compute: (_, derived) => derived.durationDays,
    isNumeric: true,
  }),
  column({
    header: 'Duration of interruption (days)',
    key: 'interruptionDays',
    format: requiredIntegerFormat,
    compute: (m) => m.interruptionDays,
    isNumeric: true,
  }),
  column({ header: 'Travel days', key: 'travelDays', format: requiredIntegerFormat, compute: (m) => fundedTravelDays(m), isNumeric: true }),
  column({
    header: 'Funded duration including travel days (in days)',
    key: 'fundedDurationDays',
    format: integerFormat,
    compute: (m, derived) => (derived.durationDays === null ? null : derived.durationDays + fundedTravelDays(m)),
    isNumeric: true,
  }),
  column({
    header: 'Distance band',
    key: 'distanceBand',
    format: nameFormat(distanceBandNames),
    compute: (_, derived) => derived.distanceBand,
  }),
  column({ header: 'Main means of transport', key: 'mainTransport', format: nameFormat(transportNames), compute: (m) => m.mainTransport }),
  column({ header: 'Green travel', key: 'isGreenTravel', format: yesNoFormat, compute: (m) => m.isGreenTravel }),
  column({ header: 'Force majeure', key: 'isForceMajeure', format: yesNoFormat, compute: (m) => m.isForceMajeure }),
  column({
    header: 'Force majeure explanation',
    key: 'forceMajeureExplanation',
    format: textFormat,
    compute: (m) => (m.isForceMajeure ? m.forceMajeureExplanation : null),
  }),
] as const;

function bmActivityOf(accompanied: ActivityType | null): BmActivityType {
  // An accompanying person without a linked activity is recorded with the most common one.
  return accompanied === null || accompanied === 'accompanying_person' ? 'vet_short_term' : accompanied;
}

/** The typed BM row of a mobility: declared distance band first, else the band of the cities' distance. */
export function toBeneficiaryModuleRow(mobility: MobilityForExport): BeneficiaryModuleRow {
  const distanceKm = mobilityDistanceKm(mobility);
  const derived: Derived = {
    durationDays: activityDurationDays(mobility),
    distanceBand: mobility.declaredDistanceBand ?? (distanceKm === null ? null : distanceBand(distanceKm)),
  };
  const row = {} as Record<keyof BeneficiaryModuleRow, unknown>;
  for (const each of beneficiaryModuleColumns) row[each.key] = each.compute(mobility, derived);
  return row as unknown as BeneficiaryModuleRow;
}

// ---------------------------------------------------------------- CSV

const csvSeparator = ';';
const utf8Bom = '\uFEFF';

function csvCell(text: string): string {
  return /[;"\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The BM CSV: UTF-8 with BOM, `;`, CRLF, DD-MM-YYYY. */
export function writeBeneficiaryModuleCsv(mobilities: readonly MobilityForExport[]): string {
  const lines = [beneficiaryModuleColumns.map((each) => csvCell(each.header)).join(csvSeparator)];
  for (const mobility of mobilities) {
    const row = toBeneficiaryModuleRow(mobility);
    lines.push(beneficiaryModuleColumns.map((each) => csvCell(each.format.write(row[each.key]))).join(csvSeparator));
  }
  return `${utf8Bom}${lines.join('\r\n')}\r\n`;
}

export interface BeneficiaryModuleParseError {
  line: number;
  column: string;
  message: { fr: string; en: string };
}

export interface BeneficiaryModuleParseResult {
  rows: BeneficiaryModuleRow[];
  errors: BeneficiaryModuleParseError[];
}

/** Reads a BM file (ours, or one exported from the BM with these columns) back into typed rows. */
export function parseBeneficiaryModuleCsv(input: Uint8Array | string): BeneficiaryModuleParseResult {
  return rowsFromTable(readCsv(input));
}

export async function parseBeneficiaryModuleXlsx(bytes: Uint8Array): Promise<BeneficiaryModuleParseResult> {
  return rowsFromTable(await readXlsx(bytes));
}

function rowsFromTable(table: SpreadsheetTable): BeneficiaryModuleParseResult {
  const indexByHeader = new Map(table.headers.map((header, index) => [normaliseHeader(header), index]));
  const errors: BeneficiaryModuleParseError[] = [];
  const located = beneficiaryModuleColumns.map((each) => ({ column: each, index: indexByHeader.get(normaliseHeader(each.header)) }));
  for (const { column: each, index } of located) {
    if (index === undefined) {
      errors.push({ line: 1, column: each.header, message: { fr: 'Colonne absente du fichier.', en: 'Column missing from the file.' } });
    }
  }
  if (errors.length > 0) return { rows: [], errors };
  const rows: BeneficiaryModuleRow[] = [];
  for (const { line, values } of table.rows) {
    const row = {} as Record<keyof BeneficiaryModuleRow, unknown>;
    let isValid = true;
    for (const { column: each, index } of located) {
      const cell = values[index!] ?? '';
      const value = each.format.read(cell);
      if (value === undefined) {
        isValid = false;
        errors.push({
          line,
          column: each.header,
          message: { fr: `Valeur illisible : « ${cell} ».`, en: `Unreadable value: “${cell}”.` },
        });
      } else {
        row[each.key] = value;
      }
    }
    if (isValid) rows.push(row as unknown as BeneficiaryModuleRow);
  }
  return { rows, errors };
}

// ---------------------------------------------------------------- pre-validation report

export interface PreValidationReportLine {
  mobilityActivityId: string;
  participant: string;
  violation: RuleViolation;
}

/** Every finding of the pre-validation for the exported mobilities; errors first. */
export function preValidationReport(mobilities: readonly MobilityForExport[]): PreValidationReportLine[] {
  const lines: PreValidationReportLine[] = [];
  for (const mobility of mobilities) {
    const participant = [mobility.participantGivenName, mobility.participantFamilyName].filter(Boolean).join(' ');
    for (const violation of validateMobility(mobility))
      lines.push({ mobilityActivityId: mobility.mobilityActivityId, participant, violation });
  }
  return lines.sort((left, right) =>
    left.violation.severity === right.violation.severity ? 0 : left.violation.severity === 'error' ? -1 : 1,
  );
}

export function canExportToBeneficiaryModule(report: readonly PreValidationReportLine[]): boolean {
  return report.every((line) => line.violation.severity !== 'error');
}

const reportHeaders = {
  fr: ['ID de mobilité', 'Participant', 'Gravité', 'Règle', 'Champ', 'Message'],
  en: ['Mobility activity ID', 'Participant', 'Severity', 'Rule', 'Field', 'Message'],
} as const;
const severityNames = { fr: { error: 'erreur', warning: 'avertissement' }, en: { error: 'error', warning: 'warning' } } as const;

function reportRows(report: readonly PreValidationReportLine[], language: 'fr' | 'en'): string[][] {
  return report.map(({ mobilityActivityId, participant, violation }) => [
    mobilityActivityId,
    participant,
    severityNames[language][violation.severity],
    violation.ruleId,
    violation.field,
    violation.message[language],
  ]);
}

/** The pre-validation report as a CSV for the coach (same conventions as the BM file). */
export function writePreValidationReportCsv(report: readonly PreValidationReportLine[], language: 'fr' | 'en'): string {
  const lines = [reportHeaders[language], ...reportRows(report, language)].map((cells) =>
    cells.map((cell) => csvCell(textFormat.write(cell))).join(csvSeparator),
  );
  return `${utf8Bom}${lines.join('\r\n')}\r\n`;
}

// ---------------------------------------------------------------- XLSX

/**
 * The same table as an XLSX workbook (first sheet, ready for the BM), with the pre-validation report on a
 * second sheet. Cells are written as text or numbers, never as formulas. exceljs's streaming writer
 * commits each row as it goes, several times faster than building the whole workbook in memory.
 */
export async function writeBeneficiaryModuleXlsx(mobilities: readonly MobilityForExport[], language: 'fr' | 'en'): Promise<Uint8Array<ArrayBuffer>> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    output.on('end', resolve);
    output.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Passerelle';
  const sheet = workbook.addWorksheet('Mobility activities', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = beneficiaryModuleColumns.map((each) => ({ width: Math.min(Math.max(each.header.length + 2, 12), 40) }));
  const header = sheet.addRow(beneficiaryModuleColumns.map((each) => each.header));
  header.font = { bold: true };
  header.commit();
  for (const mobility of mobilities) {
    const row = toBeneficiaryModuleRow(mobility);
    sheet
      .addRow(
        beneficiaryModuleColumns.map((each) => {
          const value = row[each.key];
          return each.isNumeric && typeof value === 'number' ? value : each.format.write(value);
        }),
      )
      .commit();
  }
  sheet.commit();
  const reportSheet = workbook.addWorksheet(language === 'fr' ? 'Pré-validation' : 'Pre-validation');
  const reportHeader = reportSheet.addRow([...reportHeaders[language]]);
  reportHeader.font = { bold: true };
  reportHeader.commit();
  for (const cells of reportRows(preValidationReport(mobilities), language)) reportSheet.addRow(cells).commit();
  reportSheet.commit();
  await workbook.commit();
  await finished;
  return new Uint8Array(Buffer.concat(chunks));
}

/** For tests and the API documentation: the column names in file order. */
export const beneficiaryModuleHeaders: readonly string[] = beneficiaryModuleColumns.map((each) => each.header);
