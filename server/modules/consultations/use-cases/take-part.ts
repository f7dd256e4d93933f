// A verified resident takes part: supports a gathering topic (once; the Nth supporter opens it),
// and votes on an open one (once, secretly: the ballot carries the option and a random key, the
// voter's flag a separate row, both in one transaction — nothing links them).
import { awardPoints } from '../../points/index.ts';
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { Actor } from '../../auth/index.ts';
import {
  addEvent,
  addSupport,
  castBallot,
  countSupporter,
  flagVoter,
  optionsOf,
  updateConsultation,
  type ConsultationRow,
} from '../consultations.repository.ts';
import { auditConsultation } from './audit.ts';

const wrongStatus = (topic: ConsultationRow) =>
  new AppError('CONSULTATION_WRONG_STATUS', undefined, { status: topic.status });

export async function supportConsultation(
  ctx: AppContext,
  actor: Actor,
  topic: ConsultationRow,
  clientIp: string | null,
): Promise<void> {
  if (topic.status !== 'gathering') throw wrongStatus(topic);
  const now = ctx.clock.now();
  const at = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await addSupport(trx, topic.id, actor.userId, at))) throw new AppError('CONSULTATION_ALREADY_SUPPORTED');
    const count = await countSupporter(trx, topic.id);
    let opened = false;
    if (count >= topic.supportersNeeded) {
      opened = await updateConsultation(trx, topic.id, ['gathering'], { status: 'open', opened_at: at });
      if (opened)
        await addEvent(trx, { consultationId: topic.id, kind: 'opened', actorId: null, note: `${count}`, at });
    }
    await auditConsultation(
      ctx,
      trx,
      actor,
      'consultation:take_part',
      'consultation.support',
      { type: 'consultation', id: topic.id },
      clientIp,
      { supporters: count, opened },
      now,
    );
  });
}

export async function voteOnConsultation(
  ctx: AppContext,
  actor: Actor,
  topic: ConsultationRow,
  optionId: number,
  clientIp: string | null,
): Promise<void> {
  if (topic.status !== 'open') throw wrongStatus(topic);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    // The topic's row first: still open, and no option change runs beside the vote.
    if (!(await updateConsultation(trx, topic.id, ['open'], {}))) throw wrongStatus(topic);
    const options = await optionsOf(trx, topic.id);
    if (!options.some((o) => o.id === optionId)) throw new AppError('CONSULTATION_NO_OPTIONS');
    if (!(await flagVoter(trx, topic.id, actor.userId))) throw new AppError('CONSULTATION_ALREADY_VOTED');
    await castBallot(trx, topic.id, optionId);
    // Taking part earns points (once per topic), in the vote's transaction.
    await awardPoints(ctx, trx, { userId: actor.userId, rule: 'vote', sourceKey: `consultation-${topic.id}` });
    // The audit names the voter and the topic, never the option.
    await auditConsultation(
      ctx,
      trx,
      actor,
      'consultation:take_part',
      'consultation.vote',
      { type: 'consultation', id: topic.id },
      clientIp,
      {},
      now,
    );
  });
}
