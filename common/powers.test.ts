// The roles × powers table is read by the policies, the console's menu and the access matrix; these
// are the facts between its rows that keep those readers consistent.
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from './roles.ts';
import { ALL_POWERS, SCOPES, SCOPE_POWERS, holds, powersOf, powersOfScopes, rolesWith, type Power } from './powers.ts';

const union = (...powers: Power[]): Role[] => ROLES.filter((role) => powers.some((p) => holds(role, p)));
const sorted = (roles: readonly Role[]) => [...roles].sort();

describe('roles × powers', () => {
  it('gives every power to someone (a role, or an API key scope), and names each role once per power', () => {
    for (const power of ALL_POWERS) {
      const scopes = SCOPES.filter((scope) => SCOPE_POWERS[scope].includes(power));
      expect(rolesWith(power).length + scopes.length, power).toBeGreaterThan(0);
      expect(new Set(rolesWith(power)).size, power).toBe(rolesWith(power).length);
    }
  });

  it('reads a role’s column and a power’s row alike', () => {
    for (const role of ROLES) {
      for (const power of ALL_POWERS) expect(powersOf(role).includes(power)).toBe(rolesWith(power).includes(role));
    }
  });

  it('lets every role that may read cases see some: its area, its unit’s cases or its own reports', () => {
    expect(sorted(rolesWith('case:read'))).toEqual(sorted(union('case:read_area', 'case:handle', 'case:own_reports')));
  });

  it('lets read mediation files exactly those who oversee, work or hand off files', () => {
    expect(sorted(rolesWith('mediation:read'))).toEqual(
      sorted(union('mediation:oversee', 'mediation:manage', 'referral:handle')),
    );
  });

  it('never grants a power to act without the power to see what it acts on', () => {
    const needs: [Power, Power][] = [
      ['user:manage', 'user:read'],
      ['calendar:manage', 'calendar:read'],
      ['category:manage', 'category:read'],
      ['person:create', 'person:read'],
      ['person:reveal_phone', 'person:read'],
      ['person:reveal_id_number', 'person:read'],
      ['case:attach', 'case:read'],
      ['case:return_call', 'case:read_area'],
      ['case:reveal_reporter', 'case:read'],
      ['case:create', 'category:read'],
      ['mediation:manage', 'mediation:read'],
      ['mediation:oversee', 'mediation:read'],
      ['referral:create', 'referral:handle'],
      ['referral:handle', 'referral:read'],
      ['hearing:manage', 'hearing:read'],
    ];
    for (const [power, needed] of needs) {
      for (const role of rolesWith(power))
        expect(holds(role, needed), `${role}: ${power} without ${needed}`).toBe(true);
    }
  });

  it('keeps residents out of the staff console and everything staff-only', () => {
    expect(holds('resident', 'console:use')).toBe(false);
    expect(powersOf('resident').sort()).toEqual(
      [
        'calendar:read',
        'case:attach',
        'case:create',
        'case:own_reports',
        'case:read',
        'category:read',
        // issue 18 §6: the banner of an active emergency over their area (kind, level, instructions).
        'emergency:banner',
        // issue 19 §1: supports, comments, reports and votes in the consultations of their verified home area.
        'consultation:take_part',
        // issue 19 §3, §5: its own points, the village's rewards, the earning rules; nominating a good deed.
        'points:catalogue',
        'points:own',
        'points:rules_read',
        'recognition:nominate',
        // issue 19 §6–§7: notices of where it lives, service projects (act for its organisation, rate), volunteering.
        'notice:mine',
        'service_project:act',
        'service_project:rate',
        'service_project:read',
        'volunteer:join',
        'volunteer:read',
        'unit:base_map',
        'unit:locate',
      ].sort(),
    );
  });
});

describe('API key scopes × powers (issue 15)', () => {
  it('never give a key an administrator’s power or the staff console', () => {
    const everything = powersOfScopes([...SCOPES]);
    const adminOnly = ALL_POWERS.filter((p) => rolesWith(p).length === 1 && holds('admin', p));
    expect(everything.filter((p) => adminOnly.includes(p))).toEqual([]);
    expect(everything).not.toContain('console:use');
    expect(everything).not.toContain('notification:manage');
    expect(everything).not.toContain('person:read');
  });

  it('lets a key that reads or creates cases see the categories, and one that pushes steps read cases', () => {
    for (const scope of ['cases:create', 'cases:read', 'open311'] as const)
      expect(SCOPE_POWERS[scope]).toContain('category:read');
    expect(SCOPE_POWERS['cases:update-status']).toContain('case:read');
    expect(powersOfScopes(['cases:create', 'cases:create'])).toEqual(SCOPE_POWERS['cases:create']);
  });
});
