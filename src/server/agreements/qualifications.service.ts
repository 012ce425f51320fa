import type { Database } from '../db/client.js';
import type { Actor } from '../http/context.js';
import { AppError, notFound } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { canOnCatalogue, catalogueOrganisations } from './agreements.policy.js';
import {
  loadQualificationDocuments,
  qualificationContentHash,
  type ImportPreview,
  type QualificationDocument,
} from './qualification-content.js';
import type { OutcomeForm, QualificationForm } from './agreements.schema.js';
import * as repository from './qualifications.repository.js';

/**
 * Loads content/qualifications into the catalogue: a new or changed file is (re)written, an unchanged
 * one is left alone, so the seed runs at every start.
 */
export async function seedQualifications(
  db: Database,
  documents: QualificationDocument[] = loadQualificationDocuments(),
  now = new Date(),
) {
  let changed = 0;
  for (const document of documents) {
    const hash = qualificationContentHash(document);
    const didChange = await db.transaction(async (tx) => {
      const existing = await repository.findQualificationBySlug(tx, document.slug);
      if (existing?.seededContentHash === hash) return false;
      const saved = await repository.saveQualification(tx, document, {
        organisationId: null,
        createdById: null,
        seededContentHash: hash,
        now,
      });
      await recordAudit(tx, {
        actorId: null,
        action: 'qualification.seeded',
        entityType: 'qualification',
        entityId: saved.id,
        details: { slug: document.slug },
      });
      return true;
    });
    if (didChange) changed += 1;
  }
  return changed;
}

export async function catalogueFor(db: Database, actor: Actor) {
  if (!canOnCatalogue(actor.viewer, 'read')) throw notFound();
  return repository.listQualifications(db, catalogueOrganisations(actor.viewer, 'read'));
}

export async function qualificationFor(db: Database, actor: Actor, slug: string) {
  if (!canOnCatalogue(actor.viewer, 'read') || !/^[a-z0-9-]{2,60}$/.test(slug)) throw notFound();
  const qualification = await repository.findQualificationBySlug(db, slug, catalogueOrganisations(actor.viewer, 'read'));
  if (!qualification) throw notFound();
  return { qualification, units: await repository.unitsWithOutcomes(db, qualification.id) };
}

/** The organisation an import belongs to: the first one the viewer manages; none for a platform admin. */
function owningOrganisation(actor: Actor): string | null {
  const organisations = catalogueOrganisations(actor.viewer, 'manage');
  if (organisations === null) return null;
  if (organisations.length === 0) throw notFound();
  return organisations[0]!;
}

/** Adds to a preview the problems only the database knows: a slug already taken by someone else. */
export async function checkImport(db: Database, actor: Actor, preview: ImportPreview): Promise<ImportPreview> {
  const owner = owningOrganisation(actor);
  const problems = [...preview.problems];
  for (const [index, document] of preview.documents.entries()) {
    const existing = await repository.findQualificationBySlug(db, document.slug);
    if (existing && existing.organisationId !== owner)
      problems.push({ line: index + 1, message: `${document.slug}: slug already used by another catalogue entry` });
  }
  return { documents: preview.documents, problems };
}

/** Writes every qualification of a checked import, all or nothing, with one audit row each. */
export async function importQualifications(db: Database, actor: Actor, preview: ImportPreview) {
  const checked = await checkImport(db, actor, preview);
  if (checked.problems.length || checked.documents.length === 0) throw new AppError('invalid_input', 'qualifications.import.hasProblems');
  const owner = owningOrganisation(actor);
  return db.transaction(async (tx) => {
    for (const document of checked.documents) {
      const saved = await repository.saveQualification(tx, document, {
        organisationId: owner,
        createdById: actor.viewer.personId,
        seededContentHash: null,
        now: actor.now,
      });
      await recordAudit(tx, {
        actorId: actor.viewer.personId,
        action: 'qualification.imported',
        entityType: 'qualification',
        entityId: saved.id,
        organisationId: owner,
        requestId: actor.requestId,
        details: { slug: document.slug, units: document.units.length },
      });
    }
    return checked.documents.length;
  });
}

function outcomeFrom(form: OutcomeForm) {
  return {
    key: form.outcomeKey,
    kind: form.kind,
    text: { fr: form.textFr, en: form.textEn },
    criteria: form.criteriaFr.map((fr, index) => ({ fr, en: form.criteriaEn[index] ?? fr })),
  };
}

async function saveTyped(db: Database, actor: Actor, document: QualificationDocument, organisationId: string | null, action: string) {
  return db.transaction(async (tx) => {
    const saved = await repository.saveQualification(tx, document, {
      organisationId,
      createdById: actor.viewer.personId,
      seededContentHash: null,
      now: actor.now,
    });
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action,
      entityType: 'qualification',
      entityId: saved.id,
      organisationId,
      requestId: actor.requestId,
      details: { slug: document.slug },
    });
    return saved;
  });
}

/** A new qualification typed by a coach, starting with its first unit and outcome. */
export async function createQualification(db: Database, actor: Actor, form: QualificationForm) {
  const owner = owningOrganisation(actor);
  if (await repository.findQualificationBySlug(db, form.slug))
    throw new AppError('invalid_input', 'qualifications.form.slugTaken', { slug: 'qualifications.form.slugTaken' });
  const document: QualificationDocument = {
    slug: form.slug,
    title: { fr: form.titleFr, en: form.titleEn },
    nationalCode: form.nationalCode || null,
    eqfLevel: form.eqfLevel,
    awardingBody: { fr: form.awardingBodyFr, en: form.awardingBodyEn },
    sources: [],
    units: [{ code: form.unitCode, title: { fr: form.unitTitleFr, en: form.unitTitleEn }, outcomes: [outcomeFrom(form)] }],
  };
  return saveTyped(db, actor, document, owner, 'qualification.created');
}

/** Whether the viewer may change this entry: their organisation's own; seeded ones only for a platform admin. */
export function canEditQualification(actor: Actor, qualification: { organisationId: string | null }) {
  const organisations = catalogueOrganisations(actor.viewer, 'manage');
  return organisations === null || (qualification.organisationId !== null && organisations.includes(qualification.organisationId));
}

/** Adds an outcome to a unit (a new unit when its code is new); outcome keys stay unique. */
export async function addOutcome(db: Database, actor: Actor, slug: string, form: OutcomeForm) {
  const { qualification, units } = await qualificationFor(db, actor, slug);
  if (!canEditQualification(actor, qualification)) throw notFound();
  if (units.some((unit) => unit.outcomes.some((outcome) => outcome.key === form.outcomeKey)))
    throw new AppError('invalid_input', 'qualifications.form.keyTaken', { outcomeKey: 'qualifications.form.keyTaken' });
  const existing = units.map((unit) => ({
    code: unit.code,
    title: unit.title,
    outcomes: unit.outcomes.map((outcome) => ({ key: outcome.key, kind: outcome.kind, text: outcome.text, criteria: outcome.criteria })),
  }));
  const target = existing.find((unit) => unit.code === form.unitCode);
  if (target) target.outcomes.push(outcomeFrom(form));
  else existing.push({ code: form.unitCode, title: { fr: form.unitTitleFr, en: form.unitTitleEn }, outcomes: [outcomeFrom(form)] });
  const document: QualificationDocument = {
    slug: qualification.slug,
    title: qualification.title,
    nationalCode: qualification.nationalCode,
    eqfLevel: qualification.eqfLevel,
    awardingBody: qualification.awardingBody,
    sources: qualification.sources,
    units: existing,
  };
  return saveTyped(db, actor, document, qualification.organisationId, 'qualification.outcome_added');
}
