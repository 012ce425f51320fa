import { membershipRoles, type MembershipRole } from '../db/schema/index.js';

export const roles = ['platform_admin', ...membershipRoles, 'network_animator'] as const;
export type Role = (typeof roles)[number];
export type { MembershipRole };
export { membershipRoles };

/**
 * Staff roles work in French and English; the others must get every page they see in all six
 * languages. Also decides which dashboard sections a role gets.
 */
export const roleAudience = {
  platform_admin: 'staff',
  org_admin: 'staff',
  mobility_coach: 'staff',
  teacher: 'staff',
  consortium_coordinator: 'staff',
  network_animator: 'staff',
  learner: 'public',
  guardian: 'public',
  host_contact: 'public',
  host_tutor: 'public',
  host_family: 'public',
  accompanying_person: 'staff',
  alumni: 'public',
} as const satisfies Record<Role, 'staff' | 'public'>;

/** Staff of an organisation: may see its members and people. */
export const organisationStaffRoles = ['org_admin', 'mobility_coach', 'teacher'] as const satisfies readonly MembershipRole[];

/** Roles an organisation admin may grant by invitation, per organisation type family. */
export const invitableRoles = membershipRoles;
