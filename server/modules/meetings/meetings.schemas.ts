import { Type } from 'typebox';
import { MEETING_SUBJECT_KIND_PATTERN } from '../../../common/meetings.ts';
import { ExportFormat } from '../../platform/http/xlsx.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, description });
const Instant = Type.String({
  format: 'date-time',
  maxLength: 40,
  description: 'ISO 8601 时间（含时区） / ISO 8601 date-time with offset',
});
const Version = Type.Optional(
  Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: '读取时的版本；已变更则 409 / As read; stale: 409' }),
);
// Spelled out: the literal types reach the handlers (common/meetings.ts holds the same lists).
const Kind = Type.Union([
  Type.Literal('hearing'),
  Type.Literal('coordination'),
  Type.Literal('evaluation'),
  Type.Literal('consultation'),
]);
const Status = Type.Union([Type.Literal('scheduled'), Type.Literal('held'), Type.Literal('cancelled')]);
const SubjectKind = Type.String({
  pattern: MEETING_SUBJECT_KIND_PATTERN,
  maxLength: 40,
  description: '关联对象类型，如 consultation、case / What the meeting is about: consultation, case, …',
});

const StaffParticipant = Type.Object(
  {
    userId: Id,
    role: Type.Optional(Type.String({ maxLength: 50, description: '参会身份 / Role at the meeting' })),
  },
  { additionalProperties: false },
);
const OutsideParticipant = Type.Object(
  {
    name: Text(50, '姓名 / Name'),
    role: Type.Optional(
      Type.String({ maxLength: 50, description: '参会身份（如居民代表、律师） / Role at the meeting' }),
    ),
    phone: Type.Optional(
      Type.String({ maxLength: 20, description: '手机号（加密保存，短信通知） / Phone: sealed at rest, told by SMS' }),
    ),
  },
  { additionalProperties: false },
);

export const ScheduleBody = Type.Object(
  {
    kind: Kind,
    title: Text(200, '会议名称 / Title'),
    /** The organising unit, inside the caller's area. */
    unitId: Id,
    scheduledAt: Instant,
    place: Text(200, '地点 / Place'),
    agenda: Text(4000, '议程 / Agenda'),
    participants: Type.Array(Type.Union([StaffParticipant, OutsideParticipant]), { minItems: 1, maxItems: 200 }),
    subjectKind: Type.Optional(SubjectKind),
    subjectId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const ChangeBody = Type.Object(
  {
    title: Type.Optional(Text(200, '会议名称 / Title')),
    agenda: Type.Optional(Text(4000, '议程 / Agenda')),
    scheduledAt: Type.Optional(Instant),
    place: Type.Optional(Text(200, '地点 / Place')),
    version: Version,
  },
  { additionalProperties: false },
);

const AttendanceLines = Type.Array(
  Type.Object({ participantId: Id, attended: Type.Boolean() }, { additionalProperties: false }),
  { maxItems: 500 },
);
const WalkIns = Type.Array(
  Type.Object(
    { name: Text(50, '姓名 / Name'), role: Type.Optional(Type.String({ maxLength: 50 })) },
    { additionalProperties: false },
  ),
  { maxItems: 200, description: '未受邀而到会的人员 / People who came uninvited' },
);

export const AttendanceBody = Type.Object(
  { attendance: Type.Optional(AttendanceLines), walkIns: Type.Optional(WalkIns), version: Version },
  { additionalProperties: false },
);

export const CloseBody = Type.Object(
  {
    minutes: Type.String({
      maxLength: 20_000,
      description: '会议纪要（至少 5 个字） / Minutes, 5 characters at least',
    }),
    attendance: Type.Optional(AttendanceLines),
    walkIns: Type.Optional(WalkIns),
    version: Version,
  },
  { additionalProperties: false },
);

export const CancelBody = Type.Object(
  { reason: Text(500, '取消原因 / Why it is cancelled'), version: Version },
  { additionalProperties: false },
);

export const ListQuery = Type.Object(
  {
    kind: Type.Optional(Kind),
    status: Type.Optional(Status),
    /** The organising unit and those below it. */
    unitId: Type.Optional(Id),
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    subjectKind: Type.Optional(SubjectKind),
    subjectId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    format: ExportFormat,
  },
  { additionalProperties: false },
);

export const ParticipantOut = Type.Object({
  id: Type.Integer(),
  /** staff: an account (told in the inbox); outside: a person by name (told by SMS when a phone is known). */
  type: Type.Union([Type.Literal('staff'), Type.Literal('outside')]),
  userId: Nullable(Type.Integer()),
  name: Type.String(),
  role: Nullable(Type.String()),
  /** Masked (138****1111); null when none was given. */
  phoneMasked: Nullable(Type.String()),
  /** null: not recorded yet. */
  attended: Nullable(Type.Boolean()),
});

const meetingProps = {
  id: Type.Integer(),
  kind: Kind,
  title: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  scheduledAt: Type.String(),
  place: Type.String(),
  status: Status,
  subjectKind: Nullable(Type.String()),
  subjectId: Nullable(Type.Integer()),
  participantCount: Type.Integer(),
  attendeeCount: Type.Integer(),
  version: Type.Integer(),
  abilities: Type.Object({
    /** Reschedule, record attendance, close, cancel (false for a meeting its subject's module keeps). */
    manage: Type.Boolean(),
  }),
};

export const MeetingOut = Type.Object(meetingProps);

export const MeetingDetail = Type.Object({
  ...meetingProps,
  agenda: Type.String(),
  minutes: Nullable(Type.String()),
  cancelReason: Nullable(Type.String()),
  createdByName: Nullable(Type.String()),
  createdAt: Type.String(),
  closedAt: Nullable(Type.String()),
  closedByName: Nullable(Type.String()),
  participants: Type.Array(ParticipantOut),
});

export const MeetingList = Type.Object({ items: Type.Array(MeetingOut), truncated: Type.Boolean() });

export const StaffQuery = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: 50, description: '姓名或用户名 / Name or username' })) },
  { additionalProperties: false },
);

export const StaffList = Type.Object({
  items: Type.Array(
    Type.Object({ userId: Type.Integer(), name: Type.String(), role: Type.String(), unitName: Type.String() }),
  ),
});
