// 议定: staff close an open topic (or the CPPCC a proposal lead) with the decision, the unit that
// carries it out and by when; then record its follow-up (accountability 0–100 % with a note), shown
// publicly until done.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { isWithin } from '../../../platform/db/subtree.ts';
import type { Actor } from '../../auth/index.ts';
import { countyOf, findUnitById } from '../../org/index.ts';
import { addEvent, updateConsultation, type ConsultationRow } from '../consultations.repository.ts';
import { auditConsultation } from './audit.ts';

const wrongStatus = (topic: ConsultationRow) =>
  new AppError('CONSULTATION_WRONG_STATUS', undefined, { status: topic.status });

export async function decideConsultation(
  ctx: AppContext,
  actor: Actor,
  topic: ConsultationRow,
  input: { decision: string; carriedOutByUnitId: number; dueDate: string },
  clientIp: string | null,
): Promise<void> {
  if (topic.status !== 'open' && topic.status !== 'proposal_lead') throw wrongStatus(topic);
  const [unit, county] = await Promise.all([
    findUnitById(ctx.db, input.carriedOutByUnitId),
    countyOf(ctx.db, { path: topic.unitPath }),
  ]);
  if (!unit || unit.closed_at !== null || !county || !isWithin(unit.path, county.path)) {
    throw new AppError('CONSULTATION_DECISION_UNIT_INVALID');
  }
  const now = ctx.clock.now();
  const at = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const done = await updateConsultation(trx, topic.id, ['open', 'proposal_lead'], {
      status: 'closed',
      closed_at: at,
      closed_by: actor.userId,
      decision: input.decision.trim(),
      decision_unit_id: unit.id,
      decision_due: input.dueDate,
    });
    if (!done) throw wrongStatus(topic);
    await addEvent(trx, {
      consultationId: topic.id,
      kind: 'decided',
      actorId: actor.userId,
      note: input.decision.trim(),
      at,
    });
    await auditConsultation(
      ctx,
      trx,
      actor,
      'consultation:manage',
      'consultation.decide',
      { type: 'consultation', id: topic.id },
      clientIp,
      { carriedOutByUnitId: unit.id, dueDate: input.dueDate },
      now,
    );
  });
}

export async function recordConsultationProgress(
  ctx: AppContext,
  actor: Actor,
  topic: ConsultationRow,
  input: { percent: number; note: string },
  clientIp: string | null,
): Promise<void> {
  if (topic.status !== 'closed') throw wrongStatus(topic);
  const now = ctx.clock.now();
  const at = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await updateConsultation(trx, topic.id, ['closed'], { progress: input.percent }))) throw wrongStatus(topic);
    await addEvent(trx, {
      consultationId: topic.id,
      kind: 'progress',
      actorId: actor.userId,
      note: input.note.trim(),
      progress: input.percent,
      at,
    });
    await auditConsultation(
      ctx,
      trx,
      actor,
      'consultation:manage',
      'consultation.progress',
      { type: 'consultation', id: topic.id },
      clientIp,
      { percent: input.percent },
      now,
    );
  });
}
