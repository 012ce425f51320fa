import type { MembershipRole } from '../accounts/roles.js';
import { organisationsWhere, type Viewer } from '../accounts/viewer.js';
import type { AgreementStatus } from '../db/schema/index.js';

export type CatalogueAction = 'read' | 'manage';

/** The qualifications catalogue is staff work: teachers read it, coaches and admins also add to it. */
export const catalogueActionsByRole = {
  org_admin: ['read', 'manage'],
  mobility_coach: ['read', 'manage'],
  teacher: ['read'],
  consortium_coordinator: ['read'],
  learner: [],
  guardian: [],
  host_contact: [],
  host_tutor: [],
  host_family: [],
  accompanying_person: [],
  alumni: [],
} as const satisfies Record<MembershipRole, readonly CatalogueAction[]>;

const rolesAllowed = (action: CatalogueAction) =>
  (Object.entries(catalogueActionsByRole) as [MembershipRole, readonly CatalogueAction[]][])
    .filter(([, actions]) => actions.includes(action))
    .map(([role]) => role);

/** Organisations whose qualifications the viewer may act on; `null` means all (platform admin). */
export function catalogueOrganisations(viewer: Viewer, action: CatalogueAction): string[] | null {
  if (viewer.isPlatformAdmin) return null;
  return organisationsWhere(viewer, rolesAllowed(action));
}

export function canOnCatalogue(viewer: Viewer, action: CatalogueAction): boolean {
  const organisations = catalogueOrganisations(viewer, action);
  return organisations === null || organisations.length > 0;
}

/** The agreement state machine of DOMAIN.md: one entry per arrow. */
export const agreementTransitions = {
  sendForSignature: { from: ['draft', 'amended'], to: 'sent_for_signature' },
  completeSignatures: { from: ['sent_for_signature'], to: 'signed' },
  amend: { from: ['signed'], to: 'amended' },
  close: { from: ['signed'], to: 'closed' },
} as const satisfies Record<string, { from: readonly AgreementStatus[]; to: AgreementStatus }>;

/** States in which the current version may still be changed in place (it was never sent). */
export const editableStatuses = ['draft', 'amended'] as const satisfies readonly AgreementStatus[];
