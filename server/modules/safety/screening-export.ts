// The screening ledger and the month's coverage as .xlsx sheets (`GET /api/v1/screenings` and
// `GET /api/v1/screenings/coverage` with `format=xlsx`): the columns of the console's tables, in
// Chinese, written once here.
import { RISK_GRADE_NAMES, type RiskGrade } from '../../../common/safety.ts';
import type { XlsxColumn } from '../../platform/http/xlsx.ts';

const FREQUENCY_NAMES: Record<string, string> = { weekly: '每周', monthly: '每月' };

/** Rows read per query while exporting the ledger. */
export const SCREENING_EXPORT_PAGE = 500;

export interface ExportedScreening {
  unitName: string;
  frequency: string;
  period: string;
  screenedByName: string;
  doneAt: string;
  findingCount: number;
  note: string | null;
  createdAt: string;
}

export const SCREENING_EXPORT_COLUMNS: readonly XlsxColumn<ExportedScreening>[] = [
  { key: 'unitName', header: '网格/村社区', width: 24 },
  { key: 'frequency', header: '频次', width: 8, value: (s) => FREQUENCY_NAMES[s.frequency] ?? s.frequency },
  { key: 'period', header: '周期', width: 12 },
  { key: 'screenedByName', header: '排查人', width: 12 },
  { key: 'doneAt', header: '排查时间', width: 18, type: 'datetime' },
  { key: 'findingCount', header: '发现矛盾纠纷数', width: 14, type: 'number' },
  { key: 'note', header: '备注', width: 36 },
  { key: 'createdAt', header: '登记时间', width: 18, type: 'datetime' },
];

export interface ExportedCoverage {
  code: string;
  name: string;
  frequency: string;
  expected: string[];
  done: string[];
  lastDoneAt: string | null;
  screened: boolean;
}

export const COVERAGE_EXPORT_COLUMNS: readonly XlsxColumn<ExportedCoverage>[] = [
  { key: 'code', header: '单位代码', width: 16 },
  { key: 'name', header: '网格/村社区', width: 24 },
  { key: 'frequency', header: '频次', width: 8, value: (c) => FREQUENCY_NAMES[c.frequency] ?? c.frequency },
  { key: 'screened', header: '是否已排查', width: 12, value: (c) => (c.screened ? '已排查' : '未排查') },
  { key: 'done', header: '已排查期数', width: 12, type: 'number', value: (c) => c.done.length },
  { key: 'expected', header: '应排查期数', width: 12, type: 'number', value: (c) => c.expected.length },
  { key: 'lastDoneAt', header: '最近排查', width: 18, type: 'datetime' },
];

export interface ExportedFinding {
  parties: { name: string; phone: string | null }[];
  description: string;
  riskGrade: string;
  measures: string;
  responsiblePerson: string;
  caseNumber: string | null;
  createdAt: string;
}

/** One screening's findings; parties' phones masked as the API shows them (138****1234). */
export const FINDING_EXPORT_COLUMNS: readonly XlsxColumn<ExportedFinding>[] = [
  {
    key: 'parties',
    header: '当事人',
    width: 28,
    value: (f) => f.parties.map((p) => (p.phone ? `${p.name}（${p.phone}）` : p.name)).join('、'),
  },
  { key: 'description', header: '矛盾纠纷情况', width: 48 },
  {
    key: 'riskGrade',
    header: '风险等级',
    width: 10,
    value: (f) => RISK_GRADE_NAMES[f.riskGrade as RiskGrade]?.zh ?? f.riskGrade,
  },
  { key: 'measures', header: '化解措施', width: 36 },
  { key: 'responsiblePerson', header: '责任人', width: 12 },
  { key: 'caseNumber', header: '转为事件', width: 22 },
  { key: 'createdAt', header: '登记时间', width: 18, type: 'datetime' },
];
