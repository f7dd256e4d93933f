// Meetings another module keeps for its own records (mediation's public hearings: subjectKind
// 'mediation_hearing'): created and moved with the record, in the caller's transaction, and closed
// under the same rule as every meeting — minutes and one attendee at least — or cancelled with it.
// The module notifies its own people (a hearing's parties by SMS): nothing is sent from here.
import type { AppContext, Trx } from '../../../context.ts';
import type { AuditActor } from '../../../platform/audit/audit.ts';
import type { MeetingKind } from '../../../../common/meetings.ts';
import {
  findMeetingBySubject,
  insertMeeting,
  insertParticipants,
  participantsOf,
  setAttendance,
  updateMeeting,
} from '../meetings.repository.ts';
import { cancelInTransaction, closeInTransaction } from './close-meeting.ts';

export interface LinkedMeetingInput {
  subjectKind: string;
  subjectId: number;
  kind: MeetingKind;
  title: string;
  unit: { id: number; path: string };
  scheduledAt: string;
  place: string;
  agenda: string;
  /** Invited by name (and role): people outside the console, told by the module itself. */
  participants: { name: string; role: string | null }[];
}

export interface LinkedBy {
  userId: number | null;
  audit: AuditActor | null | undefined;
  clientIp: string | null;
}

/** Creates the record's meeting, or brings its time, place and agenda up to date; its id. */
export async function keepLinkedMeeting(
  ctx: AppContext,
  trx: Trx,
  input: LinkedMeetingInput,
  by: LinkedBy,
  now: Date,
): Promise<number> {
  const at = now.toISOString();
  const existing = await findMeetingBySubject(trx, input.subjectKind, input.subjectId);
  if (existing) {
    if (existing.status === 'scheduled')
      await updateMeeting(
        trx,
        existing.id,
        existing.version,
        { title: input.title, scheduled_at: input.scheduledAt, place: input.place, agenda: input.agenda },
        at,
      );
    return existing.id;
  }
  const id = await insertMeeting(trx, {
    kind: input.kind,
    title: input.title,
    unitId: input.unit.id,
    unitPath: input.unit.path,
    scheduledAt: input.scheduledAt,
    place: input.place,
    agenda: input.agenda,
    subjectKind: input.subjectKind,
    subjectId: input.subjectId,
    createdBy: by.userId,
    at,
  });
  const seen = new Set<string>();
  await insertParticipants(
    trx,
    id,
    input.participants
      .map((p) => ({ name: p.name.trim(), role: p.role }))
      .filter((p) => p.name && !seen.has(p.name) && seen.add(p.name))
      .map((p) => ({ userId: null, name: p.name, role: p.role, phoneEnc: null })),
  );
  await ctx.audit.append(
    trx,
    {
      actor: by.audit ?? null,
      action: 'meeting.schedule',
      subjectType: 'meeting',
      subjectId: id,
      outcome: 'success',
      clientIp: by.clientIp,
      details: { kind: input.kind, subjectKind: input.subjectKind, subjectId: input.subjectId },
    },
    now,
  );
  return id;
}

/**
 * Closes the record's meeting with its minutes and the names of those who came (the invited are
 * marked present or absent, others added as present); under the rule, so it throws (422) without
 * minutes or attendees and the caller's transaction writes nothing. No meeting (a record older than
 * the meetings module): nothing to do.
 */
export async function closeLinkedMeeting(
  ctx: AppContext,
  trx: Trx,
  subject: { kind: string; id: number },
  input: { minutes: string; attendees: readonly string[] },
  by: LinkedBy,
  now: Date,
): Promise<number | null> {
  const meeting = await findMeetingBySubject(trx, subject.kind, subject.id);
  if (!meeting) return null;
  const names = [...new Set(input.attendees.map((n) => n.trim()).filter(Boolean))];
  const participants = await participantsOf(trx, [meeting.id]);
  for (const p of participants) if (p.userId === null) await setAttendance(trx, p.id, names.includes(p.name));
  const invited = new Set(participants.map((p) => p.name));
  await closeInTransaction(
    ctx,
    trx,
    meeting,
    { minutes: input.minutes, walkIns: names.filter((n) => !invited.has(n)).map((name) => ({ name })) },
    by,
    now,
  );
  return meeting.id;
}

/** Cancels the record's meeting with the reason (the module tells its own people). */
export async function cancelLinkedMeeting(
  ctx: AppContext,
  trx: Trx,
  subject: { kind: string; id: number },
  reason: string,
  by: LinkedBy,
  now: Date,
): Promise<void> {
  const meeting = await findMeetingBySubject(trx, subject.kind, subject.id);
  if (!meeting || meeting.status !== 'scheduled') return;
  await cancelInTransaction(ctx, trx, meeting, { reason }, by, now, false);
}
