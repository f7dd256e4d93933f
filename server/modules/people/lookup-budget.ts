// The budget of exact-match look-ups (a person by phone or ID number, a caller's cases by phone):
// one count per account in the database, shared by every route that confirms a guessed number.
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { countHit, retryAfterSecondsOf, tryAgainIn, type Actor } from '../auth/index.ts';

/** Exact-match look-ups each account may make per window: enough for a day's calls, far too few to guess a number. */
export const LOOKUP_BUDGET = 30;
export const LOOKUP_WINDOW_MS = 10 * 60_000;

/**
 * Spends one look-up of the actor's budget; beyond it, 429 LOOKUP_BUDGET_EXCEEDED whose
 * `details.retryAfterSeconds` the route copies into Retry-After (retryAfterSecondsOf).
 */
export async function spendExactLookup(ctx: AppContext, actor: Actor): Promise<void> {
  const spent = await countHit(ctx.db, 'person_lookup', actor.userId, LOOKUP_WINDOW_MS, ctx.clock.now());
  if (spent.hits > LOOKUP_BUDGET) {
    throw tryAgainIn(
      'LOOKUP_BUDGET_EXCEEDED',
      { zh: '精确查找次数已达上限', en: 'Too many exact look-ups' },
      spent.retryAfterSeconds,
    );
  }
}

/** The fewest characters a look-up's purpose may have. */
export const MIN_PURPOSE = 2;

/**
 * What every exact look-up does before it reads: the purpose is stated (400 naming `purpose`, with
 * the route's own wording), then one look-up of the budget is spent (429 with Retry-After beyond it).
 */
export async function beginExactLookup(
  ctx: AppContext,
  actor: Actor,
  reply: FastifyReply,
  purpose: string,
  wording: { message: string; field: string },
): Promise<void> {
  if (purpose.length < MIN_PURPOSE) {
    throw new AppError('VALIDATION_FAILED', wording.message, [{ field: 'purpose', message: wording.field }]);
  }
  try {
    await spendExactLookup(ctx, actor);
  } catch (error) {
    const seconds = retryAfterSecondsOf(error);
    if (seconds !== undefined) void reply.header('retry-after', String(seconds));
    throw error;
  }
}
