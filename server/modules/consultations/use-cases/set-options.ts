// 表决选项: staff set a topic's options while no vote has been cast (gathering or open).
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { Actor } from '../../auth/index.ts';
import {
  addEvent,
  replaceOptions,
  updateConsultation,
  voterCount,
  type ConsultationRow,
} from '../consultations.repository.ts';
import { auditConsultation } from './audit.ts';

/** Trimmed options; repeats or fewer than 2 (when any are given) are refused. */
export function cleanOptions(options: readonly string[]): string[] {
  const labels = options.map((o) => o.trim());
  if (labels.length === 0) return [];
  if (
    labels.length < 2 ||
    labels.length > 10 ||
    labels.some((l) => l === '') ||
    new Set(labels).size !== labels.length
  ) {
    throw new AppError('CONSULTATION_OPTIONS_INVALID');
  }
  return labels;
}

export async function setConsultationOptions(
  ctx: AppContext,
  actor: Actor,
  topic: ConsultationRow,
  options: readonly string[],
  clientIp: string | null,
): Promise<void> {
  if (topic.status !== 'gathering' && topic.status !== 'open') {
    throw new AppError('CONSULTATION_WRONG_STATUS', undefined, { status: topic.status });
  }
  const labels = cleanOptions(options);
  if (labels.length === 0) throw new AppError('CONSULTATION_OPTIONS_INVALID');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    // The topic's row first (a vote takes the same row lock), then the voters: none may have voted.
    if (!(await updateConsultation(trx, topic.id, ['gathering', 'open'], {}))) {
      throw new AppError('CONSULTATION_WRONG_STATUS', undefined, { status: topic.status });
    }
    if ((await voterCount(trx, topic.id)) > 0) throw new AppError('CONSULTATION_OPTIONS_LOCKED');
    await replaceOptions(trx, topic.id, labels);
    await addEvent(trx, {
      consultationId: topic.id,
      kind: 'options',
      actorId: actor.userId,
      note: labels.join(' / '),
      at: now.toISOString(),
    });
    await auditConsultation(
      ctx,
      trx,
      actor,
      'consultation:manage',
      'consultation.options',
      { type: 'consultation', id: topic.id },
      clientIp,
      { options: labels.length },
      now,
    );
  });
}
