import type { Viewer } from '../accounts/viewer.js';
import type { MembershipRole } from '../accounts/roles.js';
import type { TimelineRole } from '../db/schema/index.js';
import type { MobilityRelation } from '../mobilities/mobilities.policy.js';
import { isLearnerActivity, type ActivityType } from '../mobilities/rules/types.js';

/** Mobility statuses in which a timeline is followed (after-return steps run into `completed`). */
export const activeTimelineStatuses = ['confirmed', 'under_way', 'completed'] as const;

/** Who edits an organisation's templates and sees its coach board. */
export const timelineManagerRoles = ['org_admin', 'mobility_coach'] as const satisfies readonly MembershipRole[];

/**
 * The steps each relation to a mobility sees and may act on. `all` is the coach's view. A participant's
 * own steps are the learner steps, or for a staff mobility the teacher steps (the staff member goes).
 */
export const stepRolesByRelation = {
  manager: { sees: 'all', acts: 'all' },
  reader: { sees: 'all', acts: ['teacher'] },
  coordinator: { sees: 'all', acts: [] },
  participant: { sees: ['learner'], acts: ['learner'] },
  guardian: { sees: ['guardian'], acts: ['guardian'] },
  host_contact: { sees: ['host_contact', 'host_tutor'], acts: ['host_contact', 'host_tutor'] },
  tutor: { sees: ['host_tutor'], acts: ['host_tutor'] },
  host_family: { sees: ['host_family'], acts: ['host_family'] },
  accompanying: { sees: ['accompanying_person'], acts: ['accompanying_person'] },
} as const satisfies Record<MobilityRelation, { sees: 'all' | readonly TimelineRole[]; acts: 'all' | readonly TimelineRole[] }>;

const participantRole = (activityType: string): TimelineRole => (isLearnerActivity(activityType as ActivityType) ? 'learner' : 'teacher');

function rolesFor(rule: 'all' | readonly TimelineRole[], relation: MobilityRelation, activityType: string): 'all' | TimelineRole[] {
  if (rule === 'all') return 'all';
  return relation === 'participant' ? [participantRole(activityType)] : [...rule];
}

export const visibleStepRoles = (relation: MobilityRelation, activityType: string) =>
  rolesFor(stepRolesByRelation[relation].sees, relation, activityType);
export const actionableStepRoles = (relation: MobilityRelation, activityType: string) =>
  rolesFor(stepRolesByRelation[relation].acts, relation, activityType);

export const includesRole = (roles: 'all' | TimelineRole[], role: TimelineRole) => roles === 'all' || roles.includes(role);

/** Only the sending organisation's coaches and admins skip a step: the others may not waive a duty. */
export const canSkipSteps = (relation: MobilityRelation) => relation === 'manager';

export function managedOrganisations(viewer: Viewer): string[] {
  return [
    ...new Set(viewer.memberships.filter((m) => (timelineManagerRoles as readonly string[]).includes(m.role)).map((m) => m.organisationId)),
  ];
}

export const canManageTimelinesOf = (viewer: Viewer, organisationId: string) => managedOrganisations(viewer).includes(organisationId);
