import { Type } from 'typebox';
import { RANKING_LEVELS } from './rankings.ts';
import { SchemeRules } from './scheme.ts';
import { ExportFormat } from '../../platform/http/xlsx.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });
const Level = Type.Union(RANKING_LEVELS.map((l) => Type.Literal(l)));
const Rate = Nullable(Type.Number({ minimum: 0, maximum: 1 }));

export const RankingQuery = Type.Object(
  {
    level: Level,
    withinUnitId: Type.Optional(Id),
    period: Type.Optional(Type.String({ maxLength: 30 })),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    format: ExportFormat,
  },
  { additionalProperties: false },
);

const PeriodOut = Type.Object({
  kind: Type.String(),
  label: Type.String(),
  from: Type.String(),
  to: Type.String(),
});

export const RankingRowOut = Type.Object(
  {
    unitId: Type.Integer(),
    unitName: Type.String(),
    received: Type.Integer(),
    responded: Type.Integer(),
    notCancelled: Type.Integer(),
    resolved: Type.Integer(),
    rated: Type.Integer(),
    satisfied: Type.Integer(),
    unsatisfied: Type.Integer(),
    accepted: Type.Integer(),
    acceptedOnTime: Type.Integer(),
    handlingDue: Type.Integer(),
    handledOnTime: Type.Integer(),
    reopened: Type.Integer(),
    overdueNow: Type.Integer(),
    supervised: Type.Integer(),
    redCarded: Type.Integer(),
    /** 领导包案: cases in the unit's area a leader was assigned in the period, settled now / still open now. */
    leaderSettled: Type.Integer(),
    leaderOpen: Type.Integer(),
    responseRate: Rate,
    resolutionRate: Rate,
    satisfactionRate: Rate,
    onTimeRate: Rate,
    acceptedOnTimeRate: Rate,
    satisfactionSource: Type.Union([Type.Literal('reported'), Type.Literal('sampled')]),
    score: Nullable(Type.Number()),
    rank: Nullable(Type.Integer()),
    tied: Type.Boolean(),
    unrankedReason: Nullable(
      Type.Union([Type.Literal('no_cases'), Type.Literal('below_minimum_sample'), Type.Literal('no_rates')]),
    ),
    previous: Type.Object({ rank: Nullable(Type.Integer()), score: Nullable(Type.Number()) }),
    change: Type.Object({ rank: Nullable(Type.Integer()), score: Nullable(Type.Number()) }),
  },
  { title: 'RankingRow' },
);

const SchemeRef = Type.Object({ id: Type.Integer(), version: Type.Integer(), name: Type.String() });

export const RankingTableOut = Type.Object(
  {
    period: PeriodOut,
    previousPeriod: PeriodOut,
    level: Type.String(),
    withinUnit: Type.Object({ id: Type.Integer(), name: Type.String() }),
    scheme: SchemeRef,
    rows: Type.Array(RankingRowOut),
    /** When the figures were computed (ISO): rankings are kept for a while (ADR 0022). */
    computedAt: Type.String({
      description: 'When the figures were computed (ISO instant); the table is kept for a few minutes',
    }),
  },
  { title: 'RankingTable' },
);

export const SchemeOut = Type.Object(
  {
    id: Type.Integer(),
    version: Type.Integer(),
    name: Type.String(),
    effectiveFrom: Type.String(),
    rules: SchemeRules,
    note: Nullable(Type.String()),
    createdAt: Type.String(),
    /** Who added the version; null for the built-in first version. */
    createdByName: Nullable(Type.String()),
    /** Some stored score was computed by this version. */
    used: Type.Boolean(),
  },
  { title: 'AssessmentScheme' },
);

export const SchemeList = Type.Object({ items: Type.Array(SchemeOut) });

export const CreateSchemeBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    effectiveFrom: Day,
    rules: SchemeRules,
    note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  },
  { additionalProperties: false },
);

export const ScoreQuery = RankingQuery;

export const ScoreOut = Type.Object(
  {
    ...RankingTableOut.properties,
    /** When the snapshot was computed; null for a live figure of a period not yet over. */
    computedAt: Nullable(Type.String()),
    stored: Type.Boolean(),
  },
  { title: 'AssessmentScores' },
);

export const RecomputeBody = Type.Object(
  {
    level: Level,
    withinUnitId: Type.Optional(Id),
    period: Type.Optional(Type.String({ maxLength: 30 })),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
  },
  { additionalProperties: false },
);
