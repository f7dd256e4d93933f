import { Type } from 'typebox';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Kind = Type.Union([
  Type.Literal('flood'),
  Type.Literal('typhoon'),
  Type.Literal('earthquake'),
  Type.Literal('fire'),
  Type.Literal('epidemic'),
  Type.Literal('other'),
]);
const Level = Type.Union([Type.Literal('I'), Type.Literal('II'), Type.Literal('III'), Type.Literal('IV')]);
const Result = Type.Union([Type.Literal('reached'), Type.Literal('not_reached'), Type.Literal('need')]);
const Flag = Type.Optional(
  Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')]),
);

export const DeclareBody = Type.Object(
  {
    /** The area: a region unit (county, township, village or grid) of the caller's jurisdiction. */
    unitId: Id,
    kind: Kind,
    level: Level,
    /** A drill (演练): the same flow, marked and counted apart. */
    drill: Type.Boolean(),
    /** What residents and staff are to do: shown in every banner. */
    instructions: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' }),
  },
  { additionalProperties: false },
);

export const StandDownBody = Type.Object(
  { summary: Type.Optional(Type.String({ maxLength: 4000 })) },
  { additionalProperties: false },
);

export const MarkBody = Type.Object(
  {
    result: Result,
    note: Type.Optional(Type.String({ maxLength: 500 })),
    /** The item's version as read: a stale one is 409. Without it the mark overwrites. */
    version: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
  },
  { additionalProperties: false },
);

export const ListQuery = Type.Object(
  {
    active: Flag,
    /** 1: drills only; 0: real emergencies only. */
    drill: Flag,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

export const ItemParams = Type.Object({ id: Id, itemId: Id });

export const ItemQuery = Type.Object(
  {
    gridId: Type.Optional(Id),
    /** pending: not yet marked. */
    result: Type.Optional(
      Type.Union([Type.Literal('pending'), Type.Literal('reached'), Type.Literal('not_reached'), Type.Literal('need')]),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 })),
  },
  { additionalProperties: false },
);

export const BoardQuery = Type.Object(
  {
    format: Type.Optional(
      Type.Union([Type.Literal('json'), Type.Literal('xlsx')], {
        description:
          'json（默认）或 xlsx：导出各网格进度，记入审计 / json (default) or xlsx: the per-grid progress, audited',
      }),
    ),
  },
  { additionalProperties: false },
);

/** The banner and list view: nothing personal. */
const emergencyProps = {
  id: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  kind: Kind,
  level: Level,
  drill: Type.Boolean(),
  instructions: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('closed')]),
  declaredAt: Type.String(),
  stoodDownAt: Nullable(Type.String()),
  abilities: Type.Object({ board: Type.Boolean(), standDown: Type.Boolean(), mark: Type.Boolean() }),
};
export const EmergencyOut = Type.Object(emergencyProps);

const Counts = {
  total: Type.Integer(),
  visited: Type.Integer(),
  reached: Type.Integer(),
  notReached: Type.Integer(),
  needs: Type.Integer(),
  pending: Type.Integer(),
};

export const ItemOut = Type.Object({
  id: Type.Integer(),
  subject: Type.Union([Type.Literal('household'), Type.Literal('key_person')]),
  /** A household's address; a key person's name for those who may see the group, else masked. */
  label: Type.String(),
  /** The key groups the reader may see (absent when none). */
  keyGroups: Type.Optional(Type.Array(Type.String())),
  gridId: Type.Integer(),
  gridName: Type.String(),
  result: Nullable(Result),
  note: Nullable(Type.String()),
  visitedAt: Nullable(Type.String()),
  visitedByName: Nullable(Type.String()),
  version: Type.Integer(),
  abilities: Type.Object({ mark: Type.Boolean() }),
});

export const EmergencyDetail = Type.Object({
  ...emergencyProps,
  summary: Nullable(Type.String()),
  declaredByName: Type.String(),
  /** Figures over the part of the area inside the reader's own. */
  progress: Type.Object(Counts),
  townships: Type.Array(Type.Object({ unitId: Nullable(Type.Integer()), unitName: Type.String(), ...Counts })),
  grids: Type.Array(
    Type.Object({
      unitId: Type.Integer(),
      unitName: Type.String(),
      townshipId: Nullable(Type.Integer()),
      townshipName: Type.String(),
      ...Counts,
    }),
  ),
  /** Up to 200 items each. */
  notReached: Type.Array(ItemOut),
  needs: Type.Array(ItemOut),
});

export const ItemsOut = Type.Object({ items: Type.Array(ItemOut), truncated: Type.Boolean() });
