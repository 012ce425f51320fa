import type { Role } from '../accounts/roles.js';
import type { Viewer } from '../accounts/viewer.js';

export type MapAction = 'contact' | 'proposeHost' | 'review' | 'beAmbassador';

/**
 * The map is public to read. Learners and coaches contact entries through the platform; coaches and
 * host organisations propose hosts; animators (and platform admins) publish and hide entries;
 * alumni keep their own ambassador profile.
 */
export const mapActionsByRole = {
  platform_admin: ['review'],
  network_animator: ['review'],
  mobility_coach: ['contact', 'proposeHost'],
  learner: ['contact'],
  host_contact: ['proposeHost'],
  org_admin: ['proposeHost'],
  teacher: [],
  guardian: [],
  host_tutor: [],
  host_family: [],
  accompanying_person: [],
  consortium_coordinator: [],
  alumni: ['beAmbassador'],
} as const satisfies Record<Role, readonly MapAction[]>;

export function canOnMap(viewer: Viewer | null, action: MapAction): boolean {
  if (!viewer) return false;
  return [...viewer.roles].some((role) => (mapActionsByRole[role] as readonly MapAction[]).includes(action));
}
