// The evaluator records one call to a sampled case's reporter: reached or not and, when reached,
// the rating, whether the problem was genuinely solved and a comment. Several attempts may be
// recorded; the last reached one counts (sampled-satisfaction.ts). Audited in the same transaction.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { Rating } from '../../../../common/case-state.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { findItem, insertCall, type CallRow } from '../evaluation.repository.ts';
import { workableSample } from './load-sample.ts';

export interface RecordCallInput {
  reached: boolean;
  rating?: Rating | undefined;
  solved?: boolean | undefined;
  comment?: string | undefined;
}

export async function recordEvaluationCall(
  ctx: AppContext,
  actor: Actor,
  sampleId: number,
  itemId: number,
  input: RecordCallInput,
  clientIp: string | null,
): Promise<CallRow> {
  const sample = await workableSample(ctx, actor, sampleId);
  const item = await findItem(ctx.db, sample.id, itemId);
  if (!item)
    throw new AppError('NOT_FOUND', '抽样事件不存在 / No such sampled case').denying('evaluation_sample_item', itemId);
  if (!input.reached && (input.rating !== undefined || input.solved !== undefined)) {
    throw new AppError('EVALUATION_CALL_INVALID');
  }
  const comment = input.comment?.trim() ? input.comment.trim() : null;
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const call = await insertCall(trx, {
      item_id: item.id,
      sample_id: sample.id,
      reached: input.reached ? 1 : 0,
      rating: input.rating ?? null,
      solved: input.solved === undefined ? null : input.solved ? 1 : 0,
      comment,
      by_user_id: actor.userId,
      by_name: actor.displayName,
      at: now.toISOString(),
    });
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'evaluation:sample'),
        action: 'evaluation.call',
        subjectType: 'evaluation_sample',
        subjectId: sample.id,
        outcome: 'success',
        clientIp,
        details: { itemId: item.id, caseId: item.case_id, reached: input.reached, rating: input.rating ?? null },
      },
      now,
    );
    return call;
  });
}
