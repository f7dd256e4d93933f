// RFC 6238 time-based one-time passwords (SHA-1, 6 digits, 30 s), as authenticator apps expect.
import { createHmac, randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/=+$/, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) throw new Error('invalid base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

export function totpCode(secret: string, at: Date, step = 30): string {
  const counter = Math.floor(at.getTime() / 1000 / step);
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', base32Decode(secret)).update(message).digest();
  const offset = digest[digest.length - 1]! & 15;
  const code = (digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, '0');
}

/** The time step (30 s since the epoch) `at` falls in. */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 30_000);
}

/**
 * The time step whose code `code` is: the current one or one either side (clock drift), no more;
 * null when none. The caller accepts a step only if it is later than the last one the account
 * used, so that each code signs in once (RFC 6238 §5.2).
 */
export function matchTotpStep(secret: string, code: string, at: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  for (const drift of [0, -1, 1]) {
    if (totpCode(secret, new Date(at.getTime() + drift * 30_000)) === code) return totpStep(at) + drift;
  }
  return null;
}

/** Accepts the current code and one step either side, for clock drift (replay is the caller's). */
export function verifyTotp(secret: string, code: string, at: Date): boolean {
  return matchTotpStep(secret, code, at) !== null;
}

export function otpauthUri(secret: string, username: string): string {
  return `otpauth://totp/Concord:${encodeURIComponent(username)}?secret=${secret}&issuer=Concord&algorithm=SHA1&digits=6&period=30`;
}
