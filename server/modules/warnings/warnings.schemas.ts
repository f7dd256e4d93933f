import { Type } from 'typebox';
import { WARNING_ACTIONS, WARNING_KINDS, WARNING_LEVELS, WARNING_STATUSES } from '../../../common/warnings.ts';
import { ExportFormat } from '../../platform/http/xlsx.ts';
import { RULE_KINDS } from './warning-settings.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Code = <T extends readonly string[]>(values: T) => Type.String({ enum: [...values] });
const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });

export const WarningsQuery = Type.Object(
  {
    withinUnitId: Type.Optional(Id),
    kind: Type.Optional(literals(WARNING_KINDS)),
    level: Type.Optional(literals(WARNING_LEVELS)),
    status: Type.Optional(
      Type.Union([...WARNING_STATUSES.map((s) => Type.Literal(s)), Type.Literal('active')], {
        description: '`active`: open, acknowledged or assigned',
      }),
    ),
    caseId: Type.Optional(Id),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    format: ExportFormat,
  },
  { additionalProperties: false },
);

export const WarningItem = Type.Object(
  {
    id: Type.Integer(),
    kind: Code(WARNING_KINDS),
    level: Code(WARNING_LEVELS),
    unitId: Type.Integer(),
    unitName: Type.String(),
    title: Type.String({ description: '中文标题 / The title in Chinese' }),
    explanation: Type.String({ description: '预警原因（一句话） / Why, in one Chinese sentence' }),
    titleText: Bilingual,
    explanationText: Bilingual,
    caseIds: Type.Array(Type.Integer()),
    cases: Type.Array(Type.Object({ id: Type.Integer(), number: Type.String() })),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    status: Code(WARNING_STATUSES),
    raiseCount: Type.Integer({ description: '被触发的次数 / How many times the situation raised it' }),
    assignee: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
    allowedActions: Type.Array(Code(WARNING_ACTIONS)),
  },
  { title: 'Warning' },
);

export const WarningDetail = Type.Intersect(
  [
    WarningItem,
    Type.Object({
      history: Type.Array(
        Type.Object({
          id: Type.Integer(),
          action: Type.String(),
          fromStatus: Nullable(Type.String()),
          toStatus: Type.String(),
          actor: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
          note: Nullable(Type.String()),
          data: Type.Unknown(),
          at: Type.String(),
        }),
      ),
    }),
  ],
  { title: 'WarningDetail' },
);

export const WarningActionBody = Type.Object(
  {
    action: literals(WARNING_ACTIONS),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    userId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const WarningCounts = Type.Object({
  open: Type.Integer({ description: '待处理（未知悉）的预警数 / Warnings nobody has acknowledged yet' }),
  openRed: Type.Integer(),
});

export const RuleSettingOut = Type.Object(
  {
    kind: Code(RULE_KINDS),
    enabled: Type.Boolean(),
    level: Code(WARNING_LEVELS),
    minCount: Nullable(Type.Integer()),
    windowDays: Nullable(Type.Integer()),
    radiusM: Nullable(Type.Integer()),
    baselineDays: Nullable(Type.Integer()),
    pValue: Nullable(Type.Number()),
    knobs: Type.Array(Type.String(), { description: '该规则可调的阈值 / Which thresholds the rule has' }),
    updatedAt: Nullable(Type.String()),
  },
  { title: 'WarningRuleSetting' },
);

export const RuleSettingIn = Type.Object(
  {
    kind: literals(RULE_KINDS),
    enabled: Type.Boolean(),
    level: literals(WARNING_LEVELS),
    minCount: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 10_000 }))),
    windowDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 365 }))),
    radiusM: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 10_000 }))),
    baselineDays: Type.Optional(Nullable(Type.Integer({ minimum: 7, maximum: 730 }))),
    pValue: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 0.5 }))),
  },
  { additionalProperties: false },
);

export const SettingsBody = Type.Object(
  { rules: Type.Array(RuleSettingIn, { minItems: 1, maxItems: RULE_KINDS.length }) },
  { additionalProperties: false },
);

export const SettingsOut = Type.Object({ rules: Type.Array(RuleSettingOut) });

export const ScanOut = Type.Object({ hotSpots: Type.Integer(), breaches: Type.Integer() });

export const AssigneesQuery = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: 50 })) },
  { additionalProperties: false },
);

export const AssigneesOut = Type.Object({
  items: Type.Array(
    Type.Object({
      userId: Type.Integer(),
      displayName: Type.String(),
      role: Type.String(),
      unitId: Type.Integer(),
      unitName: Type.String(),
    }),
  ),
});
