// The console's entries as the frame draws them: the menu of navigation.ts, and for a grid worker
// the field pages in place of the desk's intake form — 上报 (a report made on a phone, with photos
// and the point on the map) and 我的上报. On a phone the first four are the bottom tab bar and
// the rest wait under "more".
import type { Role } from '../../../common/roles.ts';
import type { MessageKey } from '../shared/messages.ts';
import { navFor } from './navigation.ts';

export interface ConsoleEntry {
  path: string;
  label: MessageKey;
}

/** Roles that register cases at a desk (hotline, window, centre): they keep the intake form. */
const DESK_ROLES: readonly Role[] = ['admin', 'dispatcher', 'operator'];

export const FIELD_ENTRIES: readonly ConsoleEntry[] = [
  { path: '/report', label: 'phone.nav.report' },
  { path: '/my-reports', label: 'phone.nav.myReports' },
];

export function consoleEntries(roles: readonly Role[]): ConsoleEntry[] {
  const entries: ConsoleEntry[] = navFor(roles).map(({ path, label }) => ({ path, label }));
  if (!roles.includes('grid_worker')) return entries;
  const desk = roles.some((role) => DESK_ROLES.includes(role));
  // Right after the workbench: reporting is the field's first job.
  const [home, ...rest] = entries.filter((entry) => desk || entry.path !== '/intake');
  return home ? [home, ...FIELD_ENTRIES, ...rest] : [...FIELD_ENTRIES];
}

/** How many entries the phone's tab bar holds beside "more". */
export const TAB_COUNT = 4;

export function splitTabs(entries: readonly ConsoleEntry[]): { tabs: ConsoleEntry[]; more: ConsoleEntry[] } {
  return { tabs: entries.slice(0, TAB_COUNT), more: entries.slice(TAB_COUNT) };
}

/** The entry a path belongs to: its first segment ('/cases/12' → '/cases'). */
export function sectionOf(pathname: string): string {
  return '/' + (pathname.split('/')[1] ?? '');
}
