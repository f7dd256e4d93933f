// The evaluator's lists as .xlsx sheets (`?format=xlsx`, helper D's sendXlsx): the samples, and
// one sample's calling sheet with what each reached reporter said (the counted call). Numbers are
// masked as on screen; a revealed number is never exported.
import { RATING_LABELS } from '../../../common/labels.ts';
import type { XlsxColumn } from '../../platform/http/xlsx.ts';

const zh = (labels: Record<string, { zh: string }>, code: string | null) =>
  code === null ? null : (labels[code]?.zh ?? code);
const yesNo = (value: boolean | null) => (value === null ? null : value ? '是' : '否');

export interface ExportedSample {
  unitName: string;
  period: string;
  requestedSize: number;
  drawn: number;
  reached: number;
  population: number;
  seed: string;
  createdAt: string;
}

export const SAMPLE_EXPORT_COLUMNS: readonly XlsxColumn<ExportedSample>[] = [
  { key: 'unitName', header: '评估单位', width: 20 },
  { key: 'period', header: '期间', width: 14 },
  { key: 'requestedSize', header: '申请样本量', width: 12, type: 'number' },
  { key: 'drawn', header: '抽中事件数', width: 12, type: 'number' },
  { key: 'reached', header: '已接通', width: 10, type: 'number' },
  { key: 'population', header: '抽样框（可抽事件数）', width: 20, type: 'number' },
  { key: 'seed', header: '随机种子', width: 20 },
  { key: 'createdAt', header: '抽取时间', width: 18, type: 'datetime' },
];

export interface ExportedItem {
  position: number;
  number: string;
  categoryName: string;
  townshipName: string | null;
  regionName: string;
  createdAt: string;
  closedAt: string | null;
  selfRating: string | null;
  reporterPhone: string | null;
  calls: { reached: boolean; rating: string | null; solved: boolean | null; comment: string | null; id: number }[];
  countedCallId: number | null;
}

const counted = (item: ExportedItem) => item.calls.find((c) => c.id === item.countedCallId) ?? null;

export const ITEM_EXPORT_COLUMNS: readonly XlsxColumn<ExportedItem>[] = [
  { key: 'position', header: '序号', width: 6, type: 'number' },
  { key: 'number', header: '事件编号', width: 22 },
  { key: 'categoryName', header: '类别', width: 18 },
  { key: 'townshipName', header: '乡镇（街道）', width: 14, value: (i) => i.townshipName ?? i.regionName },
  { key: 'createdAt', header: '登记时间', width: 18, type: 'datetime' },
  { key: 'closedAt', header: '结案时间', width: 18, type: 'datetime' },
  { key: 'selfRating', header: '自报评价', width: 10, value: (i) => zh(RATING_LABELS, i.selfRating) },
  { key: 'reporterPhone', header: '反映人电话（脱敏）', width: 16 },
  { key: 'calls', header: '拨打次数', width: 10, type: 'number', value: (i) => i.calls.length },
  { key: 'reached', header: '是否接通', width: 10, value: (i) => (counted(i) ? '是' : '否') },
  { key: 'rating', header: '抽样评价', width: 10, value: (i) => zh(RATING_LABELS, counted(i)?.rating ?? null) },
  { key: 'solved', header: '问题是否真正解决', width: 16, value: (i) => yesNo(counted(i)?.solved ?? null) },
  { key: 'comment', header: '回访记录', width: 36, value: (i) => counted(i)?.comment ?? null },
];
