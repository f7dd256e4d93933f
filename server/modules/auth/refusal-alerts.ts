// Refused requests on protected records as security events (issue 13): an account that keeps
// getting 404s and 403s is walking record ids or probing what it may do. Every such refusal is
// counted per actor (rate-window.ts, so all app processes count together); the one that passes
// the threshold in a window raises the alert, so it is raised once per window: an audit row
// `security.alert` about the account and a message to each administrator whose jurisdiction
// holds one of its memberships.
import type { AppContext, Db } from '../../context.ts';
import { enqueue } from '../../platform/outbox/outbox.ts';
import { isWithin } from '../../platform/db/subtree.ts';
import { findUnitsByIds } from '../org/index.ts';
import { anchorPathOf, type Actor } from './access.policy.ts';
import { countHit } from './rate-window.ts';

/** More refusals than this in one window raise the alert. */
export const REFUSAL_THRESHOLD = 20;
export const REFUSAL_WINDOW_MS = 10 * 60_000;

/** Active administrators whose jurisdiction holds one of `actor`'s memberships (without any: the province's). */
async function administratorsOver(db: Db, actor: Actor): Promise<number[]> {
  const admins = await db
    .selectFrom('membership')
    .innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select(['membership.user_id', 'membership.unit_id'])
    .where('membership.role', '=', 'admin')
    .where('app_user.disabled', '=', 0)
    .execute();
  const units = new Map((await findUnitsByIds(db, [...new Set(admins.map((a) => a.unit_id))])).map((u) => [u.id, u]));
  const covers = (anchor: string) =>
    actor.memberships.length === 0
      ? anchor.split('/').filter(Boolean).length === 1
      : actor.memberships.some((m) => isWithin(m.unitPath, anchor));
  return [
    ...new Set(
      admins.flatMap((a) => {
        const unit = units.get(a.unit_id);
        return unit && a.user_id !== actor.userId && covers(anchorPathOf(unit)) ? [a.user_id] : [];
      }),
    ),
  ].sort((x, y) => x - y);
}

/** Counts one refused request of `actor`; the one past the threshold raises the alert. */
export async function countRefusal(
  ctx: AppContext,
  actor: Actor,
  request: { method: string; route: string | null; code: string; clientIp: string | null },
): Promise<void> {
  const now = ctx.clock.now();
  const { hits } = await countHit(ctx.db, 'refusals', actor.userId, REFUSAL_WINDOW_MS, now);
  if (hits !== REFUSAL_THRESHOLD + 1) return;
  const admins = await administratorsOver(ctx.db, actor);
  const facts = {
    username: actor.username,
    refusals: hits,
    threshold: REFUSAL_THRESHOLD,
    windowMinutes: REFUSAL_WINDOW_MS / 60_000,
    last: { method: request.method, route: request.route, code: request.code },
  };
  await ctx.db.transaction().execute(async (trx) => {
    // Raised by the system about the account (actor null): the account's own trail stays its own.
    await ctx.audit.append(
      trx,
      {
        actor: null,
        action: 'security.alert',
        subjectType: 'user',
        subjectId: actor.userId,
        outcome: 'success',
        clientIp: request.clientIp,
        details: { ...facts, notified: admins },
      },
      now,
    );
    await enqueue(
      trx,
      admins.map((admin) => ({
        topic: 'security.alert',
        recipientType: 'user' as const,
        recipient: admin,
        subjectType: 'user',
        subjectId: actor.userId,
        payload: facts,
      })),
      now,
    );
  });
}
