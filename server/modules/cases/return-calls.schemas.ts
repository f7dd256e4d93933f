// 回访 and the caller's number: the queue of resolved cases waiting for a rating by phone, one call
// attempt, and the audited reveal of a reporter's number.
import { Type } from 'typebox';
import { RETURN_CALL_OUTCOMES } from '../../../common/return-calls.ts';
import { ROLES } from '../../../common/roles.ts';
import { CASE_STATUSES } from '../../../common/workflow.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const OUTCOME_TEXT =
  '结果：reached 已接通、no_answer 无人接听、wrong_number 号码错误、declined 拒绝回访 / How it went: reached, no answer, wrong number, declined';

export const ReturnCallAttempt = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String({ description: '拨打时间 / When the call was made' }),
    outcome: Type.String({ enum: [...RETURN_CALL_OUTCOMES], description: OUTCOME_TEXT }),
    note: Nullable(Type.String({ description: '备注 / Note' })),
    byName: Type.String({ description: '回访人 / Who called' }),
    byRole: Type.String({ enum: [...ROLES], description: '回访人角色 / The role they called in' }),
  },
  { title: 'ReturnCallAttempt' },
);

export const ReturnCallQueueItem = Type.Object(
  {
    caseId: Type.Integer(),
    number: Type.String({ description: '事件编号 / Case number' }),
    title: Type.String(),
    status: Type.String({ enum: [...CASE_STATUSES] }),
    version: Type.Integer({ description: '事件版本（评价时提交） / The case version, sent with the rating' }),
    resolvedAt: Type.String({ description: '办结时间 / When it was resolved' }),
    result: Nullable(Type.String({ description: '办理结果 / The result given' })),
    reporterName: Nullable(Type.String({ description: '反映人 / The reporter' })),
    reporterPhone: Type.String({
      description:
        '反映人电话（脱敏，明文须经 reporter/reveal） / The reporter’s number, masked (clear via reporter/reveal)',
    }),
    attempts: Type.Array(ReturnCallAttempt, { description: '已拨打的回访，先后为序 / The calls made, oldest first' }),
  },
  { title: 'ReturnCallQueueItem' },
);

export const ReturnCallQuery = Type.Object(
  {
    unitId: Type.Optional(Id),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);

export const ReturnCallBody = Type.Object(
  {
    outcome: Type.Union(
      RETURN_CALL_OUTCOMES.map((v) => Type.Literal(v)),
      { description: OUTCOME_TEXT },
    ),
    note: Type.Optional(
      Type.String({ maxLength: 500, description: '备注（≤ 500 字） / Note (at most 500 characters)' }),
    ),
  },
  { additionalProperties: false },
);

export const RevealReporterBody = Type.Object(
  {
    reason: Type.String({
      minLength: 2,
      maxLength: 200,
      description: '查看事由（记入审计） / Why the number is needed (recorded in the audit log)',
    }),
  },
  { additionalProperties: false },
);

export const RevealedReporter = Type.Object(
  { phone: Nullable(Type.String({ description: '反映人电话（明文） / The reporter’s number in clear' })) },
  { title: 'RevealedReporter' },
);
