// 好人好事: a resident (for its home village) or staff (for a unit of their area) nominates a
// person and the deed; the township's or committee's staff approve it — it is published and, when
// the nominee is a resident account (named by its phone, which is not kept), earns it 'good_deed'
// points once — or reject it with a reason. Each step audited in its transaction.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, can, residentAccountsByPhoneHash, type Actor } from '../../auth/index.ts';
import { findUnitById } from '../../org/index.ts';
import { actorHome, notFoundRecord } from '../points.policy.ts';
import { decideRecognition, findRecognition, insertRecognition, setPointsCredited } from '../recognition.repository.ts';
import type { RecognitionRow } from '../recognition.repository.ts';
import { awardPoints } from './award-points.ts';

const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', undefined, [{ field, message }]);

function normaliseMobile(input: string): string | null {
  let digits = input.replace(/[\s-]/g, '');
  if (/^(\+86|0086|86)1\d{10}$/.test(digits)) digits = digits.slice(digits.length - 11);
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

export interface NominateInput {
  unitId?: number | undefined;
  nomineeName: string;
  deed: string;
  nomineePhone?: string | undefined;
}

export async function nominate(
  ctx: AppContext,
  actor: Actor,
  input: NominateInput,
  clientIp: string | null,
): Promise<number> {
  const nomineeName = input.nomineeName.trim();
  const deed = input.deed.trim();
  if (nomineeName.length === 0) throw invalid('nomineeName', '请填写被推荐人 / Name the nominee');
  if (deed.length < 5) throw invalid('deed', '请写明事迹（至少5个字） / Describe the deed (5 characters or more)');
  // A resident nominates for its home; staff for a unit of their area.
  const home = actorHome(actor);
  const staff = actor.memberships.some((m) => m.role !== 'resident');
  let unit: { id: number; path: string };
  if (input.unitId === undefined && home && !staff) unit = { id: home.unitId, path: home.unitPath };
  else {
    if (input.unitId === undefined) throw invalid('unitId', '请选择单位 / Choose a unit');
    const found = await findUnitById(ctx.db, input.unitId);
    const reach =
      !!found && (can(actor, 'recognition:nominate', [found.path]) || (home !== null && found.path === home.unitPath));
    if (!found || !reach) throw notFoundRecord('单位', 'org_unit', input.unitId, !!found);
    if (found.type !== 'region') throw invalid('unitId', '请选择乡镇、村（社区）或网格 / Choose a region');
    unit = found;
  }
  let nomineeUserId: number | null = null;
  if (input.nomineePhone !== undefined && input.nomineePhone.trim() !== '') {
    const phone = normaliseMobile(input.nomineePhone);
    if (!phone) throw invalid('nomineePhone', '手机号格式不正确 / Not a mobile number');
    nomineeUserId = (await residentAccountsByPhoneHash(ctx.db, [ctx.cipher.blindIndex(phone)]))[0] ?? null;
    if (nomineeUserId === actor.userId) throw new AppError('RECOGNITION_SELF');
  }
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertRecognition(
      trx,
      { unitId: unit.id, unitPath: unit.path, nomineeName, nomineeUserId, deed },
      actor.userId,
      now.toISOString(),
    );
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'recognition:nominate'),
        action: 'recognition.nominate',
        subjectType: 'recognition',
        subjectId: id,
        outcome: 'success',
        clientIp,
        details: { unitId: unit.id, nomineeLinked: nomineeUserId !== null },
      },
      now,
    );
    return id;
  });
}

export async function loadRecognition(
  ctx: AppContext,
  actor: Actor,
  id: number,
  power: 'recognition:read' | 'recognition:review',
): Promise<RecognitionRow> {
  const r = await findRecognition(ctx.db, id);
  if (!r || !can(actor, power, [r.unitPath])) throw notFoundRecord('推荐', 'recognition', id, !!r);
  return r;
}

export async function reviewRecognition(
  ctx: AppContext,
  actor: Actor,
  r: RecognitionRow,
  input: { decision: 'approve' | 'reject'; reason?: string | undefined },
  clientIp: string | null,
): Promise<void> {
  const reason = input.reason?.trim() || null;
  if (input.decision === 'reject' && (reason === null || reason.length < 2))
    throw invalid('reason', '不予通过须写明理由 / A rejection needs a reason');
  if (r.status !== 'pending') throw new AppError('RECOGNITION_REVIEWED', undefined, { status: r.status });
  const now = ctx.clock.now();
  const done = await ctx.db.transaction().execute(async (trx) => {
    const status = input.decision === 'approve' ? 'approved' : 'rejected';
    if (!(await decideRecognition(trx, r.id, { status, by: actor.userId, at: now.toISOString(), reason })))
      return false;
    let credited = 0;
    if (status === 'approved' && r.nomineeUserId !== null) {
      credited = (
        await awardPoints(ctx, trx, { userId: r.nomineeUserId, rule: 'good_deed', sourceKey: `recognition:${r.id}` })
      ).credited;
      await setPointsCredited(trx, r.id, credited);
    }
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'recognition:review'),
        action: `recognition.${input.decision}`,
        subjectType: 'recognition',
        subjectId: r.id,
        outcome: 'success',
        clientIp,
        details: { reason, pointsCredited: credited },
      },
      now,
    );
    return true;
  });
  if (!done) {
    const current = await findRecognition(ctx.db, r.id);
    throw new AppError('RECOGNITION_REVIEWED', undefined, { status: current?.status });
  }
}
