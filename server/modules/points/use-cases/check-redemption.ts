// 核销: the counter staff of the reward's village type the resident's code and hand the reward
// over; a code is good once (a guarded update: of two checks racing, one hands over, the other is
// told when it was). A code unknown, or of another area's counter, does not exist for the staff.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, can, type Actor } from '../../auth/index.ts';
import { notFoundRecord } from '../points.policy.ts';
import { findRedemption, findRedemptionByCode, markHandedOver, type RedemptionRow } from '../points.repository.ts';

export const normaliseCode = (code: string) => code.replace(/[\s-]/g, '').toUpperCase();

export async function checkRedemption(
  ctx: AppContext,
  actor: Actor,
  code: string,
  clientIp: string | null,
): Promise<RedemptionRow> {
  const redemption = await findRedemptionByCode(ctx.db, normaliseCode(code));
  if (!redemption || !can(actor, 'points:counter', [redemption.unitPath]))
    throw notFoundRecord('兑换码', 'point_redemption', redemption?.id ?? 0, !!redemption);
  if (redemption.status === 'handed_over')
    throw new AppError('POINTS_REDEMPTION_HANDED_OVER', undefined, { handedOverAt: redemption.handedOverAt });
  const now = ctx.clock.now();
  const done = await ctx.db.transaction().execute(async (trx) => {
    if (!(await markHandedOver(trx, redemption.id, actor.userId, now.toISOString()))) return false;
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'points:counter'),
        action: 'points.hand_over',
        subjectType: 'point_redemption',
        subjectId: redemption.id,
        outcome: 'success',
        clientIp,
        details: { rewardId: redemption.rewardId },
      },
      now,
    );
    return true;
  });
  const current = (await findRedemption(ctx.db, redemption.id))!;
  if (!done) throw new AppError('POINTS_REDEMPTION_HANDED_OVER', undefined, { handedOverAt: current.handedOverAt });
  return current;
}
