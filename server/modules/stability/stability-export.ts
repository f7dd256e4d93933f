// The list of stability risk assessments (稳评) as an .xlsx sheet
// (`GET /api/v1/risk-assessments?format=xlsx`): the columns of the console's table, in Chinese,
// written once here.
import { DECISION_LABELS, KIND_LABELS, LEVEL_LABELS, STAGE_LABELS } from '../../../common/risk-stages.ts';
import type { XlsxColumn } from '../../platform/http/xlsx.ts';

/** Rows read per query while exporting. */
export const ASSESSMENT_EXPORT_PAGE = 500;

export interface ExportedAssessment {
  title: string;
  unitName: string;
  decisionKind: keyof typeof KIND_LABELS;
  stage: keyof typeof STAGE_LABELS;
  grade: keyof typeof LEVEL_LABELS | null;
  decision: keyof typeof DECISION_LABELS | null;
  createdAt: string;
  updatedAt: string;
}

export const ASSESSMENT_EXPORT_COLUMNS: readonly XlsxColumn<ExportedAssessment>[] = [
  { key: 'title', header: '评估事项', width: 36 },
  { key: 'unitName', header: '决策单位', width: 20 },
  { key: 'decisionKind', header: '决策类型', width: 12, value: (a) => KIND_LABELS[a.decisionKind] ?? a.decisionKind },
  { key: 'stage', header: '当前环节', width: 12, value: (a) => STAGE_LABELS[a.stage] ?? a.stage },
  { key: 'grade', header: '风险等级', width: 10, value: (a) => (a.grade ? (LEVEL_LABELS[a.grade] ?? a.grade) : null) },
  {
    key: 'decision',
    header: '决策',
    width: 12,
    value: (a) => (a.decision ? (DECISION_LABELS[a.decision] ?? a.decision) : null),
  },
  { key: 'createdAt', header: '启动时间', width: 18, type: 'datetime' },
  { key: 'updatedAt', header: '更新时间', width: 18, type: 'datetime' },
];
