// 积分调整: an administrator or leader over the holder's home corrects a balance with a reason — a
// new ledger entry of kind 'adjustment' (the ledger is never edited), the balance moved by a guarded
// update (never below zero), and the audit record, in one transaction.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import type { Home } from '../points.policy.ts';
import { appendEntry, credit, debit, findAccount, holdAccount } from '../points.repository.ts';

export async function adjustBalance(
  ctx: AppContext,
  actor: Actor,
  holder: { userId: number; home: Home },
  input: { amount: number; reason: string },
  clientIp: string | null,
): Promise<number> {
  const reason = input.reason.trim();
  if (reason.length < 2)
    throw new AppError('VALIDATION_FAILED', undefined, [
      { field: 'reason', message: '请填写调整原因 / Give a reason' },
    ]);
  const now = ctx.clock.now();
  const at = now.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    await holdAccount(trx, holder.userId, holder.home, at);
    let balance: number;
    if (input.amount > 0) balance = await credit(trx, holder.userId, input.amount, true, at);
    else {
      const after = await debit(trx, holder.userId, -input.amount, at, true);
      if (after === null)
        throw new AppError('POINTS_INSUFFICIENT_BALANCE', undefined, {
          balance: (await findAccount(trx, holder.userId))?.balance ?? 0,
          cost: -input.amount,
        });
      balance = after;
    }
    const entryId = await appendEntry(trx, {
      userId: holder.userId,
      kind: 'adjustment',
      amount: input.amount,
      balanceAfter: balance,
      reason,
      createdBy: actor.userId,
      at,
    });
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'points:adjust'),
        action: 'points.adjust',
        subjectType: 'point_account',
        subjectId: holder.userId,
        outcome: 'success',
        clientIp,
        details: { amount: input.amount, reason, balance, entryId },
      },
      now,
    );
    return balance;
  });
}
