// The console frame's entries: the menu by power, with a grid worker's field pages (上报, 我的上报)
// in place of the desk's intake form; on a phone the first four are tabs and the rest "more".
import { describe, expect, it } from 'vitest';
import { ROLES } from '../common/roles.ts';
import { consoleEntries, sectionOf, splitTabs, TAB_COUNT } from '../web/src/app/console-nav.ts';
import { navFor } from '../web/src/app/navigation.ts';

const paths = (entries: { path: string }[]) => entries.map((entry) => entry.path);

describe('consoleEntries', () => {
  it('gives a grid worker the field pages after the workbench, instead of the intake form', () => {
    const entries = paths(consoleEntries(['grid_worker']));
    expect(entries.slice(0, 3)).toEqual(['/', '/report', '/my-reports']);
    expect(entries).not.toContain('/intake');
    expect(entries).toEqual([
      '/',
      '/report',
      '/my-reports',
      ...paths(navFor(['grid_worker']))
        .slice(1)
        .filter((p) => p !== '/intake'),
    ]);
  });

  it('keeps the intake form for a grid worker who also works a desk, and changes nothing for others', () => {
    expect(paths(consoleEntries(['grid_worker', 'operator']))).toContain('/intake');
    expect(paths(consoleEntries(['grid_worker', 'operator']))).toContain('/report');
    for (const role of ROLES.filter((r) => r !== 'grid_worker')) {
      expect(paths(consoleEntries([role])), role).toEqual(paths(navFor([role])));
    }
  });

  it('puts four entries on the tab bar and the rest under more, losing none', () => {
    for (const role of ROLES) {
      const entries = consoleEntries([role]);
      const { tabs, more } = splitTabs(entries);
      expect(tabs.length).toBe(Math.min(TAB_COUNT, entries.length));
      expect([...tabs, ...more]).toEqual(entries);
    }
    expect(sectionOf('/cases/12')).toBe('/cases');
    expect(sectionOf('/')).toBe('/');
  });
});
