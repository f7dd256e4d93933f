import { Type, type TLiteral, type TUnion } from 'typebox';
import { ExportFormat } from '../../platform/http/xlsx.ts';
import {
  DIRECTIONS,
  OBJECTION_STATUSES,
  RECEIVED_VIA,
  RECORD_STATUSES,
  SOURCE_KINDS,
  SUBJECT_KINDS,
} from './credit.table.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const literals = <const T extends readonly string[]>(values: T) =>
  Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }>;
const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max, pattern: '\\S' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD（北京时间 / Beijing day）' });
const RuleCode = Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' });
const Score = Type.Integer({ minimum: -1000, maximum: 1000 });

export const SubjectKindSchema = literals(SUBJECT_KINDS);
export const SourceKindSchema = literals(SOURCE_KINDS);
export const DirectionSchema = literals(DIRECTIONS);

export const RecordListQuery = Type.Object(
  {
    subjectKind: Type.Optional(SubjectKindSchema),
    subjectId: Type.Optional(Id),
    direction: Type.Optional(DirectionSchema),
    sourceKind: Type.Optional(SourceKindSchema),
    status: Type.Optional(literals(RECORD_STATUSES)),
    /** 1: only records with a pending objection. */
    objected: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0')])),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    format: ExportFormat,
  },
  { additionalProperties: false },
);

export const CreateRecordBody = Type.Object(
  {
    subjectKind: SubjectKindSchema,
    subjectId: Id,
    /** agreement_*, judicial_confirmation: a mediation file's id; false_report: a case's id; recognition: its id. */
    sourceKind: SourceKindSchema,
    sourceId: Id,
    /** The rule to apply; without it, the active rule of the source kind. */
    ruleCode: Type.Optional(RuleCode),
    note: Text(1000, 2),
  },
  { additionalProperties: false },
);

export const ObjectionBody = Type.Object(
  {
    reason: Text(2000, 5),
    /** How the subject raised it (staff file it on the subject's behalf). */
    receivedVia: literals(RECEIVED_VIA),
  },
  { additionalProperties: false },
);

export const DecisionBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('uphold'), Type.Literal('correct')]),
    note: Text(2000, 2),
    /** correct: apply another rule (its score and validity unless `score` is given). */
    ruleCode: Type.Optional(RuleCode),
    /** correct: the score to record instead. */
    score: Type.Optional(Score),
    /** correct: withdraw the record (it stays in the history, no longer in force). */
    revoke: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ExportQuery = Type.Object({ from: Day, to: Day }, { additionalProperties: false });

const RuleProps = {
  code: RuleCode,
  name: Text(100),
  direction: DirectionSchema,
  score: Score,
  validityMonths: Type.Integer({ minimum: 1, maximum: 120 }),
  sourceKind: Nullable(SourceKindSchema),
  active: Type.Boolean(),
};
export const RuleIn = Type.Object(RuleProps, { additionalProperties: false });
export const RulesBody = Type.Object(
  { rules: Type.Array(RuleIn, { minItems: 1, maxItems: 100 }) },
  { additionalProperties: false },
);
export const RuleOut = Type.Object(
  { ...RuleProps, code: Type.String(), name: Type.String(), version: Type.Integer(), updatedAt: Type.String() },
  { title: 'CreditRule' },
);
export const RulesOut = Type.Object(
  { items: Type.Array(RuleOut), abilities: Type.Object({ edit: Type.Boolean() }) },
  { title: 'CreditRules' },
);

const Subject = Type.Object({
  kind: SubjectKindSchema,
  id: Type.Integer(),
  /** A person's name, an enterprise's name. */
  name: Type.String(),
  /** A person's ID number, masked (3***************1X); null when unknown or for an enterprise. */
  idNumber: Nullable(Type.String()),
  /** An enterprise's 统一社会信用代码 (public). */
  creditCode: Nullable(Type.String()),
  unitId: Type.Integer(),
  unitName: Type.String(),
});

const recordProps = {
  id: Type.Integer(),
  subject: Subject,
  source: Type.Object({ kind: SourceKindSchema, id: Type.Integer(), ref: Nullable(Type.String()) }),
  version: Type.Integer(),
  ruleCode: Type.String(),
  ruleName: Type.String(),
  direction: DirectionSchema,
  score: Type.Integer(),
  validFrom: Type.String(),
  validUntil: Type.String(),
  status: literals(RECORD_STATUSES),
  /** In force and not past its validity on the server's Beijing day. */
  current: Type.Boolean(),
  pendingObjectionId: Nullable(Type.Integer()),
  createdAt: Type.String(),
};
export const RecordOut = Type.Object(recordProps, { title: 'CreditRecord' });
export const RecordPage = Type.Object(
  { items: Type.Array(RecordOut), nextCursor: Nullable(Type.String()) },
  { title: 'CreditRecordPage' },
);

export const VersionOut = Type.Object({
  version: Type.Integer(),
  ruleCode: Type.String(),
  ruleName: Type.String(),
  direction: DirectionSchema,
  score: Type.Integer(),
  validFrom: Type.String(),
  validUntil: Type.String(),
  status: literals(RECORD_STATUSES),
  reason: Type.String(),
  objectionId: Nullable(Type.Integer()),
  madeByName: Nullable(Type.String()),
  madeAt: Type.String(),
});

export const ObjectionOut = Type.Object({
  id: Type.Integer(),
  recordId: Type.Integer(),
  reason: Type.String(),
  receivedVia: literals(RECEIVED_VIA),
  status: literals(OBJECTION_STATUSES),
  filedByName: Type.String(),
  filedAt: Type.String(),
  decidedByName: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  resultVersion: Nullable(Type.Integer()),
});

export const RecordDetail = Type.Object(
  {
    ...recordProps,
    history: Type.Array(VersionOut),
    objections: Type.Array(ObjectionOut),
    abilities: Type.Object({ object: Type.Boolean(), decide: Type.Boolean() }),
  },
  { title: 'CreditRecordDetail' },
);
