import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ROLES, type Role } from '../../../common/roles.ts';
import { base32Decode, base32Encode, generateTotpSecret, otpauthUri, totpCode, verifyTotp } from './totp.ts';
import {
  PERMISSIONS,
  anchorPathOf,
  can,
  jurisdictionPaths,
  type Actor,
  type ActorMembership,
} from './access.policy.ts';

// RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890', 'ascii'));
const at = (seconds: number) => new Date(seconds * 1000);

describe('totp (RFC 6238)', () => {
  it('base32-encodes the RFC seed as authenticator apps expect, and decodes it back', () => {
    expect(RFC_SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode(RFC_SECRET).toString('ascii')).toBe('12345678901234567890');
    // Lower case and padding are accepted, as users paste them.
    expect(base32Decode('gezdgnbvgy3tqojq====').toString('ascii')).toBe('1234567890');
    expect(() => base32Decode('GEZ1')).toThrow();
  });

  it('round-trips any bytes through base32', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const buffer = Buffer.from(bytes);
        const text = base32Encode(buffer);
        expect(text).toMatch(/^[A-Z2-7]*$/);
        expect(base32Decode(text).equals(buffer)).toBe(true);
      }),
    );
  });

  it('produces the RFC 6238 test-vector codes (last 6 digits of the 8-digit values)', () => {
    expect(totpCode(RFC_SECRET, at(59))).toBe('287082');
    expect(totpCode(RFC_SECRET, at(1111111109))).toBe('081804');
    expect(totpCode(RFC_SECRET, at(1111111111))).toBe('050471');
    expect(totpCode(RFC_SECRET, at(1234567890))).toBe('005924');
    expect(totpCode(RFC_SECRET, at(2000000000))).toBe('279037');
    expect(totpCode(RFC_SECRET, at(20000000000))).toBe('353130');
  });

  it('keeps one code for the whole 30-second step', () => {
    expect(totpCode(RFC_SECRET, at(30))).toBe(totpCode(RFC_SECRET, at(59)));
    expect(totpCode(RFC_SECRET, at(60))).not.toBe(totpCode(RFC_SECRET, at(59)));
  });

  it('accepts the current code and one step either side, and rejects two steps off', () => {
    const now = at(1111111109);
    const code = (steps: number) => totpCode(RFC_SECRET, new Date(now.getTime() + steps * 30_000));
    expect(verifyTotp(RFC_SECRET, code(0), now)).toBe(true);
    expect(verifyTotp(RFC_SECRET, code(-1), now)).toBe(true);
    expect(verifyTotp(RFC_SECRET, code(1), now)).toBe(true);
    // The 2-step codes differ from the three accepted ones here, so this is a real rejection.
    const accepted = new Set([code(-1), code(0), code(1)]);
    expect(accepted.has(code(-2)) || accepted.has(code(2))).toBe(false);
    expect(verifyTotp(RFC_SECRET, code(-2), now)).toBe(false);
    expect(verifyTotp(RFC_SECRET, code(2), now)).toBe(false);
  });

  it('rejects anything that is not exactly six digits', () => {
    const now = at(59);
    expect(verifyTotp(RFC_SECRET, '287082', now)).toBe(true);
    for (const bad of ['', '28708', '2870820', ' 287082', '287082 ', '28708a', '94287082']) {
      expect(verifyTotp(RFC_SECRET, bad, now), JSON.stringify(bad)).toBe(false);
    }
  });

  it('generates distinct 160-bit secrets and an otpauth URI carrying them', () => {
    const a = generateTotpSecret();
    const b = generateTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(a)).toHaveLength(20);
    expect(a).not.toBe(b);
    const uri = new URL(otpauthUri(a, 'zhang.wei'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(a);
    expect(uri.searchParams.get('issuer')).toBe('Concord');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
  });
});

function membership(role: Role, anchorPath: string, id = 1): ActorMembership {
  return {
    id,
    unitId: id,
    unitName: `unit ${id}`,
    unitCode: `code${id}`,
    unitType: 'region',
    unitPath: anchorPath,
    role,
    anchorPath,
  };
}

function actor(...memberships: ActorMembership[]): Actor {
  return { userId: 1, username: 'u', displayName: 'U', memberships, sessionId: 1, restriction: null };
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
        const expected = ms.some((m) => path.startsWith(m.anchorPath) && PERMISSIONS['unit:read'].includes(m.role));
        expect(can(a, 'unit:read', [path])).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
