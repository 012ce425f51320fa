import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../db/client.js';
import {
  accompaniments,
  agreementSignatures,
  agreementVersions,
  issuedDocuments,
  learningAgreements,
  mobilities,
  organisations,
  people,
  signingLinks,
  type AgreementStatus,
} from '../db/schema/index.js';

export async function findAgreementOfMobility(db: Database, mobilityId: string) {
  const [row] = await db.select().from(learningAgreements).where(eq(learningAgreements.mobilityId, mobilityId));
  return row;
}

export async function insertAgreement(db: Database, values: typeof learningAgreements.$inferInsert) {
  const [row] = await db.insert(learningAgreements).values(values).returning();
  return row!;
}

/** Moves the agreement only from the expected state and version (optimistic lock); false when someone else did. */
export async function moveAgreement(
  db: Database,
  agreementId: string,
  from: { status: readonly AgreementStatus[]; version: number },
  to: { status: AgreementStatus; version?: number; now: Date },
) {
  const rows = await db
    .update(learningAgreements)
    .set({ status: to.status, currentVersion: to.version ?? from.version, updatedAt: to.now })
    .where(
      and(
        eq(learningAgreements.id, agreementId),
        eq(learningAgreements.currentVersion, from.version),
        inArray(learningAgreements.status, [...from.status]),
      ),
    )
    .returning({ id: learningAgreements.id });
  return rows.length === 1;
}

export async function versionsOf(db: Database, agreementId: string) {
  return db.select().from(agreementVersions).where(eq(agreementVersions.agreementId, agreementId)).orderBy(asc(agreementVersions.version));
}

export async function insertVersion(db: Database, values: typeof agreementVersions.$inferInsert) {
  const [row] = await db.insert(agreementVersions).values(values).returning();
  return row!;
}

/** Changes a version's content only while it was never sent (sentAt null): a sent version is frozen. */
export async function updateUnsentVersion(
  db: Database,
  versionId: string,
  values: Pick<typeof agreementVersions.$inferInsert, 'content' | 'contentHash' | 'updatedAt'>,
) {
  const rows = await db
    .update(agreementVersions)
    .set(values)
    .where(and(eq(agreementVersions.id, versionId), isNull(agreementVersions.sentAt)))
    .returning({ id: agreementVersions.id });
  return rows.length === 1;
}

export async function markVersion(db: Database, versionId: string, values: { sentAt?: Date; signedAt?: Date }) {
  await db.update(agreementVersions).set(values).where(eq(agreementVersions.id, versionId));
}

export async function signaturesOf(db: Database, versionId: string) {
  return db
    .select()
    .from(agreementSignatures)
    .where(eq(agreementSignatures.versionId, versionId))
    .orderBy(asc(agreementSignatures.createdAt), asc(agreementSignatures.role));
}

export async function insertSignature(db: Database, values: typeof agreementSignatures.$inferInsert) {
  const [row] = await db.insert(agreementSignatures).values(values).returning();
  return row!;
}

export async function recordSent(db: Database, signatureId: string, now: Date) {
  await db
    .update(agreementSignatures)
    .set({ lastSentAt: now, sendCount: sql`${agreementSignatures.sendCount} + 1` })
    .where(eq(agreementSignatures.id, signatureId));
}

/** Stores a signature once: false when the row was already signed (two clicks, two tabs). */
export async function completeSignature(
  db: Database,
  signatureId: string,
  values: { signedAt: Date; typedName: string; ipAddress: string; userAgent: string; signedContentHash: string },
) {
  const rows = await db
    .update(agreementSignatures)
    .set(values)
    .where(and(eq(agreementSignatures.id, signatureId), isNull(agreementSignatures.signedAt)))
    .returning({ id: agreementSignatures.id });
  return rows.length === 1;
}

/** A new link replaces every earlier unused link of the same signature. */
export async function insertLink(db: Database, values: { tokenHash: string; signatureId: string; expiresAt: Date; now: Date }) {
  await db
    .update(signingLinks)
    .set({ replacedAt: values.now })
    .where(and(eq(signingLinks.signatureId, values.signatureId), isNull(signingLinks.usedAt), isNull(signingLinks.replacedAt)));
  await db
    .insert(signingLinks)
    .values({ tokenHash: values.tokenHash, signatureId: values.signatureId, expiresAt: values.expiresAt, createdAt: values.now });
}

/** Everything the signing page needs from a link: the signature asked, its version, agreement and mobility. */
export async function findLink(db: Database, tokenHash: string) {
  const [row] = await db
    .select({
      link: signingLinks,
      signature: agreementSignatures,
      version: agreementVersions,
      agreement: learningAgreements,
      mobility: mobilities,
    })
    .from(signingLinks)
    .innerJoin(agreementSignatures, eq(agreementSignatures.id, signingLinks.signatureId))
    .innerJoin(agreementVersions, eq(agreementVersions.id, agreementSignatures.versionId))
    .innerJoin(learningAgreements, eq(learningAgreements.id, agreementVersions.agreementId))
    .innerJoin(mobilities, eq(mobilities.id, learningAgreements.mobilityId))
    .where(eq(signingLinks.tokenHash, tokenHash));
  return row;
}

export async function useLink(db: Database, tokenHash: string, now: Date) {
  const rows = await db
    .update(signingLinks)
    .set({ usedAt: now })
    .where(and(eq(signingLinks.tokenHash, tokenHash), isNull(signingLinks.usedAt), isNull(signingLinks.replacedAt)))
    .returning({ tokenHash: signingLinks.tokenHash });
  return rows.length === 1;
}

export async function personContact(db: Database, personId: string) {
  const [row] = await db
    .select({
      id: people.id,
      givenName: people.givenName,
      familyName: people.familyName,
      email: people.email,
      phone: people.phone,
      preferredLanguage: people.preferredLanguage,
    })
    .from(people)
    .where(eq(people.id, personId));
  return row;
}

export async function organisationOf(db: Database, organisationId: string) {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, organisationId));
  return row;
}

export async function findIssuedDocument(db: Database, versionId: string, kind: (typeof issuedDocuments.$inferSelect)['kind']) {
  const [row] = await db
    .select()
    .from(issuedDocuments)
    .where(and(eq(issuedDocuments.agreementVersionId, versionId), eq(issuedDocuments.kind, kind)));
  return row;
}

export async function insertIssuedDocument(db: Database, values: typeof issuedDocuments.$inferInsert) {
  const [row] = await db.insert(issuedDocuments).values(values).onConflictDoNothing().returning();
  return row;
}

/** The public verification reads only what it shows, never the file. */
export async function findIssuedDocumentByCode(db: Database, code: string) {
  const [row] = await db
    .select({
      kind: issuedDocuments.kind,
      code: issuedDocuments.code,
      recordHash: issuedDocuments.recordHash,
      fileHash: issuedDocuments.fileHash,
      issuerName: issuedDocuments.issuerName,
      issuedOn: issuedDocuments.issuedOn,
      isRevoked: issuedDocuments.isRevoked,
      version: agreementVersions.version,
    })
    .from(issuedDocuments)
    .leftJoin(agreementVersions, eq(agreementVersions.id, issuedDocuments.agreementVersionId))
    .where(eq(issuedDocuments.code, code));
  return row;
}

/** The people accompanying a learner's mobility (DOMAIN.md "accompaniment"). */
export async function accompanyingPeopleOf(db: Database, learnerMobilityId: string) {
  const accompanying = alias(mobilities, 'accompanying_mobility');
  return db
    .select({ givenName: people.givenName, familyName: people.familyName, email: people.email, phone: people.phone })
    .from(accompaniments)
    .innerJoin(accompanying, eq(accompanying.id, accompaniments.accompanyingMobilityId))
    .innerJoin(people, eq(people.id, accompanying.participantId))
    .where(eq(accompaniments.learnerMobilityId, learnerMobilityId));
}
