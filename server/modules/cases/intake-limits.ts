// What a resident may send to intake (issue 13): the channels a resident reports through, and how
// many reports an hour an account and a client address may send (config.intakeLimits), counted in
// the database so that every app process counts the same. Staff are not limited.
import type { AppContext } from '../../context.ts';
import { clientKey, countHit, tryAgainIn, type Actor } from '../auth/index.ts';
import type { CHANNELS } from './use-cases/register-case.ts';

type Channel = (typeof CHANNELS)[number];

/**
 * What a resident reports through: the residents' page, or an app speaking for them. A hotline
 * call, a visit to the window, a grid patrol or a referral is recorded by the staff who took it,
 * and counts for them (channels weigh in the figures): a resident may not claim one.
 */
export const RESIDENT_CHANNELS: readonly Channel[] = ['web', 'api'];

const HOUR_MS = 3_600_000;

/**
 * Counts a resident's report against the hourly limits of the account and of the client address
 * (config.intakeLimits), before anything is written; 429 when either is spent.
 */
export async function spendIntakeBudget(ctx: AppContext, actor: Actor, clientIp: string | null): Promise<void> {
  const { perResident, perAddress } = ctx.config.intakeLimits;
  const now = ctx.clock.now();
  const waits: number[] = [];
  if (perResident > 0) {
    const spent = await countHit(ctx.db, 'case_intake_resident', actor.userId, HOUR_MS, now);
    if (spent.hits > perResident) waits.push(spent.retryAfterSeconds);
  }
  if (perAddress > 0) {
    // Residents behind one address share it: a community service point, or one script's many accounts.
    const spent = await countHit(ctx.db, 'case_intake_address', clientKey(clientIp), HOUR_MS, now);
    if (spent.hits > perAddress) waits.push(spent.retryAfterSeconds);
  }
  if (waits.length > 0) {
    throw tryAgainIn('CASE_INTAKE_LIMITED', { zh: '提交事件过于频繁', en: 'Too many reports' }, Math.max(...waits));
  }
}
