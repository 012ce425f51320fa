import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '../db/client.js';
import type { Actor, AppDependencies } from '../http/context.js';
import { AppError, notFound } from '../http/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { Viewer } from '../accounts/viewer.js';
import type { TimelineRole, timelineSteps } from '../db/schema/index.js';
import { mobilityFor } from '../mobilities/mobilities.service.js';
import { checklistOf, courseOutline, sniffedType, type UploadedFile } from '../learning/learning.service.js';
import { findCourseBySlug } from '../learning/learning.repository.js';
import { learningStorage } from '../learning/file-storage.js';
import { loadTimelineDocuments, timelineContentHash, type TimelineDocument } from './timeline-content.js';
import {
  actionableStepRoles,
  canManageTimelinesOf,
  canSkipSteps,
  includesRole,
  managedOrganisations,
  visibleStepRoles,
} from './timeline.policy.js';
import type { CompleteStepInput, TemplateStepInput } from './timeline.schema.js';
import * as repository from './timeline.repository.js';
import { addDays, instantiateTimeline, isoDay } from './timeline-instantiation.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const assertUuid = (value: string) => {
  if (!uuidPattern.test(value)) throw notFound();
};

/** Evidence files: PDF, DOCX or ODT, checked by content; below the app's 2 MB request limit. */
export const maximumEvidenceBytes = 1_500_000;

// ---- seeding ---------------------------------------------------------------------------------------

type SeedResult = { templatesAdded: number; timelinesCreated: number; problems: string[] };

/**
 * Loads content/timelines: a slug seen for the first time or with a higher `version:` becomes a new
 * template version (mobilities already instantiated keep the steps they were given); an unchanged
 * file is left alone, so the seed runs at every start. Then gives a timeline to active mobilities
 * that have none (confirmed before this seed, or by the demo world).
 */
export async function seedTimelines(
  db: Database,
  documents: TimelineDocument[] = loadTimelineDocuments(),
  now: Date = new Date(),
): Promise<SeedResult> {
  const result: SeedResult = { templatesAdded: 0, timelinesCreated: 0, problems: [] };
  for (const document of documents) {
    const hash = timelineContentHash(document);
    const added = await db.transaction(async (tx) => {
      const latest = await repository.latestContentTemplate(tx, document.slug);
      if (latest && latest.version >= document.version) {
        if (latest.version === document.version && latest.contentHash !== hash)
          result.problems.push(`content/timelines/${document.slug}.yaml changed without a new version: raise "version" to publish it`);
        return false;
      }
      const template = await repository.insertTemplate(tx, {
        slug: document.slug,
        version: document.version,
        title: document.title,
        description: document.description,
        appliesTo: document.appliesTo,
        languages: document.languages,
        sources: document.sources,
        contentHash: hash,
        createdAt: now,
        updatedAt: now,
      });
      if (!template) return false;
      await repository.insertTemplateSteps(
        tx,
        document.steps.map((step, index) => ({
          templateId: template.id,
          position: index + 1,
          key: step.key,
          phase: step.phase,
          role: step.role,
          anchor: step.due.anchor,
          offsetDays: step.due.offsetDays,
          evidence: step.evidence,
          evidenceDetail: step.evidenceDetail,
          conditions: step.conditions,
          title: step.title,
          guidance: step.guidance,
          resources: step.resources,
        })),
      );
      await recordAudit(tx, {
        actorId: null,
        action: 'timeline_template.seeded',
        entityType: 'timeline_template',
        entityId: template.id,
        details: { slug: document.slug, version: document.version },
      });
      return true;
    });
    if (added) result.templatesAdded += 1;
  }
  for (const mobility of await repository.activeMobilitiesWithoutTimeline(db)) {
    const created = await db.transaction((tx) => instantiateTimeline(tx, mobility.id, { actorId: null, requestId: null, now }));
    if (created > 0) result.timelinesCreated += 1;
  }
  return result;
}

// ---- per-mobility timeline ---------------------------------------------------------------------------

export type TimelineStep = typeof timelineSteps.$inferSelect & { isOverdue: boolean; canAct: boolean };

/**
 * A mobility's timeline as the viewer may see it (404 when the mobility is not theirs to see): the
 * coach everything, everyone else their own steps. A course step is done once its course is complete.
 */
export async function mobilityTimeline(deps: AppDependencies, actor: Actor, mobilityId: string) {
  const view = await mobilityFor(deps.db, actor, mobilityId);
  const seen = visibleStepRoles(view.relation, view.mobility.activityType);
  const acts = actionableStepRoles(view.relation, view.mobility.activityType);
  const all = await repository.stepsOfMobility(deps.db, mobilityId);
  const visible = all.filter((step) => includesRole(seen, step.role));
  const completedCourses = await completeFinishedCourseSteps(deps.db, actor, view.participant.id, visible);
  const today = isoDay(actor.now);
  const steps: TimelineStep[] = visible.map((step) => {
    const current = completedCourses.get(step.id) ?? step;
    return { ...current, isOverdue: current.status === 'todo' && current.dueDate < today, canAct: includesRole(acts, step.role) };
  });
  return { view, steps, canSkip: canSkipSteps(view.relation), today };
}

/** Marks done the open course steps whose course the participant has completed, with an audit row. */
async function completeFinishedCourseSteps(db: Database, actor: Actor, participantId: string, steps: repository.StepRow[]) {
  const updated = new Map<string, repository.StepRow>();
  for (const step of steps.filter(
    (candidate) => candidate.evidence === 'course' && candidate.status === 'todo' && candidate.evidenceDetail,
  )) {
    const course = await findCourseBySlug(db, step.evidenceDetail!);
    if (!course) continue;
    const checklist = await checklistOf(db, course, await courseOutline(db, course.id), participantId);
    if (!checklist.isComplete) continue;
    await db.transaction(async (tx) => {
      const [row] = await repository.updateStepFrom(tx, step.id, 'todo', {
        status: 'done',
        completedAt: actor.now,
        completedById: participantId,
        updatedAt: actor.now,
      });
      if (!row) return;
      updated.set(step.id, row);
      await recordAudit(tx, {
        actorId: null,
        action: 'timeline_step.completed_by_course',
        entityType: 'timeline_step',
        entityId: step.id,
        organisationId: step.sendingOrganisationId,
        requestId: actor.requestId,
        details: { mobilityId: step.mobilityId, course: course.slug },
      });
    });
  }
  return updated;
}

async function actionableStep(deps: AppDependencies, actor: Actor, mobilityId: string, stepId: string) {
  assertUuid(stepId);
  const { view, steps, canSkip } = await mobilityTimeline(deps, actor, mobilityId);
  const step = steps.find((candidate) => candidate.id === stepId);
  if (!step) throw notFound();
  return { view, step, canSkip };
}

async function recordStepChange(
  tx: Database,
  actor: Actor,
  step: repository.StepRow,
  action: string,
  details: Record<string, unknown> = {},
) {
  await recordAudit(tx, {
    actorId: actor.viewer.personId,
    action: `timeline_step.${action}`,
    entityType: 'timeline_step',
    entityId: step.id,
    organisationId: step.sendingOrganisationId,
    requestId: actor.requestId,
    details: { mobilityId: step.mobilityId, key: step.key, ...details },
  });
}

function evidenceProblems(
  step: repository.StepRow,
  input: CompleteStepInput,
  file: UploadedFile | null,
): Record<string, 'timeline.step.error.confirm' | 'timeline.step.error.note' | 'timeline.step.error.file'> {
  if ((step.evidence === 'checkbox' || step.evidence === 'signature') && !input.confirmed)
    return { confirmed: 'timeline.step.error.confirm' };
  if (step.evidence === 'form' && !input.note) return { note: 'timeline.step.error.note' };
  if (step.evidence === 'document' && !file) return { file: 'timeline.step.error.file' };
  return {};
}

/** Marks a step done with its evidence: a confirmation, a note, a file. */
export async function completeStep(
  deps: AppDependencies,
  actor: Actor,
  mobilityId: string,
  stepId: string,
  input: CompleteStepInput,
  file: UploadedFile | null,
) {
  const { step } = await actionableStep(deps, actor, mobilityId, stepId);
  if (!step.canAct) throw notFound();
  if (step.status !== 'todo') throw new AppError('conflict', 'timeline.step.error.state');
  if (step.evidence === 'course' && !canSkipSteps((await mobilityFor(deps.db, actor, mobilityId)).relation))
    throw new AppError('conflict', 'timeline.step.error.course');
  const problems = evidenceProblems(step, input, file);
  if (Object.keys(problems).length) throw new AppError('invalid_input', Object.values(problems)[0], problems);
  const stored = file ? await storeEvidence(deps, file) : null;
  await deps.db.transaction(async (tx) => {
    const [row] = await repository.updateStepFrom(tx, step.id, 'todo', {
      status: 'done',
      note: input.note ?? null,
      ...(stored ? { fileKey: stored.key, fileName: stored.name, fileType: stored.type } : {}),
      completedAt: actor.now,
      completedById: actor.viewer.personId,
      updatedAt: actor.now,
    });
    if (!row) throw new AppError('conflict', 'timeline.step.error.state');
    await recordStepChange(tx, actor, step, 'completed', { hasNote: Boolean(input.note), hasFile: Boolean(stored) });
  });
}

async function storeEvidence(deps: AppDependencies, file: UploadedFile) {
  if (file.bytes.byteLength > maximumEvidenceBytes)
    throw new AppError('payload_too_large', 'timeline.step.error.tooLarge', { file: 'timeline.step.error.tooLarge' });
  const type = sniffedType(file.bytes, file.type);
  if (!type) throw new AppError('invalid_input', 'timeline.step.error.type', { file: 'timeline.step.error.type' });
  const key = `timeline/${randomUUID()}`;
  await learningStorage(deps.config.dataDirectory).put(key, file.bytes);
  return { key, type, name: file.name.replace(/[\\/\r\n"]/g, '_').slice(0, 200) || 'file' };
}

export async function skipStep(deps: AppDependencies, actor: Actor, mobilityId: string, stepId: string, reason: string) {
  const { step, canSkip } = await actionableStep(deps, actor, mobilityId, stepId);
  if (!canSkip) throw notFound();
  if (step.status !== 'todo') throw new AppError('conflict', 'timeline.step.error.state');
  await deps.db.transaction(async (tx) => {
    const [row] = await repository.updateStepFrom(tx, step.id, 'todo', {
      status: 'skipped',
      skipReason: reason,
      completedAt: actor.now,
      completedById: actor.viewer.personId,
      updatedAt: actor.now,
    });
    if (!row) throw new AppError('conflict', 'timeline.step.error.state');
    await recordStepChange(tx, actor, step, 'skipped', { reason });
  });
}

/** Puts a done or skipped step back to do; its note and file are kept for the record. */
export async function reopenStep(deps: AppDependencies, actor: Actor, mobilityId: string, stepId: string) {
  const { step } = await actionableStep(deps, actor, mobilityId, stepId);
  if (!step.canAct) throw notFound();
  if (step.status === 'todo') throw new AppError('conflict', 'timeline.step.error.state');
  await deps.db.transaction(async (tx) => {
    const [row] = await repository.updateStepFrom(tx, step.id, step.status, {
      status: 'todo',
      skipReason: null,
      completedAt: null,
      completedById: null,
      updatedAt: actor.now,
    });
    if (!row) throw new AppError('conflict', 'timeline.step.error.state');
    await recordStepChange(tx, actor, step, 'reopened', { from: step.status });
  });
}

/** The evidence file of a step the viewer may see. */
export async function stepEvidence(deps: AppDependencies, actor: Actor, mobilityId: string, stepId: string) {
  const { step } = await actionableStep(deps, actor, mobilityId, stepId);
  if (!step.fileKey) throw notFound();
  const bytes = await learningStorage(deps.config.dataDirectory).get(step.fileKey);
  if (!bytes) throw notFound();
  return { bytes, name: step.fileName ?? 'file', type: step.fileType ?? 'application/octet-stream' };
}

/** "Your next steps": the viewer's own open steps, soonest first. */
export async function nextStepsOf(db: Database, viewer: Viewer, limit: number) {
  return repository.assignedSteps(db, viewer.personId, { openOnly: true, limit });
}

// ---- coach board -----------------------------------------------------------------------------------

export type BoardQuery = { window: 'overdue' | 'week' | 'open'; step?: string | undefined; q?: string | undefined; page: number };
export const boardPageSize = 50;

export async function coachBoard(db: Database, actor: Actor, query: BoardQuery) {
  const organisationIds = managedOrganisations(actor.viewer);
  if (organisationIds.length === 0) throw notFound();
  const today = isoDay(actor.now);
  const filter: repository.BoardFilter = {
    organisationIds,
    today,
    until: addDays(today, 7),
    window: query.window,
    stepKey: query.step,
    search: query.q,
    offset: (query.page - 1) * boardPageSize,
    limit: boardPageSize,
  };
  const [rows, bySteps, done] = await Promise.all([
    repository.boardRows(db, filter),
    repository.boardByStep(db, { ...filter, stepKey: undefined }),
    repository.recentlyDone(db, organisationIds, 10),
  ]);
  return { rows, total: rows[0]?.total ?? 0, bySteps, done, today };
}

// ---- organisation templates ------------------------------------------------------------------------

export async function templatesFor(db: Database, viewer: Viewer) {
  const organisationIds = managedOrganisations(viewer);
  if (organisationIds.length === 0) throw notFound();
  return { templates: await repository.listTemplates(db, organisationIds), organisationIds };
}

/** A template the viewer may read (content templates, their organisations' copies) and whether they may edit it. */
export async function templateFor(db: Database, viewer: Viewer, templateId: string) {
  assertUuid(templateId);
  const template = await repository.findTemplate(db, templateId);
  const organisationIds = managedOrganisations(viewer);
  if (!template || organisationIds.length === 0) throw notFound();
  if (template.organisationId && !organisationIds.includes(template.organisationId)) throw notFound();
  return { template, steps: await repository.templateSteps(db, templateId), isEditable: template.organisationId !== null, organisationIds };
}

async function editableTemplate(db: Database, viewer: Viewer, templateId: string) {
  const found = await templateFor(db, viewer, templateId);
  if (!found.isEditable) throw notFound();
  return found;
}

async function recordTemplateChange(
  tx: Database,
  actor: Actor,
  template: { id: string; organisationId: string | null },
  action: string,
  details: Record<string, unknown>,
) {
  await repository.touchTemplate(tx, template.id, actor.now);
  await recordAudit(tx, {
    actorId: actor.viewer.personId,
    action: `timeline_template.${action}`,
    entityType: 'timeline_template',
    entityId: template.id,
    organisationId: template.organisationId,
    requestId: actor.requestId,
    details,
  });
}

/** Copies a content template into an organisation's own editable template (one copy per slug). */
export async function copyTemplate(db: Database, actor: Actor, templateId: string, organisationId: string) {
  const { template, steps } = await templateFor(db, actor.viewer, templateId);
  if (!canManageTimelinesOf(actor.viewer, organisationId)) throw notFound();
  if (template.organisationId) throw notFound();
  return db.transaction(async (tx) => {
    if (await repository.findOrganisationCopy(tx, organisationId, template.slug))
      throw new AppError('conflict', 'timelineAdmin.copy.exists');
    const copy = await repository.insertTemplate(tx, {
      slug: template.slug,
      version: 1,
      organisationId,
      copiedFromId: template.id,
      title: template.title,
      description: template.description,
      appliesTo: template.appliesTo,
      languages: template.languages,
      sources: template.sources,
      createdAt: actor.now,
      updatedAt: actor.now,
    });
    if (!copy) throw new AppError('conflict', 'timelineAdmin.copy.exists');
    await repository.insertTemplateSteps(
      tx,
      steps.map(({ id: _id, templateId: _template, ...step }) => ({ ...step, templateId: copy.id })),
    );
    await recordTemplateChange(tx, actor, copy, 'copied', { from: `${template.slug}@${template.version}` });
    return copy;
  });
}

function stepValues(input: TemplateStepInput) {
  return {
    phase: input.phase,
    role: input.role as TimelineRole,
    anchor: input.anchor,
    offsetDays: input.offsetDays,
    evidence: input.evidence,
    title: input.title,
    guidance: input.guidance,
  };
}

export async function updateTemplateStep(db: Database, actor: Actor, templateId: string, stepId: string, input: TemplateStepInput) {
  assertUuid(stepId);
  const { template } = await editableTemplate(db, actor.viewer, templateId);
  await db.transaction(async (tx) => {
    const updated = await repository.updateTemplateStep(tx, templateId, stepId, stepValues(input));
    if (updated.length === 0) throw notFound();
    await recordTemplateChange(tx, actor, template, 'step_updated', { stepId });
  });
}

export async function addTemplateStep(db: Database, actor: Actor, templateId: string, input: TemplateStepInput) {
  const { template, steps } = await editableTemplate(db, actor.viewer, templateId);
  await db.transaction(async (tx) => {
    const key = `custom-${randomBytes(4).toString('hex')}`;
    await repository.insertTemplateSteps(tx, [
      {
        ...stepValues(input),
        templateId,
        key,
        position: Math.max(0, ...steps.map((step) => step.position)) + 1,
        conditions: {},
        resources: [],
      },
    ]);
    await recordTemplateChange(tx, actor, template, 'step_added', { key });
  });
}

export async function removeTemplateStep(db: Database, actor: Actor, templateId: string, stepId: string) {
  assertUuid(stepId);
  const { template } = await editableTemplate(db, actor.viewer, templateId);
  await db.transaction(async (tx) => {
    const removed = await repository.deleteTemplateStep(tx, templateId, stepId);
    if (removed.length === 0) throw notFound();
    await recordTemplateChange(tx, actor, template, 'step_removed', { stepId });
  });
}

/** Swaps a step with its neighbour: buttons, not drag and drop, so it works by keyboard and without script. */
export async function moveTemplateStep(db: Database, actor: Actor, templateId: string, stepId: string, direction: 'up' | 'down') {
  assertUuid(stepId);
  const { template, steps } = await editableTemplate(db, actor.viewer, templateId);
  const index = steps.findIndex((step) => step.id === stepId);
  if (index < 0) throw notFound();
  const neighbour = steps[direction === 'up' ? index - 1 : index + 1];
  if (!neighbour) return;
  const step = steps[index]!;
  await db.transaction(async (tx) => {
    await repository.updateTemplateStep(tx, templateId, step.id, { position: neighbour.position });
    await repository.updateTemplateStep(tx, templateId, neighbour.id, { position: step.position });
    await recordTemplateChange(tx, actor, template, 'step_moved', { stepId, direction });
  });
}
