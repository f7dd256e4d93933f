// Request and response schemas of 队伍建设 (the staff registry) and 网格力量 (grid cadres).
import { Type } from 'typebox';
import { ExportFormat } from '../../platform/http/xlsx.ts';
import { HOUSE_KINDS, HOUSE_RELATIONS, KEY_GROUPS } from '../../../common/base-data.ts';
import {
  CADRE_ROLE_CODES,
  CERTIFICATE_STATES,
  EVALUATION_GRADE_CODES,
  STAFF_POST_CODES,
  STAFF_ROLES,
  type CertificateState,
} from '../../../common/workforce.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
/** One of the codes of common/workforce.ts, typed as their union (validated as an enum). */
const Code = <T extends string>(values: readonly T[]) => Type.Unsafe<T>(Type.String({ enum: [...values] }));
/** Text a person types: at least one visible character. */
const Text = (maxLength: number, description: string) =>
  Type.String({ minLength: 1, maxLength, pattern: '\\S', description });
const Day = (description: string) =>
  Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10, description });
const CERTIFICATE_STATE_CODES = Object.keys(CERTIFICATE_STATES) as CertificateState[];

export const StaffListQuery = Type.Object(
  {
    post: Type.Optional(Code(STAFF_POST_CODES)),
    unitId: Type.Optional(Id),
    certificate: Type.Optional(
      Type.Union([Type.Literal('expired'), Type.Literal('expiring')], {
        description:
          'expired：有证书已过期的人员；expiring：有证书已过期或 30 天内到期的人员 / People holding an expired certificate; or one expired or expiring within 30 days',
      }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    format: ExportFormat,
  },
  { additionalProperties: false },
);

export const StaffListItem = Type.Object(
  {
    id: Type.Integer(),
    userId: Type.Integer(),
    name: Type.String(),
    post: Code(STAFF_POST_CODES),
    unitId: Type.Integer(),
    unitName: Type.String(),
    trainingHours: Type.Number({ description: '累计培训学时 / Training hours in all' }),
    certificate: Code(CERTIFICATE_STATE_CODES),
    latestGrade: Nullable(Code(EVALUATION_GRADE_CODES)),
  },
  { title: 'StaffListItem' },
);

export const CreateStaffBody = Type.Object(
  {
    userId: Id,
    unitId: Id,
    post: Code(STAFF_POST_CODES),
    qualifications: Type.Optional(Type.String({ maxLength: 500 })),
    duties: Type.Optional(Type.String({ maxLength: 2000, description: '职责清单，每行一项 / One duty per line' })),
  },
  { additionalProperties: false },
);

export const TrainingBody = Type.Object(
  {
    course: Text(100, '培训课程 / Course'),
    hours: Type.Number({ minimum: 0.5, maximum: 1000, description: '学时 / Hours' }),
    completedOn: Day('培训日期 / Date'),
    certificateNo: Type.Optional(Type.String({ maxLength: 64 })),
    expiresOn: Type.Optional(Day('证书有效期至（含当日）/ Certificate valid until (inclusive)')),
  },
  { additionalProperties: false },
);

export const EvaluationBody = Type.Object(
  {
    period: Type.String({
      pattern: '^\\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$',
      maxLength: 7,
      description: '考核期：2026、2026-H2、2026-Q4 或 2026-11 / The period: a year, half, quarter or month',
    }),
    grade: Code(EVALUATION_GRADE_CODES),
    comment: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export const TrainingOut = Type.Object({
  id: Type.Integer(),
  course: Type.String(),
  hours: Type.Number(),
  completedOn: Type.String(),
  certificateNo: Nullable(Type.String()),
  expiresOn: Nullable(Type.String()),
  certificate: Code(CERTIFICATE_STATE_CODES),
  /** Renewed by a later certificate of the same course: no longer flagged. */
  superseded: Type.Boolean(),
});

export const EvaluationOut = Type.Object({
  id: Type.Integer(),
  period: Type.String(),
  grade: Code(EVALUATION_GRADE_CODES),
  comment: Nullable(Type.String()),
  createdAt: Type.String(),
});

export const StaffDetail = Type.Object(
  {
    id: Type.Integer(),
    userId: Type.Integer(),
    name: Type.String(),
    post: Code(STAFF_POST_CODES),
    unitId: Type.Integer(),
    unitName: Type.String(),
    qualifications: Nullable(Type.String()),
    duties: Type.Array(Type.String()),
    certificate: Code(CERTIFICATE_STATE_CODES),
    trainings: Type.Array(TrainingOut),
    evaluations: Type.Array(EvaluationOut),
    abilities: Type.Object({ manage: Type.Boolean() }),
  },
  { title: 'StaffDetail' },
);

export const PerformanceQuery = Type.Object(
  {
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  },
  { additionalProperties: false },
);

export const PerformanceMonth = Type.Object({
  month: Type.String({ description: 'YYYY-MM（北京时间）' }),
  from: Type.String(),
  to: Type.String(),
  found: Type.Integer({ description: '发现上报：本人登记的事件（KPI all）/ Cases registered by them' }),
  resolvedOnTheSpot: Type.Integer({ description: '就地化解（KPI resolvedOnTheSpot）' }),
  handledOnTime: Type.Integer(),
  handlingDue: Type.Integer(),
  onTimeRate: Nullable(Type.Number()),
  satisfied: Type.Integer(),
  rated: Type.Integer(),
  satisfactionRate: Nullable(Type.Number()),
});

export const PerformanceOut = Type.Object(
  {
    staffId: Type.Integer(),
    userId: Type.Integer(),
    year: Type.Integer(),
    months: Type.Array(PerformanceMonth),
  },
  { title: 'StaffPerformance' },
);

export const CandidatesQuery = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);

export const CandidateOut = Type.Object(
  {
    userId: Type.Integer(),
    name: Type.String(),
    role: Code(STAFF_ROLES),
    unitId: Type.Integer(),
    unitName: Type.String(),
  },
  { title: 'StaffCandidate' },
);

export const UnitScopedQuery = Type.Object(
  {
    unitId: Type.Optional(Id),
    format: ExportFormat,
  },
  { additionalProperties: false },
);

export const CertificateItem = Type.Object(
  {
    trainingId: Type.Integer(),
    staffId: Type.Integer(),
    name: Type.String(),
    post: Code(STAFF_POST_CODES),
    unitName: Type.String(),
    course: Type.String(),
    certificateNo: Nullable(Type.String()),
    expiresOn: Type.String(),
    certificate: Code(['expired', 'expiring']),
    daysLeft: Type.Integer({ description: '距到期天数，负数为已过期天数 / Days left; negative when expired' }),
  },
  { title: 'CertificateAlert' },
);

export const GridWithoutWorker = Type.Object(
  {
    id: Type.Integer(),
    code: Type.String(),
    name: Type.String(),
    kind: Nullable(Type.String()),
    parentName: Nullable(Type.String()),
  },
  { title: 'GridWithoutWorker' },
);

export const CadreQuery = Type.Object(
  {
    gridId: Type.Optional(Id),
    unitId: Type.Optional(Id),
    role: Type.Optional(Code(CADRE_ROLE_CODES)),
    format: ExportFormat,
  },
  { additionalProperties: false },
);

export const CadreBody = Type.Object(
  {
    gridId: Id,
    name: Text(50, '姓名 / Name'),
    role: Code(CADRE_ROLE_CODES),
    organisation: Type.Optional(
      Type.String({ maxLength: 100, description: '工作单位及职务 / Organisation and office' }),
    ),
    phone: Type.Optional(
      Type.String({ maxLength: 20, description: '联系电话（加密保存，返回时脱敏）/ Sealed at rest, masked' }),
    ),
  },
  { additionalProperties: false },
);

export const CadreOut = Type.Object(
  {
    id: Type.Integer(),
    gridId: Type.Integer(),
    gridName: Type.String(),
    name: Type.String(),
    role: Code(CADRE_ROLE_CODES),
    organisation: Nullable(Type.String()),
    phone: Nullable(Type.String({ description: '脱敏号码 / Masked' })),
    createdAt: Type.String(),
  },
  { title: 'GridCadre' },
);

// ---------------------------------------------------------------------------------------------
// A grid's page and cadres at work (ADR 0030)

const KeyGroupCode = Code(KEY_GROUPS);
const GridPersonOut = {
  id: Type.Integer(),
  name: Type.String(),
  keyGroups: Type.Optional(
    Type.Array(KeyGroupCode, { description: '仅含本人可见的重点人群 / Only the groups the caller may see' }),
  ),
};

export const GridCadreBrief = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    role: Code(CADRE_ROLE_CODES),
    organisation: Nullable(Type.String()),
    phone: Nullable(Type.String({ description: '脱敏号码 / Masked' })),
  },
  { title: 'GridCadreBrief' },
);

export const GridOverviewOut = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    kind: Nullable(Type.String()),
    closed: Type.Boolean(),
    township: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
    workers: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
    cadres: Type.Array(GridCadreBrief),
    baseData: Nullable(
      Type.Object({
        houses: Type.Array(
          Type.Object({
            id: Type.Integer(),
            address: Type.String(),
            kind: Code(HOUSE_KINDS),
            lng: Nullable(Type.Number()),
            lat: Nullable(Type.Number()),
            people: Type.Array(Type.Object({ ...GridPersonOut, relation: Code(HOUSE_RELATIONS) })),
          }),
        ),
        unhoused: Type.Array(Type.Object(GridPersonOut)),
        keyGroupPeople: Type.Array(Type.Object({ ...GridPersonOut, houseIds: Type.Array(Type.Integer()) })),
        counts: Type.Object({
          houses: Type.Integer(),
          people: Type.Integer(),
          keyGroups: Type.Optional(Type.Array(Type.Object({ group: KeyGroupCode, count: Type.Integer() }))),
        }),
        truncated: Type.Boolean(),
      }),
    ),
    abilities: Type.Object({ assignTask: Type.Boolean(), manageCadres: Type.Boolean() }),
  },
  { title: 'GridOverview' },
);

export const WhistleCadresBody = Type.Object(
  {
    cadreIds: Type.Array(Id, {
      minItems: 1,
      maxItems: 20,
      description: '事件所在网格的网格力量 / Cadres of the case’s grid',
    }),
  },
  { additionalProperties: false },
);

export const WhistleCadresOut = Type.Object(
  { items: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), role: Code(CADRE_ROLE_CODES) })) },
  { title: 'WhistleCadres' },
);
