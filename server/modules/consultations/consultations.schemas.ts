import { Type } from 'typebox';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
export const Level = Type.Union([
  Type.Literal('county'),
  Type.Literal('township'),
  Type.Literal('village'),
  Type.Literal('grid'),
  Type.Literal('building'),
]);
export const Status = Type.Union([
  Type.Literal('gathering'),
  Type.Literal('open'),
  Type.Literal('closed'),
  Type.Literal('escalated'),
  Type.Literal('proposal_lead'),
]);

export const RaiseBody = Type.Object(
  {
    /** A region unit: county (staff only), township, village or community, grid. */
    unitId: Id,
    /** A building (楼栋) of the grid `unitId`: the topic is held at the building level. */
    buildingLabel: Type.Optional(Type.String({ maxLength: 60 })),
    title: Text(120),
    body: Text(4000),
    /** 2–10 different options to vote on (may be set later by staff, before the first vote). */
    options: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 10 })),
  },
  { additionalProperties: false },
);

export const OptionsBody = Type.Object(
  { options: Type.Array(Type.String({ maxLength: 100 }), { minItems: 2, maxItems: 10 }) },
  { additionalProperties: false },
);

export const VoteBody = Type.Object({ optionId: Id }, { additionalProperties: false });
export const CommentBody = Type.Object({ body: Text(2000) }, { additionalProperties: false });
export const HideBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export const DecisionBody = Type.Object(
  {
    decision: Text(4000),
    /** The unit that carries the decision out (in the topic's county). */
    carriedOutByUnitId: Id,
    /** By when (a date, YYYY-MM-DD). */
    dueDate: Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 }),
  },
  { additionalProperties: false },
);
export const ProgressBody = Type.Object(
  { percent: Type.Integer({ minimum: 0, maximum: 100 }), note: Text(2000) },
  { additionalProperties: false },
);
export const EscalateBody = Type.Object({ reason: Text(2000) }, { additionalProperties: false });
export const HomeBody = Type.Object({ unitId: Id }, { additionalProperties: false });

export const CommentParams = Type.Object({ id: Id, commentId: Id });
export const UserParams = Type.Object({ userId: Id });

export const ListQuery = Type.Object(
  {
    /** Only topics inside this unit's subtree. */
    unitId: Type.Optional(Id),
    level: Type.Optional(Level),
    status: Type.Optional(Status),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    format: Type.Optional(
      Type.Union([Type.Literal('json'), Type.Literal('xlsx')], {
        description: 'json（默认）或 xlsx：导出议题列表，记入审计 / json (default) or xlsx: the list, audited',
      }),
    ),
  },
  { additionalProperties: false },
);

export const PublicQuery = Type.Object({ unitId: Id }, { additionalProperties: false });

const itemProps = {
  id: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  level: Level,
  buildingLabel: Nullable(Type.String()),
  title: Type.String(),
  status: Status,
  origin: Type.String(),
  supportersNeeded: Type.Integer(),
  supporterCount: Type.Integer(),
  createdAt: Type.String(),
  openedAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  progress: Type.Integer(),
  escalatedFromId: Nullable(Type.Integer()),
};
export const ConsultationItem = Type.Object(itemProps);
export const ConsultationList = Type.Object({
  items: Type.Array(ConsultationItem),
  nextCursor: Nullable(Type.String()),
  /** A resident: whether its home is verified (else it sees and joins no topic). */
  homeVerified: Type.Optional(Type.Boolean()),
});

const OptionOut = Type.Object({
  id: Type.Integer(),
  label: Type.String(),
  /** Ballots for this option: only once voting has ended (closed, escalated, proposal lead). */
  votes: Nullable(Type.Integer()),
});
const CommentOut = Type.Object({
  id: Type.Integer(),
  authorName: Type.String(),
  authorKind: Type.Union([Type.Literal('staff'), Type.Literal('resident')]),
  /** null when hidden, for everyone but staff and the author (shown as 已隐藏). */
  body: Nullable(Type.String()),
  hidden: Type.Boolean(),
  hiddenReason: Nullable(Type.Union([Type.Literal('reports'), Type.Literal('moderation')])),
  mine: Type.Boolean(),
  /** Staff only. */
  reportCount: Nullable(Type.Integer()),
  createdAt: Type.String(),
});
const EventOut = Type.Object({
  kind: Type.String(),
  at: Type.String(),
  note: Nullable(Type.String()),
  progress: Nullable(Type.Integer()),
  /** Staff only. */
  actorName: Nullable(Type.String()),
});
const Decision = Type.Object({
  text: Type.String(),
  carriedOutByUnitId: Type.Integer(),
  carriedOutByUnitName: Type.String(),
  dueDate: Type.String(),
});
const RecordOut = Type.Object({
  id: Type.Integer(),
  unitName: Type.String(),
  level: Level,
  buildingLabel: Nullable(Type.String()),
  status: Status,
  escalationReason: Nullable(Type.String()),
  options: Type.Array(OptionOut),
  voters: Type.Integer(),
  comments: Type.Array(CommentOut),
  events: Type.Array(EventOut),
});

export const ConsultationDetail = Type.Object({
  ...itemProps,
  body: Type.String(),
  escalationReason: Nullable(Type.String()),
  escalatedToId: Nullable(Type.Integer()),
  decision: Nullable(Decision),
  options: Type.Array(OptionOut),
  resultVisible: Type.Boolean(),
  /** How many have voted (never who voted for what). */
  voters: Type.Integer(),
  comments: Type.Array(CommentOut),
  events: Type.Array(EventOut),
  /** The earlier levels' record of an escalated topic, nearest first. */
  record: Type.Array(RecordOut),
  me: Type.Object({
    supported: Type.Boolean(),
    voted: Type.Boolean(),
    canSupport: Type.Boolean(),
    canVote: Type.Boolean(),
    canComment: Type.Boolean(),
  }),
  abilities: Type.Object({
    manage: Type.Boolean(),
    setOptions: Type.Boolean(),
    decide: Type.Boolean(),
    progress: Type.Boolean(),
    escalate: Type.Boolean(),
    moderate: Type.Boolean(),
  }),
});

export const HomeOut = Type.Object({ userId: Type.Integer(), unitId: Type.Integer(), unitName: Type.String() });

export const PublicFollowUps = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      unitName: Type.String(),
      level: Level,
      title: Type.String(),
      decision: Type.String(),
      carriedOutByUnitName: Type.String(),
      dueDate: Type.String(),
      progress: Type.Integer(),
      closedAt: Type.String(),
      notes: Type.Array(Type.Object({ at: Type.String(), percent: Type.Integer(), note: Type.String() })),
    }),
  ),
});
