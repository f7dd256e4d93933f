import { Type } from 'typebox';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
export const SUGGEST_TEXT_MAX = 5000;

export const SuggestBody = Type.Object(
  {
    text: Type.String({
      minLength: 1,
      maxLength: SUGGEST_TEXT_MAX,
      description: "The report's title and description.",
    }),
    unitId: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 2_147_483_647,
        description: 'Where the case is (its grid or region): lead units are those of its county.',
      }),
    ),
  },
  { additionalProperties: false },
);

const Confidence = Type.Number({ minimum: 0, maximum: 1 });

export const SuggestionsOut = Type.Object({
  categories: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), confidence: Confidence })),
  leadUnits: Type.Array(Type.Object({ unitId: Id, name: Type.String(), confidence: Confidence })),
  modelVersion: Nullable(Type.Integer()),
});

const EvaluationOut = Type.Object({
  folds: Type.Integer(),
  examples: Type.Integer(),
  sampled: Type.Integer(),
  accuracy: Type.Number(),
  macroF1: Type.Number(),
  skippedLabels: Type.Array(Type.String()),
  labels: Type.Array(
    Type.Object({
      label: Type.String(),
      support: Type.Integer(),
      precision: Type.Number(),
      recall: Type.Number(),
      f1: Type.Number(),
    }),
  ),
});

const TargetOut = Type.Object({ examples: Type.Integer(), evaluation: Nullable(EvaluationOut) });

export const TrainingRunOut = Type.Object({
  version: Type.Integer(),
  status: Type.String({ enum: ['pending', 'training', 'ready', 'failed'] }),
  trigger: Type.String({ enum: ['schedule', 'request'] }),
  requestedBy: Nullable(Type.Integer()),
  requestedAt: Type.String(),
  startedAt: Nullable(Type.String()),
  trainedAt: Nullable(Type.String()),
  durationMs: Nullable(Type.Integer()),
  category: TargetOut,
  leadUnit: TargetOut,
  error: Nullable(Type.String()),
});

export const TrainingRunsOut = Type.Object({ items: Type.Array(TrainingRunOut) });

export const TrainingRequestOut = Type.Object({
  run: TrainingRunOut,
  created: Type.Boolean({ description: 'false when a run was already pending or training (it is returned).' }),
});
