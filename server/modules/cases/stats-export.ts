// The dashboard's tables as .xlsx sheets: the overdue list (the case list's columns, every overdue
// case of the window) and the figures of GET /api/v1/stats/cases as one table — a sheet holds one
// table, so byUnit, byCategory and byPeriod are stacked with a 分组 column naming which one a row
// belongs to, after the totals and rates (the numbers the JSON answer has, nothing more).
import type { XlsxColumn } from '../../platform/http/xlsx.ts';
import { KPIS, RATES, type RateName } from './kpi.ts';
import type { DashboardFigures } from './stats-dashboard.ts';

export interface StatsExportRow {
  group: string;
  name: string;
  count: number | null;
  rate: number | null;
}

export const STATS_EXPORT_COLUMNS: readonly XlsxColumn<StatsExportRow>[] = [
  { key: 'group', header: '分组', width: 12 },
  { key: 'name', header: '名称', width: 24 },
  { key: 'count', header: '事件数', width: 10, type: 'number' },
  { key: 'rate', header: '比率', width: 10, type: 'percent' },
];

/** The rows of the figures' sheet, in the order the dashboard shows them. */
export function statsExportRows(figures: DashboardFigures): StatsExportRow[] {
  const rates = (Object.keys(RATES) as RateName[]).map((r) => ({
    group: '比率',
    name: RATES[r].zh,
    count: null,
    rate: figures.rates[r],
  }));
  return [
    { group: '合计', name: '事件总数', count: figures.total, rate: null },
    { group: '合计', name: KPIS.overdue.zh, count: figures.overdue, rate: null },
    ...rates,
    ...figures.byUnit.map((u) => ({ group: '按区域', name: u.name, count: u.count, rate: null })),
    ...figures.byCategory.map((c) => ({ group: '按类别', name: c.name, count: c.count, rate: null })),
    ...figures.byPeriod.map((p) => ({ group: '按时间', name: p.period, count: p.count, rate: null })),
  ];
}
