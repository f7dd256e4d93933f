// The other way: a failed mediation goes to the court with its file (调解不成，引导诉讼), and an
// agreement in effect goes for judicial confirmation (Art. 33). The court sees the case from then
// on, receipts the hand-off and returns its result (answer-referral.ts).
import type { AppContext, Trx } from '../../../context.ts';
import { AppError, type ErrorCode } from '../../../platform/http/errors.ts';
import { enqueue } from '../../../platform/outbox/outbox.ts';
import { beijingDay } from '../../../platform/calendar/working-days.ts';
import { isWithin } from '../../../platform/db/subtree.ts';
import { anchorPathOf, auditActorOf, type Actor } from '../../auth/index.ts';
import { linkUnit, recordCaseEvent } from '../../cases/index.ts';
import { countyOf, courtOf, findUnitById } from '../../org/index.ts';
import { findAgreement, type LoadedFile } from '../mediation-file.ts';
import { loadBoundAgreement } from '../agreement-binding.ts';
import { requireUnaltered } from '../agreement-text.ts';
import type { ReferralKind } from '../mediation.table.ts';
import { unanswered } from '../referrals.repository.ts';
import { KIND_LABELS } from '../referral-kinds.ts';

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [{ field, message }]);
const rule = (code: ErrorCode, message: string) => new AppError(code, message);

async function sendOutgoing(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  kind: Extract<ReferralKind, 'litigation' | 'judicial_confirmation'>,
  input: { courtId?: number | undefined; note?: string | undefined },
  clientIp: string | null,
): Promise<number> {
  // The people's court of the case's county unless another court of the area is named.
  const county = input.courtId === undefined ? await countyOf(ctx.db, { path: loaded.caseRow.region_path }) : undefined;
  const court =
    input.courtId !== undefined
      ? await findUnitById(ctx.db, input.courtId)
      : county && (await courtOf(ctx.db, county.id));
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
    await linkUnit(trx, { caseId: loaded.caseRow.id, unitId: court.id, note, at });
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
  // A court confirms what the parties signed: never a text changed since.
  requireUnaltered((await loadBoundAgreement(ctx, ctx.db, loaded)).binding);
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
