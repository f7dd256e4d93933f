// Which pages each role sees in the menu. Mirrors the API's permissions (access.policy.ts) so
// nobody is offered a page that would answer 403; the API still decides.
import type { Role } from '../../../common/roles.ts';
import type { MessageKey } from '../shared/messages.ts';

export interface NavItem {
  path: string;
  label: MessageKey;
  roles: readonly Role[];
}

const STAFF: readonly Role[] = [
  'admin',
  'leader',
  'dispatcher',
  'operator',
  'department',
  'grid_worker',
  'mediator',
  'evaluator',
];

export const NAV_ITEMS: NavItem[] = [
  {
    path: '/',
    label: 'nav.workbench',
    roles: ['admin', 'dispatcher', 'operator', 'department', 'grid_worker', 'mediator', 'evaluator'],
  },
  { path: '/dashboard', label: 'nav.dashboard', roles: ['admin', 'leader', 'dispatcher', 'evaluator'] },
  { path: '/cases', label: 'nav.cases', roles: STAFF },
  { path: '/intake', label: 'nav.intake', roles: ['admin', 'dispatcher', 'operator', 'grid_worker'] },
  { path: '/mediations', label: 'nav.mediations', roles: ['admin', 'leader', 'dispatcher', 'mediator', 'evaluator'] },
  // Hand-offs: the courts, police stations and petition offices that send them, the committees that receive them.
  { path: '/referrals', label: 'nav.referrals', roles: ['department', 'mediator'] },
  { path: '/map', label: 'nav.map', roles: ['admin', 'leader', 'dispatcher', 'operator', 'grid_worker', 'evaluator'] },
  { path: '/admin', label: 'nav.admin', roles: ['admin'] },
];

export function navFor(roles: readonly Role[]): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.some((r) => roles.includes(r)));
}

export function mayUse(roles: readonly Role[], path: string): boolean {
  return navFor(roles).some((item) => item.path === path);
}
