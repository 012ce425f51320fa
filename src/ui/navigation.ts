import type { Viewer } from '../server/accounts/viewer.js';
import type { MessageKey } from '../shared/i18n/translate.js';
import { organisationStaffRoles } from '../server/accounts/roles.js';
import { mayTakePartInSpaces } from '../server/network/spaces.js';
import { mayUseCalls } from '../server/network/calls.policy.js';

export type NavigationItem = { href: string; label: MessageKey; isVisible: (viewer: Viewer) => boolean };

const isOrganisationStaff = (viewer: Viewer) =>
  viewer.isPlatformAdmin ||
  viewer.memberships.some((m) => (organisationStaffRoles as readonly string[]).includes(m.role) || m.role === 'consortium_coordinator');

/** One list for the whole app; each capability adds its entries here. */
export const navigationItems: NavigationItem[] = [
  { href: '/', label: 'layout.nav.home', isVisible: () => true },
  { href: '/organisations', label: 'layout.nav.organisations', isVisible: isOrganisationStaff },
  {
    href: '/consortia',
    label: 'layout.nav.consortia',
    isVisible: (viewer) => viewer.isPlatformAdmin || viewer.roles.has('consortium_coordinator'),
  },
  {
    href: '/networks',
    label: 'layout.nav.networks',
    isVisible: (viewer) => viewer.isPlatformAdmin || viewer.roles.has('network_animator'),
  },
  { href: '/projects', label: 'layout.nav.projects', isVisible: isOrganisationStaff },
  {
    href: '/offers',
    label: 'layout.nav.offers',
    isVisible: (viewer) => viewer.memberships.some((m) => m.role === 'learner' || m.role === 'mobility_coach' || m.role === 'org_admin'),
  },
  { href: '/mobilities', label: 'layout.nav.mobilities', isVisible: (viewer) => viewer.memberships.length > 0 || viewer.isPlatformAdmin },
  {
    href: '/timeline/board',
    label: 'timelineAdmin.board.title',
    isVisible: (viewer) => viewer.memberships.some((m) => m.role === 'mobility_coach' || m.role === 'org_admin'),
  },
  { href: '/qualifications', label: 'qualifications.nav', isVisible: isOrganisationStaff },
  { href: '/calls', label: 'network.nav.calls', isVisible: mayUseCalls },
  { href: '/working-groups', label: 'network.nav.groups', isVisible: mayTakePartInSpaces },
  { href: '/meetings', label: 'network.nav.meetings', isVisible: mayTakePartInSpaces },
  { href: '/kits', label: 'kits.nav', isVisible: () => true },
  { href: '/map', label: 'map.nav', isVisible: () => true },
  { href: '/learn', label: 'learning.nav', isVisible: () => true },
  { href: '/resources', label: 'resources.nav', isVisible: () => true },
  { href: '/account', label: 'layout.nav.account', isVisible: () => true },
];
