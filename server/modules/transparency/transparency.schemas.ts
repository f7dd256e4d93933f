import { Type, type Static } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Rate = Nullable(Type.Number({ minimum: 0, maximum: 1 }));

export const PublicResultsQuery = Type.Object(
  {
    unitId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
    period: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);

const Rates = Type.Object({
  response: Rate,
  resolution: Rate,
  satisfaction: Rate,
  onTime: Rate,
});

export const PublicFigures = Type.Object({
  /** Cases registered in the period (受理). */
  received: Type.Integer(),
  resolved: Type.Integer(),
  rated: Type.Integer(),
  rates: Rates,
});

const UnitRef = Type.Object({ id: Type.Integer(), name: Type.String(), level: Type.String() });

export const PublicRankingRow = Type.Object({
  unitId: Type.Integer(),
  name: Type.String(),
  received: Type.Integer(),
  resolved: Type.Integer(),
  rates: Rates,
  /** 1 = best; null when the township had too few cases to be ranked. */
  rank: Nullable(Type.Integer()),
  score: Nullable(Type.Number()),
  /** Places gained since the previous period (positive = up), null when either was unranked. */
  rankChange: Nullable(Type.Integer()),
});

export const PublicTrendPoint = Type.Object({
  month: Type.String(),
  received: Type.Integer(),
  resolved: Type.Integer(),
  rates: Type.Object({ resolution: Rate, satisfaction: Rate }),
});

export const PublicRisingCategory = Type.Object({
  code: Type.String(),
  name: Type.String(),
  count: Type.Integer(),
  previousCount: Type.Integer(),
  increase: Type.Integer(),
});

export const PublicCase = Type.Object({
  title: Type.String(),
  category: Type.String(),
  township: Nullable(Type.String()),
  /** Beijing days, YYYY-MM-DD. */
  receivedOn: Type.String(),
  resolvedOn: Type.String(),
  result: Type.String(),
});

export const PublicArea = Type.Object({
  unit: UnitRef,
  county: UnitRef,
  figures: PublicFigures,
  previousFigures: PublicFigures,
  /** The townships of the county, ranked (a township's area lists its county's, its own row included). */
  ranking: Type.Array(PublicRankingRow),
  trend: Type.Array(PublicTrendPoint),
  risingCategories: Type.Array(PublicRisingCategory),
  cases: Type.Array(PublicCase),
  computedAt: Type.String(),
});

export const PublicResults = Type.Object({
  period: Type.String(),
  previousPeriod: Type.String(),
  areas: Type.Array(PublicArea),
});

export type PublicFiguresT = Static<typeof PublicFigures>;
export type PublicRankingRowT = Static<typeof PublicRankingRow>;
export type PublicAreaT = Static<typeof PublicArea>;
export type PublicCaseT = Static<typeof PublicCase>;
