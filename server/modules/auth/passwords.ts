// Password hashing with argon2id (OWASP parameters: 19 MiB, 2 iterations, 1 lane) and the rules a
// new password must meet. Server only: the common-password dictionaries never reach the web bundle.
import { hash, verify } from '@node-rs/argon2';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

// algorithm 2 = Argon2id (the package's const enum cannot be imported under verbatimModuleSyntax).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;
/**
 * zxcvbn's score (0–4) a password needs: 3 means at least 10^8 guesses, which rules out the 49,000
 * common passwords of @zxcvbn-ts/language-common and their trivial variations (capitals, l33t,
 * appended years or digits, keyboard walks) while a made-up 10-character password passes.
 */
export const MIN_STRENGTH_SCORE = 3;

let checker: Promise<ZxcvbnFactory> | undefined;

/** Loaded on first use: the dictionaries (about 5 MB of heap) are shipped in the packages. */
function strengthChecker(): Promise<ZxcvbnFactory> {
  checker ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) =>
      new core.ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }),
  );
  return checker;
}

/**
 * Why `password` may not be used by `username`, in Chinese and English; null when it may. At least
 * 10 characters with letters and digits (the 复杂度 an MLPS assessor checks), not the username in
 * any case, and not common or a trivial variation of a common password.
 */
export async function passwordProblem(password: string, username: string): Promise<string | null> {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH)
    return `密码至少 ${MIN_PASSWORD_LENGTH} 位 / At least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH)
    return `密码最多 ${MAX_PASSWORD_LENGTH} 位 / At most ${MAX_PASSWORD_LENGTH} characters`;
  if (!/\p{L}/u.test(password) || !/\d/.test(password)) return '密码须同时包含字母和数字 / Use letters and digits';
  if (password.toLowerCase() === username.toLowerCase()) {
    return '密码不能与用户名相同 / The password must differ from the username';
  }
  const { score } = (await strengthChecker()).check(password, [username]);
  if (score < MIN_STRENGTH_SCORE) return '密码太常见或太容易猜到 / This password is too common or too easy to guess';
  return null;
}
