// Points and the civilisation bank (积分制, 文明银行, issue 19 §3) and the recognition board (§5):
// the earning rules' codes, the ledger's entry kinds, the periods a cap counts over, and the
// statuses of a redemption and of a nomination. Shared by the server's schemas and the console's
// and the residents' labels. Nothing here may import server code.
import type { Bilingual } from './labels.ts';

export const POINT_RULE_CODES = ['verified_report', 'vote', 'volunteer_hour', 'agreement_kept', 'good_deed'] as const;
export type PointRuleCode = (typeof POINT_RULE_CODES)[number];
export const POINT_RULE_LABELS: Record<PointRuleCode, Bilingual> = {
  verified_report: { zh: '反映问题属实并办结', en: 'A report verified and resolved' },
  vote: { zh: '参与议事投票', en: 'A vote in a consultation' },
  volunteer_hour: { zh: '志愿服务（每小时）', en: 'A volunteer hour' },
  agreement_kept: { zh: '履行调解协议', en: 'A mediation agreement kept' },
  good_deed: { zh: '好人好事获表彰', en: 'A good deed recognised' },
};

/** A cap counts the points of one rule earned by one holder within a Beijing day, month or year. */
export const CAP_PERIODS = ['day', 'month', 'year'] as const;
export type CapPeriod = (typeof CAP_PERIODS)[number];
export const CAP_PERIOD_LABELS: Record<CapPeriod, Bilingual> = {
  day: { zh: '每日', en: 'per day' },
  month: { zh: '每月', en: 'per month' },
  year: { zh: '每年', en: 'per year' },
};

/** earn: by a rule, once per source event; spend: a redemption; adjustment: by staff, with a reason. */
export const LEDGER_KINDS = ['earn', 'spend', 'adjustment'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];
export const LEDGER_KIND_LABELS: Record<LedgerKind, Bilingual> = {
  earn: { zh: '获得', en: 'Earned' },
  spend: { zh: '兑换', en: 'Redeemed' },
  adjustment: { zh: '调整', en: 'Adjusted' },
};

export const REDEMPTION_STATUSES = ['issued', 'handed_over'] as const;
export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number];
export const REDEMPTION_STATUS_LABELS: Record<RedemptionStatus, Bilingual> = {
  issued: { zh: '待领取', en: 'To collect' },
  handed_over: { zh: '已领取', en: 'Handed over' },
};

export const RECOGNITION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type RecognitionStatus = (typeof RECOGNITION_STATUSES)[number];
export const RECOGNITION_STATUS_LABELS: Record<RecognitionStatus, Bilingual> = {
  pending: { zh: '待审核', en: 'Pending review' },
  approved: { zh: '已表彰', en: 'Recognised' },
  rejected: { zh: '未通过', en: 'Not approved' },
};

/** The period key a cap counts in: the Beijing day, month or year of `at`. */
export function capPeriodKey(period: CapPeriod, at: Date): string {
  const beijing = new Date(at.getTime() + 8 * 3_600_000).toISOString();
  return period === 'day' ? beijing.slice(0, 10) : period === 'month' ? beijing.slice(0, 7) : beijing.slice(0, 4);
}

/** A display name masked for a public list: the first character and a star per other one. */
export function maskDisplayName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '*';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
