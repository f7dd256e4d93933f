// 回访: an operator or dispatcher records one call to the reporter of a resolved case that is not
// yet rated, whatever came of it. The call, and the audit record naming its outcome (never the
// note, which may hold what the caller said), are written in one transaction; a case that moved
// on meanwhile (rated, reopened, closed) refuses the call and nothing is written.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { ReturnCallOutcome } from '../../../../common/return-calls.ts';
import type { Actor } from '../../auth/index.ts';
import { membershipWith } from '../cases.policy.ts';
import { loadVisibleCase } from '../case-view.ts';
import { insertReturnCall, type ReturnCallRow } from '../return-calls.repository.ts';

export interface ReturnCallInput {
  outcome: ReturnCallOutcome;
  note?: string | undefined;
}

export async function recordReturnCall(
  ctx: AppContext,
  actor: Actor,
  caseId: number,
  input: ReturnCallInput,
  clientIp: string | null,
): Promise<ReturnCallRow> {
  const loaded = await loadVisibleCase(ctx, actor, caseId);
  // Seen through another membership (a department handling it) but outside the area this actor
  // calls back for: not a case of its queue.
  const membership = membershipWith(actor, 'case:return_call', loaded.facts);
  if (!membership) throw new AppError('NOT_FOUND', '事件不存在 / No such case').denying('case', caseId);
  const note = input.note?.trim() || null;
  return ctx.db.transaction().execute(async (trx) => {
    let current = trx.selectFrom('case_record').select(['status', 'rating']).where('id', '=', caseId);
    if (ctx.dialect === 'postgres') current = current.forUpdate();
    const { status, rating } = await current.executeTakeFirstOrThrow();
    if (status !== 'resolved' || rating !== null) {
      throw new AppError('RETURN_CALL_NOT_DUE', undefined, { status, rated: rating !== null });
    }
    const now = ctx.clock.now();
    const call = await insertReturnCall(trx, {
      case_id: caseId,
      at: now.toISOString(),
      outcome: input.outcome,
      note,
      by_user_id: actor.userId,
      by_name: actor.displayName,
      by_role: membership.role,
    });
    await ctx.audit.append(
      trx,
      {
        actor: { userId: actor.userId, username: actor.username, role: membership.role, unitId: membership.unitId },
        action: 'case.return_call',
        subjectType: 'case',
        subjectId: caseId,
        outcome: 'success',
        clientIp,
        details: { returnCallId: call.id, outcome: input.outcome },
      },
      now,
    );
    return call;
  });
}
