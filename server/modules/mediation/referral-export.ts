// The hand-offs inbox (转办收发件箱) as an .xlsx sheet (`GET /api/v1/referrals?format=xlsx`): the
// columns of the console's table, in Chinese, written once here.
import { REFERRAL_RESULT_LABELS, REFERRAL_STATUS_LABELS } from '../../../common/labels.ts';
import type { XlsxColumn } from '../../platform/http/xlsx.ts';
import type { ReferralKind } from './mediation.table.ts';
import { KIND_LABELS } from './referral-kinds.ts';

/** Rows read per query while exporting. */
export const REFERRAL_EXPORT_PAGE = 500;

export interface ExportedReferral {
  caseNumber: string;
  caseTitle: string;
  kind: ReferralKind;
  status: string;
  fromUnitName: string;
  toUnitName: string;
  externalRef: string | null;
  sentAt: string;
  deadline: string | null;
  overdue: boolean;
  resultOutcome: string | null;
  result: string | null;
  returnedAt: string | null;
}

export const REFERRAL_EXPORT_COLUMNS: readonly XlsxColumn<ExportedReferral>[] = [
  { key: 'caseNumber', header: '事件编号', width: 22 },
  { key: 'caseTitle', header: '标题', width: 32 },
  { key: 'kind', header: '类型', width: 16, value: (r) => KIND_LABELS[r.kind] ?? r.kind },
  { key: 'fromUnitName', header: '委派单位', width: 22 },
  { key: 'toUnitName', header: '接收单位', width: 22 },
  { key: 'externalRef', header: '对方文号', width: 20 },
  { key: 'sentAt', header: '发出时间', width: 18, type: 'datetime' },
  { key: 'deadline', header: '办理期限', width: 12, type: 'date' },
  { key: 'overdue', header: '是否超期', width: 10 },
  { key: 'status', header: '状态', width: 10, value: (r) => REFERRAL_STATUS_LABELS[r.status]?.zh ?? r.status },
  {
    key: 'resultOutcome',
    header: '办理结果',
    width: 12,
    value: (r) => (r.resultOutcome ? (REFERRAL_RESULT_LABELS[r.resultOutcome]?.zh ?? r.resultOutcome) : null),
  },
  { key: 'result', header: '结果说明', width: 36 },
  { key: 'returnedAt', header: '反馈时间', width: 18, type: 'datetime' },
];
