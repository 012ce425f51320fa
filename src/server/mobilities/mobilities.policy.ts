import type { MembershipRole } from '../accounts/roles.js';
import type { Viewer } from '../accounts/viewer.js';
import type { MobilityStatus } from '../db/schema/index.js';

/** Roles of the sending organisation that manage its mobilities. */
export const mobilityManagerRoles = ['org_admin', 'mobility_coach'] as const satisfies readonly MembershipRole[];
/** Roles of the sending organisation that may read its mobilities. */
export const mobilityReaderRoles = ['org_admin', 'mobility_coach', 'teacher'] as const satisfies readonly MembershipRole[];

export type TransitionName = 'propose' | 'select' | 'confirm' | 'depart' | 'complete' | 'close' | 'withdraw' | 'interrupt';

/** The state machine of DOMAIN.md: one entry per arrow, with who may take it. */
export const mobilityTransitions = {
  propose: { from: ['draft'], to: 'candidate', needsReason: false },
  select: { from: ['candidate'], to: 'selected', needsReason: false },
  confirm: { from: ['selected'], to: 'confirmed', needsReason: false },
  depart: { from: ['confirmed'], to: 'under_way', needsReason: false },
  complete: { from: ['under_way'], to: 'completed', needsReason: false },
  close: { from: ['completed'], to: 'closed', needsReason: false },
  withdraw: { from: ['draft', 'candidate', 'selected', 'confirmed', 'under_way'], to: 'withdrawn', needsReason: true },
  interrupt: { from: ['under_way'], to: 'interrupted', needsReason: true },
} as const satisfies Record<TransitionName, { from: readonly MobilityStatus[]; to: MobilityStatus; needsReason: boolean }>;

export const transitionRoles = {
  propose: mobilityManagerRoles,
  select: mobilityManagerRoles,
  confirm: mobilityManagerRoles,
  depart: mobilityManagerRoles,
  complete: mobilityManagerRoles,
  close: mobilityManagerRoles,
  withdraw: mobilityManagerRoles,
  interrupt: mobilityManagerRoles,
} as const satisfies Record<TransitionName, readonly MembershipRole[]>;

/** What each relation to a mobility lets a person read beyond the basics. */
export type MobilityRelation = 'manager' | 'reader' | 'coordinator' | 'participant' | 'guardian' | 'host_contact' | 'tutor' | 'host_family' | 'accompanying';

export const relationReads = {
  manager: { health: true, contacts: true, consents: true },
  reader: { health: true, contacts: true, consents: true },
  coordinator: { health: false, contacts: true, consents: true },
  participant: { health: true, contacts: true, consents: true },
  guardian: { health: true, contacts: true, consents: true },
  host_contact: { health: false, contacts: true, consents: false },
  tutor: { health: false, contacts: true, consents: false },
  host_family: { health: false, contacts: true, consents: false },
  accompanying: { health: true, contacts: true, consents: true },
} as const satisfies Record<MobilityRelation, { health: boolean; contacts: boolean; consents: boolean }>;

export function canManageMobilityOf(viewer: Viewer, sendingOrganisationId: string): boolean {
  return viewer.isPlatformAdmin || viewer.memberships.some((m) => m.organisationId === sendingOrganisationId && (mobilityManagerRoles as readonly string[]).includes(m.role));
}

export function canTransition(viewer: Viewer, sendingOrganisationId: string, transition: TransitionName): boolean {
  if (viewer.isPlatformAdmin) return true;
  const allowed: readonly string[] = transitionRoles[transition];
  return viewer.memberships.some((m) => m.organisationId === sendingOrganisationId && allowed.includes(m.role));
}
