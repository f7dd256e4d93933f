// The console's menu comes from the roles × powers table: each page is offered to the roles that
// hold its power, and only to the memberships that work in the console.
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../common/roles.ts';
import { holds } from '../common/powers.ts';
import { NAV_ITEMS, mayUse, navFor } from '../web/src/app/navigation.ts';

const paths = (roles: Role[]) => navFor(roles).map((item) => item.path);

describe('the console menu', () => {
  it('offers a page exactly to the roles holding its power', () => {
    for (const role of ROLES.filter((r) => holds(r, 'console:use'))) {
      for (const item of NAV_ITEMS) {
        const offered = [item.power].flat().some((power) => holds(role, power));
        expect(mayUse([role], item.path), `${role} ${item.path}`).toBe(offered);
      }
    }
  });

  it('gives a resident no console menu, and adds nothing to a staff member who is also a resident', () => {
    expect(paths(['resident'])).toEqual([]);
    for (const role of ROLES.filter((r) => r !== 'resident')) {
      expect(paths([role, 'resident'])).toEqual(paths([role]));
      expect(paths([role]).length, role).toBeGreaterThan(0);
    }
  });

  it('keeps administration for administrators and the workbench from leaders, whose home is the dashboard', () => {
    expect(ROLES.filter((r) => mayUse([r], '/admin'))).toEqual(['admin']);
    expect(paths(['leader'])).toEqual([
      '/dashboard',
      '/cases',
      '/rankings',
      '/mediations',
      '/hearings',
      '/map',
      '/patrols',
      '/warnings',
      '/legal',
      '/risk-assessments',
      '/safety-index',
      '/screenings',
      '/workforce',
      '/base-data',
      '/settings',
      '/evaluation',
      '/leader-cases',
      '/emergencies',
      '/points',
      '/recognitions',
      '/credit',
      '/meetings',
      '/consultations',
      '/community',
    ]);
  });

  it('gives the third-party evaluator its workspace beside its read-only views (issue 16)', () => {
    expect(paths(['evaluator'])).toContain('/evaluation');
    expect(ROLES.filter((r) => mayUse([r], '/leader-cases'))).toEqual(['leader']);
  });
});
