// 诉调/警调/访调对接: a court, police station or petition office refers a dispute to a committee
// of its area with its own reference and a deadline; the committee's acceptance is the receipt
// and the resolution goes back as the result (follow-case-actions.ts). The other way, a failed
// mediation goes to the court with its file, and an agreement goes for judicial confirmation;
// the court receipts it and returns its result. Every step is audited and notified.
import type { AppContext, Trx } from '../../../context.ts';
import { AppError, type ErrorCode } from '../../../platform/http/errors.ts';
import { enqueue } from '../../../platform/outbox/outbox.ts';
import { beijingDay } from '../../../platform/calendar/working-days.ts';
import { isWithin } from '../../../platform/db/subtree.ts';
import { anchorPathOf, auditActorOf, type Actor } from '../../auth/index.ts';
import { recordCaseEvent, registerReferredCase, type CaseRow } from '../../cases/index.ts';
import { findUnitByCode, findUnitById, type OrgUnitRow } from '../../org/index.ts';
import { findAgreement, type LoadedFile } from '../mediation-file.ts';
import type { ReferralKind } from '../mediation.table.ts';
import { KIND_LABELS } from '../referral-kinds.ts';

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [{ field, message }]);
const rule = (code: ErrorCode, message: string) => new AppError(code, message);

/** A hand-off just sent: nobody has receipted or answered it yet. */
const unanswered = (sentAt: string, sentBy: number) => ({
  status: 'sent' as const,
  sent_at: sentAt,
  sent_by: sentBy,
  received_at: null,
  received_by: null,
  result_outcome: null,
  result: null,
  returned_at: null,
  returned_by: null,
});

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

async function sendOutgoing(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  kind: Extract<ReferralKind, 'litigation' | 'judicial_confirmation'>,
  input: { courtId?: number | undefined; note?: string | undefined },
  clientIp: string | null,
): Promise<number> {
  // The county's people's court unless another court of the area is named.
  const countyCode = loaded.caseRow.number.split('-')[0]!;
  const court =
    input.courtId !== undefined
      ? await findUnitById(ctx.db, input.courtId)
      : await findUnitByCode(ctx.db, `${countyCode}-court`);
  if (!court || court.type !== 'court' || !isWithin(loaded.caseRow.region_path, anchorPathOf(court))) {
    throw invalid('courtId', '请选择本辖区的人民法院 / Choose a court of this area');
  }
  const already = await ctx.db
    .selectFrom('referral')
    .select('id')
    .where('case_id', '=', loaded.caseRow.id)
    .where('kind', '=', kind)
    .where('status', '!=', 'returned')
    .executeTakeFirst();
  if (already) throw new AppError('REFERRAL_ALREADY_SENT', '已移送法院，等待回复 / Already sent; awaiting the court');
  const now = ctx.clock.now();
  const at = now.toISOString();
  const note = input.note?.trim() || null;
  return ctx.db.transaction().execute(async (trx: Trx) => {
    const inserted = await trx
      .insertInto('referral')
      .values({
        case_id: loaded.caseRow.id,
        kind,
        from_unit_id: loaded.committee.id,
        to_unit_id: court.id,
        external_ref: loaded.file.number,
        note,
        deadline: null,
        ...unanswered(at, actor.userId),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The court sees the case and its file from now on.
    await trx
      .insertInto('case_assignment')
      .values({
        case_id: loaded.caseRow.id,
        unit_id: court.id,
        role: 'linked',
        active: 1,
        deadline: null,
        reported_at: null,
        note,
        created_at: at,
      })
      .execute();
    const who = auditActorOf(actor, 'mediation:manage');
    await recordCaseEvent(trx, ctx.dialect, {
      case_id: loaded.caseRow.id,
      action: `referral_${kind}`,
      actor_user_id: actor.userId,
      actor_name: actor.displayName,
      actor_role: who?.role ?? null,
      actor_unit_id: who?.unitId ?? null,
      at,
      data: JSON.stringify({
        referralId: inserted.id,
        toUnitId: court.id,
        toUnitName: court.name,
        label: KIND_LABELS[kind],
      }),
    });
    await enqueue(
      trx,
      [
        {
          topic: 'referral.sent',
          recipientType: 'unit',
          recipient: court.id,
          subjectType: 'referral',
          subjectId: inserted.id,
          payload: { caseNumber: loaded.caseRow.number, kind },
        },
      ],
      now,
    );
    await ctx.audit.append(
      trx,
      {
        actor: who,
        action: 'referral.send',
        subjectType: 'referral',
        subjectId: inserted.id,
        outcome: 'success',
        clientIp,
        details: { kind, caseId: loaded.caseRow.id, toUnitId: court.id },
      },
      now,
    );
    return inserted.id;
  });
}

/** Art. 33: both parties apply within 30 days of the agreement taking effect. */
export async function applyForConfirmation(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  input: { courtId?: number | undefined; note?: string | undefined },
  clientIp: string | null,
): Promise<number> {
  const agreement = await findAgreement(ctx.db, loaded.file.id);
  if (agreement?.status !== 'effective' || agreement.form !== 'written' || !agreement.confirmation_deadline)
    throw rule('AGREEMENT_NOT_EFFECTIVE', '只有生效的书面协议可以申请司法确认 / Only a written agreement in effect');
  if (beijingDay(ctx.clock.now()) > agreement.confirmation_deadline)
    throw rule(
      'CONFIRMATION_WINDOW_PASSED',
      `已超过司法确认申请期限（${agreement.confirmation_deadline}） / The 30-day window has passed`,
    );
  return sendOutgoing(ctx, actor, loaded, 'judicial_confirmation', input, clientIp);
}

/** A mediation that failed goes on to the court with its file (调解不成，引导诉讼). */
export async function referToCourt(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  input: { courtId?: number | undefined; note?: string | undefined },
  clientIp: string | null,
): Promise<number> {
  if (loaded.file.outcome !== 'no_agreement')
    throw rule('MEDIATION_NOT_FAILED', '只有未达成协议的调解可以移送法院 / Only a failed mediation goes to court');
  return sendOutgoing(ctx, actor, loaded, 'litigation', input, clientIp);
}

export type ReferralRow = NonNullable<Awaited<ReturnType<typeof findReferral>>>;

/** A referral with its case's number, title, status and place and both units' names. */
function referralQuery(db: AppContext['db']) {
  return db
    .selectFrom('referral')
    .innerJoin('case_record', 'case_record.id', 'referral.case_id')
    .innerJoin('org_unit as f', 'f.id', 'referral.from_unit_id')
    .innerJoin('org_unit as t', 't.id', 'referral.to_unit_id')
    .selectAll('referral')
    .select([
      'case_record.number as case_number',
      'case_record.title as case_title',
      'case_record.status as case_status',
      'case_record.region_path as region_path',
      'f.name as from_name',
      't.name as to_name',
    ]);
}

export async function findReferral(db: AppContext['db'], id: number) {
  return referralQuery(db).where('referral.id', '=', id).executeTakeFirst();
}

/** Several referrals in one query, newest first. */
export async function findReferrals(db: AppContext['db'], ids: number[]): Promise<ReferralRow[]> {
  if (ids.length === 0) return [];
  return referralQuery(db).where('referral.id', 'in', ids).orderBy('referral.id', 'desc').execute();
}

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
