// The draw, pure: a seeded generator (xoshiro128**, seeded from SHA-256 of the seed text) shuffles
// the sampling frame — case ids in ascending order — by a partial Fisher–Yates, and the first `size`
// are the sample, in draw order. Same seed over the same frame → the same cases in the same order;
// the seed is stored with the sample so anyone can redraw and check it.
import { createHash, randomBytes } from 'node:crypto';

/** A seed of 1–64 letters, digits, '-' or '_' (printed on the sample and typed back to redraw). */
export const SEED_PATTERN = '^[A-Za-z0-9_-]{1,64}$';

export function newSeed(): string {
  return randomBytes(8).toString('hex');
}

/** xoshiro128**: 32-bit state words from the seed's hash; returns uniform integers in [0, 2^32). */
export function seededGenerator(seed: string): () => number {
  const hash = createHash('sha256').update(seed, 'utf8').digest();
  let a = hash.readUInt32LE(0);
  let b = hash.readUInt32LE(4);
  let c = hash.readUInt32LE(8);
  let d = hash.readUInt32LE(12);
  if ((a | b | c | d) === 0) a = 1; // the all-zero state is the one the generator never leaves
  const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
  return () => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c = (c ^ a) >>> 0;
    d = (d ^ b) >>> 0;
    b = (b ^ c) >>> 0;
    a = (a ^ d) >>> 0;
    c = (c ^ t) >>> 0;
    d = rotl(d, 11);
    return result;
  };
}

/** An unbiased integer in [0, bound) by rejection (bound ≤ 2^32). */
function below(next: () => number, bound: number): number {
  const limit = 2 ** 32 - (2 ** 32 % bound);
  for (;;) {
    const x = next();
    if (x < limit) return x % bound;
  }
}

/**
 * `size` distinct members of `frame` (sorted first, so the caller's order does not matter), chosen
 * uniformly at random by the seed, in draw order. Fewer when the frame is smaller.
 */
export function drawSample(frame: readonly number[], size: number, seed: string): number[] {
  const pool = [...frame].sort((a, b) => a - b);
  const next = seededGenerator(seed);
  const take = Math.min(size, pool.length);
  for (let i = 0; i < take; i++) {
    const j = i + below(next, pool.length - i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, take);
}
