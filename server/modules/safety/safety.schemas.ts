import { Type } from 'typebox';
import { ExportFormat } from '../../platform/http/xlsx.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const MONTH = '^\\d{4}-\\d{2}$';

export const SafetyIndexQuery = Type.Object(
  {
    unitId: Type.Optional(Id),
    withinUnitId: Type.Optional(Id),
    level: Type.Optional(Type.Union([Type.Literal('township'), Type.Literal('village'), Type.Literal('grid')])),
    period: Type.Optional(Type.String({ pattern: MONTH })),
    format: ExportFormat,
  },
  { additionalProperties: false },
);

export const ComponentOut = Type.Object({
  key: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  /** The raw value (a rate 0–1, or a count per 10,000 residents); null when there was nothing to measure. */
  value: Nullable(Type.Number()),
  /** 0–1 between `worst` and `best`. */
  normalised: Type.Number(),
  weight: Type.Number(),
  best: Type.Number(),
  worst: Type.Number(),
  /** normalised × weight, to the hundredth; the score is their sum. */
  contribution: Type.Number(),
  explanation: Type.String(),
  explanationEn: Type.String(),
});

const Grade = {
  score: Type.Number(),
  grade: Type.String(),
  gradeName: Type.String(),
  gradeNameEn: Type.String(),
};

export const SafetyIndexOut = Type.Object({
  unitId: Type.Integer(),
  unitName: Type.String(),
  period: Type.String(),
  ...Grade,
  components: Type.Array(ComponentOut),
  trend: Type.Array(Type.Object({ period: Type.String(), score: Type.Number() })),
});

export const SafetyRankingOut = Type.Object({
  withinUnitId: Type.Integer(),
  period: Type.String(),
  items: Type.Array(
    Type.Object({
      rank: Type.Integer(),
      unitId: Type.Integer(),
      unitName: Type.String(),
      code: Type.String(),
      level: Type.String(),
      ...Grade,
    }),
  ),
});

export const SettingsOut = Type.Object({
  components: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      weight: Type.Number(),
      best: Type.Number(),
      worst: Type.Number(),
    }),
  ),
  grades: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String(), minScore: Type.Number() }),
  ),
});

export const SettingsBody = Type.Object(
  {
    components: Type.Array(
      Type.Object(
        {
          key: Type.String({ minLength: 1, maxLength: 40 }),
          weight: Type.Number({ minimum: 0, maximum: 100 }),
          best: Type.Number({ minimum: -1e6, maximum: 1e6 }),
          worst: Type.Number({ minimum: -1e6, maximum: 1e6 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
  },
  { additionalProperties: false },
);

export const PopulationParams = Type.Object({ unitId: Id });
export const PopulationBody = Type.Object(
  {
    population: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
    source: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  },
  { additionalProperties: false },
);
export const PopulationOut = Type.Object({ unitId: Type.Integer(), population: Type.Integer(), source: Type.String() });
