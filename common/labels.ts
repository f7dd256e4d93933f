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

// The org tree (the console's org pages and the unit list's export).
export const UNIT_TYPE_LABELS: Record<string, Bilingual> = {
  region: { zh: '行政区域', en: 'Region' },
  centre: { zh: '综治中心', en: 'Centre' },
  department: { zh: '职能部门', en: 'Department' },
  court: { zh: '人民法院', en: 'Court' },
  police: { zh: '派出所', en: 'Police station' },
  committee: { zh: '人民调解委员会', en: 'Mediation committee' },
};

export const UNIT_LEVEL_LABELS: Record<string, Bilingual> = {
  province: { zh: '省级', en: 'Province' },
  city: { zh: '市级', en: 'City' },
  county: { zh: '县级', en: 'County' },
  township: { zh: '乡镇（街道）', en: 'Township' },
  village: { zh: '村（社区）', en: 'Village or community' },
  grid: { zh: '网格', en: 'Grid' },
};

/** Grid kinds, department domains and committee domains. */
export const UNIT_KIND_LABELS: Record<string, Bilingual> = {
  basic: { zh: '基础网格', en: 'Basic grid' },
  education: { zh: '教育', en: 'Education' },
  medical: { zh: '医疗卫生', en: 'Medical' },
  commerce: { zh: '商贸', en: 'Commerce' },
  elderly_care: { zh: '养老服务', en: 'Elderly care' },
  work_safety: { zh: '安全生产', en: 'Work safety' },
  public_security: { zh: '公安', en: 'Public security' },
  market_regulation: { zh: '市场监管', en: 'Market regulation' },
  housing: { zh: '住房和城乡建设', en: 'Housing' },
  human_resources: { zh: '人力资源和社会保障', en: 'Human resources' },
  health: { zh: '卫生健康', en: 'Health' },
  environment: { zh: '生态环境', en: 'Environment' },
  urban_management: { zh: '综合行政执法', en: 'Urban management' },
  emergency: { zh: '应急管理', en: 'Emergency management' },
  petition: { zh: '信访', en: 'Petitions' },
  justice: { zh: '司法行政', en: 'Justice' },
  territorial: { zh: '属地调解', en: 'Territorial' },
  traffic: { zh: '道路交通事故', en: 'Road traffic' },
  labour: { zh: '劳动争议', en: 'Labour' },
  property: { zh: '物业', en: 'Property management' },
  consumer: { zh: '消费', en: 'Consumer' },
  finance: { zh: '金融', en: 'Finance' },
  insurance: { zh: '保险', en: 'Insurance' },
  ip: { zh: '知识产权', en: 'Intellectual property' },
  // issue 18: the remaining committee domains of §19 and court-invited mediation.
  commercial: { zh: '商事', en: 'Commercial' },
  tourism: { zh: '旅游', en: 'Tourism' },
  internet: { zh: '互联网', en: 'Internet' },
  court_invited: { zh: '特邀调解', en: 'Court-invited mediation' },
};
