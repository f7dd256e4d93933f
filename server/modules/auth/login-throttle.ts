// Failed attempts counted per (scope, account, client address) with exponential backoff, in the
// database so that every app process counts the same (ADR 0010). A stranger's failures pause only
// the stranger's own address: the account itself is never locked for everyone.
import { isIP } from 'node:net';
import { sql, type ExpressionBuilder } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import type { DB } from '../../schema.ts';
import { AppError } from '../../platform/http/errors.ts';

/** 'login': the username as typed (known or not, alike); 'password': a password change, by user id. */
export type ThrottleScope = 'login' | 'password';

export interface ThrottleKey {
  scope: ThrottleScope;
  subject: string;
  client: string;
}

/** Mistakes a person makes typing: free. The next failure pauses the address. */
export const FREE_FAILURES = 4;
export const FIRST_PAUSE_MS = 60_000;
export const LONGEST_PAUSE_MS = 60 * 60_000;
/** A count with no failure for this long starts again from one. */
export const FORGET_AFTER_MS = 24 * 60 * 60_000;

/** The pause after the `failures`-th consecutive failure: 0 × 4, then 1, 2, 4 … 32, 60, 60 … minutes. */
export function pauseAfter(failures: number): number {
  if (failures <= FREE_FAILURES) return 0;
  const doublings = Math.min(failures - FREE_FAILURES - 1, 16);
  return Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** doublings);
}

/**
 * The client an attempt is counted against: the IPv4 address, or the /64 network of an IPv6
 * address (one subscriber or host is handed a whole /64, so counting single IPv6 addresses would
 * give an attacker 2^64 fresh counters).
 */
export function clientKey(ip: string | null | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIP(ip.split('%')[0]!) !== 6) return ip;
  const address = ip.split('%')[0]!.toLowerCase();
  const [head = '', tail] = address.split('::');
  const groupsOf = (part: string | undefined) =>
    part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : [];
  const before = groupsOf(head);
  const after = groupsOf(tail);
  const groups =
    tail === undefined ? before : [...before, ...Array<string>(8 - before.length - after.length).fill('0'), ...after];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

export type Claim = { allowed: true; failures: number } | { allowed: false; retryAfterMs: number };

/**
 * Claims one attempt for `key`, counted as a failure before the password is even looked at (a
 * success clears it): so parallel guesses each count, and the claim that reaches the limit pauses
 * the address before the others are looked at. Refused while the address is paused.
 */
export async function claimAttempt(db: Db, key: ThrottleKey, now: Date): Promise<Claim> {
  const at = now.toISOString();
  const forgetBefore = new Date(now.getTime() - FORGET_AFTER_MS).toISOString();
  return db.transaction().execute(async (trx) => {
    // One statement: on PostgreSQL the row stays locked until this transaction ends, so a
    // concurrent claim waits and then sees the pause this one sets.
    const counted = await trx
      .insertInto('login_throttle')
      .values({ ...key, failures: 1, last_failure_at: at, blocked_until: null })
      .onConflict((oc) =>
        oc
          .columns(['scope', 'subject', 'client'])
          .doUpdateSet({
            failures: sql<number>`case when login_throttle.last_failure_at < ${forgetBefore} then 1 else login_throttle.failures + 1 end`,
            last_failure_at: at,
          })
          .where((eb) =>
            eb.or([eb('login_throttle.blocked_until', 'is', null), eb('login_throttle.blocked_until', '<=', at)]),
          ),
      )
      .returning('failures')
      .executeTakeFirst();
    if (!counted) {
      const row = await trx.selectFrom('login_throttle').select('blocked_until').where(matches(key)).executeTakeFirst();
      const until = row?.blocked_until ? Date.parse(row.blocked_until) : now.getTime();
      return { allowed: false, retryAfterMs: Math.max(1000, until - now.getTime()) };
    }
    const pause = pauseAfter(counted.failures);
    if (pause > 0) {
      await trx
        .updateTable('login_throttle')
        .set({ blocked_until: new Date(now.getTime() + pause).toISOString() })
        .where(matches(key))
        .execute();
    }
    return { allowed: true, failures: counted.failures };
  });
}

/** The attempt proved who it was (the right password): the count for this client starts again. */
export async function clearFailures(db: Db | Trx, key: ThrottleKey): Promise<void> {
  await db.deleteFrom('login_throttle').where(matches(key)).execute();
}

/** Takes back a claim that was neither a failure nor a success (the password was right, the
 * one-time code not sent yet), unless another attempt has been counted since. */
export async function refundAttempt(db: Db, key: ThrottleKey, failures: number): Promise<void> {
  await db
    .updateTable('login_throttle')
    .set({ failures: failures - 1, blocked_until: null })
    .where(matches(key))
    .where('failures', '=', failures)
    .execute();
}

/** Every count of `scope` for these subjects, from every client (an administrator's reset). */
export async function clearAllFailures(db: Db | Trx, scope: ThrottleScope, subjects: string[]): Promise<void> {
  if (subjects.length === 0) return;
  await db.deleteFrom('login_throttle').where('scope', '=', scope).where('subject', 'in', subjects).execute();
}

/** Those of `subjects` paused from at least one client address now. */
export async function pausedSubjects(
  db: Db,
  scope: ThrottleScope,
  subjects: string[],
  now: Date,
): Promise<Set<string>> {
  if (subjects.length === 0) return new Set();
  const rows = await db
    .selectFrom('login_throttle')
    .select('subject')
    .distinct()
    .where('scope', '=', scope)
    .where('subject', 'in', subjects)
    .where('blocked_until', '>', now.toISOString())
    .execute();
  return new Set(rows.map((r) => r.subject));
}

let lastForgotten = 0;

/** Drops counts nobody has added to for a day, at most every ten minutes per process. */
export async function forgetOldFailures(db: Db, now: Date): Promise<void> {
  if (now.getTime() - lastForgotten < 10 * 60_000 && now.getTime() >= lastForgotten) return;
  lastForgotten = now.getTime();
  const at = now.toISOString();
  await db
    .deleteFrom('login_throttle')
    .where('last_failure_at', '<', new Date(now.getTime() - FORGET_AFTER_MS).toISOString())
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<=', at)]))
    .execute();
}

/** 429 with the bilingual "try again in N minutes"; the route copies `retryAfterSeconds` into Retry-After. */
export function tryAgainLater(code: 'ACCOUNT_LOCKED' | 'RATE_LIMITED', retryAfterMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const minutes = Math.ceil(seconds / 60);
  const reason = code === 'ACCOUNT_LOCKED' ? '尝试次数过多' : '请求过于频繁';
  const why = code === 'ACCOUNT_LOCKED' ? 'Too many failed attempts' : 'Too many requests';
  return new AppError(
    code,
    `${reason}，请 ${minutes} 分钟后再试 / ${why}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
    { retryAfterSeconds: seconds },
  );
}

/** The seconds a refusal asks the client to wait, when it is one of these. */
export function retryAfterSecondsOf(error: unknown): number | undefined {
  if (!(error instanceof AppError) || error.status !== 429) return undefined;
  const seconds = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === 'number' ? seconds : undefined;
}

function matches(key: ThrottleKey) {
  return (eb: ExpressionBuilder<DB, 'login_throttle'>) =>
    eb.and({ scope: key.scope, subject: key.subject, client: key.client });
}
