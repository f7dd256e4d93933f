// A case's tracking code (issue 15): what a reporter without an account follows the case by, on the
// receipt and in the SMS. Random from the crypto source, not derived from anything (the number is
// guessable, the code must not be): 10 symbols of 32 are 50 bits. The alphabet leaves out 0/O and
// 1/I, which are misread on paper and over the phone; input is forgiving (case, spaces, dashes).
import { randomBytes } from 'node:crypto';

export const TRACKING_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const TRACKING_CODE_LENGTH = 10;
export const TRACKING_CODE_PATTERN = `^[${TRACKING_ALPHABET}]{${TRACKING_CODE_LENGTH}}$`;

export function newTrackingCode(): string {
  // 256 is a multiple of 32: the low five bits of a byte pick a symbol without bias.
  const bytes = randomBytes(TRACKING_CODE_LENGTH);
  let code = '';
  for (const byte of bytes) code += TRACKING_ALPHABET[byte & 31];
  return code;
}

/** The code as typed (lower case, spaces or dashes), or null when it cannot be one. */
export function normaliseTrackingCode(typed: string): string | null {
  const code = typed.replace(/[\s-]+/g, '').toUpperCase();
  return new RegExp(TRACKING_CODE_PATTERN).test(code) ? code : null;
}
