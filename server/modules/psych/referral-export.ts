// The team's list of referrals as an .xlsx sheet (`GET /api/v1/psych-referrals?format=xlsx`): the
// columns of the console's table. The reason and the notes stay out of the file (they are read on
// the referral's page); the phone stays masked.
import { PSYCH_ASSESSMENT_LABELS, PSYCH_STATUS_LABELS, PSYCH_URGENCY_LABELS } from '../../../common/psych.ts';
import type { XlsxColumn } from '../../platform/http/xlsx.ts';
import type { presentReferrals } from './referral-view.ts';

export type ExportedReferral = Awaited<ReturnType<typeof presentReferrals>>[number];

export const REFERRAL_EXPORT_PAGE = 500;

export const REFERRAL_EXPORT_COLUMNS: readonly XlsxColumn<ExportedReferral>[] = [
  { key: 'id', header: '编号', width: 8, type: 'number' },
  { key: 'personName', header: '当事人', width: 12 },
  { key: 'phone', header: '联系电话（脱敏）', width: 16 },
  { key: 'urgency', header: '紧急程度', width: 10, value: (r) => PSYCH_URGENCY_LABELS[r.urgency]?.zh ?? r.urgency },
  { key: 'status', header: '状态', width: 10, value: (r) => PSYCH_STATUS_LABELS[r.status]?.zh ?? r.status },
  {
    key: 'assessmentLevel',
    header: '评估等级',
    width: 10,
    value: (r) => (r.assessmentLevel ? PSYCH_ASSESSMENT_LABELS[r.assessmentLevel]?.zh : null),
  },
  { key: 'referrer', header: '转介人', width: 14, value: (r) => r.referrer.name },
  { key: 'referrerUnitName', header: '转介单位', width: 20 },
  { key: 'caseNumber', header: '关联事件', width: 18 },
  { key: 'createdAt', header: '转介时间', width: 18, type: 'datetime' },
  { key: 'contactedAt', header: '首次联系时间', width: 18, type: 'datetime' },
  { key: 'overdueWarnedAt', header: '超时未联系提醒', width: 18, type: 'datetime' },
  { key: 'closedAt', header: '结案时间', width: 18, type: 'datetime' },
];
