// The case list as an .xlsx sheet: the list's own rows (same filters, same jurisdiction, same
// presenter), every page of them, with codes and ids written as the Chinese names the console shows.
import { CHANNEL_LABELS, KIND_LABELS, RATING_LABELS, STAGE_LABELS, STATUS_LABELS } from '../../../common/labels.ts';
import type { XlsxColumn } from '../../platform/http/xlsx.ts';
import type { AppContext } from '../../context.ts';
import { unitNames } from '../org/index.ts';
import { listCategories } from './category.repository.ts';
import type { presentCaseSummary } from './case-view.ts';

/** Rows read per query while exporting (keyset pages of the list's own query). */
export const EXPORT_PAGE_SIZE = 1000;

type Summary = ReturnType<typeof presentCaseSummary>;

export interface ExportedCase extends Summary {
  categoryName: string;
  regionName: string | null;
  gridName: string | null;
  leadUnitName: string | null;
}

const zh = (labels: Record<string, { zh: string }>, code: string | null) =>
  code === null ? null : (labels[code]?.zh ?? code);

export const CASE_EXPORT_COLUMNS: readonly XlsxColumn<ExportedCase>[] = [
  { key: 'number', header: '事件编号', width: 22 },
  { key: 'title', header: '标题', width: 36 },
  { key: 'kind', header: '类型', width: 10, value: (c) => zh(KIND_LABELS, c.kind) },
  { key: 'categoryName', header: '类别', width: 20 },
  { key: 'channel', header: '来源渠道', width: 12, value: (c) => zh(CHANNEL_LABELS, c.channel) },
  { key: 'status', header: '状态', width: 14, value: (c) => zh(STATUS_LABELS, c.status) },
  { key: 'stage', header: '当前环节', width: 10, value: (c) => zh(STAGE_LABELS, c.stage) },
  { key: 'stageDeadline', header: '环节时限', width: 18, type: 'datetime' },
  { key: 'overdue', header: '是否超期', width: 10 },
  { key: 'rating', header: '评价', width: 10, value: (c) => zh(RATING_LABELS, c.rating) },
  { key: 'regionName', header: '所属区域', width: 16 },
  { key: 'gridName', header: '网格', width: 16 },
  { key: 'leadUnitName', header: '牵头单位', width: 20 },
  { key: 'address', header: '地址', width: 30 },
  { key: 'createdAt', header: '受理时间', width: 18, type: 'datetime' },
  { key: 'updatedAt', header: '更新时间', width: 18, type: 'datetime' },
];

/** Adds the names of the page's category, region, grid and lead unit (one query for the page's units). */
export async function withNames(ctx: AppContext, page: Summary[]): Promise<ExportedCase[]> {
  const categories = new Map((await listCategories(ctx.db)).map((c) => [c.code, c.name]));
  const names = await unitNames(
    ctx.db,
    page.flatMap((c) => [c.regionId, c.gridId, c.leadUnitId]),
  );
  const name = (id: number | null) => (id === null ? null : (names.get(id) ?? null));
  return page.map((c) => ({
    ...c,
    categoryName: categories.get(c.categoryCode) ?? c.categoryCode,
    regionName: name(c.regionId),
    gridName: name(c.gridId),
    leadUnitName: name(c.leadUnitId),
  }));
}
