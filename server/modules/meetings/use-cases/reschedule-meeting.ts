// 会议变更 (PATCH): the title, agenda, time or place of a scheduled meeting; a new time or place is
// told again to every participant (inbox and SMS), in the same transaction.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { participantsOf, updateMeeting, type MeetingRow } from '../meetings.repository.ts';
import { assertOwnMeeting } from '../meetings.policy.ts';
import { notifyParticipants } from '../meeting-participants.ts';
import { instant, invalid, required } from './schedule-meeting.ts';

export interface ChangeMeetingInput {
  title?: string | undefined;
  agenda?: string | undefined;
  scheduledAt?: string | undefined;
  place?: string | undefined;
  version?: number | undefined;
}

export async function changeMeeting(
  ctx: AppContext,
  actor: Actor,
  meeting: MeetingRow,
  input: ChangeMeetingInput,
  clientIp: string | null,
): Promise<void> {
  assertOwnMeeting(meeting);
  if (meeting.status !== 'scheduled') throw new AppError('MEETING_CLOSED');
  if (input.version !== undefined && input.version !== meeting.version) throw new AppError('VERSION_CONFLICT');
  const set: { title?: string; agenda?: string; scheduled_at?: string; place?: string } = {};
  if (input.title !== undefined) set.title = required('title', input.title);
  if (input.agenda !== undefined) set.agenda = required('agenda', input.agenda);
  if (input.place !== undefined) set.place = required('place', input.place);
  if (input.scheduledAt !== undefined) set.scheduled_at = instant('scheduledAt', input.scheduledAt);
  if (Object.keys(set).length === 0) throw invalid('', '没有要修改的内容 / Nothing to change');
  const moved =
    (set.scheduled_at !== undefined && set.scheduled_at !== meeting.scheduledAt) ||
    (set.place !== undefined && set.place !== meeting.place);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await updateMeeting(trx, meeting.id, meeting.version, set, now.toISOString())))
      throw new AppError('VERSION_CONFLICT');
    const notices = moved
      ? await notifyParticipants(
          trx,
          { id: meeting.id, kind: meeting.kind, scheduledAt: set.scheduled_at ?? meeting.scheduledAt },
          await participantsOf(trx, [meeting.id]),
          'meeting.rescheduled',
          now,
        )
      : 0;
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'meeting:manage'),
        action: 'meeting.change',
        subjectType: 'meeting',
        subjectId: meeting.id,
        outcome: 'success',
        clientIp,
        details: { fields: Object.keys(set), moved, notices },
      },
      now,
    );
  });
}
