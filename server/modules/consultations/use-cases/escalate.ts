// 逐级上报: a topic beyond its level's power goes to the parent level — a new topic there, open at
// once with the same options (a fresh vote of the wider area), which carries this one's record
// (comments, result, history: escalatedFromId). A building's topic goes to its grid, a grid's to its
// village, a village's to its township, a township's to its county; above the county it becomes a
// proposal lead (提案线索) addressed to the county's CPPCC committee (a department of kind `cppcc`).
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { Actor } from '../../auth/index.ts';
import { findUnitById, listUnits, type OrgUnitRow } from '../../org/index.ts';
import { CPPCC_UNIT_KIND, type ConsultationLevel } from '../../../../common/consultations.ts';
import {
  addEvent,
  insertConsultation,
  optionsOf,
  replaceOptions,
  updateConsultation,
  type ConsultationRow,
} from '../consultations.repository.ts';
import { auditConsultation } from './audit.ts';

async function targetOf(
  ctx: AppContext,
  topic: ConsultationRow,
): Promise<{ unit: OrgUnitRow; level: ConsultationLevel; lead: boolean }> {
  const unit = await findUnitById(ctx.db, topic.unitId);
  if (!unit) throw new AppError('CONSULTATION_LEVEL_INVALID');
  if (topic.level === 'building') return { unit, level: 'grid', lead: false };
  if (topic.level === 'county') {
    const cppcc = (
      await listUnits(ctx.db, { parentId: unit.id, type: 'department', scopePaths: [unit.path], limit: 500 })
    ).find((u) => u.kind === CPPCC_UNIT_KIND && u.closed_at === null);
    if (!cppcc) throw new AppError('CONSULTATION_NO_CPPCC');
    return { unit: cppcc, level: 'county', lead: true };
  }
  const parent = unit.parent_id === null ? undefined : await findUnitById(ctx.db, unit.parent_id);
  const level = parent?.level;
  if (!parent || parent.type !== 'region' || (level !== 'county' && level !== 'township' && level !== 'village')) {
    throw new AppError('CONSULTATION_LEVEL_INVALID');
  }
  return { unit: parent, level, lead: false };
}

export async function escalateConsultation(
  ctx: AppContext,
  actor: Actor,
  topic: ConsultationRow,
  reason: string,
  clientIp: string | null,
): Promise<number> {
  if (topic.status !== 'open') throw new AppError('CONSULTATION_WRONG_STATUS', undefined, { status: topic.status });
  const target = await targetOf(ctx, topic);
  const now = ctx.clock.now();
  const at = now.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    if (
      !(await updateConsultation(trx, topic.id, ['open'], {
        status: 'escalated',
        closed_at: at,
        closed_by: actor.userId,
        escalation_reason: reason.trim(),
      }))
    ) {
      throw new AppError('CONSULTATION_WRONG_STATUS', undefined, { status: topic.status });
    }
    const id = await insertConsultation(trx, {
      unit_id: target.unit.id,
      unit_path: target.unit.path,
      level: target.level,
      building_label: null,
      title: topic.title,
      body: topic.body,
      status: target.lead ? 'proposal_lead' : 'open',
      origin: 'escalation',
      raised_by: actor.userId,
      supporters_needed: 0,
      supporter_count: 0,
      created_at: at,
      opened_at: at,
      closed_at: null,
      closed_by: null,
      decision: null,
      decision_unit_id: null,
      decision_due: null,
      progress: 0,
      escalated_from_id: topic.id,
      escalation_reason: reason.trim(),
    });
    await replaceOptions(
      trx,
      id,
      (await optionsOf(trx, topic.id)).map((o) => o.label),
    );
    await addEvent(trx, {
      consultationId: topic.id,
      kind: 'escalated',
      actorId: actor.userId,
      note: reason.trim(),
      at,
    });
    await addEvent(trx, {
      consultationId: id,
      kind: target.lead ? 'proposal_lead' : 'escalated_from',
      actorId: actor.userId,
      note: reason.trim(),
      at,
    });
    await auditConsultation(
      ctx,
      trx,
      actor,
      'consultation:manage',
      'consultation.escalate',
      { type: 'consultation', id: topic.id },
      clientIp,
      { toId: id, toUnitId: target.unit.id, proposalLead: target.lead },
      now,
    );
    return id;
  });
}
