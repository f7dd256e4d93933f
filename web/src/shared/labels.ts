// Bilingual names of the API's codes (statuses, actions, kinds …). Unknown codes get a neutral
// word rather than the raw English code.
import type { CaseAction, CaseStatus } from '../../../common/workflow.ts';
import type { Bilingual } from './bilingual.ts';

export {
  CHANNEL_LABELS,
  KIND_LABELS,
  MEDIATION_STATUS_LABELS,
  OUTCOME_LABELS,
  RATING_LABELS,
  REFERRAL_RESULT_LABELS,
  REFERRAL_STATUS_LABELS,
  STAGE_LABELS,
  STATUS_LABELS,
  UNIT_KIND_LABELS,
  UNIT_LEVEL_LABELS,
  UNIT_TYPE_LABELS,
} from '../../../common/labels.ts';

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
  assign_leader: { zh: '领导包案', en: 'Assign leader' },
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
  whistle_cadres: { zh: '吹哨：通知网格力量', en: 'Grid cadres called in' },
};

const EVENT_PREFIXES: [string, Bilingual][] = [
  ['mediation', { zh: '调解工作记录', en: 'Mediation step' }],
  ['referral', { zh: '转办', en: 'Hand-off' }],
  ['hearing', { zh: '公开听证', en: 'Public hearing' }],
];

const isCaseAction = (action: string): action is CaseAction => Object.hasOwn(ACTION_LABELS, action);

export function eventLabel(action: string): Bilingual {
  if (isCaseAction(action)) return ACTION_LABELS[action];
  const known = EVENT_LABELS[action];
  if (known) return known;
  const prefixed = EVENT_PREFIXES.find(([prefix]) => action.startsWith(prefix));
  return prefixed ? prefixed[1] : { zh: '办理记录', en: 'Step' };
}

export const ASSIGNMENT_LABELS: Record<string, Bilingual> = {
  lead: { zh: '牵头单位', en: 'Lead' },
  assist: { zh: '协办单位', en: 'Assisting' },
  whistle: { zh: '吹哨报到', en: 'Summoned' },
  linked: { zh: '关联单位', en: 'Linked' },
};

export const AGREEMENT_STATUS_LABELS: Record<string, Bilingual> = {
  draft: { zh: '待签署', en: 'Draft' },
  effective: { zh: '已生效', en: 'Effective' },
  altered: { zh: '签署后被改动（无效）', en: 'Altered after signing (void)' },
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

export const PARTY_KIND_LABELS: Record<string, Bilingual> = {
  person: { zh: '自然人', en: 'Person' },
  organisation: { zh: '法人或其他组织', en: 'Organisation' },
};

/** The API stores gender as 男 / 女. */
export const GENDER_LABELS: Record<string, Bilingual> = {
  男: { zh: '男', en: 'Male' },
  女: { zh: '女', en: 'Female' },
};

export const AGREEMENT_FORM_LABELS: Record<string, Bilingual> = {
  written: { zh: '书面协议', en: 'Written' },
  oral: { zh: '口头协议', en: 'Oral' },
};

export const PERFORMANCE_LABELS: Record<string, Bilingual> = {
  pending: { zh: '待履行', en: 'Pending' },
  kept: { zh: '已履行', en: 'Kept' },
  partly_kept: { zh: '部分履行', en: 'Partly kept' },
  broken: { zh: '未履行', en: 'Broken' },
};

export const REFERRAL_KIND_LABELS: Record<string, Bilingual> = {
  court: { zh: '诉调对接', en: 'Court referral' },
  police: { zh: '警调对接', en: 'Police referral' },
  petition: { zh: '访调对接', en: 'Petition referral' },
  litigation: { zh: '调解不成转诉讼', en: 'Sent to court' },
  judicial_confirmation: { zh: '申请司法确认', en: 'Judicial confirmation' },
};

// The org tree, the responsibility list, the calendar and the audit log (administration pages).
/** Owner levels of the responsibility list. */
export const OWNER_LEVEL_LABELS: Record<string, Bilingual> = {
  township: { zh: '乡镇（街道）', en: 'Township' },
  county: { zh: '区县', en: 'County' },
};

/** The standard unit a category's cases go to, by the unit's code suffix. */
export const OWNER_UNIT_LABELS: Record<string, Bilingual> = {
  centre: { zh: '综治中心', en: 'Centre' },
  'dept-public_security': { zh: '公安局', en: 'Public security bureau' },
  'dept-market_regulation': { zh: '市场监督管理局', en: 'Market regulation bureau' },
  'dept-housing': { zh: '住房和城乡建设局', en: 'Housing bureau' },
  'dept-human_resources': { zh: '人力资源和社会保障局', en: 'Human resources bureau' },
  'dept-health': { zh: '卫生健康局', en: 'Health bureau' },
  'dept-environment': { zh: '生态环境分局', en: 'Environment bureau' },
  'dept-urban_management': { zh: '综合行政执法局', en: 'Urban management bureau' },
  'dept-emergency': { zh: '应急管理局', en: 'Emergency management bureau' },
  'dept-petition': { zh: '信访局', en: 'Petition bureau' },
  'dept-justice': { zh: '司法局（司法所）', en: 'Justice bureau (office)' },
  court: { zh: '人民法院', en: 'Court' },
  police: { zh: '派出所', en: 'Police station' },
  'cmte-territorial': { zh: '人民调解委员会（属地）', en: 'Territorial mediation committee' },
  'cmte-medical': { zh: '医疗纠纷人民调解委员会', en: 'Medical disputes committee' },
  'cmte-traffic': { zh: '道路交通事故纠纷人民调解委员会', en: 'Road traffic committee' },
  'cmte-labour': { zh: '劳动争议人民调解委员会', en: 'Labour disputes committee' },
  'cmte-property': { zh: '物业纠纷人民调解委员会', en: 'Property disputes committee' },
  'cmte-consumer': { zh: '消费纠纷人民调解委员会', en: 'Consumer disputes committee' },
  'cmte-finance': { zh: '金融纠纷人民调解委员会', en: 'Finance disputes committee' },
  'cmte-insurance': { zh: '保险纠纷人民调解委员会', en: 'Insurance disputes committee' },
  'cmte-environment': { zh: '环境纠纷人民调解委员会', en: 'Environment disputes committee' },
  'cmte-ip': { zh: '知识产权纠纷人民调解委员会', en: 'Intellectual property committee' },
};

export const DAY_KIND_LABELS: Record<string, Bilingual> = {
  holiday: { zh: '节假日', en: 'Holiday' },
  workday: { zh: '调休上班', en: 'Working day' },
};

export const AUDIT_OUTCOME_LABELS: Record<string, Bilingual> = {
  success: { zh: '成功', en: 'Success' },
  denied: { zh: '拒绝', en: 'Denied' },
  failure: { zh: '失败', en: 'Failed' },
};

export const AUDIT_SUBJECT_LABELS: Record<string, Bilingual> = {
  user: { zh: '用户', en: 'User' },
  case: { zh: '事件', en: 'Case' },
  category: { zh: '事件类别', en: 'Category' },
  calendar_day: { zh: '日期', en: 'Day' },
  org_unit: { zh: '单位', en: 'Unit' },
  unit: { zh: '单位', en: 'Unit' },
  person: { zh: '人员信息', en: 'Person' },
  mediation_file: { zh: '调解卷宗', en: 'Mediation file' },
  mediation_party: { zh: '调解当事人', en: 'Mediation party' },
  referral: { zh: '转办', en: 'Referral' },
  hearing: { zh: '公开听证', en: 'Hearing' },
  outbox: { zh: '通知', en: 'Notification' },
  attachment: { zh: '附件', en: 'Attachment' },
  sms_template: { zh: '短信模板', en: 'SMS template' },
  sms_opt_out: { zh: '短信退订', en: 'SMS unsubscribe' },
};

export const AUDIT_ACTION_LABELS: Record<string, Bilingual> = {
  'auth.login': { zh: '登录', en: 'Signed in' },
  'auth.logout': { zh: '退出登录', en: 'Signed out' },
  'auth.change_password': { zh: '修改密码', en: 'Changed the password' },
  'auth.totp_setup': { zh: '设置动态口令', en: 'Set up a one-time code' },
  'auth.totp_confirm': { zh: '启用动态口令', en: 'Enabled the one-time code' },
  'user.create': { zh: '新建用户', en: 'Created an account' },
  'user.add_membership': { zh: '添加单位与角色', en: 'Added a membership' },
  'user.remove_membership': { zh: '移除单位与角色', en: 'Removed a membership' },
  'user.disable': { zh: '停用账号', en: 'Disabled an account' },
  'user.enable': { zh: '启用账号', en: 'Enabled an account' },
  'user.reset_password': { zh: '重置密码', en: 'Reset a password' },
  'calendar.set_day': { zh: '设置节假日或调休', en: 'Marked a day' },
  'calendar.clear_day': { zh: '恢复普通日期', en: 'Made a day ordinary' },
  'category.update': { zh: '修改事件类别', en: 'Changed a category' },
  'case.register': { zh: '受理登记', en: 'Registered a case' },
  'case.attach': { zh: '上传附件', en: 'Added an attachment' },
  'case.attachment.download': { zh: '下载附件', en: 'Downloaded an attachment' },
  'person.create': { zh: '登记人员信息', en: 'Recorded a person' },
  'person.reveal': { zh: '查看完整个人信息', en: 'Revealed personal data' },
  'mediation.register': { zh: '调解登记', en: 'Opened a mediation file' },
  'mediation.mediators': { zh: '指定调解员', en: 'Named the mediators' },
  'mediation.party_add': { zh: '添加当事人', en: 'Added a party' },
  'mediation.party_remove': { zh: '移除当事人', en: 'Removed a party' },
  'mediation.party_reveal': { zh: '查看当事人完整信息', en: 'Revealed a party’s data' },
  'mediation.session': { zh: '记录调解', en: 'Recorded a session' },
  'mediation.extension': { zh: '延长调解期限', en: 'Extended the time limit' },
  'mediation.agreement_save': { zh: '保存调解协议', en: 'Saved the agreement' },
  'mediation.signature': { zh: '协议签名盖章', en: 'Signed the agreement' },
  'mediation.agreement_effective': { zh: '协议生效', en: 'Made the agreement effective' },
  'mediation.agreement_document': { zh: '下载调解协议书', en: 'Downloaded the agreement' },
  'mediation.follow_up': { zh: '回访', en: 'Follow-up visit' },
  'referral.send': { zh: '转办', en: 'Referred' },
  'referral.receipt': { zh: '转办签收', en: 'Referral received' },
  'referral.result': { zh: '转办结果反馈', en: 'Referral result' },
  'notification.retry': { zh: '重发通知', en: 'Retried a notification' },
  'org.load_regions': { zh: '载入行政区划', en: 'Loaded the regions' },
  'org.load_demo_grids': { zh: '载入演示网格', en: 'Loaded the demo grids' },
  'demo.seed_cases': { zh: '生成演示事件', en: 'Generated demo cases' },
  'demo.seed_mediation': { zh: '生成演示调解卷宗', en: 'Generated demo mediation files' },
  // issue 15 sms
  'mediation.session_scheduled': { zh: '通知调解时间地点', en: 'Notified the parties of a session' },
  'sms.template_edit': { zh: '修改短信模板', en: 'Edited an SMS template' },
  'sms.subscriptions': { zh: '设置短信提醒', en: 'Chose SMS alerts' },
  'sms.opt_out': { zh: '短信退订', en: 'An SMS recipient unsubscribed' },
};

const UNKNOWN: Bilingual = { zh: '其他', en: 'Other' };

export function labelOf(labels: Record<string, Bilingual>, code: string | null | undefined): Bilingual {
  return (code !== null && code !== undefined ? labels[code] : undefined) ?? UNKNOWN;
}
