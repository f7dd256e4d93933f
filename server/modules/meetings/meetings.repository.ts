// Kysely over meetings and their participants.
import type { Db, Trx } from '../../context.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import type { MeetingKind, MeetingStatus } from '../../../common/meetings.ts';

type Executor = Db | Trx;

export interface MeetingRow {
  id: number;
  kind: MeetingKind;
  title: string;
  unitId: number;
  unitPath: string;
  scheduledAt: string;
  place: string;
  agenda: string;
  status: MeetingStatus;
  subjectKind: string | null;
  subjectId: number | null;
  minutes: string | null;
  cancelReason: string | null;
  createdBy: number | null;
  closedBy: number | null;
  closedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ParticipantRow {
  id: number;
  meetingId: number;
  position: number;
  userId: number | null;
  name: string;
  role: string | null;
  phoneEnc: string | null;
  attended: boolean | null;
}

const meetingColumns = [
  'id',
  'kind',
  'title',
  'unit_id',
  'unit_path',
  'scheduled_at',
  'place',
  'agenda',
  'status',
  'subject_kind',
  'subject_id',
  'minutes',
  'cancel_reason',
  'created_by',
  'closed_by',
  'closed_at',
  'version',
  'created_at',
  'updated_at',
] as const;

function toMeeting(r: {
  id: number;
  kind: string;
  title: string;
  unit_id: number;
  unit_path: string;
  scheduled_at: string;
  place: string;
  agenda: string;
  status: string;
  subject_kind: string | null;
  subject_id: number | null;
  minutes: string | null;
  cancel_reason: string | null;
  created_by: number | null;
  closed_by: number | null;
  closed_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}): MeetingRow {
  return {
    id: r.id,
    kind: r.kind as MeetingKind,
    title: r.title,
    unitId: r.unit_id,
    unitPath: r.unit_path,
    scheduledAt: r.scheduled_at,
    place: r.place,
    agenda: r.agenda,
    status: r.status as MeetingStatus,
    subjectKind: r.subject_kind,
    subjectId: r.subject_id === null ? null : Number(r.subject_id),
    minutes: r.minutes,
    cancelReason: r.cancel_reason,
    createdBy: r.created_by,
    closedBy: r.closed_by,
    closedAt: r.closed_at,
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findMeeting(db: Executor, id: number): Promise<MeetingRow | undefined> {
  const row = await db.selectFrom('meeting').select(meetingColumns).where('id', '=', id).executeTakeFirst();
  return row ? toMeeting(row) : undefined;
}

export async function findMeetingBySubject(
  db: Executor,
  subjectKind: string,
  subjectId: number,
): Promise<MeetingRow | undefined> {
  const row = await db
    .selectFrom('meeting')
    .select(meetingColumns)
    .where('subject_kind', '=', subjectKind)
    .where('subject_id', '=', subjectId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? toMeeting(row) : undefined;
}

export interface MeetingFilter {
  /** Meetings organised under any of these paths, or (with `participant`) inviting that account. */
  scopePaths: string[];
  participant?: number;
  kind?: MeetingKind;
  status?: MeetingStatus;
  /** The organising unit's subtree. */
  unitPath?: string;
  from?: string;
  to?: string;
  subjectKind?: string;
  subjectId?: number;
  limit: number;
}

export async function listMeetings(db: Executor, f: MeetingFilter): Promise<MeetingRow[]> {
  let q = db.selectFrom('meeting').select(meetingColumns);
  q = q.where((eb) =>
    eb.or([
      ...f.scopePaths.map((p) => eb.and([eb('unit_path', '>=', p), eb('unit_path', '<', subtreeUpperBound(p))])),
      ...(f.participant === undefined
        ? []
        : [
            eb.exists(
              eb
                .selectFrom('meeting_participant')
                .select('meeting_participant.id')
                .whereRef('meeting_participant.meeting_id', '=', 'meeting.id')
                .where('meeting_participant.user_id', '=', f.participant),
            ),
          ]),
    ]),
  );
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.unitPath) {
    const p = f.unitPath;
    q = q.where('unit_path', '>=', p).where('unit_path', '<', subtreeUpperBound(p));
  }
  if (f.from) q = q.where('scheduled_at', '>=', f.from);
  if (f.to) q = q.where('scheduled_at', '<', f.to);
  if (f.subjectKind) q = q.where('subject_kind', '=', f.subjectKind);
  if (f.subjectId !== undefined) q = q.where('subject_id', '=', f.subjectId);
  const rows = await q.orderBy('scheduled_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  return rows.map(toMeeting);
}

export async function insertMeeting(
  db: Executor,
  row: {
    kind: MeetingKind;
    title: string;
    unitId: number;
    unitPath: string;
    scheduledAt: string;
    place: string;
    agenda: string;
    subjectKind: string | null;
    subjectId: number | null;
    createdBy: number | null;
    at: string;
  },
): Promise<number> {
  const { id } = await db
    .insertInto('meeting')
    .values({
      kind: row.kind,
      title: row.title,
      unit_id: row.unitId,
      unit_path: row.unitPath,
      scheduled_at: row.scheduledAt,
      place: row.place,
      agenda: row.agenda,
      status: 'scheduled',
      subject_kind: row.subjectKind,
      subject_id: row.subjectId,
      minutes: null,
      cancel_reason: null,
      created_by: row.createdBy,
      closed_by: null,
      closed_at: null,
      version: 1,
      created_at: row.at,
      updated_at: row.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export interface NewParticipant {
  userId: number | null;
  name: string;
  role: string | null;
  phoneEnc: string | null;
  attended?: boolean | null;
}

export async function insertParticipants(
  db: Executor,
  meetingId: number,
  people: NewParticipant[],
  firstPosition = 1,
): Promise<number[]> {
  if (people.length === 0) return [];
  const rows = await db
    .insertInto('meeting_participant')
    .values(
      people.map((p, i) => ({
        meeting_id: meetingId,
        position: firstPosition + i,
        user_id: p.userId,
        name: p.name,
        role: p.role,
        phone_enc: p.phoneEnc,
        attended: p.attended === undefined || p.attended === null ? null : p.attended ? 1 : 0,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function participantsOf(db: Executor, meetingIds: readonly number[]): Promise<ParticipantRow[]> {
  if (meetingIds.length === 0) return [];
  const rows = await db
    .selectFrom('meeting_participant')
    .select(['id', 'meeting_id', 'position', 'user_id', 'name', 'role', 'phone_enc', 'attended'])
    .where('meeting_id', 'in', [...new Set(meetingIds)])
    .orderBy('meeting_id')
    .orderBy('position')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    meetingId: r.meeting_id,
    position: Number(r.position),
    userId: r.user_id,
    name: r.name,
    role: r.role,
    phoneEnc: r.phone_enc,
    attended: r.attended === null ? null : Number(r.attended) === 1,
  }));
}

export async function setAttendance(db: Executor, participantId: number, attended: boolean): Promise<void> {
  await db
    .updateTable('meeting_participant')
    .set({ attended: attended ? 1 : 0 })
    .where('id', '=', participantId)
    .execute();
}

/** Updates the meeting if it is still scheduled at `version`; true when it did (the version moves on). */
export async function updateMeeting(
  db: Executor,
  id: number,
  version: number,
  set: Partial<{
    title: string;
    scheduled_at: string;
    place: string;
    agenda: string;
    status: MeetingStatus;
    minutes: string;
    cancel_reason: string;
    closed_by: number | null;
    closed_at: string;
  }>,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('meeting')
    .set({ ...set, version: version + 1, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'scheduled')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** An outside participant's sealed phone and the meeting it is for (the SMS channel's lookup). */
export async function participantContact(db: Executor, participantId: number) {
  return db
    .selectFrom('meeting_participant')
    .innerJoin('meeting', 'meeting.id', 'meeting_participant.meeting_id')
    .select([
      'meeting_participant.phone_enc',
      'meeting.kind',
      'meeting.title',
      'meeting.scheduled_at',
      'meeting.place',
      'meeting.status',
    ])
    .where('meeting_participant.id', '=', participantId)
    .executeTakeFirst();
}
