// Personal data at rest: AES-256-GCM with a random 96-bit nonce per value, plus a keyed blind
// index (HMAC-SHA256) so records can be found by phone or ID number without decrypting them.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const VERSION = 'v1';

export class PersonalDataCipher {
  private readonly encryptionKey: Buffer;
  private readonly indexKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the personal-data key must be 32 bytes');
    // Separate subkeys so the blind index never reuses the encryption key.
    this.encryptionKey = createHmac('sha256', masterKey).update('concord:encrypt').digest();
    this.indexKey = createHmac('sha256', masterKey).update('concord:index').digest();
  }

  encrypt(plain: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, nonce);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, nonce.toString('base64url'), body.toString('base64url'), tag.toString('base64url')].join('.');
  }

  decrypt(sealed: string): string {
    const [version, nonce, body, tag] = sealed.split('.');
    if (version !== VERSION || !nonce || body === undefined || !tag) throw new Error('unreadable sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, Buffer.from(nonce, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Deterministic lookup key for exact-match search (normalised value). */
  blindIndex(plain: string): string {
    return createHmac('sha256', this.indexKey).update(plain.trim().toUpperCase()).digest('base64url');
  }
}

/** Reads the key from config, or in demo mode creates one under `<dataDir>/keys/` on first use. */
export function loadDataKey(options: { configured: string | undefined; dataDir: string; demo: boolean }): Buffer {
  if (options.configured) {
    const key = Buffer.from(options.configured, 'base64');
    if (key.length !== 32) throw new Error('CONCORD_DATA_KEY must be base64 of exactly 32 bytes');
    return key;
  }
  if (!options.demo) throw new Error('CONCORD_DATA_KEY is required outside demo mode');
  const file = path.join(options.dataDir, 'keys', 'personal-data.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600 });
  return key;
}

/** 13812341234 → 138****1234 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return digits.slice(0, 3) + '*'.repeat(digits.length - 7) + digits.slice(-4);
}

/** 37070219900101121X → 3***************1X: the first character and the last two only. */
export function maskIdNumber(id: string): string {
  if (id.length <= 3) return '*'.repeat(id.length);
  return id[0] + '*'.repeat(id.length - 3) + id.slice(-2);
}

/** GB 11643-1999: 18 characters, the last a checksum digit or X. */
export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return '10X98765432'[sum % 11] === id[17];
}

/** Mainland mobile numbers and landlines with area code. */
export function isValidPhone(phone: string): boolean {
  return /^1[3-9]\d{9}$/.test(phone) || /^0\d{2,3}-?\d{7,8}$/.test(phone);
}
