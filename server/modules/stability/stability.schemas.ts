import { Type } from 'typebox';
import { ExportFormat } from '../../platform/http/xlsx.ts';
import { DECISIONS, DECISION_KINDS, LEVELS, RISK_STAGES } from '../../../common/risk-stages.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max, pattern: '\\S' });
const Count = Type.Integer({ minimum: 0, maximum: 10_000_000 });
/** One of `values`, as an enum in the OpenAPI document and the union in TypeScript. */
const oneOf = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.String({ enum: [...values] }));
const Level = oneOf(LEVELS);

export const Stage = oneOf(RISK_STAGES);
export const DecisionKind = oneOf(DECISION_KINDS);

export const CreateAssessmentBody = Type.Object(
  {
    unitId: Id,
    title: Text(100, 2),
    decisionKind: DecisionKind,
    description: Text(5000, 5),
  },
  { additionalProperties: false },
);

export const RiskPointsBody = Type.Object(
  {
    points: Type.Array(
      Type.Object(
        { description: Text(500, 2), likelihood: Level, impact: Level, measures: Text(1000, 2) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);

export const PublicOpinionBody = Type.Object(
  {
    method: Text(200, 2),
    surveyed: Count,
    support: Count,
    oppose: Count,
    neutral: Count,
    summary: Text(3000, 2),
    /** A public hearing held on the matter (GET /api/v1/hearings). */
    hearingId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);

export const ExpertReviewBody = Type.Object(
  {
    experts: Type.Array(
      Type.Object({ name: Text(50), title: Text(100), opinion: Text(2000, 2) }, { additionalProperties: false }),
      { minItems: 1, maxItems: 30 },
    ),
    summary: Text(3000, 2),
  },
  { additionalProperties: false },
);

export const ConclusionBody = Type.Object({ grade: Level, reasons: Text(3000, 5) }, { additionalProperties: false });

export const DecisionBody = Type.Object(
  { decision: oneOf(DECISIONS), reasons: Text(3000, 2) },
  { additionalProperties: false },
);

export const MonitoringBody = Type.Object(
  { situation: oneOf(['stable', 'attention', 'incident'] as const), note: Text(3000, 2) },
  { additionalProperties: false },
);

export const AssessmentQuery = Type.Object(
  {
    withinUnitId: Type.Optional(Id),
    stage: Type.Optional(Stage),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    format: ExportFormat,
  },
  { additionalProperties: false },
);

const Summary = {
  id: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  title: Type.String(),
  decisionKind: DecisionKind,
  stage: Stage,
  grade: Nullable(Level),
  decision: Nullable(oneOf(DECISIONS)),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};

export const AssessmentListItem = Type.Object(Summary, { title: 'RiskAssessmentListItem' });

const Attachment = Type.Object({
  id: Type.Integer(),
  stage: Stage,
  fileName: Type.String(),
  mediaType: Type.String(),
  size: Type.Integer(),
  uploaderName: Type.String(),
  createdAt: Type.String(),
});

export const Assessment = Type.Object(
  {
    ...Summary,
    description: Type.String(),
    createdByName: Nullable(Type.String()),
    version: Type.Integer(),
    stages: Type.Array(
      Type.Object({
        stage: Stage,
        seq: Type.Integer(),
        /** What the stage recorded: the body of its command (public opinion adds `hearing`). */
        data: Type.Record(Type.String(), Type.Unknown()),
        recorderName: Type.String(),
        recordedAt: Type.String(),
      }),
    ),
    attachments: Type.Array(Attachment),
    abilities: Type.Object({ manage: Type.Boolean(), decide: Type.Boolean() }),
  },
  { title: 'RiskAssessment' },
);

export const AssessmentParams = Type.Object({ id: Id });
export const AttachmentParams = Type.Object({ id: Id, attachmentId: Id });

/**
 * The multipart form of a stage's attachment, for the OpenAPI document (and so the typed client).
 * No `type`: Fastify sees no body for a multipart stream; the handler reads and checks the part.
 */
export const RISK_ATTACHMENT_FORM = {
  properties: {
    file: { type: 'string', format: 'binary', description: '文件（≤ 10 MB） / The file (at most 10 MB)' },
  },
  required: ['file'],
} as const;
