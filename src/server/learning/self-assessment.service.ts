import { z } from 'zod';
import type { Database } from '../db/client.js';
import type { Viewer } from '../accounts/viewer.js';
import { roleAudience } from '../accounts/roles.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { Actor } from '../http/context.js';
import { notFound } from '../http/errors.js';
import { loadCoachFramework, type CoachFramework, type FrameworkActivity } from './self-assessment.content.js';
import * as repository from './self-assessment.repository.js';

/**
 * The self-assessment is about one's own work as a coach: every staff role of a sending organisation
 * may take it (coaches, teachers, admins, accompanying staff); learners, families and hosts may not.
 */
export function mayAssessSelf(viewer: Viewer): boolean {
  return viewer.isPlatformAdmin || [...viewer.roles].some((role) => roleAudience[role] === 'staff');
}

function assertMayAssessSelf(viewer: Viewer) {
  if (!mayAssessSelf(viewer)) throw notFound();
}

const skillsOf = (framework: CoachFramework) =>
  framework.domains.flatMap((domain) => domain.activities.flatMap((activity) => activity.skills));

/** Every skill of the framework rated on its scale; the form field of a skill is its key. */
export function ratingsSchema(framework: CoachFramework) {
  const levels = framework.selfAssessmentScale.map((step) => String(step.level));
  return z.object(
    Object.fromEntries(
      skillsOf(framework).map((skill) => [
        skill.key,
        z.enum(levels as [string, ...string[]], { error: 'coachFramework.rateEverySkill' }).transform(Number),
      ]),
    ),
  );
}

export type ModuleRecommendation = { activity: FrameworkActivity; average: number; lowSkills: FrameworkActivity['skills'] };

/** Levels 1 and 2 mean "never done" or "only with help". */
const lowLevel = 2;

/**
 * A module is recommended when at least half of its skills are rated 1 or 2 (the framework page's own
 * rule: "an activity where you are mostly at levels 1 and 2 shows the module to take first"), the
 * weakest first.
 */
export function recommendModules(framework: CoachFramework, ratings: Record<string, number>): ModuleRecommendation[] {
  return framework.domains
    .flatMap((domain) => domain.activities)
    .flatMap((activity) => {
      const rated = activity.skills.filter((skill) => ratings[skill.key] !== undefined);
      if (rated.length === 0) return [];
      const lowSkills = rated.filter((skill) => ratings[skill.key]! <= lowLevel);
      const average = rated.reduce((sum, skill) => sum + ratings[skill.key]!, 0) / rated.length;
      return lowSkills.length * 2 >= rated.length ? [{ activity, average, lowSkills }] : [];
    })
    .sort((first, second) => first.average - second.average);
}

/** The page: the framework, the person's last answers and what they recommend. */
export async function selfAssessmentPage(db: Database, viewer: Viewer) {
  assertMayAssessSelf(viewer);
  const framework = loadCoachFramework();
  const saved = await repository.findSelfAssessment(db, viewer.personId);
  return { framework, saved, recommendations: saved ? recommendModules(framework, saved.ratings) : undefined };
}

/** Saves the person's ratings (replacing the previous ones) with its audit row, in one transaction. */
export async function saveSelfAssessment(db: Database, actor: Actor, ratings: Record<string, number>) {
  assertMayAssessSelf(actor.viewer);
  const framework = loadCoachFramework();
  const recommended = recommendModules(framework, ratings).map((recommendation) => recommendation.activity.key);
  return db.transaction(async (tx) => {
    const row = await repository.upsertSelfAssessment(tx, {
      personId: actor.viewer.personId,
      ratings,
      frameworkVersion: framework.lastReviewed,
      now: actor.now,
    });
    await recordAudit(tx, {
      actorId: actor.viewer.personId,
      action: 'learning.self_assessment.saved',
      entityType: 'coach_self_assessment',
      entityId: row.id,
      requestId: actor.requestId,
      details: { revision: row.revision, recommended },
    });
    return row;
  });
}
