// The access policy over the roles × powers table: a power holds only inside the jurisdiction of
// a membership whose role has it. Pure: no database.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ROLES, type Role } from '../../../common/roles.ts';
import { holds } from '../../../common/powers.ts';
import { anchorPathOf, can, jurisdictionPaths, type Actor, type ActorMembership } from './access.policy.ts';

function membership(role: Role, anchorPath: string, id = 1): ActorMembership {
  return {
    id,
    unitId: id,
    unitName: `unit ${id}`,
    unitCode: `code${id}`,
    unitType: 'region',
    unitLevel: 'county',
    unitPath: anchorPath,
    role,
    anchorPath,
  };
}

function actor(...memberships: ActorMembership[]): Actor {
  return {
    userId: 1,
    username: 'u',
    displayName: 'U',
    memberships,
    sessionId: 1,
    restriction: null,
    serviceAccount: null,
  };
}

describe('access policy can()', () => {
  const county = '/1/7/70/';
  const township = '/1/7/70/701/';
  const otherCounty = '/1/7/71/';

  it('lets staff read units inside their jurisdiction and not outside it', () => {
    const operator = actor(membership('operator', county));
    expect(can(operator, 'unit:read', [county])).toBe(true);
    expect(can(operator, 'unit:read', [township])).toBe(true);
    expect(can(operator, 'unit:read', [otherCounty])).toBe(false);
    // The parent of the jurisdiction is outside it.
    expect(can(operator, 'unit:read', ['/1/7/'])).toBe(false);
    // "/1/7/70/" must not match the sibling "/1/7/700/" by string prefix of the id.
    expect(can(operator, 'unit:read', ['/1/7/700/'])).toBe(false);
  });

  it('checks only the role when no location is given', () => {
    expect(can(actor(membership('operator', county)), 'unit:read')).toBe(true);
    expect(can(actor(membership('resident', county)), 'unit:read')).toBe(false);
    expect(can(actor(), 'unit:read')).toBe(false);
  });

  it('allows any of several resource paths, and any of several memberships', () => {
    const operator = actor(membership('operator', county));
    expect(can(operator, 'unit:read', [otherCounty, township])).toBe(true);
    expect(can(operator, 'unit:read', [])).toBe(false);
    const both = actor(membership('operator', county, 1), membership('mediator', otherCounty, 2));
    expect(can(both, 'unit:read', [otherCounty])).toBe(true);
  });

  it('does not let a membership of one role lend its jurisdiction to another role', () => {
    // Admin only in 71, resident in 70: user management in 70 is not allowed.
    const mixed = actor(membership('resident', county, 1), membership('admin', otherCounty, 2));
    expect(can(mixed, 'user:manage', [otherCounty + '5/'])).toBe(true);
    expect(can(mixed, 'user:manage', [township])).toBe(false);
    expect(jurisdictionPaths(mixed, 'user:manage')).toEqual([otherCounty]);
  });

  it('keeps user administration and audit for admins only', () => {
    for (const role of ROLES) {
      const a = actor(membership(role, '/1/'));
      expect(can(a, 'user:manage', [county]), role).toBe(role === 'admin');
      expect(can(a, 'user:read', [county]), role).toBe(role === 'admin');
      expect(can(a, 'audit:read'), role).toBe(role === 'admin');
    }
  });

  it('lets anyone with a role, residents included, locate a point anywhere', () => {
    const resident = actor(membership('resident', township));
    expect(can(resident, 'unit:locate', [otherCounty])).toBe(true);
    expect(can(resident, 'unit:read', [township])).toBe(false);
    expect(can(actor(), 'unit:locate')).toBe(false);
  });

  it('removes nested roots from the jurisdiction', () => {
    const a = actor(
      membership('operator', township, 1),
      membership('leader', county, 2),
      membership('dispatcher', otherCounty, 3),
    );
    expect(jurisdictionPaths(a, 'unit:read')).toEqual([county, otherCounty]);
  });

  it('anchors a region at itself and any other unit at the region owning it', () => {
    expect(anchorPathOf({ path: county, type: 'region' })).toBe(county);
    expect(anchorPathOf({ path: '/1/7/70/9001/', type: 'centre' })).toBe(county);
    expect(anchorPathOf({ path: '/1/7/70/9002/', type: 'court' })).toBe(county);
  });

  it('property: unit:read at a path ⇔ some permitted membership is anchored at a prefix of it', () => {
    // Small id alphabet so prefixes, siblings and look-alikes (1 vs 12) all occur often.
    const pathArb = fc
      .array(fc.constantFrom(1, 2, 3, 12, 21), { minLength: 1, maxLength: 5 })
      .map((ids) => `/${ids.join('/')}/`);
    const membershipArb = fc.record({ role: fc.constantFrom(...ROLES), anchorPath: pathArb });
    fc.assert(
      fc.property(fc.array(membershipArb, { maxLength: 4 }), pathArb, (ms, path) => {
        const a = actor(...ms.map((m, i) => membership(m.role, m.anchorPath, i + 1)));
        const expected = ms.some((m) => path.startsWith(m.anchorPath) && holds(m.role, 'unit:read'));
        expect(can(a, 'unit:read', [path])).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
