// The safety index's tables as .xlsx sheets (`GET /api/v1/safety-index?format=xlsx`): a unit's
// components, or the units under one ranked; the columns of the console's tables, in Chinese,
// written once here.
import type { XlsxColumn } from '../../platform/http/xlsx.ts';

export interface ExportedComponent {
  key: string;
  name: string;
  value: number | null;
  normalised: number;
  weight: number;
  contribution: number;
  explanation: string;
}

/** Rates and shares are 0–1 (a percentage in the sheet); the others are counts per 10,000 residents. */
export const isRateComponent = (key: string) =>
  key.endsWith('_rate') || key.endsWith('_share') || key.endsWith('_coverage');

export const COMPONENT_EXPORT_COLUMNS: readonly XlsxColumn<ExportedComponent>[] = [
  { key: 'name', header: '指标', width: 20 },
  {
    key: 'rate',
    header: '数值（比率）',
    width: 12,
    type: 'percent',
    value: (c) => (isRateComponent(c.key) ? c.value : null),
  },
  {
    key: 'count',
    header: '数值（每万人）',
    width: 14,
    type: 'number',
    value: (c) => (isRateComponent(c.key) ? null : c.value),
  },
  { key: 'normalised', header: '标准化值', width: 10, type: 'percent' },
  { key: 'weight', header: '权重', width: 8, type: 'number' },
  { key: 'contribution', header: '得分', width: 8, type: 'number' },
  { key: 'explanation', header: '说明', width: 60 },
];

export interface ExportedRanked {
  rank: number;
  unitName: string;
  code: string;
  score: number;
  gradeName: string;
}

export const RANKING_EXPORT_COLUMNS: readonly XlsxColumn<ExportedRanked>[] = [
  { key: 'rank', header: '排名', width: 8, type: 'number' },
  { key: 'unitName', header: '单位', width: 24 },
  { key: 'code', header: '单位代码', width: 16 },
  { key: 'score', header: '指数', width: 10, type: 'number' },
  { key: 'gradeName', header: '等级', width: 14 },
];
