// The caller's number in clear, for the roles that call people back (`case:reveal_reporter`):
// operator, dispatcher and the mediator of a case their committee works. Each reveal states why,
// is counted against a budget per account (a masked number revealed at will would be a directory),
// and is audited with the reason, never the number.
import type { AppContext } from '../../../context.ts';
import type { Power } from '../../../../common/powers.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { countHit, tryAgainIn, type Actor } from '../../auth/index.ts';
import { membershipWith } from '../cases.policy.ts';
import { loadVisibleCase } from '../case-view.ts';

/** Reveals each account may make per window: a day of return calls, far too few to harvest numbers. */
export const REVEAL_BUDGET = 30;
export const REVEAL_WINDOW_MS = 10 * 60_000;

export async function revealReporter(
  ctx: AppContext,
  actor: Actor,
  caseId: number,
  reason: string,
  clientIp: string | null,
  // The third-party evaluator reveals through this too, for the cases of its samples
  // (`evaluation:reveal_phone`, issue 16): the same reason, budget and audit record.
  power: Extract<Power, 'case:reveal_reporter' | 'evaluation:reveal_phone'> = 'case:reveal_reporter',
): Promise<{ phone: string | null }> {
  const stated = reason.trim();
  if (stated.length < 2) {
    throw new AppError('VALIDATION_FAILED', '请说明查看事由 / State why you need the number', [
      { field: 'reason', message: '至少 2 个字 / At least 2 characters' },
    ]);
  }
  const loaded = await loadVisibleCase(ctx, actor, caseId);
  const membership = membershipWith(actor, power, loaded.facts);
  // The route asked for the power first (403 without it); a holder who sees the case only through
  // another membership does not hold it there.
  if (!membership) {
    throw new AppError('FORBIDDEN', '无权查看来电号码 / You may not see the caller’s number').denying('case', caseId);
  }
  const now = ctx.clock.now();
  const spent = await countHit(ctx.db, 'reporter_reveal', actor.userId, REVEAL_WINDOW_MS, now);
  if (spent.hits > REVEAL_BUDGET) {
    throw tryAgainIn(
      'REVEAL_BUDGET_EXCEEDED',
      { zh: '查看来电号码次数已达上限', en: "Too many callers' numbers shown" },
      spent.retryAfterSeconds,
    );
  }
  const encrypted = loaded.row.reporter_phone_enc;
  await ctx.db.transaction().execute((trx) =>
    ctx.audit.append(
      trx,
      {
        actor: { userId: actor.userId, username: actor.username, role: membership.role, unitId: membership.unitId },
        action: 'case.reporter_reveal',
        subjectType: 'case',
        subjectId: caseId,
        outcome: 'success',
        clientIp,
        details: { caseId, reason: stated, hadPhone: encrypted !== null, power },
      },
      now,
    ),
  );
  return { phone: encrypted ? ctx.cipher.decrypt(encrypted) : null };
}
