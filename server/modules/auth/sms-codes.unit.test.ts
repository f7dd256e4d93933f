// The pure parts of SMS sign-in codes: which numbers are mainland mobiles, the codes' shape and
// spread, and the keyed hash that stands for a code.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PersonalDataCipher } from '../../platform/crypto/personal-data.ts';
import { hashSmsCode, newSmsCode, normaliseMobile, smsCodeMatches } from './sms-codes.ts';

const ctx = { cipher: new PersonalDataCipher(Buffer.alloc(32, 7)) };

describe('mainland mobile numbers', () => {
  it('accepts them as people type them', () => {
    expect(normaliseMobile('13812345678')).toBe('13812345678');
    expect(normaliseMobile('138 1234 5678')).toBe('13812345678');
    expect(normaliseMobile('138-1234-5678')).toBe('13812345678');
    expect(normaliseMobile('+86 138 1234 5678')).toBe('13812345678');
    expect(normaliseMobile('008613812345678')).toBe('13812345678');
  });

  it('refuses landlines, short, long and non-mobile numbers', () => {
    for (const typed of [
      '0536-8888888',
      '12812345678',
      '1381234567',
      '138123456789',
      '',
      'abcdefghijk',
      '+1 415 555 0100',
    ]) {
      expect(normaliseMobile(typed), typed).toBeNull();
    }
  });
});

describe('sign-in codes', () => {
  it('are six digits, leading zeros kept, and not all alike', () => {
    const codes = Array.from({ length: 200 }, newSmsCode);
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(190);
  });

  it('match their own hash only, and each hash is salted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 1, max: 999_999 }), (n, delta) => {
        const code = String(n).padStart(6, '0');
        const other = String((n + delta) % 1_000_000).padStart(6, '0');
        const stored = hashSmsCode(ctx, code);
        expect(stored).not.toContain(code);
        expect(smsCodeMatches(ctx, stored, code)).toBe(true);
        expect(smsCodeMatches(ctx, stored, other)).toBe(false);
        expect(hashSmsCode(ctx, code)).not.toBe(stored);
      }),
      { numRuns: 200 },
    );
    expect(smsCodeMatches(ctx, 'garbage', '123456')).toBe(false);
  });
});
