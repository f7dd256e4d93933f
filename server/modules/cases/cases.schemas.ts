import { ExportFormat } from '../../platform/http/xlsx.ts';
import { Type } from 'typebox';
import { CASE_ACTIONS, CASE_STATUSES, RATINGS } from '../../../common/workflow.ts';
import { ActionRequestBody } from '../../../common/actions/index.ts';
import { CHANNELS, KINDS } from './use-cases/register-case.ts';
import { Attachment } from './attachments.schemas.ts';
import { EXTERNAL_ID_PATTERN, EXTERNAL_SYSTEM_PATTERN } from './external-ref.ts';
import { KPIS, type KpiName } from './kpi.ts';
import { DirectAnswerBody } from './use-cases/direct-answer.ts';

const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
/**
 * A code whose values the OpenAPI document lists (`enum`), so the web's generated types know them;
 * serialised as the plain string it is. Responses only: requests validate with `literals`.
 */
export const Code = (values: readonly string[]) => Type.String({ enum: [...values] });
export const CaseStatusCode = Code(CASE_STATUSES);

/** Another system's reference to its work order (12345 platform, Open311, import). */
function ExternalRefSchema() {
  return Type.Object(
    {
      system: Type.String({
        pattern: EXTERNAL_SYSTEM_PATTERN,
        description: '来源系统代码 / The sending system’s short code, e.g. `12345-sd`',
      }),
      id: Type.String({
        minLength: 1,
        maxLength: 100,
        pattern: EXTERNAL_ID_PATTERN,
        description: '来源系统中的工单编号 / The work order’s id in that system',
      }),
    },
    {
      additionalProperties: false,
      description:
        '外部系统工单编号：同一编号只受理一次，重发返回已受理的事件 / At most one case per {system, id}: a retry answers 200 with the case already registered, whatever else its body says',
    },
  );
}

export const CreateCaseBody = Type.Object(
  {
    kind: literals(KINDS),
    categoryCode: Type.String({ minLength: 1, maxLength: 64 }),
    description: Type.String({ minLength: 1, maxLength: 5000 }),
    channel: literals(CHANNELS),
    title: Type.Optional(Type.String({ maxLength: 120 })),
    location: Type.Optional(
      Type.Object(
        {
          lng: Type.Number({ minimum: -180, maximum: 180 }),
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          crs: Type.Optional(Type.Union([Type.Literal('gcj02'), Type.Literal('wgs84')])),
        },
        { additionalProperties: false },
      ),
    ),
    address: Type.Optional(Type.String({ maxLength: 200 })),
    unitId: Type.Optional(Id),
    reporter: Type.Optional(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 64 }),
          phone: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
        },
        { additionalProperties: false },
      ),
    ),
    externalRef: Type.Optional(ExternalRefSchema()),
    directAnswer: Type.Optional(DirectAnswerBody),
    involvedCount: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100000, description: '涉及人数 / How many people the matter involves' }),
    ),
    groupMatter: Type.Optional(
      Type.Boolean({ description: '是否群体性事件 / Marked as a group matter (群体性), whatever the count' }),
    ),
  },
  { additionalProperties: false },
);

export const CaseSummary = Type.Object(
  {
    id: Type.Integer(),
    number: Type.String(),
    title: Type.String(),
    kind: Code(KINDS),
    categoryCode: Type.String(),
    channel: Code(CHANNELS),
    status: CaseStatusCode,
    version: Type.Integer(),
    regionId: Type.Integer(),
    gridId: Nullable(Type.Integer()),
    centreId: Type.Integer(),
    leadUnitId: Nullable(Type.Integer()),
    address: Nullable(Type.String()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    stage: Nullable(Type.String()),
    stageDeadline: Nullable(Type.String()),
    overdue: Type.Boolean(),
    rating: Nullable(Code(RATINGS)),
  },
  { title: 'CaseSummary' },
);

export const Deadlines = Type.Object({
  stage: Nullable(Type.String()),
  current: Nullable(Type.String()),
  yellowAt: Nullable(Type.String()),
  handle: Nullable(Type.String()),
});

export const TimelineEntry = Type.Object(
  {
    seq: Type.Integer(),
    action: Type.String(),
    fromStatus: Nullable(CaseStatusCode),
    toStatus: CaseStatusCode,
    actor: Nullable(
      Type.Object({
        userId: Nullable(Type.Integer()),
        name: Nullable(Type.String()),
        role: Nullable(Type.String()),
        unitId: Nullable(Type.Integer()),
        unitName: Nullable(Type.String()),
      }),
    ),
    at: Type.String(),
    data: Type.Unknown(),
  },
  { title: 'TimelineEntry' },
);

export const CaseDetail = Type.Intersect(
  [
    CaseSummary,
    Type.Object({
      description: Type.String(),
      grid: Type.Optional(
        Nullable(
          Type.Object(
            { id: Type.Integer(), name: Type.String(), closed: Type.Boolean() },
            {
              description:
                '事件所在网格（网格拆分或合并后仍显示原网格） / The grid the case was filed in, kept (with its name) after a split or merge',
            },
          ),
        ),
      ),
      trackingCode: Type.String({
        description:
          '查询码：报告人凭此查询办理进度（无需登录） / What the reporter follows the case by, without an account',
      }),
      externalRef: Nullable(
        Type.Object(
          { system: Type.String(), id: Type.String() },
          { description: '外部系统工单编号 / The sending system’s reference' },
        ),
      ),
      location: Nullable(Type.Object({ lng: Type.Number(), lat: Type.Number(), crs: Type.Literal('gcj02') })),
      reporter: Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()) }),
      deadlines: Deadlines,
      cards: Type.Object({ yellow: Type.Boolean(), red: Type.Boolean(), supervised: Type.Boolean() }),
      extensionPending: Type.Unknown(),
      result: Nullable(Type.String()),
      resolvedAt: Nullable(Type.String()),
      closedAt: Nullable(Type.String()),
      mergedIntoId: Nullable(Type.Integer()),
      involvedCount: Type.Optional(Nullable(Type.Integer({ description: '涉及人数 / People involved' }))),
      groupMatter: Type.Optional(Type.Boolean({ description: '群体性事件 / A group matter' })),
      assignments: Type.Array(
        Type.Object({
          unitId: Type.Integer(),
          unitName: Type.String(),
          role: Code(['lead', 'assist', 'whistle', 'linked']),
          active: Type.Boolean(),
          deadline: Nullable(Type.String()),
          reportedAt: Nullable(Type.String()),
        }),
      ),
      attachments: Type.Array(Attachment),
      allowedActions: Type.Array(Code(CASE_ACTIONS)),
      suggestedLeadUnit: Nullable(
        Type.Object(
          {
            id: Type.Integer(),
            code: Type.String(),
            name: Type.String(),
            type: Type.String(),
            kind: Nullable(Type.String()),
          },
          { description: '权责清单建议的承办单位（仅分拨人员可见） / The unit the responsibility list suggests' },
        ),
      ),
      timeline: Type.Array(TimelineEntry),
    }),
  ],
  { title: 'CaseDetail' },
);

export const CreatedCase = Type.Intersect(
  [
    CaseDetail,
    Type.Object({
      possibleDuplicates: Type.Array(
        Type.Object({ id: Type.Integer(), number: Type.String(), title: Type.String(), similarity: Type.Number() }),
      ),
    }),
  ],
  { title: 'CreatedCase' },
);

export const ResidentTimelineEntry = Type.Object(
  {
    seq: Type.Integer(),
    action: Type.String(),
    toStatus: CaseStatusCode,
    at: Type.String(),
    unitName: Type.Optional(Type.String({ description: '办理单位（不含个人） / The acting unit, never a person' })),
    reply: Type.Optional(
      Type.String({
        description: '答复群众的办理结果，或本人的评价意见 / The result given, or the resident’s own comment',
      }),
    ),
  },
  { title: 'ResidentTimelineEntry' },
);

/**
 * A case as the resident who reported it sees it: its status, the reply, the deadlines and the
 * units that acted — no staff names, internal notes, cards or assignments.
 */
export const ResidentCaseDetail = Type.Object(
  {
    id: Type.Integer(),
    number: Type.String(),
    title: Type.String(),
    kind: Code(KINDS),
    categoryCode: Type.String(),
    channel: Code(CHANNELS),
    status: CaseStatusCode,
    version: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    description: Type.String(),
    trackingCode: Type.String({ description: '查询码 / The tracking code' }),
    address: Nullable(Type.String()),
    location: Nullable(Type.Object({ lng: Type.Number(), lat: Type.Number(), crs: Type.Literal('gcj02') })),
    reporter: Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()) }),
    deadlines: Type.Object({
      stage: Nullable(Type.String()),
      current: Nullable(Type.String()),
      handle: Nullable(Type.String()),
    }),
    result: Nullable(Type.String()),
    resolvedAt: Nullable(Type.String()),
    closedAt: Nullable(Type.String()),
    rating: Nullable(Code(RATINGS)),
    attachments: Type.Array(Attachment, {
      description:
        '反映材料（含本人上传）与处置后、办理结果照片 / What was reported (the resident’s own uploads among it) and the photos after handling and of the result',
    }),
    allowedActions: Type.Array(Code(CASE_ACTIONS)),
    timeline: Type.Array(ResidentTimelineEntry, { description: '状态变化 / The changes of status' }),
  },
  { title: 'ResidentCaseDetail' },
);

export const ResidentCaseQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  },
  { additionalProperties: false },
);

export const CaseListQuery = Type.Object(
  {
    status: Type.Optional(Type.String({ maxLength: 100, description: 'comma-separated statuses' })),
    kind: Type.Optional(literals(KINDS)),
    categoryCode: Type.Optional(Type.String({ maxLength: 64 })),
    channel: Type.Optional(literals(CHANNELS)),
    unitId: Type.Optional(Id),
    overdue: Type.Optional(Type.Boolean()),
    leaderId: Type.Optional(
      Type.String({
        pattern: '^(me|[1-9][0-9]{0,9})$',
        description:
          '领导包案：me 为我包的案，或包案领导账号 id / Cases a leader answers for: `me`, or the leader’s user id',
      }),
    ),
    leadUnitId: Type.Optional(Id),
    createdBy: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 2_147_483_647,
        description:
          '只列出该账号登记的事件（队伍建设中个人的发现上报数）/ Only the cases this account registered (a staff member’s figures)',
      }),
    ),
    kpi: Type.Optional(
      Type.Union(
        (Object.keys(KPIS) as KpiName[]).map((k) => Type.Literal(k)),
        {
          description:
            '只列出某项考核指标成立的事件（与驾驶舱、排名的口径相同）/ Only the cases a KPI rule holds for, as the dashboard and rankings count them: ' +
            (Object.keys(KPIS) as KpiName[]).map((k) => `\`${k}\` (${KPIS[k].zh}: ${KPIS[k].description})`).join('; '),
        },
      ),
    ),
    from: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
    to: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
    q: Type.Optional(
      Type.String({
        maxLength: 100,
        description:
          '搜索：事件编号（完整或末尾至少 3 位数字）、来电人手机号或中文关键词 / Search: a case number (whole or its last 3+ digits), a caller’s mobile number, or Chinese words',
      }),
    ),
    purpose: Type.Optional(
      Type.String({
        maxLength: 100,
        description:
          '按手机号搜索时必填：查找事由（记入审计日志） / Required when `q` is a mobile number: why (audited)',
      }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    format: ExportFormat,
  },
  { additionalProperties: false },
);

/** The request body of POST /cases/{id}/actions: a oneOf of the action specs (common/actions/). */
export const ActionBody = ActionRequestBody;

export const CategoryOut = Type.Object(
  {
    code: Type.String(),
    parentCode: Nullable(Type.String()),
    name: Type.String(),
    kind: Code(KINDS),
    ownerLevel: Nullable(Code(['township', 'county'])),
    ownerUnit: Nullable(Type.String()),
    acceptDays: Type.Integer(),
    handleDays: Type.Integer(),
    riskWeight: Type.Integer(),
  },
  { title: 'Category' },
);

export const CASE_STATUS_VALUES = CASE_STATUSES;
