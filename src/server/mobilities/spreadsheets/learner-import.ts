/**
 * Maps the rows of a coach's learner spreadsheet to learner + mobility import records, with the errors
 * of each row for the preview (nothing is written until every row is clean: the service does that in
 * one transaction). Pure: no database. Each record carries a matching key so that importing the same
 * file again updates the learners instead of duplicating them.
 */
import { z } from 'zod';
import { ageOn, inclusiveDayCount, isoDayNumber } from '../rules/dates.js';
import {
  isGreenTransport,
  learnerActivityTypes,
  transportModes,
  type ActivityType,
  type CityLocation,
  type LocalisedText,
  type MobilityForValidation,
  type TransportMode,
} from '../rules/types.js';
import {
  matchColumns,
  normaliseHeader,
  parseSpreadsheetBoolean,
  parseSpreadsheetDate,
  parseSpreadsheetNumber,
  type SpreadsheetRow,
  type SpreadsheetTable,
} from './read.js';

export const learnerImportFields = [
  'givenName',
  'familyName',
  'email',
  'birthDate',
  'phone',
  'guardianName',
  'guardianEmail',
  'guardianPhone',
  'qualificationTitle',
  'eqfLevel',
  'hostOrganisation',
  'hostCity',
  'hostCountry',
  'startDate',
  'endDate',
  'activityType',
  'mainTransport',
  'isGreenTravel',
] as const;
export type LearnerImportField = (typeof learnerImportFields)[number];

/**
 * Column titles we recognise for each field, compared after `normaliseHeader` (case, accents, spaces,
 * punctuation and little words like "de" do not matter: "Date de naissance" = "date_naissance").
 */
export const learnerImportColumnTitles = {
  givenName: ['Prénom', 'Prénom apprenant', 'Prénom élève', 'Given name', 'First name', 'Firstname'],
  familyName: ['Nom', 'Nom de famille', 'Nom apprenant', 'Nom élève', 'Family name', 'Last name', 'Surname', 'Lastname'],
  email: ['Email', 'E-mail', 'Mail', 'Courriel', 'Adresse mail', 'Adresse e-mail', 'Adresse électronique', 'Email apprenant'],
  birthDate: ['Date de naissance', 'Né le', 'Née le', 'Né(e) le', 'Naissance', 'Birth date', 'Date of birth', 'DOB'],
  phone: ['Téléphone', 'Tél', 'Tel', 'Portable', 'Mobile', 'Téléphone apprenant', 'N° de téléphone', 'Phone', 'Phone number'],
  guardianName: [
    'Responsable légal',
    'Nom du responsable légal',
    'Représentant légal',
    'Parent',
    'Nom du parent',
    'Tuteur légal',
    'Guardian',
    'Guardian name',
    'Parent name',
  ],
  guardianEmail: [
    'Email responsable légal',
    'Courriel responsable légal',
    'Mail responsable légal',
    'Email du responsable légal',
    'Email parent',
    'Courriel parent',
    'Guardian email',
    'Parent email',
  ],
  guardianPhone: [
    'Téléphone responsable légal',
    'Tél responsable légal',
    'Téléphone du responsable légal',
    'Téléphone parent',
    'Tél parent',
    'Guardian phone',
    'Parent phone',
  ],
  qualificationTitle: [
    'Diplôme',
    'Diplôme préparé',
    'Qualification',
    'Qualification préparée',
    'Formation',
    'Certification',
    'Qualification title',
  ],
  eqfLevel: ['Niveau EQF', 'EQF', 'Niveau CEC', 'CEC', 'EQF level', 'Niveau européen'],
  hostOrganisation: [
    'Entreprise d’accueil',
    'Entreprise accueil',
    'Organisme d’accueil',
    'Structure d’accueil',
    'Entreprise',
    'Host organisation',
    'Host organization',
    'Host company',
  ],
  hostCity: ['Ville d’accueil', 'Ville accueil', 'Ville', 'Ville de destination', 'Host city', 'City'],
  hostCountry: ['Pays d’accueil', 'Pays accueil', 'Pays', 'Pays de destination', 'Host country', 'Country'],
  startDate: ['Date de début', 'Début', 'Date de départ', 'Départ', 'Début de mobilité', 'Start date', 'Start'],
  endDate: ['Date de fin', 'Fin', 'Date de retour', 'Retour', 'Fin de mobilité', 'End date', 'End'],
  activityType: ['Type d’activité', 'Type de mobilité', 'Activité', 'Type', 'Activity type', 'Activity'],
  mainTransport: ['Transport', 'Moyen de transport', 'Transport principal', 'Mode de transport', 'Main transport', 'Means of transport'],
  isGreenTravel: ['Voyage vert', 'Transport vert', 'Voyage éco-responsable', 'Green travel'],
} as const satisfies Record<LearnerImportField, readonly string[]>;

/** A row needs at least these to make a learner and a mobility. */
export const requiredLearnerImportFields = [
  'givenName',
  'familyName',
  'birthDate',
  'startDate',
  'endDate',
] as const satisfies readonly LearnerImportField[];

export interface LearnerImportRecord {
  line: number;
  /** `email:<address>` when the learner has an email, else `person:<family>|<given>|<birth date>`. */
  matchingKey: string;
  /** Always the name + birth-date key, so a learner first imported without an email is still found once one is added. */
  nameAndBirthDateKey: string;
  learner: {
    givenName: string;
    familyName: string;
    email: string | null;
    birthDate: string;
    phone: string | null;
    /** Under 18 on the start date of the mobility (minor status is judged at departure). */
    isMinorAtDeparture: boolean;
  };
  guardian: { name: string | null; email: string | null; phone: string | null } | null;
  mobility: {
    activityType: ActivityType;
    startDate: string;
    endDate: string;
    qualificationTitle: string | null;
    eqfLevel: number | null;
    hostOrganisationName: string | null;
    hostCity: string | null;
    /** ISO 3166-1 alpha-2. */
    hostCountryCode: string | null;
    mainTransport: TransportMode | null;
    isGreenTravel: boolean;
  };
}

export interface LearnerImportError {
  /** Spreadsheet row (the header is row 1). */
  line: number;
  field: LearnerImportField;
  /** The column title as written in the file, or null when the column is missing. */
  column: string | null;
  message: LocalisedText;
}

export interface LearnerImportResult {
  records: LearnerImportRecord[];
  errors: LearnerImportError[];
  /** Rows read (with or without errors). */
  rowCount: number;
  columnByField: Partial<Record<LearnerImportField, number>>;
  ignoredHeaders: string[];
}

// ---------------------------------------------------------------- messages

const messages = {
  required: { fr: 'Champ obligatoire.', en: 'Required.' },
  tooLong: { fr: 'Texte trop long.', en: 'Text too long.' },
  invalidEmail: { fr: 'Adresse e-mail invalide.', en: 'Invalid email address.' },
  invalidDate: {
    fr: 'Date invalide : écrivez JJ/MM/AAAA (année sur quatre chiffres).',
    en: 'Invalid date: write DD/MM/YYYY (four-digit year).',
  },
  implausibleBirthDate: { fr: 'Date de naissance invraisemblable.', en: 'Implausible birth date.' },
  birthAfterStart: { fr: 'La date de naissance doit précéder le départ.', en: 'The birth date must be before the start.' },
  endBeforeStart: { fr: 'La date de fin précède la date de début.', en: 'The end date is before the start date.' },
  invalidPhone: { fr: 'Numéro de téléphone invalide.', en: 'Invalid phone number.' },
  invalidEqfLevel: {
    fr: 'Le niveau CEC (EQF) d’une qualification EFP est un nombre entier de 2 à 5.',
    en: 'The EQF level of a VET qualification is a whole number from 2 to 5.',
  },
  unknownCountry: {
    fr: 'Pays inconnu : écrivez son nom (Pologne) ou son code à deux lettres (PL).',
    en: 'Unknown country: write its name (Poland) or two-letter code (PL).',
  },
  unknownActivityType: {
    fr: 'Type d’activité inconnu : courte durée, ErasmusPro ou compétition de métiers.',
    en: 'Unknown activity type: short-term, ErasmusPro or skills competition.',
  },
  unknownTransport: {
    fr: 'Moyen de transport inconnu : train, bus ou autocar, covoiturage, vélo, voiture, avion, bateau ou autre.',
    en: 'Unknown means of transport: train, bus or coach, car-sharing, bicycle, private car, plane, boat or other.',
  },
  invalidYesNo: { fr: 'Répondez par oui ou non.', en: 'Answer yes or no.' },
  duplicateLearner: { fr: 'Même apprenant qu’à une ligne précédente.', en: 'Same learner as an earlier row.' },
  missingColumn: { fr: 'Colonne absente du fichier.', en: 'Column missing from the file.' },
} as const satisfies Record<string, LocalisedText>;
type MessageKey = keyof typeof messages;

// ---------------------------------------------------------------- cells → typed values → zod

/**
 * Cells are first converted from the ways people write them (day-first dates, decimal commas, country
 * names, "Oui") by plain functions, then the typed row is validated by one zod schema. Keeping zod free
 * of transforms keeps 10,000 rows well under a second.
 */
const invalid = Symbol('invalid cell');
type Converted<Value> = Value | null | typeof invalid;

function text(value: string): string | null {
  const collapsed = value.replace(/\s+/g, ' ').trim();
  return collapsed === '' ? null : collapsed;
}

function date(value: string): Converted<string> {
  if (value.trim() === '') return null;
  return parseSpreadsheetDate(value) ?? invalid;
}

function number(value: string): number | null {
  if (value.trim() === '') return null;
  // "Niveau 4", "EQF 4" → 4; anything unreadable becomes NaN, which the schema refuses.
  return parseSpreadsheetNumber(value.replace(/^(niveau|level|eqf|cec)\s*/i, '')) ?? Number.NaN;
}

function lookUp<Value>(value: string, find: (text: string) => Value | null | undefined): Converted<Value> {
  if (value.trim() === '') return null;
  return find(value) ?? invalid;
}

/** Which message a cell that cannot be converted gets. */
const conversionMessages = {
  birthDate: 'invalidDate',
  startDate: 'invalidDate',
  endDate: 'invalidDate',
  hostCountry: 'unknownCountry',
  activityType: 'unknownActivityType',
  mainTransport: 'unknownTransport',
  isGreenTravel: 'invalidYesNo',
} as const satisfies Partial<Record<LearnerImportField, MessageKey>>;

function convertRow(raw: Record<LearnerImportField, string>) {
  return {
    givenName: text(raw.givenName),
    familyName: text(raw.familyName),
    email: text(raw.email)?.toLowerCase() ?? null,
    birthDate: date(raw.birthDate),
    phone: text(raw.phone),
    guardianName: text(raw.guardianName),
    guardianEmail: text(raw.guardianEmail)?.toLowerCase() ?? null,
    guardianPhone: text(raw.guardianPhone),
    qualificationTitle: text(raw.qualificationTitle),
    eqfLevel: number(raw.eqfLevel),
    hostOrganisation: text(raw.hostOrganisation),
    hostCity: text(raw.hostCity),
    hostCountry: lookUp(raw.hostCountry, countryCode),
    startDate: date(raw.startDate),
    endDate: date(raw.endDate),
    activityType: lookUp(raw.activityType, (value) => activityTypeWords.get(normaliseHeader(value))),
    mainTransport: lookUp(raw.mainTransport, (value) => transportWords.get(normaliseHeader(value))),
    isGreenTravel: lookUp(raw.isGreenTravel, parseSpreadsheetBoolean),
  } satisfies Record<LearnerImportField, unknown>;
}

const requiredText = (maximumLength: number) => z.string({ error: 'required' }).max(maximumLength, { error: 'tooLong' });
const optionalText = (maximumLength: number) => z.string().max(maximumLength, { error: 'tooLong' }).nullable();
const optionalEmail = z.email({ error: 'invalidEmail' }).max(254, { error: 'invalidEmail' }).nullable();
// Digits with the usual separators and an optional leading +; 6 to 15 digits (E.164 allows 15).
const optionalPhone = z
  .string()
  .regex(/^\+?[\d ().-]+$/, { error: 'invalidPhone' })
  .refine(
    (phone) => {
      const digitCount = phone.replace(/\D/g, '').length;
      return digitCount >= 6 && digitCount <= 15;
    },
    { error: 'invalidPhone' },
  )
  .nullable();
const requiredDate = z.iso.date({ error: 'required' });

/** The typed row every imported learner must satisfy. */
export const learnerImportRowSchema = z.object({
  givenName: requiredText(100),
  familyName: requiredText(100),
  email: optionalEmail,
  birthDate: requiredDate,
  phone: optionalPhone,
  guardianName: optionalText(200),
  guardianEmail: optionalEmail,
  guardianPhone: optionalPhone,
  qualificationTitle: optionalText(300),
  eqfLevel: z
    .number({ error: 'invalidEqfLevel' })
    .int({ error: 'invalidEqfLevel' })
    .min(2, { error: 'invalidEqfLevel' })
    .max(5, { error: 'invalidEqfLevel' })
    .nullable(),
  hostOrganisation: optionalText(300),
  hostCity: optionalText(200),
  hostCountry: z.string().length(2).nullable(),
  startDate: requiredDate,
  endDate: requiredDate,
  activityType: z.enum(learnerActivityTypes).nullable(),
  mainTransport: z.enum(transportModes).nullable(),
  isGreenTravel: z.boolean().nullable(),
} satisfies Record<LearnerImportField, z.ZodType>);

// ---------------------------------------------------------------- words people write

type LearnerActivityType = (typeof learnerActivityTypes)[number];

/** Learner activities only: staff and accompanying persons are not imported from a learner list. */
const activityTypeWords = wordMap<LearnerActivityType>({
  vet_short_term: [
    'vet_short_term',
    'court',
    'courte',
    'court terme',
    'courte durée',
    'mobilité courte',
    'stage court',
    'short term',
    'short-term',
    'short',
  ],
  erasmus_pro: [
    'erasmus_pro',
    'ErasmusPro',
    'Erasmus Pro',
    'long',
    'longue',
    'long terme',
    'longue durée',
    'mobilité longue',
    'long term',
    'long-term',
  ],
  skills_competition: [
    'skills_competition',
    'compétition',
    'compétition de métiers',
    'concours',
    'WorldSkills',
    'EuroSkills',
    'skills competition',
  ],
} satisfies Record<LearnerActivityType, string[]>);

const transportWords = wordMap<TransportMode>({
  train: ['train', 'TGV', 'TER', 'rail'],
  // "Car" alone is left out on purpose: a coach in French, a private car in English.
  bus: ['bus', 'autocar', 'coach'],
  car_sharing: ['car_sharing', 'covoiturage', 'car sharing', 'car-sharing', 'carpooling', 'car pooling'],
  bicycle: ['vélo', 'velo', 'bicyclette', 'bicycle', 'bike'],
  car: ['voiture', 'automobile', 'private car'],
  plane: ['avion', 'plane', 'flight', 'vol', 'aérien'],
  boat: ['bateau', 'ferry', 'boat'],
  other: ['autre', 'other'],
});

function wordMap<Value extends string>(wordsByValue: Record<Value, readonly string[]>): Map<string, Value> {
  const map = new Map<string, Value>();
  for (const [value, words] of Object.entries(wordsByValue) as [Value, readonly string[]][]) {
    for (const word of words) map.set(normaliseHeader(word), value);
  }
  return map;
}

let countryCodeByName: Map<string, string> | null = null;

/**
 * ISO code of a country written as a code ("PL") or a name in the languages of the product and of
 * common destinations ("Pologne", "Poland", "Polska"), from the runtime's CLDR data (Intl.DisplayNames).
 */
export function countryCode(value: string): string | null {
  // A file names the same few countries thousands of times: remember the answers.
  let code = countryCodeCache.get(value);
  if (code === undefined) {
    code = lookUpCountryCode(value);
    if (countryCodeCache.size < 10_000) countryCodeCache.set(value, code);
  }
  return code;
}

const countryCodeCache = new Map<string, string | null>();

function lookUpCountryCode(value: string): string | null {
  const text = value.trim();
  if (/^[A-Za-z]{2}$/.test(text)) {
    const code = text.toUpperCase() === 'UK' ? 'GB' : text.toUpperCase();
    return countryNames().has(`code:${code}`) ? code : null;
  }
  return countryNames().get(foldForMatching(text)) ?? null;
}

/** Lower case, no accents, letters and digits only: "Lebœuf" and "LEBŒUF" match, as do "Pays-Bas" and "pays bas". */
function foldForMatching(name: string): string {
  return (
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      // Ligatures do not decompose: "Lebœuf" typed as "Leboeuf" is the same person.
      .replace(/œ/g, 'oe')
      .replace(/æ/g, 'ae')
      .replace(/ß/g, 'ss')
      .replace(/[^a-z0-9]+/g, '')
  );
}

function countryNames(): Map<string, string> {
  if (countryCodeByName) return countryCodeByName;
  const map = new Map<string, string>();
  const locales = ['fr', 'en', 'de', 'es', 'it', 'nl', 'pl', 'pt', 'fi', 'sv', 'cs'];
  const displayNames = locales.map((locale) => new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' }));
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const first of letters) {
    for (const second of letters) {
      const code = first + second;
      // Skip groupings and pseudo-regions CLDR names anyway (XK stays: Kosovo), and deprecated codes
      // (DD, YU, UK…) that CLDR replaces by their successor, so "Allemagne" is DE, not DD.
      if (['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ'].includes(code) || Intl.getCanonicalLocales(`und-${code}`)[0] !== `und-${code}`)
        continue;
      for (const names of displayNames) {
        const name = names.of(code);
        if (!name || name === code) continue;
        map.set(`code:${code}`, code);
        const key = foldForMatching(name);
        if (!map.has(key)) map.set(key, code);
      }
    }
  }
  for (const [alias, code] of [
    ['Hollande', 'NL'],
    ['Angleterre', 'GB'],
    ['Royaume Uni', 'GB'],
    ['UK', 'GB'],
    ['République tchèque', 'CZ'],
    ['Czech Republic', 'CZ'],
  ] as const) {
    map.set(foldForMatching(alias), code);
  }
  countryCodeByName = map;
  return map;
}

// ---------------------------------------------------------------- mapping

export function mapLearnerImportRows(table: SpreadsheetTable): LearnerImportResult {
  const { columnByField, ignoredHeaders } = matchColumns(table.headers, learnerImportColumnTitles);
  const errors: LearnerImportError[] = [];
  const missingRequired = requiredLearnerImportFields.filter((field) => columnByField[field] === undefined);
  if (missingRequired.length > 0) {
    for (const field of missingRequired) errors.push({ line: 1, field, column: null, message: messages.missingColumn });
    return { records: [], errors, rowCount: table.rows.length, columnByField, ignoredHeaders };
  }
  const columns: RowColumns = {
    indexes: learnerImportFields.map((field) => columnByField[field]),
    titles: Object.fromEntries(
      learnerImportFields.map((field) => {
        const index = columnByField[field];
        return [field, index === undefined ? null : (table.headers[index] ?? null)];
      }),
    ) as Record<LearnerImportField, string | null>,
  };
  const records: LearnerImportRecord[] = [];
  const lineByKey = new Map<string, number>();
  for (const row of table.rows) {
    const outcome = mapRow(row, columns, lineByKey);
    if (Array.isArray(outcome)) {
      errors.push(...outcome);
    } else {
      lineByKey.set(outcome.matchingKey, row.line);
      lineByKey.set(outcome.nameAndBirthDateKey, row.line);
      records.push(outcome);
    }
  }
  return { records, errors, rowCount: table.rows.length, columnByField, ignoredHeaders };
}

interface RowColumns {
  /** Column index of each field, in `learnerImportFields` order. */
  indexes: (number | undefined)[];
  titles: Record<LearnerImportField, string | null>;
}

const conversionChecks = Object.entries(conversionMessages) as [LearnerImportField, MessageKey][];
const fieldOrder = new Map(learnerImportFields.map((field, index) => [field, index]));

function mapRow(
  row: SpreadsheetRow,
  columns: RowColumns,
  lineByKey: ReadonlyMap<string, number>,
): LearnerImportRecord | LearnerImportError[] {
  const raw = {} as Record<LearnerImportField, string>;
  learnerImportFields.forEach((field, position) => {
    const index = columns.indexes[position];
    raw[field] = index === undefined ? '' : (row.values[index] ?? '');
  });
  const rowErrors: LearnerImportError[] = [];
  const addError = (field: LearnerImportField, key: MessageKey) =>
    rowErrors.push({ line: row.line, field, column: columns.titles[field], message: messages[key] });

  const converted = convertRow(raw);
  let unconvertible: Set<LearnerImportField> | null = null;
  for (const [field, key] of conversionChecks) {
    if (converted[field] === invalid) {
      (unconvertible ??= new Set()).add(field);
      addError(field, key);
    }
  }
  const parsed = learnerImportRowSchema.safeParse(converted);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as LearnerImportField;
      if (!unconvertible?.has(field)) addError(field, (issue.message in messages ? issue.message : 'required') as MessageKey);
    }
  }
  if (!parsed.success || unconvertible) {
    return rowErrors.sort((left, right) => fieldOrder.get(left.field)! - fieldOrder.get(right.field)!);
  }
  const cells = parsed.data;
  const start = isoDayNumber(cells.startDate)!;
  if (isoDayNumber(cells.endDate)! < start) addError('endDate', 'endBeforeStart');
  const birth = isoDayNumber(cells.birthDate)!;
  if (birth >= start) addError('birthDate', 'birthAfterStart');
  else if (cells.birthDate < '1900-01-01') addError('birthDate', 'implausibleBirthDate');

  const nameAndBirthDateKey = `person:${foldForMatching(cells.familyName)}|${foldForMatching(cells.givenName)}|${cells.birthDate}`;
  const matchingKey = cells.email ? `email:${cells.email}` : nameAndBirthDateKey;
  if (lineByKey.has(matchingKey) || lineByKey.has(nameAndBirthDateKey)) {
    addError(cells.email ? 'email' : 'familyName', 'duplicateLearner');
  }
  if (rowErrors.length > 0) return rowErrors;

  const hasGuardian = cells.guardianName !== null || cells.guardianEmail !== null || cells.guardianPhone !== null;
  return {
    line: row.line,
    matchingKey,
    nameAndBirthDateKey,
    learner: {
      givenName: cells.givenName,
      familyName: cells.familyName,
      email: cells.email,
      birthDate: cells.birthDate,
      phone: cells.phone,
      isMinorAtDeparture: (ageOn(cells.birthDate, cells.startDate) ?? 18) < 18,
    },
    guardian: hasGuardian ? { name: cells.guardianName, email: cells.guardianEmail, phone: cells.guardianPhone } : null,
    mobility: {
      // Coaches rarely write the activity type: the duration tells ErasmusPro (90 days or more) from short-term.
      activityType:
        cells.activityType ?? ((inclusiveDayCount(cells.startDate, cells.endDate) ?? 0) >= 90 ? 'erasmus_pro' : 'vet_short_term'),
      startDate: cells.startDate,
      endDate: cells.endDate,
      qualificationTitle: cells.qualificationTitle,
      eqfLevel: cells.eqfLevel,
      hostOrganisationName: cells.hostOrganisation,
      hostCity: cells.hostCity,
      hostCountryCode: cells.hostCountry,
      mainTransport: cells.mainTransport,
      isGreenTravel: cells.isGreenTravel ?? isGreenTransport(cells.mainTransport),
    },
  };
}

export interface ImportValidationContext {
  projectStartDate: string | null;
  projectEndDate: string | null;
  sendingCity: CityLocation | null;
  /** The host city resolved to coordinates (from the cities list), or null when not found. */
  hostCity: CityLocation | null;
  iscedField: string | null;
}

/** The pre-validation input for an imported row, so the preview shows EU-rule findings before anything is written. */
export function mobilityForValidationFromImport(record: LearnerImportRecord, context: ImportValidationContext): MobilityForValidation {
  return {
    activityType: record.mobility.activityType,
    startDate: record.mobility.startDate,
    endDate: record.mobility.endDate,
    interruptionDays: 0,
    travelDays: 0,
    mainTransport: record.mobility.mainTransport,
    isGreenTravel: record.mobility.isGreenTravel,
    isParticipant: true,
    isAccompanyingPerson: false,
    accompaniedLearnerCount: 0,
    eqfLevel: record.mobility.eqfLevel,
    iscedField: context.iscedField,
    qualificationTitle: record.mobility.qualificationTitle,
    sendingCity: context.sendingCity,
    hostCity: context.hostCity,
    declaredDistanceBand: null,
    projectStartDate: context.projectStartDate,
    projectEndDate: context.projectEndDate,
    hasFewerOpportunities: false,
    fewerOpportunitiesJustification: null,
    isForceMajeure: false,
    forceMajeureExplanation: null,
    participantBirthDate: record.learner.birthDate,
  };
}
