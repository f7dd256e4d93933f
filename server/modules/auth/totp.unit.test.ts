import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  matchTotpStep,
  otpauthUri,
  totpCode,
  totpStep,
  verifyTotp,
} from './totp.ts';

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

  it('names the time step a code belongs to, so that the step can be accepted only once', () => {
    const now = at(1111111109);
    const step = totpStep(now);
    expect(step).toBe(Math.floor(1111111109 / 30));
    for (const drift of [-1, 0, 1]) {
      const code = totpCode(RFC_SECRET, new Date(now.getTime() + drift * 30_000));
      expect(matchTotpStep(RFC_SECRET, code, now), `drift ${drift}`).toBe(step + drift);
    }
    expect(matchTotpStep(RFC_SECRET, totpCode(RFC_SECRET, new Date(now.getTime() + 2 * 30_000)), now)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, 'abcdef', now)).toBeNull();
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
