// Names of the API's codes in both languages: the console shows them, and exports and reports
// write the Chinese ones into .xlsx and .docx files.
import type { CaseStatus, Rating } from './workflow.ts';

/** A text in both languages of the console. */
export interface Bilingual {
  zh: string;
  en: string;
}

export const STATUS_LABELS: Record<CaseStatus, Bilingual> = {
  registered: { zh: '待分拨', en: 'To triage' },
  dispatched: { zh: '待签收', en: 'Awaiting acceptance' },
  in_progress: { zh: '办理中', en: 'In progress' },
  resolved: { zh: '已办理待评价', en: 'Resolved, awaiting rating' },
  closed: { zh: '已办结', en: 'Closed' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
};

export const KIND_LABELS: Record<string, Bilingual> = {
  dispute: { zh: '矛盾纠纷', en: 'Dispute' },
  complaint: { zh: '投诉', en: 'Complaint' },
  request: { zh: '求助', en: 'Request for help' },
  hazard: { zh: '隐患', en: 'Hazard' },
  inquiry: { zh: '咨询', en: 'Inquiry' },
  suggestion: { zh: '建议', en: 'Suggestion' },
};

export const CHANNEL_LABELS: Record<string, Bilingual> = {
  window: { zh: '窗口', en: 'Window' },
  hotline: { zh: '热线', en: 'Hotline' },
  web: { zh: '网上', en: 'Online' },
  grid_patrol: { zh: '网格巡查', en: 'Grid patrol' },
  court_referral: { zh: '法院委派', en: 'Court referral' },
  police_referral: { zh: '警调对接', en: 'Police referral' },
  petition_referral: { zh: '访调对接', en: 'Petition referral' },
  api: { zh: '系统对接', en: 'Interface' },
  open311: { zh: '开放报事接口', en: 'Open311' },
};

export const RATING_LABELS: Record<Rating, Bilingual> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'Basically satisfied' },
  unsatisfied: { zh: '不满意', en: 'Unsatisfied' },
};

export const STAGE_LABELS: Record<string, Bilingual> = {
  triage: { zh: '分拨', en: 'Triage' },
  accept: { zh: '签收', en: 'Acceptance' },
  handle: { zh: '办理', en: 'Handling' },
};

export const MEDIATION_STATUS_LABELS: Record<string, Bilingual> = {
  open: { zh: '调解中', en: 'Open' },
  concluded: { zh: '已结案', en: 'Concluded' },
};

export const OUTCOME_LABELS: Record<string, Bilingual> = {
  agreement: { zh: '达成协议', en: 'Agreement' },
  no_agreement: { zh: '调解不成', en: 'No agreement' },
  withdrawn: { zh: '撤回申请', en: 'Withdrawn' },
};

export const REFERRAL_STATUS_LABELS: Record<string, Bilingual> = {
  sent: { zh: '待签收', en: 'Sent' },
  received: { zh: '已签收', en: 'Received' },
  returned: { zh: '已反馈', en: 'Answered' },
};

/** What came back: a court's answer, or how the committee's mediation ended. */
export const REFERRAL_RESULT_LABELS: Record<string, Bilingual> = {
  confirmed: { zh: '确认有效', en: 'Confirmed' },
  rejected: { zh: '不予确认', en: 'Not confirmed' },
  filed: { zh: '已立案', en: 'Case filed' },
  judged: { zh: '已判决', en: 'Judged' },
  mediated: { zh: '已调解', en: 'Mediated' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  other: { zh: '其他', en: 'Other' },
  agreement: { zh: '达成协议', en: 'Agreement' },
  no_agreement: { zh: '调解不成', en: 'No agreement' },
  resolved: { zh: '已办结', en: 'Resolved' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
};
