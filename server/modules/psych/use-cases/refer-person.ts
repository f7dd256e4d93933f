// 心理服务转介: a grid worker, mediator or dispatcher refers a person at risk to the psychological
// service team of their county. The name, phone and reason are sealed; the team hears of it in its
// inbox (a notice that names neither the person nor the reason); the audit record says that a
// referral was made, to which team, how urgent — never who or why. One transaction.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { enqueue } from '../../../platform/outbox/outbox.ts';
import { isValidPhone } from '../../../platform/crypto/personal-data.ts';
import { auditActorOf, membershipHolds, type Actor } from '../../auth/index.ts';
import { loadVisibleCase } from '../../cases/index.ts';
import { countyOf, psychTeamOf, type OrgUnitRow } from '../../org/index.ts';
import type { PsychUrgency } from '../../../../common/psych.ts';
import { insertReferral } from '../psych.repository.ts';

export const PSYCH_REFERRED_TOPIC = 'psych.referred';

export interface ReferPersonInput {
  personName: string;
  phone?: string | undefined;
  reason: string;
  urgency: PsychUrgency;
  caseId?: number | undefined;
}

const invalid = (problems: { field: string; message: string }[]) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', problems);

/** The referrer's membership that refers, and its county's team: the first whose county has one. */
async function teamFor(ctx: AppContext, actor: Actor): Promise<{ team: OrgUnitRow; fromUnitId: number }> {
  for (const membership of actor.memberships.filter((m) => membershipHolds(m, 'psych:refer'))) {
    const county = await countyOf(ctx.db, { path: membership.unitPath });
    const team = county ? await psychTeamOf(ctx.db, county.id) : undefined;
    if (team) return { team, fromUnitId: membership.unitId };
  }
  throw new AppError('PSYCH_TEAM_MISSING');
}

export async function referPerson(
  ctx: AppContext,
  actor: Actor,
  input: ReferPersonInput,
  clientIp: string | null,
): Promise<number> {
  const personName = input.personName.trim();
  const reason = input.reason.trim();
  const phone = input.phone?.replace(/[\s-]+/g, '') || undefined;
  const problems: { field: string; message: string }[] = [];
  if (personName === '') problems.push({ field: 'personName', message: '请填写姓名 / Give the person’s name' });
  if (reason === '') problems.push({ field: 'reason', message: '请填写转介原因 / Give the reason' });
  if (phone !== undefined && !isValidPhone(phone))
    problems.push({ field: 'phone', message: '电话号码格式无效 / Invalid phone number' });
  if (input.caseId !== undefined) {
    try {
      await loadVisibleCase(ctx, actor, input.caseId);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'NOT_FOUND') throw error;
      problems.push({ field: 'caseId', message: '事件不存在或无权查看 / No such case you may see' });
    }
  }
  if (problems.length > 0) throw invalid(problems);
  const { team, fromUnitId } = await teamFor(ctx, actor);
  const now = ctx.clock.now();
  const at = now.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertReferral(trx, {
      team_unit_id: team.id,
      referrer_user_id: actor.userId,
      referrer_unit_id: fromUnitId,
      person_name_enc: ctx.cipher.encrypt(personName),
      phone_enc: phone ? ctx.cipher.encrypt(phone) : null,
      reason_enc: ctx.cipher.encrypt(reason),
      urgency: input.urgency,
      case_id: input.caseId ?? null,
      status: 'referred',
      contacted_at: null,
      contacted_by: null,
      contact_note_enc: null,
      assessment_level: null,
      overdue_warned_at: null,
      closed_at: null,
      closed_by: null,
      close_note_enc: null,
      created_at: at,
      updated_at: at,
    });
    await enqueue(
      trx,
      [
        {
          topic: PSYCH_REFERRED_TOPIC,
          recipientType: 'unit',
          recipient: team.id,
          subjectType: 'psych_referral',
          subjectId: id,
          payload: { referralId: id, urgency: input.urgency },
        },
      ],
      now,
    );
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'psych:refer'),
        action: 'psych_referral.create',
        subjectType: 'psych_referral',
        subjectId: id,
        outcome: 'success',
        clientIp,
        details: {
          teamUnitId: team.id,
          urgency: input.urgency,
          hasPhone: phone !== undefined,
          linkedCase: input.caseId !== undefined,
        },
      },
      now,
    );
    return id;
  });
}
