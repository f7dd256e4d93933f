// A court receipts a hand-off from a committee, then returns its result; both go onto the case's
// timeline, and the result is notified to the committee that sent it.
import type { AppContext } from '../../../context.ts';
import { AppError, type ErrorCode } from '../../../platform/http/errors.ts';
import { enqueue } from '../../../platform/outbox/outbox.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { recordCaseEvent } from '../../cases/index.ts';
import type { ReferralRow } from '../referrals.repository.ts';
import { KIND_LABELS } from '../referral-kinds.ts';

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [{ field, message }]);
const rule = (code: ErrorCode, message: string) => new AppError(code, message);

/** The court receipts a hand-off from a committee, then returns its result. */
export async function answerReferral(
  ctx: AppContext,
  actor: Actor,
  referral: ReferralRow,
  input: { step: 'receipt' } | { step: 'result'; outcome: string; result: string },
  clientIp: string | null,
): Promise<void> {
  if (referral.kind !== 'litigation' && referral.kind !== 'judicial_confirmation') {
    throw rule(
      'RECEIPT_BY_ACCEPTING',
      '委派调解由调解委员会签收事件并办结后自动回复 / The committee answers by accepting and resolving the case',
    );
  }
  const now = ctx.clock.now();
  const at = now.toISOString();
  const patch =
    input.step === 'receipt'
      ? { status: 'received' as const, received_at: at, received_by: actor.userId }
      : {
          status: 'returned' as const,
          received_at: referral.received_at ?? at,
          received_by: referral.received_by ?? actor.userId,
          result_outcome: input.outcome,
          result: input.result.trim(),
          returned_at: at,
          returned_by: actor.userId,
        };
  if (input.step === 'result' && !patch.result) throw invalid('result', '必填 / Required');
  const from = input.step === 'receipt' ? ['sent'] : ['sent', 'received'];
  await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('referral')
      .set(patch)
      .where('id', '=', referral.id)
      .where('status', 'in', from as ('sent' | 'received')[])
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1)
      throw rule(
        'REFERRAL_ANSWERED',
        input.step === 'receipt' ? '已签收 / Already receipted' : '已回复 / Already answered',
      );
    const who = auditActorOf(actor, 'referral:read');
    await recordCaseEvent(trx, ctx.dialect, {
      case_id: referral.case_id,
      action: input.step === 'receipt' ? 'referral_receipt' : 'referral_result',
      actor_user_id: actor.userId,
      actor_name: actor.displayName,
      actor_role: who?.role ?? null,
      actor_unit_id: who?.unitId ?? null,
      at,
      data: JSON.stringify({
        referralId: referral.id,
        label: KIND_LABELS[referral.kind],
        ...(input.step === 'result' ? { outcome: input.outcome, result: input.result.trim() } : {}),
      }),
    });
    if (input.step === 'result') {
      await enqueue(
        trx,
        [
          {
            topic: 'referral.returned',
            recipientType: 'unit',
            recipient: referral.from_unit_id,
            subjectType: 'referral',
            subjectId: referral.id,
            payload: { caseNumber: referral.case_number, kind: referral.kind, outcome: input.outcome },
          },
        ],
        now,
      );
    }
    await ctx.audit.append(
      trx,
      {
        actor: who,
        action: input.step === 'receipt' ? 'referral.receipt' : 'referral.result',
        subjectType: 'referral',
        subjectId: referral.id,
        outcome: 'success',
        clientIp,
        details: input.step === 'result' ? { outcome: input.outcome } : {},
      },
      now,
    );
  });
}
