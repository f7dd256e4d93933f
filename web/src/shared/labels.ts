// Bilingual names of the API's codes (statuses, actions, kinds …). Unknown codes get a neutral
// word rather than the raw English code.
import type { CaseAction, CaseStatus, Rating } from '../../../common/workflow.ts';
import type { Bilingual } from './bilingual.ts';

export const STATUS_LABELS: Record<CaseStatus, Bilingual> = {
  registered: { zh: '待分拨', en: 'To triage' },
  dispatched: { zh: '待签收', en: 'Awaiting acceptance' },
  in_progress: { zh: '办理中', en: 'In progress' },
  resolved: { zh: '已办理待评价', en: 'Resolved, awaiting rating' },
  closed: { zh: '已办结', en: 'Closed' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
};

export const STATUS_COLOURS: Record<CaseStatus, string> = {
  registered: 'orange',
  dispatched: 'gold',
  in_progress: 'blue',
  resolved: 'cyan',
  closed: 'green',
  cancelled: 'default',
};

export const ACTION_LABELS: Record<CaseAction, Bilingual> = {
  dispatch: { zh: '分拨', en: 'Dispatch' },
  accept: { zh: '签收', en: 'Accept' },
  return: { zh: '退回', en: 'Return' },
  escalate: { zh: '上报', en: 'Escalate' },
  whistle: { zh: '吹哨', en: 'Summon departments' },
  report: { zh: '报到', en: 'Report in' },
  request_extension: { zh: '申请延期', en: 'Request extension' },
  decide_extension: { zh: '审批延期', en: 'Decide extension' },
  supervise: { zh: '督办', en: 'Supervise' },
  resolve: { zh: '办理完毕', en: 'Resolve' },
  rate: { zh: '评价', en: 'Rate' },
  reopen: { zh: '重办', en: 'Reopen' },
  close: { zh: '结案', en: 'Close' },
  cancel: { zh: '撤销', en: 'Cancel case' },
  merge: { zh: '并单', en: 'Merge' },
};

const EVENT_LABELS: Record<string, Bilingual> = {
  register: { zh: '受理登记', en: 'Registered' },
  attach: { zh: '上传附件', en: 'Attachment added' },
  yellow_card: { zh: '黄牌预警', en: 'Yellow card' },
  red_card: { zh: '红牌警告', en: 'Red card' },
  auto_close: { zh: '逾期未评价自动结案', en: 'Closed without rating' },
  merged_in: { zh: '并入重复事件', en: 'Duplicate merged in' },
};

const EVENT_PREFIXES: [string, Bilingual][] = [
  ['mediation', { zh: '调解工作记录', en: 'Mediation step' }],
  ['referral', { zh: '转办', en: 'Hand-off' }],
  ['hearing', { zh: '公开听证', en: 'Public hearing' }],
];

export function eventLabel(action: string): Bilingual {
  if (action in ACTION_LABELS) return ACTION_LABELS[action as CaseAction];
  const known = EVENT_LABELS[action];
  if (known) return known;
  const prefixed = EVENT_PREFIXES.find(([prefix]) => action.startsWith(prefix));
  return prefixed ? prefixed[1] : { zh: '办理记录', en: 'Step' };
}

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
};

export const RATING_LABELS: Record<Rating, Bilingual> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'Basically satisfied' },
  unsatisfied: { zh: '不满意', en: 'Unsatisfied' },
};

export const ASSIGNMENT_LABELS: Record<string, Bilingual> = {
  lead: { zh: '牵头单位', en: 'Lead' },
  assist: { zh: '协办单位', en: 'Assisting' },
  whistle: { zh: '吹哨报到', en: 'Summoned' },
  linked: { zh: '关联单位', en: 'Linked' },
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

export const AGREEMENT_STATUS_LABELS: Record<string, Bilingual> = {
  draft: { zh: '待签署', en: 'Draft' },
  effective: { zh: '已生效', en: 'Effective' },
};

export const PARTY_ROLE_LABELS: Record<string, Bilingual> = {
  applicant: { zh: '申请人', en: 'Applicant' },
  respondent: { zh: '被申请人', en: 'Respondent' },
  third_party: { zh: '第三人', en: 'Third party' },
};

export const SIGN_METHOD_LABELS: Record<string, Bilingual> = {
  signature: { zh: '签名', en: 'Signature' },
  seal: { zh: '盖章', en: 'Seal' },
  fingerprint: { zh: '按指印', en: 'Fingerprint' },
};

export const OUTCOME_LABELS: Record<string, Bilingual> = {
  agreement: { zh: '达成协议', en: 'Agreement' },
  no_agreement: { zh: '调解不成', en: 'No agreement' },
  withdrawn: { zh: '撤回申请', en: 'Withdrawn' },
};

const UNKNOWN: Bilingual = { zh: '其他', en: 'Other' };

export function labelOf(labels: Record<string, Bilingual>, code: string | null | undefined): Bilingual {
  return (code !== null && code !== undefined ? labels[code] : undefined) ?? UNKNOWN;
}
