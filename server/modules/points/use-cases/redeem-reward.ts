// 兑换: a resident spends points on a reward of its village (or of a unit above it). One
// transaction: the balance is debited by a guarded update (never below zero), one is taken off the
// stock by a guarded update, the redemption with its counter code and the ledger's spend entry are
// written, and the audit record. Refused beyond the balance or the stock, and then nothing changes.
import { randomInt } from 'node:crypto';
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { actorHome, homeReaches, notFoundRecord } from '../points.policy.ts';
import {
  appendEntry,
  debit,
  findAccount,
  findReward,
  insertRedemption,
  takeOneFromStock,
} from '../points.repository.ts';

/** No 0/O, 1/I/L: read aloud and typed at a counter. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function newRedemptionCode(): string {
  return Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(0, CODE_ALPHABET.length)]).join('');
}

export async function redeemReward(
  ctx: AppContext,
  actor: Actor,
  rewardId: number,
  clientIp: string | null,
): Promise<number> {
  const home = actorHome(actor);
  const reward = await findReward(ctx.db, rewardId);
  if (!reward || !homeReaches(home, reward.unitPath)) throw notFoundRecord('奖品', 'point_reward', rewardId, !!reward);
  const now = ctx.clock.now();
  const at = now.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const balance = await debit(trx, actor.userId, reward.cost, at);
    if (balance === null) {
      const account = await findAccount(trx, actor.userId);
      throw new AppError('POINTS_INSUFFICIENT_BALANCE', undefined, {
        balance: account?.balance ?? 0,
        cost: reward.cost,
      });
    }
    if (!(await takeOneFromStock(trx, reward.id, at))) throw new AppError('POINTS_OUT_OF_STOCK');
    const id = await insertRedemption(
      trx,
      {
        rewardId: reward.id,
        userId: actor.userId,
        unitPath: reward.unitPath,
        cost: reward.cost,
        code: newRedemptionCode(),
      },
      at,
    );
    await appendEntry(trx, {
      userId: actor.userId,
      kind: 'spend',
      amount: -reward.cost,
      balanceAfter: balance,
      redemptionId: id,
      reason: reward.name,
      createdBy: actor.userId,
      at,
    });
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'points:own'),
        action: 'points.redeem',
        subjectType: 'point_redemption',
        subjectId: id,
        outcome: 'success',
        clientIp,
        details: { rewardId: reward.id, cost: reward.cost },
      },
      now,
    );
    return id;
  });
}
