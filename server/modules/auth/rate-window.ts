// Counting what an account or a client address does in fixed windows of time, in the database so
// that every app process counts the same (issue 13): people's exact-match look-ups and (issue 14)
// callers' numbers shown per actor, case reports per resident and per address, refused requests
// per actor. A window is a multiple of its length since the epoch; one row per (scope, subject) is
// restarted when the next begins, in the same statement that counts, so concurrent hits each count
// exactly once.
// A fixed window lets a burst straddle its edge (up to twice the limit within one window's length):
// the budgets are set with that in mind, and they stop floods, not a single extra request.
import { sql } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import { AppError, type ErrorCode } from '../../platform/http/errors.ts';

export type RateScope =
  | 'person_lookup'
  | 'reporter_reveal'
  | 'case_intake_resident'
  | 'case_intake_address'
  | 'refusals'
  // issue 15 keys: requests per API key (subject: the service account id).
  | 'api_key';

export interface WindowCount {
  /** Hits of `subject` in the current window, this one included. */
  hits: number;
  /** Whole seconds until the next window begins (at least 1): the `Retry-After` once over a limit. */
  retryAfterSeconds: number;
}

/** Counts one hit of `subject` in the current `windowMs` window and answers the count so far. */
export async function countHit(
  db: Db | Trx,
  scope: RateScope,
  subject: string | number,
  windowMs: number,
  now: Date,
): Promise<WindowCount> {
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  const windowStart = new Date(start).toISOString();
  const row = await db
    .insertInto('rate_window')
    .values({ scope, subject: String(subject), window_start: windowStart, hits: 1 })
    .onConflict((oc) =>
      oc.columns(['scope', 'subject']).doUpdateSet({
        // Both engines read the row as it was before this update on the right-hand side.
        hits: sql<number>`case when rate_window.window_start = ${windowStart} then rate_window.hits + 1 else 1 end`,
        window_start: windowStart,
      }),
    )
    .returning('hits')
    .executeTakeFirstOrThrow();
  return {
    hits: Number(row.hits),
    retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now.getTime()) / 1000)),
  };
}

/**
 * The 429 for a spent budget, saying first in Chinese how long to wait; `details.retryAfterSeconds`
 * is what the route copies into Retry-After (retryAfterSecondsOf).
 */
export function tryAgainIn(code: ErrorCode, what: { zh: string; en: string }, retryAfterSeconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new AppError(
    code,
    `${what.zh}，请 ${minutes} 分钟后再试 / ${what.en}; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
    { retryAfterSeconds },
  );
}
