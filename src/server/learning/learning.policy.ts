import type { MembershipRole } from '../accounts/roles.js';
import { membershipRoles } from '../accounts/roles.js';
import type { Viewer } from '../accounts/viewer.js';

export type LearningAction = 'viewGradebook' | 'grade' | 'recordAttendance' | 'downloadTrainerMaterial' | 'enrol';

/**
 * Trainers act on the people of their own organisation: gradebook, grading, attendance, trainer
 * material. Platform admins may do everything.
 */
export const learningPermissions = {
  viewGradebook: ['org_admin', 'mobility_coach', 'teacher'],
  grade: ['org_admin', 'mobility_coach', 'teacher'],
  recordAttendance: ['org_admin', 'mobility_coach', 'teacher'],
  downloadTrainerMaterial: ['org_admin', 'mobility_coach', 'teacher'],
  enrol: ['org_admin', 'mobility_coach', 'teacher', 'host_contact'],
} as const satisfies Record<LearningAction, readonly MembershipRole[]>;

/** Whom each role may enrol in a course: a coach their learners, an organisation its staff. */
export const rolesEnrolableBy = {
  org_admin: membershipRoles.filter((role) => role !== 'guardian'),
  mobility_coach: ['learner', 'alumni'],
  teacher: ['learner'],
  host_contact: ['host_contact', 'host_tutor'],
} as const satisfies Partial<Record<MembershipRole, readonly MembershipRole[]>>;

export function organisationsWhereViewerMay(viewer: Viewer, action: LearningAction): string[] {
  const allowed: readonly MembershipRole[] = learningPermissions[action];
  return [...new Set(viewer.memberships.filter((m) => allowed.includes(m.role)).map((m) => m.organisationId))];
}

export function canInOrganisation(viewer: Viewer, organisationId: string, action: LearningAction): boolean {
  if (viewer.isPlatformAdmin) return true;
  const allowed: readonly MembershipRole[] = learningPermissions[action];
  return viewer.memberships.some((m) => m.organisationId === organisationId && allowed.includes(m.role));
}

export function isTrainer(viewer: Viewer): boolean {
  return viewer.isPlatformAdmin || organisationsWhereViewerMay(viewer, 'viewGradebook').length > 0;
}

export function rolesViewerMayEnrol(viewer: Viewer, organisationId: string): MembershipRole[] {
  if (viewer.isPlatformAdmin) return [...rolesEnrolableBy.org_admin];
  const granted = new Set<MembershipRole>();
  for (const membership of viewer.memberships) {
    if (membership.organisationId !== organisationId) continue;
    const allowed = (rolesEnrolableBy as Partial<Record<MembershipRole, readonly MembershipRole[]>>)[membership.role];
    allowed?.forEach((role) => granted.add(role));
  }
  return [...granted];
}
