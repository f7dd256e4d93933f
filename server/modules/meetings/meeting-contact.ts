// What the SMS channel needs to tell an outside participant: the phone in clear and the meeting as
// it is now (kind, title, time, place) — looked up when sending, so the outbox holds no personal data.
import type { AppContext } from '../../context.ts';
import { MEETING_KIND_LABELS, type MeetingKind } from '../../../common/meetings.ts';
import { participantContact } from './meetings.repository.ts';

export async function meetingParticipantContact(
  ctx: AppContext,
  participantId: number,
): Promise<{ phone: string | null; kind: string; title: string; scheduledAt: string; place: string } | null> {
  const row = await participantContact(ctx.db, participantId);
  if (!row) return null;
  return {
    phone: row.phone_enc === null ? null : ctx.cipher.decrypt(row.phone_enc),
    kind: MEETING_KIND_LABELS[row.kind as MeetingKind]?.zh ?? '会议',
    title: row.title,
    scheduledAt: row.scheduled_at,
    place: row.place,
  };
}
