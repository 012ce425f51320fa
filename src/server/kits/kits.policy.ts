import type { Role } from '../accounts/roles.js';
import type { Viewer } from '../accounts/viewer.js';

export type KitAction = 'proposeCorrection' | 'reviewCorrection';

/**
 * Kits are public to read. Coaches and host contacts, who see the city on the ground, propose
 * corrections; platform admins and network animators review them.
 */
export const kitActionsByRole = {
  platform_admin: ['reviewCorrection'],
  network_animator: ['reviewCorrection'],
  mobility_coach: ['proposeCorrection'],
  host_contact: ['proposeCorrection'],
  org_admin: [],
  teacher: [],
  learner: [],
  guardian: [],
  host_tutor: [],
  host_family: [],
  accompanying_person: [],
  consortium_coordinator: [],
  alumni: [],
} as const satisfies Record<Role, readonly KitAction[]>;

export function canOnKits(viewer: Viewer | null, action: KitAction): boolean {
  if (!viewer) return false;
  return [...viewer.roles].some((role) => (kitActionsByRole[role] as readonly KitAction[]).includes(action));
}
