// The early-warning inbox as an .xlsx sheet (`GET /api/v1/warnings?format=xlsx`): the columns of
// the console's table, in Chinese, written once here.
import { WARNING_KIND_LABELS, WARNING_LEVEL_LABELS, WARNING_STATUS_LABELS } from '../../../common/warnings.ts';
import type { XlsxColumn } from '../../platform/http/xlsx.ts';
import type { presentWarnings } from './warning-view.ts';

export type ExportedWarning = Awaited<ReturnType<typeof presentWarnings>>[number];

/** Rows read per query while exporting. */
export const WARNING_EXPORT_PAGE = 500;

export const WARNING_EXPORT_COLUMNS: readonly XlsxColumn<ExportedWarning>[] = [
  { key: 'level', header: '预警级别', width: 10, value: (w) => WARNING_LEVEL_LABELS[w.level]?.zh ?? w.level },
  { key: 'kind', header: '预警类型', width: 18, value: (w) => WARNING_KIND_LABELS[w.kind]?.zh ?? w.kind },
  { key: 'title', header: '标题', width: 30 },
  { key: 'explanation', header: '预警原因', width: 50 },
  { key: 'cases', header: '关联事件', width: 30, value: (w) => w.cases.map((c) => c.number).join('、') },
  { key: 'unitName', header: '所属单位', width: 20 },
  { key: 'status', header: '状态', width: 10, value: (w) => WARNING_STATUS_LABELS[w.status]?.zh ?? w.status },
  { key: 'assignee', header: '指派给', width: 12, value: (w) => w.assignee?.name ?? null },
  { key: 'raiseCount', header: '触发次数', width: 10, type: 'number' },
  { key: 'createdAt', header: '预警时间', width: 18, type: 'datetime' },
  { key: 'updatedAt', header: '更新时间', width: 18, type: 'datetime' },
];
