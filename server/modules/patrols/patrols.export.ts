// The columns of the supervisors' two patrol tables as .xlsx (the shared streamed, audited export):
// the patrol list and the monthly coverage, headed in Chinese as the console shows them.
import type { XlsxColumn } from '../../platform/http/xlsx.ts';
import type { PatrolStatus } from '../../../common/grid-tasks.ts';

const STATUS_ZH: Record<PatrolStatus, string> = { open: '巡查中', finished: '已结束' };

export interface PatrolExportRow {
  workerName: string;
  unitName: string;
  status: PatrolStatus;
  startedAt: string;
  finishedAt: string | null;
  pointCount: number;
  distanceM: number;
  visitCount: number;
}

export const PATROL_COLUMNS: readonly XlsxColumn<PatrolExportRow>[] = [
  { key: 'workerName', header: '网格员', width: 14 },
  { key: 'unitName', header: '网格', width: 24 },
  { key: 'status', header: '状态', width: 10, value: (r) => STATUS_ZH[r.status] },
  { key: 'startedAt', header: '开始时间', type: 'datetime', width: 18 },
  { key: 'finishedAt', header: '结束时间', type: 'datetime', width: 18 },
  { key: 'pointCount', header: '轨迹点数', type: 'number', width: 10 },
  { key: 'distanceM', header: '里程（米）', type: 'number', width: 12, value: (r) => Math.round(r.distanceM) },
  { key: 'visitCount', header: '走访次数', type: 'number', width: 10 },
];

export interface CoverageExportRow {
  workerName: string;
  unitName: string;
  patrols: number;
  visits: number;
  places: number;
  housesVisited: number;
  gridHouses: number;
  coverage: number | null;
}

export const COVERAGE_COLUMNS: readonly XlsxColumn<CoverageExportRow>[] = [
  { key: 'workerName', header: '网格员', width: 14 },
  { key: 'unitName', header: '网格', width: 24 },
  { key: 'patrols', header: '巡查次数', type: 'number', width: 10 },
  { key: 'visits', header: '走访次数', type: 'number', width: 10 },
  { key: 'places', header: '走访地点数', type: 'number', width: 12 },
  { key: 'housesVisited', header: '走访户数', type: 'number', width: 10 },
  { key: 'gridHouses', header: '网格房屋数', type: 'number', width: 12 },
  { key: 'coverage', header: '入户覆盖率', type: 'percent', width: 12 },
];
