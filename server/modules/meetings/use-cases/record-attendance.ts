// 签到: who came — each participant present or absent, and walk-ins (people who came uninvited, by
// name and role) added as present. Recorded while the meeting is scheduled; closing needs one present.
import type { AppContext, Trx } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import {
  findMeeting,
  insertParticipants,
  participantsOf,
  setAttendance,
  updateMeeting,
  type MeetingRow,
  type ParticipantRow,
} from '../meetings.repository.ts';
import { assertOwnMeeting } from '../meetings.policy.ts';
import { prepareParticipants } from '../meeting-participants.ts';

export interface AttendanceInput {
  attendance?: { participantId: number; attended: boolean }[] | undefined;
  walkIns?: { name: string; role?: string | undefined }[] | undefined;
}

/** Applies the attendance in `trx`; answers the participants as they now are. */
export async function applyAttendance(
  ctx: AppContext,
  trx: Trx,
  meeting: MeetingRow,
  input: AttendanceInput,
): Promise<ParticipantRow[]> {
  const before = await participantsOf(trx, [meeting.id]);
  const byId = new Map(before.map((p) => [p.id, p]));
  const lines = input.attendance ?? [];
  lines.forEach((line, i) => {
    if (!byId.has(line.participantId))
      throw new AppError('MEETING_PARTICIPANT_INVALID', undefined, {
        field: `attendance/${i}/participantId`,
        message: '不是本次会议的参会人员 / Not a participant of this meeting',
      });
  });
  if (new Set(lines.map((l) => l.participantId)).size !== lines.length)
    throw new AppError('MEETING_PARTICIPANT_INVALID', undefined, {
      field: 'attendance',
      message: '重复的参会人员 / Listed twice',
    });
  for (const line of lines) await setAttendance(trx, line.participantId, line.attended);
  const walkIns = await prepareParticipants(
    ctx,
    trx,
    (input.walkIns ?? []).map((w) => ({ name: w.name, role: w.role })),
    before,
  );
  await insertParticipants(
    trx,
    meeting.id,
    walkIns.map((w) => ({ ...w, attended: true })),
    before.length + 1,
  );
  return participantsOf(trx, [meeting.id]);
}

export async function recordAttendance(
  ctx: AppContext,
  actor: Actor,
  meeting: MeetingRow,
  input: AttendanceInput & { version?: number | undefined },
  clientIp: string | null,
): Promise<void> {
  assertOwnMeeting(meeting);
  if (meeting.status !== 'scheduled') throw new AppError('MEETING_CLOSED');
  if (input.version !== undefined && input.version !== meeting.version) throw new AppError('VERSION_CONFLICT');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const current = await findMeeting(trx, meeting.id);
    if (!current || current.status !== 'scheduled') throw new AppError('MEETING_CLOSED');
    const after = await applyAttendance(ctx, trx, current, input);
    // The version moves on, so a close prepared on an older reading is refused (409).
    if (!(await updateMeeting(trx, current.id, current.version, {}, now.toISOString())))
      throw new AppError('VERSION_CONFLICT');
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'meeting:manage'),
        action: 'meeting.attendance',
        subjectType: 'meeting',
        subjectId: meeting.id,
        outcome: 'success',
        clientIp,
        details: {
          present: after.filter((p) => p.attended === true).length,
          absent: after.filter((p) => p.attended === false).length,
          walkIns: input.walkIns?.length ?? 0,
        },
      },
      now,
    );
  });
}
