import { membershipRoles, type MembershipRole } from '../accounts/roles.js';
import type { Viewer } from '../accounts/viewer.js';

export type OrganisationAction = 'view' | 'viewMembers' | 'viewPerson' | 'edit' | 'invite' | 'manageMembers' | 'viewAudit';

/** Who may do what in an organisation, by their role in that organisation. Platform admins may do all. */
export const organisationPermissions = {
  view: ['org_admin', 'mobility_coach', 'teacher', 'host_contact', 'consortium_coordinator'],
  viewMembers: ['org_admin', 'mobility_coach', 'teacher', 'host_contact', 'consortium_coordinator'],
  viewPerson: ['org_admin', 'mobility_coach', 'teacher', 'host_contact'],
  edit: ['org_admin'],
  invite: ['org_admin', 'mobility_coach', 'host_contact'],
  manageMembers: ['org_admin'],
  viewAudit: ['org_admin'],
} as const satisfies Record<OrganisationAction, readonly MembershipRole[]>;

/** Consortium coordinators see the member organisations of the consortia they coordinate. */
export const coordinatorActions = ['view', 'viewMembers'] as const satisfies readonly OrganisationAction[];

/** Which roles each role may hand out by invitation inside its own organisation. */
export const rolesInvitableBy = {
  org_admin: membershipRoles,
  mobility_coach: ['learner', 'guardian', 'teacher', 'accompanying_person', 'alumni'],
  host_contact: ['host_contact', 'host_tutor', 'host_family'],
} as const satisfies Partial<Record<MembershipRole, readonly MembershipRole[]>>;

export function rolesViewerMayInvite(viewer: Viewer, organisationId: string): MembershipRole[] {
  if (viewer.isPlatformAdmin) return [...rolesInvitableBy.org_admin];
  const granted = new Set<MembershipRole>();
  for (const membership of viewer.memberships) {
    if (membership.organisationId !== organisationId) continue;
    const allowed = (rolesInvitableBy as Partial<Record<MembershipRole, readonly MembershipRole[]>>)[membership.role];
    allowed?.forEach((role) => granted.add(role));
  }
  return [...granted];
}

export function canOnOrganisation(
  viewer: Viewer,
  organisationId: string,
  action: OrganisationAction,
  coordinatedOrganisationIds: readonly string[] = [],
): boolean {
  if (viewer.isPlatformAdmin) return true;
  const allowed: readonly MembershipRole[] = organisationPermissions[action];
  const byMembership = viewer.memberships.some((m) => m.organisationId === organisationId && allowed.includes(m.role));
  if (byMembership) return true;
  return (coordinatorActions as readonly string[]).includes(action) && coordinatedOrganisationIds.includes(organisationId);
}

export const canManageConsortium = (viewer: Viewer, coordinatorOrganisationId: string) =>
  viewer.isPlatformAdmin ||
  viewer.memberships.some(
    (m) => m.organisationId === coordinatorOrganisationId && (m.role === 'consortium_coordinator' || m.role === 'org_admin'),
  );

export const canManageNetwork = (viewer: Viewer, networkId: string) =>
  viewer.isPlatformAdmin || viewer.animatedNetworks.some((network) => network.id === networkId);
