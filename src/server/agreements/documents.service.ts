import { createHash } from 'node:crypto';
import type { Database } from '../db/client.js';
import { notFound } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { newVerificationCode } from '../learning/credentials.js';
import type { agreementVersions } from '../db/schema/index.js';
import type { Language } from '../../shared/i18n/languages.js';
import { renderAgreementPdf } from './agreement-pdf.js';
import * as repository from './agreements.repository.js';

/** The SHA-256 of the file's bytes, as `sha256sum` prints it. */
export const fileHash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

type IssueRequest = {
  agreementId: string;
  mobilityId: string;
  version: typeof agreementVersions.$inferSelect;
  language: Language;
  baseUrl: string;
  now: Date;
};

/**
 * The PDF of a signed version, issued once: later downloads serve the same bytes, so the hash the
 * verification page knows is the hash of every copy handed out.
 */
export async function issueAgreementPdf(db: Database, request: IssueRequest) {
  const existing = await repository.findIssuedDocument(db, request.version.id, 'agreement');
  if (existing) return existing;
  const code = newVerificationCode();
  const signatures = await repository.signaturesOf(db, request.version.id);
  const sending = request.version.content.sendingOrganisation.name;
  const file = await renderAgreementPdf({
    content: request.version.content,
    version: request.version.version,
    contentHash: request.version.contentHash,
    signatures,
    language: request.language,
    code,
    verifyUrl: `${request.baseUrl}/verify/${code}`,
    issuedAt: request.now,
  });
  return db.transaction(async (tx) => {
    const inserted = await repository.insertIssuedDocument(tx, {
      kind: 'agreement',
      code,
      mobilityId: request.mobilityId,
      agreementVersionId: request.version.id,
      recordHash: request.version.contentHash,
      fileHash: fileHash(file),
      file,
      issuerName: sending,
      issuedOn: request.now.toISOString().slice(0, 10),
    });
    // Two first downloads at once: the one stored first is the document.
    if (!inserted) return (await repository.findIssuedDocument(tx, request.version.id, 'agreement'))!;
    await recordAudit(tx, {
      actorId: null,
      action: 'document.issued',
      entityType: 'issued_document',
      entityId: inserted.id,
      details: { kind: 'agreement', code, version: request.version.version },
    });
    return inserted;
  });
}

const codePattern = /^[2-9A-Z]{4}(-[2-9A-Z]{4}){3}$/;

/** What the public verification page may show about a code; null when the code is not one of ours. */
export async function documentByCode(db: Database, code: string) {
  const normalised = code.trim().toUpperCase();
  if (!codePattern.test(normalised)) return null;
  return (await repository.findIssuedDocumentByCode(db, normalised)) ?? null;
}

/** Compares an uploaded file with the issued one: any changed byte changes the SHA-256. */
export async function checkUploadedDocument(db: Database, code: string, bytes: Uint8Array) {
  const document = await documentByCode(db, code);
  if (!document) throw notFound();
  const uploadedHash = fileHash(bytes);
  return { document, uploadedHash, isIdentical: uploadedHash === document.fileHash };
}
