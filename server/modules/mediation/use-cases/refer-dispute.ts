// 诉调/警调/访调对接: a court, police station or petition office refers a dispute to a committee
// of its area with its own reference and a deadline. The case arrives dispatched to the
// committee; its acceptance is the receipt and its resolution returns the result
// (follow-case-actions.ts). Audited and notified like any intake.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { beijingDay } from '../../../platform/calendar/working-days.ts';
import { isWithin } from '../../../platform/db/subtree.ts';
import { anchorPathOf, auditActorOf, type Actor } from '../../auth/index.ts';
import { registerReferredCase, type CaseRow } from '../../cases/index.ts';
import { findUnitById, type OrgUnitRow } from '../../org/index.ts';
import { unanswered } from '../referrals.repository.ts';
import { KIND_LABELS } from '../referral-kinds.ts';

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [{ field, message }]);

const CHANNEL_OF = { court: 'court_referral', police: 'police_referral', petition: 'petition_referral' } as const;

/** The kind of hand-off a unit may send into mediation, if any. */
function senderKind(unit: OrgUnitRow): 'court' | 'police' | 'petition' | null {
  if (unit.type === 'court') return 'court';
  if (unit.type === 'police') return 'police';
  if (unit.type === 'department' && unit.kind === 'petition') return 'petition';
  return null;
}

export interface ReferDisputeInput {
  fromUnitId?: number | undefined;
  toUnitId: number;
  externalRef: string;
  deadline?: string | undefined;
  note?: string | undefined;
  case: {
    kind: string;
    categoryCode: string;
    description: string;
    title?: string | undefined;
    location?: { lng: number; lat: number; crs?: 'gcj02' | 'wgs84' | undefined } | undefined;
    address?: string | undefined;
    unitId?: number | undefined;
    reporter?: { name: string; phone?: string | undefined } | undefined;
  };
}

export async function referDispute(
  ctx: AppContext,
  actor: Actor,
  input: ReferDisputeInput,
  clientIp: string | null,
): Promise<{ referralId: number; caseRow: CaseRow }> {
  // The sending unit: the one named, or the actor's only court / police / petition unit.
  const senders = [];
  for (const m of actor.memberships.filter((m) => m.role === 'department')) {
    const unit = await findUnitById(ctx.db, m.unitId);
    if (unit && senderKind(unit)) senders.push(unit);
  }
  const sender = input.fromUnitId !== undefined ? senders.find((u) => u.id === input.fromUnitId) : senders[0];
  if (!sender) {
    throw new AppError(
      'FORBIDDEN',
      '只有法院、派出所或信访部门可以委派调解 / Only a court, police station or petition office refers disputes',
    );
  }
  const kind = senderKind(sender)!;
  const committee = await findUnitById(ctx.db, input.toUnitId);
  if (!committee || committee.type !== 'committee' || !isWithin(committee.path, anchorPathOf(sender))) {
    throw invalid('toUnitId', '请选择本辖区的人民调解委员会 / Choose a mediation committee of your area');
  }
  const externalRef = input.externalRef.trim();
  if (!externalRef) throw invalid('externalRef', '必填 / Required');
  if (input.deadline !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.deadline) || Number.isNaN(Date.parse(input.deadline)))
      throw invalid('deadline', '日期格式为 YYYY-MM-DD / Use YYYY-MM-DD');
    if (input.deadline < beijingDay(ctx.clock.now())) throw invalid('deadline', '期限已过 / The deadline has passed');
  }
  const note = input.note?.trim() || null;
  let referralId = 0;
  const { row } = await registerReferredCase(ctx, actor, { ...input.case, channel: CHANNEL_OF[kind] }, clientIp, {
    senderUnit: sender,
    leadUnit: committee,
    note,
    within: async (trx, caseRow) => {
      const inserted = await trx
        .insertInto('referral')
        .values({
          case_id: caseRow.id,
          kind,
          from_unit_id: sender.id,
          to_unit_id: committee.id,
          external_ref: externalRef,
          note,
          deadline: input.deadline ?? null,
          ...unanswered(caseRow.created_at, actor.userId),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      referralId = inserted.id;
      await ctx.audit.append(
        trx,
        {
          actor: auditActorOf(actor, 'referral:create'),
          action: 'referral.send',
          subjectType: 'referral',
          subjectId: inserted.id,
          outcome: 'success',
          clientIp,
          details: { kind, caseId: caseRow.id, toUnitId: committee.id, externalRef },
        },
        ctx.clock.now(),
      );
      return { referralId: inserted.id, kind, label: KIND_LABELS[kind], externalRef, deadline: input.deadline ?? null };
    },
  });
  return { referralId, caseRow: row };
}
