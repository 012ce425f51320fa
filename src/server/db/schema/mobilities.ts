import { boolean, customType, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Raw bytes (PGlite and node-postgres both return a Buffer/Uint8Array). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });
import { createdAt, timestampUtc, updatedAt } from './columns.js';
import { people } from './people.js';
import { consortia, organisations } from './organisations.js';

export const keyActions = ['KA121', 'KA122', 'KA220'] as const;
export const projectFields = ['VET', 'ADU', 'HED'] as const;
export const mobilityStatuses = ['draft', 'candidate', 'selected', 'confirmed', 'under_way', 'completed', 'closed', 'withdrawn', 'interrupted'] as const;
export type MobilityStatus = (typeof mobilityStatuses)[number];
export const budgetLines = ['organisational_support', 'individual_support', 'travel', 'inclusion_support', 'exceptional_costs'] as const;

/** An Erasmus+ grant project (code YYYY-R-NA00-KA000-FFF-000000000). */
export const grantProjects = pgTable(
  'grant_projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    keyAction: text('key_action', { enum: keyActions }).notNull(),
    field: text('field', { enum: projectFields }).notNull(),
    beneficiaryId: uuid('beneficiary_id')
      .notNull()
      .references(() => organisations.id),
    consortiumId: uuid('consortium_id').references(() => consortia.id),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    /** Euros per budget line (organisational support, individual support, travel, inclusion, exceptional). */
    budget: jsonb('budget').$type<Partial<Record<(typeof budgetLines)[number], number>>>().notNull().default({}),
    /** Planned number of mobilities per activity type. */
    plannedMobilities: jsonb('planned_mobilities').$type<Record<string, number>>().notNull().default({}),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex('grant_projects_code_unique').on(table.code), index('grant_projects_beneficiary_idx').on(table.beneficiaryId)],
);

/** The organisations that send participants in a project (the beneficiary, or a consortium's members). */
export const projectSendingOrganisations = pgTable(
  'project_sending_organisations',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => grantProjects.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
  },
  (table) => [primaryKey({ columns: [table.projectId, table.organisationId] }), index('project_sending_organisation_idx').on(table.organisationId)],
);

/** One participant in one activity of a project. */
export const mobilities = pgTable(
  'mobilities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => grantProjects.id),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => people.id),
    sendingOrganisationId: uuid('sending_organisation_id')
      .notNull()
      .references(() => organisations.id),
    activityType: text('activity_type').notNull(),
    status: text('status', { enum: mobilityStatuses }).notNull().default('draft'),
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    interruptionDays: integer('interruption_days').notNull().default(0),
    travelDays: integer('travel_days').notNull().default(0),
    mainTransport: text('main_transport'),
    isGreenTravel: boolean('is_green_travel').notNull().default(false),
    distanceKm: doublePrecision('distance_km'),
    distanceBand: text('distance_band'),
    eqfLevel: integer('eqf_level'),
    qualificationTitle: text('qualification_title'),
    qualificationCode: text('qualification_code'),
    iscedField: text('isced_field'),
    placementLanguage: text('placement_language'),
    cefrLevel: text('cefr_level'),
    hasFewerOpportunities: boolean('has_fewer_opportunities').notNull().default(false),
    fewerOpportunitiesJustification: text('fewer_opportunities_justification'),
    inclusionSupportEuros: integer('inclusion_support_euros'),
    isForceMajeure: boolean('is_force_majeure').notNull().default(false),
    forceMajeureExplanation: text('force_majeure_explanation'),
    tutorId: uuid('tutor_id').references(() => people.id),
    accommodationKind: text('accommodation_kind'),
    hostFamilyId: uuid('host_family_id').references(() => people.id),
    statusReason: text('status_reason'),
    /** Stable key for re-imports of the same spreadsheet (email, or name and birth date). */
    importKey: text('import_key'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index('mobilities_project_status_idx').on(table.projectId, table.status),
    index('mobilities_status_start_idx').on(table.status, table.startDate, table.id),
    index('mobilities_start_idx').on(table.startDate, table.id),
    index('mobilities_sending_status_idx').on(table.sendingOrganisationId, table.status, table.startDate),
    index('mobilities_participant_idx').on(table.participantId),
    index('mobilities_tutor_idx').on(table.tutorId),
    index('mobilities_host_family_idx').on(table.hostFamilyId),
    uniqueIndex('mobilities_project_import_key_unique').on(table.projectId, table.importKey),
  ],
);

/** Where the participant goes: host organisation and city, with dates (up to ten per mobility). */
export const mobilityItineraries = pgTable(
  'mobility_itineraries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mobilityId: uuid('mobility_id')
      .notNull()
      .references(() => mobilities.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(1),
    hostOrganisationId: uuid('host_organisation_id')
      .notNull()
      .references(() => organisations.id),
    city: text('city').notNull(),
    country: text('country').notNull(),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
  },
  (table) => [
    index('mobility_itineraries_mobility_idx').on(table.mobilityId, table.position),
    index('mobility_itineraries_host_idx').on(table.hostOrganisationId, table.mobilityId),
    index('mobility_itineraries_country_idx').on(table.country, table.mobilityId),
  ],
);

/** An accompanying person's mobility and the learners' mobilities it accompanies. */
export const accompaniments = pgTable(
  'accompaniments',
  {
    accompanyingMobilityId: uuid('accompanying_mobility_id')
      .notNull()
      .references(() => mobilities.id, { onDelete: 'cascade' }),
    learnerMobilityId: uuid('learner_mobility_id')
      .notNull()
      .references(() => mobilities.id, { onDelete: 'cascade' }),
  },
  (table) => [primaryKey({ columns: [table.accompanyingMobilityId, table.learnerMobilityId] })],
);

export const consentKinds = ['mobility', 'travel', 'emergency_medical_care', 'photos'] as const;
export type ConsentKind = (typeof consentKinds)[number];
export const consentMethods = ['signed_paper', 'online', 'email'] as const;

/** A guardian's consent for a minor's mobility, recorded with date and method, revocable. */
export const consents = pgTable(
  'consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mobilityId: uuid('mobility_id')
      .notNull()
      .references(() => mobilities.id, { onDelete: 'cascade' }),
    guardianId: uuid('guardian_id')
      .notNull()
      .references(() => people.id),
    kind: text('kind', { enum: consentKinds }).notNull(),
    method: text('method', { enum: consentMethods }).notNull(),
    givenOn: date('given_on', { mode: 'string' }).notNull(),
    revokedAt: timestampUtc('revoked_at'),
    recordedById: uuid('recorded_by_id').references(() => people.id),
    createdAt: createdAt(),
  },
  (table) => [index('consents_mobility_idx').on(table.mobilityId)],
);

export const contactSides = ['sending', 'host'] as const;

/** Emergency contacts on the sending and host sides: two different people each for a minor. */
export const emergencyContacts = pgTable(
  'emergency_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mobilityId: uuid('mobility_id')
      .notNull()
      .references(() => mobilities.id, { onDelete: 'cascade' }),
    side: text('side', { enum: contactSides }).notNull(),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    relationship: text('relationship'),
    createdAt: createdAt(),
  },
  (table) => [index('emergency_contacts_mobility_idx').on(table.mobilityId)],
);

/** Health, diet and accessibility needs of a participant; shown only to those who need them. */
export const participantNeeds = pgTable('participant_needs', {
  personId: uuid('person_id')
    .primaryKey()
    .references(() => people.id, { onDelete: 'cascade' }),
  health: text('health'),
  diet: text('diet'),
  accessibility: text('accessibility'),
  /** The coach decides whether the host family sees the diet and allergy needs. */
  isDietSharedWithHostFamily: boolean('is_diet_shared_with_host_family').notNull().default(false),
  updatedAt: updatedAt(),
});

/** An uploaded spreadsheet waiting for the coach to confirm its preview; kept to audit what was imported. */
export const spreadsheetImports = pgTable(
  'spreadsheet_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => grantProjects.id, { onDelete: 'cascade' }),
    sendingOrganisationId: uuid('sending_organisation_id')
      .notNull()
      .references(() => organisations.id),
    uploadedById: uuid('uploaded_by_id').references(() => people.id),
    fileName: text('file_name').notNull(),
    content: bytea('content').notNull(),
    rowCount: integer('row_count').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    committedAt: timestampUtc('committed_at'),
    createdAt: createdAt(),
  },
  (table) => [index('spreadsheet_imports_project_idx').on(table.projectId)],
);

/** What a host organisation offers learners; the map's directory entries start from it. */
export const hostProfiles = pgTable('host_profiles', {
  organisationId: uuid('organisation_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  naceCode: text('nace_code'),
  trades: text('trades').array().notNull().default([]),
  acceptsMinors: boolean('accepts_minors').notNull().default(false),
  minimumAge: integer('minimum_age'),
  capacity: integer('capacity'),
  hasSafetyInduction: boolean('has_safety_induction').notNull().default(false),
  providesPpe: boolean('provides_ppe').notNull().default(false),
  helpsWithAccommodation: boolean('helps_with_accommodation').notNull().default(false),
  updatedAt: updatedAt(),
});

/** A host family's vetting record, seen by coaches only. */
export const hostFamilyProfiles = pgTable('host_family_profiles', {
  personId: uuid('person_id')
    .primaryKey()
    .references(() => people.id, { onDelete: 'cascade' }),
  address: text('address'),
  household: text('household'),
  vettedOn: date('vetted_on', { mode: 'string' }),
  notes: text('notes'),
  updatedAt: updatedAt(),
});

/**
 * The rates of an organisation's grant agreement, typed by its staff, for grant estimates. One row
 * per rate: `daily_first:<learner|staff>:<group>`, `daily_long:<learner|staff>:<group>`,
 * `travel_standard:<band>`, `travel_green:<band>`; amounts in euro cents.
 */
export const grantRates = pgTable(
  'grant_rates',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    rateKey: text('rate_key').notNull(),
    cents: integer('cents').notNull(),
    updatedById: uuid('updated_by_id').references(() => people.id, { onDelete: 'set null' }),
    updatedAt: updatedAt(),
  },
  (table) => [primaryKey({ columns: [table.organisationId, table.rateKey] })],
);
