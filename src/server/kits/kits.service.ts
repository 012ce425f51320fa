import type { Database } from '../db/client.js';
import type { Actor } from '../http/context.js';
import { AppError, notFound } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import {
  contentHash,
  kitSectionKeys,
  loadKitDocuments,
  type KitDocument,
  type KitFact,
  type KitSectionKey,
  type KitSource,
} from './kit-content.js';
import { canOnKits } from './kits.policy.js';
import type { CorrectionInput } from './kits.schema.js';
import * as repository from './kits.repository.js';

const slugPattern = /^[a-z0-9-]{1,60}$/;
const uuidPattern = /^[0-9a-f-]{36}$/i;

/**
 * Loads every kit of content/kits into the database: a new kit gets version 1; a kit whose files
 * changed since they were last seeded gets a new version; an unchanged kit is left alone, so the
 * seed can run at every start.
 */
export async function seedKits(db: Database, documents: KitDocument[] = loadKitDocuments(), now: Date = new Date()): Promise<number> {
  let changed = 0;
  for (const document of documents) {
    const hash = contentHash(document);
    const didChange = await db.transaction(async (tx) => {
      const existing = await repository.findKitBySlug(tx, document.slug);
      if (existing && existing.seededContentHash === hash) return false;
      if (!existing) {
        const kit = await repository.insertKit(tx, {
          slug: document.slug,
          countryCode: document.countryCode,
          version: 1,
          content: document,
          sources: document.sources,
          seededContentHash: hash,
          lastReviewed: document.lastReviewed,
          createdAt: now,
          updatedAt: now,
        });
        await repository.insertKitVersion(tx, {
          kitId: kit.id,
          version: 1,
          content: document,
          sources: document.sources,
          origin: 'content',
          createdAt: now,
        });
        await recordAudit(tx, {
          actorId: null,
          action: 'kit.seeded',
          entityType: 'kit',
          entityId: kit.id,
          details: { slug: document.slug, version: 1 },
        });
        return true;
      }
      const version = existing.version + 1;
      const values = {
        version,
        content: document,
        sources: document.sources,
        seededContentHash: hash,
        lastReviewed: document.lastReviewed,
        updatedAt: now,
      };
      if (!(await repository.updateKitVersion(tx, existing.id, existing.version, values))) return false;
      await repository.insertKitVersion(tx, {
        kitId: existing.id,
        version,
        content: document,
        sources: document.sources,
        origin: 'content',
        createdAt: now,
      });
      await recordAudit(tx, {
        actorId: null,
        action: 'kit.content_updated',
        entityType: 'kit',
        entityId: existing.id,
        details: { slug: document.slug, version },
      });
      return true;
    });
    if (didChange) changed += 1;
  }
  return changed;
}

export async function kitBySlug(db: Database, slug: string) {
  if (!slugPattern.test(slug)) throw notFound();
  const kit = await repository.findKitBySlug(db, slug);
  if (!kit) throw notFound();
  return kit;
}

function parseTarget(target: string): { section: KitSectionKey; factIndex: number | null } {
  const [section, position] = target.split(':') as [KitSectionKey, string];
  return { section, factIndex: position === 'new' ? null : Number(position) };
}

export async function proposeCorrection(db: Database, actor: Actor, slug: string, input: CorrectionInput) {
  if (!canOnKits(actor.viewer, 'proposeCorrection')) throw notFound();
  const kit = await kitBySlug(db, slug);
  const { section, factIndex } = parseTarget(input.target);
  if (!kitSectionKeys.includes(section) || (factIndex !== null && !kit.content.sections[section][factIndex])) {
    throw new AppError('invalid_input', 'kits.correction.targetRequired', { target: 'kits.correction.targetRequired' });
  }
  return db.transaction(async (tx) => {
    const correction = await repository.insertCorrection(tx, {
      kitId: kit.id,
      baseVersion: kit.version,
      section,
      factIndex,
      proposedTextFr: input.proposedTextFr,
      proposedTextEn: input.proposedTextEn,
      sourceUrl: input.sourceUrl,
      reason: input.reason,
      proposedById: actor.viewer.personId,
      createdAt: actor.now,
      updatedAt: actor.now,
    });
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'kit_correction.proposed',
      entityType: 'kit_correction',
      entityId: correction.id,
      requestId: actor.requestId,
      details: { slug, section, factIndex },
    });
    return correction;
  });
}

async function proposedCorrectionFor(db: Database, actor: Actor, correctionId: string) {
  if (!canOnKits(actor.viewer, 'reviewCorrection') || !uuidPattern.test(correctionId)) throw notFound();
  const correction = await repository.findCorrection(db, correctionId);
  if (!correction) throw notFound();
  if (correction.status !== 'proposed') throw new AppError('conflict', 'kits.review.alreadyReviewed');
  return correction;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** The kit content after a correction: the fact replaced or added, citing a new source for the URL. */
export function applyCorrection(
  content: KitDocument,
  correction: {
    id: string;
    section: string;
    factIndex: number | null;
    proposedTextFr: string;
    proposedTextEn: string;
    sourceUrl: string;
    reason: string;
  },
  reviewedOn: Date,
): KitDocument {
  const section = correction.section as KitSectionKey;
  const source: KitSource = {
    id: `correction-${correction.id.slice(0, 8)}`,
    title: correction.reason,
    publisher: new URL(correction.sourceUrl).hostname,
    url: correction.sourceUrl,
    checked: isoDay(reviewedOn),
  };
  const fact: KitFact = { fr: correction.proposedTextFr, en: correction.proposedTextEn, source: source.id };
  const facts = [...content.sections[section]];
  if (correction.factIndex === null) facts.push(fact);
  else facts[correction.factIndex] = fact;
  return { ...content, sections: { ...content.sections, [section]: facts }, sources: [...content.sources, source] };
}

export async function approveCorrection(db: Database, actor: Actor, correctionId: string) {
  const correction = await proposedCorrectionFor(db, actor, correctionId);
  if (correction.proposedById === actor.viewer.personId) throw new AppError('conflict', 'kits.review.ownCorrection');
  return db.transaction(async (tx) => {
    const kit = await repository.findKitById(tx, correction.kitId);
    if (!kit) throw notFound();
    // A replaced fact may have moved or changed since the proposal: the reviewer asks for a new one.
    if (correction.factIndex !== null && kit.version !== correction.baseVersion) throw new AppError('conflict', 'kits.review.stale');
    const content = applyCorrection(kit.content, correction, actor.now);
    const version = kit.version + 1;
    if (
      !(await repository.updateKitVersion(tx, kit.id, kit.version, { version, content, sources: content.sources, updatedAt: actor.now }))
    ) {
      throw new AppError('conflict', 'kits.review.stale');
    }
    await repository.insertKitVersion(tx, {
      kitId: kit.id,
      version,
      content,
      sources: content.sources,
      origin: 'correction',
      correctionId: correction.id,
      createdById: actor.viewer.personId,
      createdAt: actor.now,
    });
    if (
      !(await repository.closeCorrection(tx, correction.id, {
        status: 'approved',
        reviewedById: actor.viewer.personId,
        reviewedAt: actor.now,
        resultingVersion: version,
        updatedAt: actor.now,
      }))
    ) {
      throw new AppError('conflict', 'kits.review.alreadyReviewed');
    }
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'kit_correction.approved',
      entityType: 'kit_correction',
      entityId: correction.id,
      requestId: actor.requestId,
      details: { slug: kit.slug, version, sourceUrl: correction.sourceUrl },
    });
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'kit.version_created',
      entityType: 'kit',
      entityId: kit.id,
      requestId: actor.requestId,
      details: { slug: kit.slug, version, correctionId: correction.id },
    });
    return { slug: kit.slug, version };
  });
}

export async function rejectCorrection(db: Database, actor: Actor, correctionId: string, rejectionReason: string) {
  const correction = await proposedCorrectionFor(db, actor, correctionId);
  await db.transaction(async (tx) => {
    if (
      !(await repository.closeCorrection(tx, correction.id, {
        status: 'rejected',
        reviewedById: actor.viewer.personId,
        reviewedAt: actor.now,
        rejectionReason,
        updatedAt: actor.now,
      }))
    ) {
      throw new AppError('conflict', 'kits.review.alreadyReviewed');
    }
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'kit_correction.rejected',
      entityType: 'kit_correction',
      entityId: correction.id,
      requestId: actor.requestId,
      details: { rejectionReason },
    });
  });
}
