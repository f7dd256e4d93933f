// Request and response schemas of community bodies, service projects, volunteers and notices.
import { Type } from 'typebox';
import { ExportFormat } from '../../platform/http/xlsx.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });

export const BodyKind = Type.Union([
  Type.Literal('owners_committee'),
  Type.Literal('property_company'),
  Type.Literal('social_org'),
  Type.Literal('volunteer_team'),
  Type.Literal('building_head'),
]);
const MemberRole = Type.Union([Type.Literal('member'), Type.Literal('lead')]);
const AwardMode = Type.Union([Type.Literal('select'), Type.Literal('first_claim')]);
const ProjectStatus = Type.Union([Type.Literal('open'), Type.Literal('awarded'), Type.Literal('completed')]);
const NoticeKind = Type.Union([Type.Literal('policy'), Type.Literal('meeting'), Type.Literal('emergency')]);
const Phone = Type.String({ minLength: 5, maxLength: 20, pattern: '^[0-9+\\- ]+$' });

// ---------------------------------------------------------------------------------------------
// Bodies

export const BodyCreate = Type.Object(
  {
    kind: BodyKind,
    name: Text(100),
    /** The area it serves: a region unit of the caller's area. */
    unitId: Id,
    contactName: Type.Optional(Type.String({ maxLength: 50 })),
    contactPhone: Type.Optional(Phone),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export const BodyPatch = Type.Object(
  {
    name: Type.Optional(Text(100)),
    contactName: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
    contactPhone: Type.Optional(Nullable(Phone)),
    note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const BodyQuery = Type.Object(
  {
    kind: Type.Optional(BodyKind),
    format: ExportFormat,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

export const MemberAdd = Type.Object(
  {
    /** The resident account, by username … */
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** … or by the phone it signed up with. */
    phone: Type.Optional(Phone),
    role: MemberRole,
  },
  { additionalProperties: false },
);

export const MemberParams = Type.Object({ id: Id, userId: Id });

export const RevealBody = Type.Object({ reason: Type.String({ maxLength: 200 }) }, { additionalProperties: false });

const Member = Type.Object({ userId: Type.Integer(), displayName: Type.String(), role: MemberRole });

export const BodyOut = Type.Object({
  id: Type.Integer(),
  kind: BodyKind,
  name: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  contactName: Nullable(Type.String()),
  /** Masked (138****1234); in clear only through the audited reveal. */
  contactPhone: Nullable(Type.String()),
  note: Nullable(Type.String()),
  active: Type.Boolean(),
  members: Type.Array(Member),
  abilities: Type.Object({ manage: Type.Boolean() }),
});

// ---------------------------------------------------------------------------------------------
// Service projects

export const ProjectCreate = Type.Object(
  {
    /** A township or village of the caller's area. */
    unitId: Id,
    title: Text(60),
    description: Text(4000),
    budgetYuan: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
    startsOn: Type.Optional(Day),
    endsOn: Type.Optional(Day),
    /** select (default): the township awards one applicant; first_claim: the first application takes it. */
    awardMode: Type.Optional(AwardMode),
  },
  { additionalProperties: false },
);

export const ProjectQuery = Type.Object(
  {
    status: Type.Optional(ProjectStatus),
    format: ExportFormat,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

export const ApplyBody = Type.Object(
  { bodyId: Id, note: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);
export const AwardBody = Type.Object({ applicationId: Id }, { additionalProperties: false });
export const ProgressBody = Type.Object(
  { percent: Type.Integer({ minimum: 0, maximum: 100 }), note: Text(2000) },
  { additionalProperties: false },
);
export const RatingBody = Type.Object(
  { score: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);

const Application = Type.Object({
  id: Type.Integer(),
  bodyId: Type.Integer(),
  bodyName: Type.String(),
  note: Type.String(),
  createdAt: Type.String(),
});

export const ProjectOut = Type.Object({
  id: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  title: Type.String(),
  description: Type.String(),
  budgetYuan: Nullable(Type.Integer()),
  startsOn: Nullable(Type.String()),
  endsOn: Nullable(Type.String()),
  awardMode: AwardMode,
  status: ProjectStatus,
  awardedBodyId: Nullable(Type.Integer()),
  awardedBodyName: Nullable(Type.String()),
  progressPercent: Type.Integer(),
  completedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  ratingCount: Type.Integer(),
  ratingAverage: Nullable(Type.Number()),
  /** The caller's own rating (a resident). */
  myRating: Nullable(Type.Integer()),
  abilities: Type.Object({
    award: Type.Boolean(),
    /** The bodies the caller may apply for it as (a social organisation's member account). */
    applyAs: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
    progress: Type.Boolean(),
    rate: Type.Boolean(),
  }),
});

export const ProjectDetail = Type.Intersect([
  ProjectOut,
  Type.Object({
    applications: Type.Array(Application),
    progress: Type.Array(
      Type.Object({ id: Type.Integer(), percent: Type.Integer(), note: Type.String(), createdAt: Type.String() }),
    ),
    /** Ratings (score and comment, no names): staff only. */
    ratings: Type.Array(
      Type.Object({ score: Type.Integer(), comment: Nullable(Type.String()), createdAt: Type.String() }),
    ),
  }),
]);

// ---------------------------------------------------------------------------------------------
// Volunteers

export const ActivityCreate = Type.Object(
  {
    /** The volunteer team (a community body of kind volunteer_team) running it. */
    teamId: Id,
    title: Text(60),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    startsAt: Type.String({ format: 'date-time', maxLength: 40 }),
    place: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const ActivityQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
  { additionalProperties: false },
);
export const RosterQuery = Type.Object({ format: ExportFormat }, { additionalProperties: false });

export const HoursBody = Type.Object(
  {
    userId: Id,
    /** Hours served, to a tenth (0.5 = half an hour). */
    hours: Type.Number({ minimum: 0.1, maximum: 24 }),
  },
  { additionalProperties: false },
);

const Signup = Type.Object({
  userId: Type.Integer(),
  displayName: Type.String(),
  signedUpAt: Type.String(),
  hours: Nullable(Type.Number()),
  loggedAt: Nullable(Type.String()),
});

export const ActivityOut = Type.Object({
  id: Type.Integer(),
  teamId: Type.Integer(),
  teamName: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  title: Type.String(),
  description: Type.String(),
  startsAt: Type.String(),
  place: Nullable(Type.String()),
  signupCount: Type.Integer(),
  /** The caller's own sign-up (a resident): its hours once logged. */
  mine: Nullable(Type.Object({ signedUpAt: Type.String(), hours: Nullable(Type.Number()) })),
  abilities: Type.Object({ signUp: Type.Boolean(), logHours: Type.Boolean() }),
});

export const ActivityDetail = Type.Intersect([ActivityOut, Type.Object({ roster: Type.Array(Signup) })]);

// ---------------------------------------------------------------------------------------------
// Notices

export const NoticeCreate = Type.Object(
  {
    /** A township or village of the caller's area. */
    unitId: Id,
    kind: NoticeKind,
    title: Text(60),
    body: Text(4000),
    /** Also by SMS to the area's residents with a phone; an emergency notice is always urgent. */
    urgent: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const NoticeQuery = Type.Object(
  {
    kind: Type.Optional(NoticeKind),
    format: ExportFormat,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

export const NoticeOut = Type.Object({
  id: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  kind: NoticeKind,
  urgent: Type.Boolean(),
  title: Type.String(),
  body: Type.String(),
  publishedAt: Type.String(),
  /** Residents' phones the SMS was queued for (staff only; null for residents). */
  smsCount: Nullable(Type.Integer()),
});

export { Id, MemberRole };
