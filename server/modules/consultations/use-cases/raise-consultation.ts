// 发起议题: staff raise a topic at a unit of their area, open at once; a verified resident raises one
// in its home area, gathering supporters (N per level, data) before it opens (CONSUL). The level is
// the unit's (county, township, village or grid), or a building: a grid with the building's label.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { isWithin } from '../../../platform/db/subtree.ts';
import { can, type Actor } from '../../auth/index.ts';
import { findUnitById } from '../../org/index.ts';
import { RESIDENT_LEVELS, type ConsultationLevel } from '../../../../common/consultations.ts';
import { addEvent, insertConsultation, replaceOptions, settingFor } from '../consultations.repository.ts';
import { requireVerifiedResident } from '../consultations.policy.ts';
import { auditConsultation } from './audit.ts';
import { cleanOptions } from './set-options.ts';

export interface RaiseInput {
  unitId: number;
  buildingLabel?: string | undefined;
  title: string;
  body: string;
  options?: string[] | undefined;
}

const levelInvalid = () => new AppError('CONSULTATION_LEVEL_INVALID');

export async function raiseConsultation(
  ctx: AppContext,
  actor: Actor,
  input: RaiseInput,
  clientIp: string | null,
): Promise<number> {
  const staff = can(actor, 'consultation:manage');
  const home = staff ? undefined : requireVerifiedResident(actor);
  const unit = await findUnitById(ctx.db, input.unitId);
  const reach =
    !!unit && (staff ? can(actor, 'consultation:manage', [unit.path]) : isWithin(home!.unitPath, unit.path));
  if (!unit || !reach) throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
  if (unit.type !== 'region' || unit.closed_at !== null) throw levelInvalid();
  const label = input.buildingLabel?.trim() || null;
  if (label && unit.level !== 'grid') throw levelInvalid();
  const level: ConsultationLevel | null = label
    ? 'building'
    : unit.level === 'county' || unit.level === 'township' || unit.level === 'village' || unit.level === 'grid'
      ? unit.level
      : null;
  if (!level || (!staff && !RESIDENT_LEVELS.includes(level))) throw levelInvalid();
  const options = cleanOptions(input.options ?? []);
  const setting = await settingFor(ctx.db, level);
  const now = ctx.clock.now();
  const at = now.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertConsultation(trx, {
      unit_id: unit.id,
      unit_path: unit.path,
      level,
      building_label: label,
      title: input.title.trim(),
      body: input.body.trim(),
      status: staff ? 'open' : 'gathering',
      origin: staff ? 'staff' : 'resident',
      raised_by: actor.userId,
      supporters_needed: staff ? 0 : setting.supportersNeeded,
      supporter_count: 0,
      created_at: at,
      opened_at: staff ? at : null,
      closed_at: null,
      closed_by: null,
      decision: null,
      decision_unit_id: null,
      decision_due: null,
      progress: 0,
      escalated_from_id: null,
      escalation_reason: null,
    });
    await replaceOptions(trx, id, options);
    await addEvent(trx, { consultationId: id, kind: 'raised', actorId: actor.userId, at });
    if (staff) await addEvent(trx, { consultationId: id, kind: 'opened', actorId: actor.userId, at });
    await auditConsultation(
      ctx,
      trx,
      actor,
      staff ? 'consultation:manage' : 'consultation:take_part',
      'consultation.raise',
      { type: 'consultation', id },
      clientIp,
      { unitId: unit.id, level, status: staff ? 'open' : 'gathering', options: options.length },
      now,
    );
    return id;
  });
}
