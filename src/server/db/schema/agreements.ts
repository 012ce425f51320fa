import { boolean, customType, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { AgreementContent, BilingualText } from '../../agreements/agreement-content.js';
import { createdAt, timestampUtc, updatedAt } from './columns.js';
import { people } from './people.js';
import { organisations } from './organisations.js';
import { mobilities } from './mobilities.js';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

export type QualificationSource = { id: string; title: string; publisher: string; url: string; checked: string };

/** A vocational qualification; seeded ones (from content/) have no owner and every organisation reads them. */
export const qualifications = pgTable(
  'qualifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
    title: jsonb('title').$type<BilingualText>().notNull(),
    nationalCode: text('national_code'),
    eqfLevel: integer('eqf_level').notNull(),
    awardingBody: jsonb('awarding_body').$type<BilingualText>().notNull(),
    sources: jsonb('sources').$type<QualificationSource[]>().notNull().default([]),
    /** SHA-256 of the content file last seeded: an unchanged file is not seeded again. */
    seededContentHash: text('seeded_content_hash'),
    createdById: uuid('created_by_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex('qualifications_slug_unique').on(table.slug), index('qualifications_organisation_idx').on(table.organisationId)],
);

export const qualificationUnits = pgTable(
  'qualification_units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    qualificationId: uuid('qualification_id')
      .notNull()
      .references(() => qualifications.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    code: text('code').notNull(),
    title: jsonb('title').$type<BilingualText>().notNull(),
  },
  (table) => [index('qualification_units_qualification_idx').on(table.qualificationId, table.position)],
);

export const outcomeKinds = ['knowledge', 'skills', 'autonomy'] as const;
export type OutcomeKind = (typeof outcomeKinds)[number];

/** A learning outcome of a unit, with its assessment criteria; `key` is stable across re-seeds. */
export const learningOutcomes = pgTable(
  'learning_outcomes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => qualificationUnits.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    key: text('key').notNull(),
    kind: text('kind', { enum: outcomeKinds }).notNull(),
    text: jsonb('text').$type<BilingualText>().notNull(),
    criteria: jsonb('criteria').$type<BilingualText[]>().notNull().default([]),
  },
  (table) => [index('learning_outcomes_unit_idx').on(table.unitId, table.position)],
);

export const agreementStatuses = ['draft', 'sent_for_signature', 'signed', 'amended', 'closed'] as const;
export type AgreementStatus = (typeof agreementStatuses)[number];

/** The learning agreement of one mobility; its content lives in versions. */
export const learningAgreements = pgTable('learning_agreements', {
  id: uuid('id').primaryKey().defaultRandom(),
  mobilityId: uuid('mobility_id')
    .notNull()
    .unique()
    .references(() => mobilities.id, { onDelete: 'cascade' }),
  status: text('status', { enum: agreementStatuses }).notNull().default('draft'),
  currentVersion: integer('current_version').notNull().default(1),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** One version of an agreement: frozen once sent for signature; the hash covers its canonical JSON. */
export const agreementVersions = pgTable(
  'agreement_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agreementId: uuid('agreement_id')
      .notNull()
      .references(() => learningAgreements.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    content: jsonb('content').$type<AgreementContent>().notNull(),
    contentHash: text('content_hash').notNull(),
    sentAt: timestampUtc('sent_at'),
    signedAt: timestampUtc('signed_at'),
    createdById: uuid('created_by_id').references(() => people.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex('agreement_versions_agreement_version_unique').on(table.agreementId, table.version)],
);

export const signerRoles = ['learner', 'guardian', 'sending_coach', 'host_tutor'] as const;
export type SignerRole = (typeof signerRoles)[number];

/** A signature asked of one person on one version, and once given: who, when, from where, on which hash. */
export const agreementSignatures = pgTable(
  'agreement_signatures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => agreementVersions.id, { onDelete: 'cascade' }),
    role: text('role', { enum: signerRoles }).notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    signerName: text('signer_name').notNull(),
    email: text('email').notNull(),
    language: text('language').notNull(),
    lastSentAt: timestampUtc('last_sent_at'),
    sendCount: integer('send_count').notNull().default(0),
    signedAt: timestampUtc('signed_at'),
    typedName: text('typed_name'),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    signedContentHash: text('signed_content_hash'),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('agreement_signatures_version_person_role_unique').on(table.versionId, table.personId, table.role)],
);

/** Single-use links; only the SHA-256 of the token is stored. A re-sent link replaces the previous one. */
export const signingLinks = pgTable(
  'signing_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    signatureId: uuid('signature_id')
      .notNull()
      .references(() => agreementSignatures.id, { onDelete: 'cascade' }),
    expiresAt: timestampUtc('expires_at').notNull(),
    usedAt: timestampUtc('used_at'),
    replacedAt: timestampUtc('replaced_at'),
    createdAt: createdAt(),
  },
  (table) => [index('signing_links_signature_idx').on(table.signatureId)],
);

export const issuedDocumentKinds = ['agreement', 'attendance', 'europass_like', 'evaluation'] as const;
export type IssuedDocumentKind = (typeof issuedDocumentKinds)[number];

/** A PDF as issued: its bytes, their SHA-256 and the public verification code printed on it. */
export const issuedDocuments = pgTable(
  'issued_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: issuedDocumentKinds }).notNull(),
    code: text('code').notNull(),
    mobilityId: uuid('mobility_id')
      .notNull()
      .references(() => mobilities.id, { onDelete: 'cascade' }),
    agreementVersionId: uuid('agreement_version_id').references(() => agreementVersions.id, { onDelete: 'cascade' }),
    /** The hash of the record the document prints (the agreement version hash). */
    recordHash: text('record_hash').notNull(),
    fileHash: text('file_hash').notNull(),
    file: bytea('file').notNull(),
    issuerName: text('issuer_name').notNull(),
    isRevoked: boolean('is_revoked').notNull().default(false),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('issued_documents_code_unique').on(table.code),
    uniqueIndex('issued_documents_version_kind_unique').on(table.agreementVersionId, table.kind),
    index('issued_documents_mobility_idx').on(table.mobilityId),
  ],
);
