// The team's records on a referral (issue 18 §7): the first contact with the assessment (低/中/高/危机),
// follow-ups (a day and a note, the assessment updated when given) and closing. Each is one
// transaction with its audit record — which says what was recorded and the level, never the notes —
// and each moves the referral only from the states the step allows (a conditional write, so two
// members recording at once cannot both succeed from a state that no longer holds).
import type { AppContext, Trx } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { beijingDay } from '../../../platform/calendar/working-days.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import type { PsychAssessmentLevel, PsychStatus } from '../../../../common/psych.ts';
import { findReferral, insertFollowUp, updateReferral, type PsychReferralRow } from '../psych.repository.ts';

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [{ field, message }]);

/** Refuses a step the referral's state does not allow, with the catalogue's sentence. */
function refuseState(status: PsychStatus): AppError {
  if (status === 'closed') return new AppError('PSYCH_REFERRAL_CLOSED', undefined, { status });
  if (status === 'contacted') return new AppError('PSYCH_REFERRAL_CONTACTED', undefined, { status });
  return new AppError('PSYCH_REFERRAL_NOT_CONTACTED', undefined, { status });
}

/** Runs `write` in one transaction with the audit record, if the referral is (still) in `from`. */
async function record(
  ctx: AppContext,
  actor: Actor,
  row: PsychReferralRow,
  from: readonly PsychStatus[],
  action: string,
  details: Record<string, unknown>,
  clientIp: string | null,
  write: (trx: Trx) => Promise<boolean>,
): Promise<void> {
  if (!from.includes(row.status)) throw refuseState(row.status);
  const now = ctx.clock.now();
  const done = await ctx.db.transaction().execute(async (trx) => {
    if (!(await write(trx))) return false;
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'psych:handle'),
        action,
        subjectType: 'psych_referral',
        subjectId: row.id,
        outcome: 'success',
        clientIp,
        details,
      },
      now,
    );
    return true;
  });
  if (!done) {
    // Another member moved it meanwhile: refuse with the state it is in now.
    const current = await findReferral(ctx.db, row.id);
    throw refuseState(current?.status ?? row.status);
  }
}

export interface ContactInput {
  contactedAt?: string | undefined;
  assessmentLevel: PsychAssessmentLevel;
  note?: string | undefined;
}

export async function recordContact(
  ctx: AppContext,
  actor: Actor,
  row: PsychReferralRow,
  input: ContactInput,
  clientIp: string | null,
): Promise<void> {
  const now = ctx.clock.now();
  const at = input.contactedAt === undefined ? now : new Date(input.contactedAt);
  if (Number.isNaN(at.getTime())) throw invalid('contactedAt', '时间格式无效 / Invalid time');
  if (at.getTime() > now.getTime() + 5 * 60_000)
    throw invalid('contactedAt', '联系时间不能晚于现在 / The contact cannot be in the future');
  if (at.getTime() < new Date(row.created_at).getTime())
    throw invalid('contactedAt', '联系时间不能早于转介时间 / The contact cannot precede the referral');
  const note = input.note?.trim() || null;
  await record(
    ctx,
    actor,
    row,
    ['referred'],
    'psych_referral.contact',
    { assessmentLevel: input.assessmentLevel, hasNote: note !== null },
    clientIp,
    (trx) =>
      updateReferral(trx, row.id, ['referred'], {
        status: 'contacted',
        contacted_at: at.toISOString(),
        contacted_by: actor.userId,
        contact_note_enc: note === null ? null : ctx.cipher.encrypt(note),
        assessment_level: input.assessmentLevel,
        updated_at: now.toISOString(),
      }),
  );
}

export interface FollowUpInput {
  date: string;
  note: string;
  assessmentLevel?: PsychAssessmentLevel | undefined;
}

export async function addFollowUp(
  ctx: AppContext,
  actor: Actor,
  row: PsychReferralRow,
  input: FollowUpInput,
  clientIp: string | null,
): Promise<void> {
  const now = ctx.clock.now();
  const note = input.note.trim();
  if (note === '') throw invalid('note', '请填写随访情况 / Say what the follow-up found');
  const day = new Date(`${input.date}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== input.date)
    throw invalid('date', '日期无效 / Invalid date');
  if (input.date > beijingDay(now))
    throw invalid('date', '随访日期不能晚于今天 / The follow-up cannot be in the future');
  if (input.date < beijingDay(new Date(row.created_at)))
    throw invalid('date', '随访日期不能早于转介日期 / The follow-up cannot precede the referral');
  await record(
    ctx,
    actor,
    row,
    ['contacted'],
    'psych_referral.follow_up',
    { date: input.date, assessmentLevel: input.assessmentLevel ?? null },
    clientIp,
    async (trx) => {
      const changes = {
        updated_at: now.toISOString(),
        ...(input.assessmentLevel ? { assessment_level: input.assessmentLevel } : {}),
      };
      if (!(await updateReferral(trx, row.id, ['contacted'], changes))) return false;
      await insertFollowUp(trx, {
        referral_id: row.id,
        follow_up_on: input.date,
        note_enc: ctx.cipher.encrypt(note),
        assessment_level: input.assessmentLevel ?? null,
        recorded_by: actor.userId,
        recorded_at: now.toISOString(),
      });
      return true;
    },
  );
}

export async function closeReferral(
  ctx: AppContext,
  actor: Actor,
  row: PsychReferralRow,
  input: { note: string },
  clientIp: string | null,
): Promise<void> {
  const now = ctx.clock.now();
  const note = input.note.trim();
  if (note === '') throw invalid('note', '请填写结案说明 / Say why the referral is closed');
  // A person never reached (moved away, refused) may be closed without contact: the note says why.
  await record(
    ctx,
    actor,
    row,
    ['referred', 'contacted'],
    'psych_referral.close',
    { fromStatus: row.status },
    clientIp,
    (trx) =>
      updateReferral(trx, row.id, ['referred', 'contacted'], {
        status: 'closed',
        closed_at: now.toISOString(),
        closed_by: actor.userId,
        close_note_enc: ctx.cipher.encrypt(note),
        updated_at: now.toISOString(),
      }),
  );
}
