// The suggestion models list (GET /api/v1/suggestions/models): the training runs, newest first —
// for the JSON list (the 20 newest) and, page after page, for its .xlsx export (every run).
import type { Db } from '../../context.ts';
import type { XlsxColumn } from '../../platform/http/xlsx.ts';
import { listRuns, type TrainingRun } from './suggestions.repository.ts';

/** The runs the JSON list shows. */
export const MODEL_LIST_LIMIT = 20;
/** Runs read per query while exporting. */
export const MODEL_EXPORT_PAGE_SIZE = 200;

/** Runs with a version below `before`, newest first, at most `limit`; `next` continues. */
export async function listModelRuns(db: Db, before: number | undefined, limit: number) {
  const rows = await listRuns(db, limit + 1, before);
  const page = rows.slice(0, limit);
  return { items: page, next: rows.length > limit ? page[page.length - 1]!.version : undefined };
}

const STATUS: Record<TrainingRun['status'], string> = {
  pending: '等待中',
  training: '训练中',
  ready: '可用',
  failed: '失败',
};

/** The sheet of the model list: one row a run, with both targets' sample sizes and macro-F1. */
export const MODEL_EXPORT_COLUMNS: readonly XlsxColumn<TrainingRun>[] = [
  { key: 'version', header: '版本', width: 8, type: 'number' },
  { key: 'status', header: '状态', width: 10, value: (r) => STATUS[r.status] },
  { key: 'trigger', header: '来源', width: 8, value: (r) => (r.trigger === 'schedule' ? '每晚' : '手动') },
  { key: 'requestedAt', header: '申请时间', width: 18, type: 'datetime' },
  { key: 'trainedAt', header: '训练时间', width: 18, type: 'datetime' },
  {
    key: 'durationMs',
    header: '用时（秒）',
    width: 10,
    type: 'number',
    value: (r) => (r.durationMs === null ? null : Math.round(r.durationMs / 100) / 10),
  },
  { key: 'categoryExamples', header: '分类训练案件数', width: 14, type: 'number', value: (r) => r.category.examples },
  {
    key: 'categoryMacroF1',
    header: '分类宏平均 F1',
    width: 14,
    type: 'number',
    value: (r) => r.category.evaluation?.macroF1 ?? null,
  },
  {
    key: 'leadUnitExamples',
    header: '承办单位训练案件数',
    width: 16,
    type: 'number',
    value: (r) => r.leadUnit.examples,
  },
  {
    key: 'leadUnitMacroF1',
    header: '承办单位宏平均 F1',
    width: 16,
    type: 'number',
    value: (r) => r.leadUnit.evaluation?.macroF1 ?? null,
  },
  { key: 'error', header: '失败原因', width: 40 },
];
