import type { Database } from '../db/client.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { StepConditions, timelineTemplateSteps } from '../db/schema/index.js';
import { isMinorOn } from '../../shared/format.js';
import { isLearnerActivity, type ActivityType } from '../mobilities/rules/types.js';
import * as repository from './timeline.repository.js';

/**
 * Turning templates into a mobility's steps. Kept apart from timeline.service so that the mobility
 * service can call it inside its own transactions without an import cycle.
 */

export const isoDay = (date: Date) => date.toISOString().slice(0, 10);
export const addDays = (day: string, days: number) => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));

type TemplateStep = typeof timelineTemplateSteps.$inferSelect;
type MobilityFacts = { activityType: string; isMinor: boolean };

export function stepApplies(conditions: StepConditions, facts: MobilityFacts): boolean {
  const isLearner = isLearnerActivity(facts.activityType as ActivityType);
  if (conditions.minorOnly && !facts.isMinor) return false;
  if (conditions.erasmusProOnly && facts.activityType !== 'erasmus_pro') return false;
  if (conditions.staffOnly && isLearner) return false;
  if (conditions.learnerOnly && !isLearner) return false;
  return true;
}

export const dueDateOf = (step: Pick<TemplateStep, 'anchor' | 'offsetDays'>, startDate: string, endDate: string) =>
  addDays(step.anchor === 'departure' ? startDate : endDate, step.offsetDays);

export type Trace = { actorId: string | null; requestId: string | null; now: Date };

/**
 * Gives a mobility its timeline: every template that applies to its activity (the organisation's copy
 * first), only the steps whose conditions hold, due dates from its departure and return. Runs inside
 * the caller's transaction (the confirmation); instantiating twice adds nothing.
 */
export async function instantiateTimeline(tx: Database, mobilityId: string, trace: Trace): Promise<number> {
  const mobility = await repository.mobilityForTimeline(tx, mobilityId);
  if (!mobility?.startDate || !mobility.endDate) return 0;
  const { startDate, endDate } = mobility;
  const facts = {
    activityType: mobility.activityType,
    isMinor: isMinorOn(mobility.participantBirthDate, new Date(`${startDate}T00:00:00Z`)),
  };
  const templates = await repository.templatesForMobility(tx, mobility.activityType, mobility.sendingOrganisationId);
  let inserted = 0;
  for (const template of templates) {
    const steps = (await repository.templateSteps(tx, template.id)).filter((step) => stepApplies(step.conditions, facts));
    inserted += await repository.insertSteps(
      tx,
      steps.map((step) => ({
        mobilityId,
        sendingOrganisationId: mobility.sendingOrganisationId,
        templateId: template.id,
        templateSlug: template.slug,
        templateVersion: template.version,
        key: step.key,
        position: step.position,
        phase: step.phase,
        role: step.role,
        anchor: step.anchor,
        offsetDays: step.offsetDays,
        dueDate: dueDateOf(step, startDate, endDate),
        evidence: step.evidence,
        evidenceDetail: step.evidenceDetail,
        title: step.title,
        guidance: step.guidance,
        resources: step.resources,
        createdAt: trace.now,
        updatedAt: trace.now,
      })),
    );
  }
  if (inserted > 0) {
    await recordAudit(tx, {
      actorId: trace.actorId,
      action: 'timeline.instantiated',
      entityType: 'mobility',
      entityId: mobilityId,
      organisationId: mobility.sendingOrganisationId,
      requestId: trace.requestId,
      details: {
        steps: inserted,
        templates: templates.map((template) => `${template.slug}@${template.version}${template.organisationId ? ' (copy)' : ''}`),
      },
    });
  }
  return inserted;
}

/** When a mobility's dates move, its open steps' due dates follow (inside the caller's transaction). */
export async function followMobilityDates(
  tx: Database,
  mobilityId: string,
  startDate: string | null,
  endDate: string | null,
  trace: Trace,
) {
  if (!startDate || !endDate) return;
  const moved = await repository.moveOpenStepDueDates(tx, mobilityId, startDate, endDate, trace.now);
  if (moved.length === 0) return;
  await recordAudit(tx, {
    actorId: trace.actorId,
    action: 'timeline.due_dates_moved',
    entityType: 'mobility',
    entityId: mobilityId,
    requestId: trace.requestId,
    details: { steps: moved.length, startDate, endDate },
  });
}
