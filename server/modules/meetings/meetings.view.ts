// How a meeting is shown: its fields, the organising unit's name, its participants with phones
// masked (the SMS channel alone reads them in clear), and what the reader may do with it.
import type { AppContext } from '../../context.ts';
import { maskPhone } from '../../platform/crypto/personal-data.ts';
import { userNames, type Actor } from '../auth/index.ts';
import { unitNames } from '../org/index.ts';
import { participantsOf, type MeetingRow, type ParticipantRow } from './meetings.repository.ts';
import { MANAGED_SUBJECT_KINDS, mayManage } from './meetings.policy.ts';

function summary(actor: Actor, m: MeetingRow, unitName: string, people: readonly ParticipantRow[]) {
  return {
    id: m.id,
    kind: m.kind,
    title: m.title,
    unitId: m.unitId,
    unitName,
    scheduledAt: m.scheduledAt,
    place: m.place,
    status: m.status,
    subjectKind: m.subjectKind,
    subjectId: m.subjectId,
    participantCount: people.length,
    attendeeCount: people.filter((p) => p.attended === true).length,
    version: m.version,
    abilities: {
      manage:
        m.status === 'scheduled' &&
        mayManage(actor, m) &&
        !(m.subjectKind !== null && MANAGED_SUBJECT_KINDS.includes(m.subjectKind)),
    },
  };
}

export type MeetingSummary = ReturnType<typeof summary>;

export async function presentMeetings(ctx: AppContext, actor: Actor, rows: readonly MeetingRow[]) {
  const [names, people] = await Promise.all([
    unitNames(
      ctx.db,
      rows.map((m) => m.unitId),
    ),
    participantsOf(
      ctx.db,
      rows.map((m) => m.id),
    ),
  ]);
  return rows.map((m) =>
    summary(
      actor,
      m,
      names.get(m.unitId) ?? '',
      people.filter((p) => p.meetingId === m.id),
    ),
  );
}

export async function presentMeeting(ctx: AppContext, actor: Actor, m: MeetingRow) {
  const [names, people, users] = await Promise.all([
    unitNames(ctx.db, [m.unitId]),
    participantsOf(ctx.db, [m.id]),
    userNames(ctx.db, [m.createdBy, m.closedBy]),
  ]);
  return {
    ...summary(actor, m, names.get(m.unitId) ?? '', people),
    agenda: m.agenda,
    minutes: m.minutes,
    cancelReason: m.cancelReason,
    createdByName: m.createdBy === null ? null : (users.get(m.createdBy) ?? null),
    createdAt: m.createdAt,
    closedAt: m.closedAt,
    closedByName: m.closedBy === null ? null : (users.get(m.closedBy) ?? null),
    participants: people.map((p) => ({
      id: p.id,
      type: p.userId === null ? ('outside' as const) : ('staff' as const),
      userId: p.userId,
      name: p.name,
      role: p.role,
      phoneMasked: p.phoneEnc === null ? null : maskPhone(ctx.cipher.decrypt(p.phoneEnc)),
      attended: p.attended,
    })),
  };
}
