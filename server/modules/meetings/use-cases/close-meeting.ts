// 结束会议 and 取消会议. A meeting is closed only with its minutes and at least one attendee
// (Decidim's rule): without them 422 and nothing written (the attendance sent with the close
// included). A cancellation gives its reason and tells the participants.
import type { AppContext, Trx } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import type { AuditActor } from '../../../platform/audit/audit.ts';
import { MEETING_MINUTES_MIN } from '../../../../common/meetings.ts';
import { findMeeting, participantsOf, updateMeeting, type MeetingRow } from '../meetings.repository.ts';
import { assertOwnMeeting } from '../meetings.policy.ts';
import { notifyParticipants } from '../meeting-participants.ts';
import { applyAttendance, type AttendanceInput } from './record-attendance.ts';
import { invalid } from './schedule-meeting.ts';

export interface CloseInput extends AttendanceInput {
  minutes: string;
  version?: number | undefined;
}

/**
 * Closes a scheduled meeting inside `trx` under the rule (its time has come, minutes, one attendee
 * at least); the caller's transaction rolls everything back when it throws.
 */
export async function closeInTransaction(
  ctx: AppContext,
  trx: Trx,
  meeting: MeetingRow,
  input: CloseInput,
  by: { userId: number | null; audit: AuditActor | null | undefined; clientIp: string | null },
  now: Date,
): Promise<void> {
  const current = await findMeeting(trx, meeting.id);
  if (!current || current.status !== 'scheduled') throw new AppError('MEETING_CLOSED');
  if (input.version !== undefined && input.version !== current.version) throw new AppError('VERSION_CONFLICT');
  if (new Date(current.scheduledAt) > now) throw new AppError('MEETING_NOT_YET_HELD');
  const minutes = input.minutes.trim();
  if ([...minutes].length < MEETING_MINUTES_MIN) throw new AppError('MEETING_MINUTES_REQUIRED');
  const after = await applyAttendance(ctx, trx, current, input);
  const present = after.filter((p) => p.attended === true).length;
  if (present === 0) throw new AppError('MEETING_NO_ATTENDEES');
  const at = now.toISOString();
  if (
    !(await updateMeeting(
      trx,
      current.id,
      current.version,
      { status: 'held', minutes, closed_by: by.userId, closed_at: at },
      at,
    ))
  )
    throw new AppError('VERSION_CONFLICT');
  await ctx.audit.append(
    trx,
    {
      actor: by.audit ?? null,
      action: 'meeting.close',
      subjectType: 'meeting',
      subjectId: current.id,
      outcome: 'success',
      clientIp: by.clientIp,
      details: { present, participants: after.length },
    },
    now,
  );
}

export async function closeMeeting(
  ctx: AppContext,
  actor: Actor,
  meeting: MeetingRow,
  input: CloseInput,
  clientIp: string | null,
): Promise<void> {
  assertOwnMeeting(meeting);
  if (meeting.status !== 'scheduled') throw new AppError('MEETING_CLOSED');
  const now = ctx.clock.now();
  await ctx.db
    .transaction()
    .execute((trx) =>
      closeInTransaction(
        ctx,
        trx,
        meeting,
        input,
        { userId: actor.userId, audit: auditActorOf(actor, 'meeting:manage'), clientIp },
        now,
      ),
    );
}

/** Cancels a scheduled meeting inside `trx`, telling its participants. */
export async function cancelInTransaction(
  ctx: AppContext,
  trx: Trx,
  meeting: MeetingRow,
  input: { reason: string; version?: number | undefined },
  by: { userId: number | null; audit: AuditActor | null | undefined; clientIp: string | null },
  now: Date,
  notify = true,
): Promise<void> {
  const current = await findMeeting(trx, meeting.id);
  if (!current || current.status !== 'scheduled') throw new AppError('MEETING_CLOSED');
  if (input.version !== undefined && input.version !== current.version) throw new AppError('VERSION_CONFLICT');
  const reason = input.reason.trim();
  if (!reason) throw invalid('reason', '请写明取消原因 / State the reason');
  const at = now.toISOString();
  if (
    !(await updateMeeting(
      trx,
      current.id,
      current.version,
      { status: 'cancelled', cancel_reason: reason, closed_by: by.userId, closed_at: at },
      at,
    ))
  )
    throw new AppError('VERSION_CONFLICT');
  const notices = notify
    ? await notifyParticipants(trx, current, await participantsOf(trx, [current.id]), 'meeting.cancelled', now)
    : 0;
  await ctx.audit.append(
    trx,
    {
      actor: by.audit ?? null,
      action: 'meeting.cancel',
      subjectType: 'meeting',
      subjectId: current.id,
      outcome: 'success',
      clientIp: by.clientIp,
      details: { notices },
    },
    now,
  );
}

export async function cancelMeeting(
  ctx: AppContext,
  actor: Actor,
  meeting: MeetingRow,
  input: { reason: string; version?: number | undefined },
  clientIp: string | null,
): Promise<void> {
  assertOwnMeeting(meeting);
  if (meeting.status !== 'scheduled') throw new AppError('MEETING_CLOSED');
  const now = ctx.clock.now();
  await ctx.db
    .transaction()
    .execute((trx) =>
      cancelInTransaction(
        ctx,
        trx,
        meeting,
        input,
        { userId: actor.userId, audit: auditActorOf(actor, 'meeting:manage'), clientIp },
        now,
      ),
    );
}
