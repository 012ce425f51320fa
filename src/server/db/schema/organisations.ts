import {
  boolean,
  doublePrecision,
  index,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, timestampUtc, updatedAt } from './columns.js';
import { people } from './people.js';

export const organisationTypes = [
  'training_centre',
  'vocational_school',
  'chamber',
  'company',
  'intermediary',
  'other',
] as const;
export type OrganisationType = (typeof organisationTypes)[number];

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type', { enum: organisationTypes }).notNull(),
    legalName: text('legal_name').notNull(),
    addressLine: text('address_line'),
    postcode: text('postcode'),
    city: text('city').notNull(),
    country: text('country').notNull(),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    oid: text('oid'),
    website: text('website'),
    languages: text('languages').array().notNull().default([]),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex('organisations_oid_unique').on(table.oid)],
);

/** The roles a person holds in an organisation; platform admin and animator live elsewhere. */
export const membershipRoles = [
  'org_admin',
  'mobility_coach',
  'teacher',
  'learner',
  'guardian',
  'host_contact',
  'host_tutor',
  'host_family',
  'accompanying_person',
  'consortium_coordinator',
  'alumni',
] as const;
export type MembershipRole = (typeof membershipRoles)[number];

export const memberships = pgTable(
  'memberships',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    role: text('role', { enum: membershipRoles }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.personId, table.organisationId, table.role] }),
    index('memberships_organisation_role_idx').on(table.organisationId, table.role),
  ],
);

export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role', { enum: membershipRoles }).notNull(),
    invitedById: uuid('invited_by_id').references(() => people.id, { onDelete: 'set null' }),
    language: text('language').notNull().default('fr'),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestampUtc('expires_at').notNull(),
    acceptedAt: timestampUtc('accepted_at'),
    revokedAt: timestampUtc('revoked_at'),
    createdAt: createdAt(),
  },
  (table) => [index('invitations_organisation_idx').on(table.organisationId)],
);

/** A coordinator organisation and its member organisations; owns grant projects. */
export const consortia = pgTable('consortia', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  description: text('description'),
  coordinatorId: uuid('coordinator_id')
    .notNull()
    .references(() => organisations.id),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const consortiumMembers = pgTable(
  'consortium_members',
  {
    consortiumId: uuid('consortium_id')
      .notNull()
      .references(() => consortia.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.consortiumId, table.organisationId] }),
    index('consortium_members_organisation_idx').on(table.organisationId),
  ],
);

/** A set of organisations with animators (working groups, calls for projects, indicators). */
export const networks = pgTable('networks', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  description: text('description'),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const networkMembers = pgTable(
  'network_members',
  {
    networkId: uuid('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.networkId, table.organisationId] }),
    index('network_members_organisation_idx').on(table.organisationId),
  ],
);

export const networkAnimators = pgTable(
  'network_animators',
  {
    networkId: uuid('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.networkId, table.personId] }),
    index('network_animators_person_idx').on(table.personId),
  ],
);

