import { Type } from 'typebox';
import { CASE_STATUSES } from '../../../common/workflow.ts';
import { CaseSummary } from './cases.schemas.ts';
import { PERIODS } from './stats-period.ts';
import { ExportFormat } from '../../platform/http/xlsx.ts';
import { COUNTED_KPIS, KPIS } from './kpi.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);

export const CaseStatsQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
    to: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
    unitId: Type.Optional(Id),
    period: Type.Optional(Type.Union(PERIODS.map((p) => Type.Literal(p)))),
    format: ExportFormat,
  },
  { additionalProperties: false },
);

export const CaseStats = Type.Object({
  from: Type.String(),
  to: Type.String(),
  period: Type.String(),
  total: Type.Integer(),
  byStatus: Type.Object(Object.fromEntries(CASE_STATUSES.map((s) => [s, Type.Integer()]))),
  byCategory: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), count: Type.Integer() })),
  byUnit: Type.Array(Type.Object({ unitId: Type.Integer(), name: Type.String(), count: Type.Integer() })),
  byPeriod: Type.Array(Type.Object({ period: Type.String(), count: Type.Integer() })),
  rates: Type.Object({ response: Rate, resolution: Rate, satisfaction: Rate, onTime: Rate }),
  overdue: Type.Integer(),
  counts: Type.Object(
    Object.fromEntries(
      COUNTED_KPIS.map((k) => [k, Type.Integer({ minimum: 0, description: `${KPIS[k].zh} / ${KPIS[k].en}` })]),
    ),
    {
      description:
        '各比率的分子、分母及超期数；与事件列表 `kpi`、`from`、`to` 筛选出的事件数相同 / Both sides of every rate and the overdue count: each the number of cases the case list gives for the same `kpi`, `from` and `to`',
    },
  ),
});

export const OverdueQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
    to: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
    unitId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    format: ExportFormat,
  },
  { additionalProperties: false },
);

export const OverdueList = Type.Object({ items: Type.Array(CaseSummary), total: Type.Integer() });
