import { organisationStaffRoles, type MembershipRole, type Role } from '../accounts/roles.js';
import type { Viewer } from '../accounts/viewer.js';

export type CallAction = 'open' | 'apply';

/**
 * Who may do what with calls for projects. Animators open and run their network's calls; the staff
 * who run mobility in a member organisation apply for it. Reviewing is not a role: the animator
 * names reviewers call by call among the staff of member organisations.
 */
export const callActionsByRole = {
  platform_admin: [],
  network_animator: ['open'],
  org_admin: ['apply'],
  mobility_coach: ['apply'],
  teacher: [],
  learner: [],
  guardian: [],
  host_contact: [],
  host_tutor: [],
  host_family: [],
  accompanying_person: [],
  consortium_coordinator: [],
  alumni: [],
} as const satisfies Record<Role, readonly CallAction[]>;

export const applicantRoles = (Object.keys(callActionsByRole) as Role[]).filter((role) =>
  (callActionsByRole[role] as readonly CallAction[]).includes('apply'),
) as MembershipRole[];

/** People a call may be reviewed by: staff of one of the network's member organisations. */
export const reviewerRoles = organisationStaffRoles;

export function animatesNetwork(viewer: Viewer, networkId: string): boolean {
  return viewer.animatedNetworks.some((network) => network.id === networkId);
}

/** Organisations the viewer may apply for (before filtering on the network's members). */
export function applyingOrganisationIds(viewer: Viewer): string[] {
  return [
    ...new Set(
      viewer.memberships.filter((membership) => applicantRoles.includes(membership.role)).map((membership) => membership.organisationId),
    ),
  ];
}

/** Whether the menu offers calls for projects: animators, and staff who may apply. */
export function mayUseCalls(viewer: Viewer): boolean {
  return viewer.roles.has('network_animator') || applicantRoles.some((role) => viewer.roles.has(role));
}
