// The strings of the operator's desk tools (issue 14): the header search, the caller's phone, the
// return-call queue, the dispatch dialog's unit load, the audit log in words and the lockout notes.
import type { ReturnCallOutcome } from '../../../../common/return-calls.ts';
import type { Bilingual } from '../bilingual.ts';

export const DESK_MESSAGES = {
  'desk.search.placeholder': { zh: '事件编号、来电号码或关键词', en: 'Case number, caller’s phone or words' },
  'desk.search.label': { zh: '搜索事件', en: 'Search cases' },
  'desk.search.mobileNotAllowed': {
    zh: '按来电号码查找仅限受理员、调度员和调解员；请按姓名、地址或事件编号查找',
    en: 'Only operators, dispatchers and mediators look callers up by phone; search by name, address or case number',
  },

  'desk.purpose.title': { zh: '说明查询事由', en: 'State the purpose' },
  'desk.purpose.submit': { zh: '查看来电人的事件', en: 'Show the caller’s cases' },
  'desk.purpose.explain': {
    zh: '按完整号码 {phone} 查找来电人的事件将记入审计日志，请说明事由。',
    en: 'Looking up the cases of {phone} by the full number is recorded in the audit log; state why.',
  },
  'desk.purpose.label': { zh: '事由', en: 'Purpose' },
  'desk.purpose.required': { zh: '请填写事由（至少 2 个字）', en: 'State the purpose (at least 2 characters)' },
  'desk.purpose.caller': { zh: '来电查询办理进度', en: 'The caller asks about progress' },
  'desk.purpose.progress': { zh: '核实来电人反映的事件', en: 'Check what the caller reported' },
  'desk.purpose.returnCall': { zh: '回访', en: 'Return call' },

  'desk.list.purposeNeeded': {
    zh: '按来电号码 {phone} 查找前，请先说明事由。',
    en: 'State the purpose before looking up {phone}.',
  },
  'desk.list.byPhone': {
    zh: '来电号码 {phone} 反映的事件（事由：{purpose}）',
    en: 'Cases reported from {phone} (purpose: {purpose})',
  },

  'desk.audit.unnamed': { zh: '（已不存在）', en: '(no longer exists)' },
  'desk.audit.noDetails': { zh: '无更多记录', en: 'Nothing more recorded' },
  'desk.audit.minutes': { zh: '{n} 分钟', en: '{n} min' },
  'desk.audit.party': { zh: '当事人', en: 'A party' },
  'desk.audit.caseOf': { zh: '{kind} · 事件 {number}', en: '{kind} · case {number}' },

  'desk.nav.returnCalls': { zh: '回访', en: 'Return calls' },

  'desk.reveal.button': { zh: '显示来电号码', en: 'Show the caller’s number' },
  'desk.reveal.title': { zh: '显示来电号码', en: 'Show the caller’s number' },
  'desk.reveal.submit': { zh: '显示号码', en: 'Show' },
  'desk.reveal.explain': {
    zh: '查看完整号码将记入审计日志，请说明事由。号码显示一分钟后自动隐藏。',
    en: 'Showing the full number is recorded in the audit log; state why. It hides again after a minute.',
  },
  'desk.reveal.reason': { zh: '事由', en: 'Reason' },
  'desk.reveal.reasonReturnCall': { zh: '电话回访', en: 'Return call' },
  'desk.reveal.reasonCheck': { zh: '核实反映情况', en: 'Check the report' },
  'desk.reveal.reasonMore': { zh: '联系反映人补充情况', en: 'Ask the caller for more' },
  'desk.reveal.hide': { zh: '隐藏', en: 'Hide' },
  'desk.reveal.none': { zh: '反映人未留电话', en: 'No number was left' },

  'desk.calls.title': { zh: '回访', en: 'Return calls' },
  'desk.calls.explain': {
    zh: '已办理、尚待评价的事件，等待最久的在前。致电反映人，记录回访结果；接通后可代为评价。',
    en: 'Resolved cases still waiting for a rating, the longest waiting first. Call the reporter and record how it went; once reached, rate on their behalf.',
  },
  'desk.calls.empty': { zh: '暂无待回访的事件', en: 'No case is waiting for a return call' },
  'desk.calls.resolvedAt': { zh: '办结于 {at}', en: 'Resolved {at}' },
  'desk.calls.result': { zh: '办理结果：{result}', en: 'Result: {result}' },
  'desk.calls.caller': { zh: '反映人：{name} · {phone}', en: 'Reporter: {name} · {phone}' },
  'desk.calls.noName': { zh: '未留姓名', en: 'no name given' },
  'desk.calls.record': { zh: '记录回访', en: 'Record the call' },
  'desk.calls.recordTitle': { zh: '记录回访 · {number}', en: 'Record the call · {number}' },
  'desk.calls.rate': { zh: '代为评价', en: 'Rate for the caller' },
  'desk.calls.rateNotAllowed': {
    zh: '此事件当前不能由您代为评价',
    en: 'You cannot rate this case for the caller now',
  },
  'desk.calls.outcome': { zh: '回访结果', en: 'How the call went' },
  'desk.calls.outcomeRequired': { zh: '请选择回访结果', en: 'Choose how the call went' },
  'desk.calls.note': { zh: '备注（可选）', en: 'Note (optional)' },
  'desk.calls.save': { zh: '保存', en: 'Save' },
  'desk.calls.saved': { zh: '已记录回访', en: 'The call is recorded' },

  'desk.dispatch.load': { zh: '在办 {open} 件 · 超期 {overdue} 件', en: '{open} open · {overdue} overdue' },
  'desk.dispatch.loadingUnit': { zh: '正在载入单位…', en: 'Loading the unit…' },

  'desk.sep.list': { zh: '、', en: ', ' },
  'desk.sep.items': { zh: '；', en: '; ' },
  'desk.sep.label': { zh: '：', en: ': ' },
  'desk.withNote': { zh: '{text}（{note}）', en: '{text} ({note})' },
  'desk.lockout.retryIn': { zh: '{reason}，请在 {minutes} 分钟后重试', en: '{reason}. Try again in {minutes} min' },
} as const satisfies Record<string, Bilingual>;

/** 回访 outcomes (common/return-calls.ts). */
export const RETURN_CALL_OUTCOME_LABELS: Record<ReturnCallOutcome, Bilingual> = {
  reached: { zh: '已接通', en: 'Reached' },
  no_answer: { zh: '无人接听', en: 'No answer' },
  wrong_number: { zh: '号码错误', en: 'Wrong number' },
  declined: { zh: '拒绝回访', en: 'Declined' },
};

/** Why a 429 refused, by its code (the wait is added from the answer). */
export const LOCKOUT_REASONS: Record<string, Bilingual> = {
  ACCOUNT_LOCKED: { zh: '登录失败次数过多', en: 'Too many failed attempts' },
  RATE_LIMITED: { zh: '请求过于频繁', en: 'Too many requests' },
  LOOKUP_BUDGET_EXCEEDED: { zh: '精确查找次数已达上限', en: 'Too many exact look-ups' },
  REVEAL_BUDGET_EXCEEDED: { zh: '查看来电号码次数已达上限', en: 'Too many callers’ numbers shown' },
  CASE_INTAKE_LIMITED: { zh: '提交事件过于频繁', en: 'Too many reports' },
  SMS_CODE_RATE_LIMITED: { zh: '获取验证码过于频繁', en: 'Codes asked for too often' },
  other: { zh: '操作过于频繁', en: 'Too many attempts' },
};

/** The audit log's actions that the console's own table (labels.ts) does not name yet. */
export const DESK_AUDIT_ACTION_LABELS: Record<string, Bilingual> = {
  'case.attachment.read': { zh: '查看附件', en: 'Opened an attachment' },
  'case.yellow_card': { zh: '黄牌预警', en: 'Yellow card' },
  'case.red_card': { zh: '红牌警告', en: 'Red card' },
  'security.alert': { zh: '安全告警', en: 'Security alert' },
  'person.lookup': { zh: '按号码精确查找人员', en: 'Looked a person up by number' },
  'case.lookup_phone': { zh: '按来电号码查找事件', en: 'Looked cases up by the caller’s number' },
  'case.reporter_reveal': { zh: '查看来电号码', en: 'Showed the caller’s number' },
  'case.return_call': { zh: '记录回访', en: 'Recorded a return call' },
  'hearing.scheduled': { zh: '安排公开听证', en: 'Scheduled a hearing' },
  'hearing.held': { zh: '记录听证', en: 'Recorded a hearing' },
  'hearing.cancelled': { zh: '取消听证', en: 'Cancelled a hearing' },
};

/** What each key of an audit record's details means, as a label beside its value. */
export const AUDIT_DETAIL_LABELS: Record<string, Bilingual> = {
  from: { zh: '原状态', en: 'From' },
  to: { zh: '新状态', en: 'To' },
  number: { zh: '事件编号', en: 'Case number' },
  channel: { zh: '受理渠道', en: 'Channel' },
  categoryCode: { zh: '事件类别', en: 'Category' },
  mediaType: { zh: '文件类型', en: 'File type' },
  size: { zh: '文件大小', en: 'Size' },
  changed: { zh: '修改的项目', en: 'Changed' },
  reason: { zh: '原因', en: 'Reason' },
  failures: { zh: '连续失败次数', en: 'Failures in a row' },
  retryAfterSeconds: { zh: '暂停时长', en: 'Paused for' },
  usernameLength: { zh: '所填用户名长度', en: 'Length of the username typed' },
  username: { zh: '用户名', en: 'Username' },
  memberships: { zh: '单位与角色', en: 'Units and roles' },
  unitId: { zh: '单位', en: 'Unit' },
  role: { zh: '角色', en: 'Role' },
  restriction: { zh: '登录后须先', en: 'Must first' },
  code: { zh: '拒绝原因', en: 'Refusal' },
  route: { zh: '请求', en: 'Request' },
  refusals: { zh: '拒绝次数', en: 'Refusals' },
  threshold: { zh: '告警阈值', en: 'Alert threshold' },
  windowMinutes: { zh: '统计时段（分钟）', en: 'Window (minutes)' },
  last: { zh: '最近一次', en: 'Last one' },
  source: { zh: '数据来源', en: 'Source' },
  regions: { zh: '行政区划数', en: 'Regions' },
  units: { zh: '单位数', en: 'Units' },
  grids: { zh: '网格数', en: 'Grids' },
  committeeId: { zh: '调解委员会', en: 'Committee' },
  kind: { zh: '类型', en: 'Kind' },
  caseId: { zh: '事件', en: 'Case' },
  caseIds: { zh: '找到的事件', en: 'Cases found' },
  toUnitId: { zh: '接收单位', en: 'To' },
  externalRef: { zh: '外部编号', en: 'External reference' },
  outcome: { zh: '结果', en: 'Outcome' },
  fileId: { zh: '调解卷宗', en: 'Mediation file' },
  fields: { zh: '查看的项目', en: 'Fields' },
  format: { zh: '格式', en: 'Format' },
  personalData: { zh: '含个人信息', en: 'Personal data' },
  performance: { zh: '履行情况', en: 'Performance' },
  signer: { zh: '签署方', en: 'Signer' },
  method: { zh: '方式', en: 'Method' },
  form: { zh: '协议形式', en: 'Form' },
  confirmationDeadline: { zh: '司法确认期限', en: 'Confirmation deadline' },
  purpose: { zh: '事由', en: 'Purpose' },
  found: { zh: '找到', en: 'Found' },
  hasPhone: { zh: '含电话', en: 'Has a phone' },
  hasIdNumber: { zh: '含身份证号', en: 'Has an ID number' },
  hadPhone: { zh: '留有电话', en: 'A number was left' },
  name: { zh: '名称', en: 'Name' },
  note: { zh: '说明', en: 'Note' },
  stage: { zh: '环节', en: 'Stage' },
  deadline: { zh: '期限', en: 'Deadline' },
  other: { zh: '其他记录', en: 'Other' },
};

/** Coded values inside audit details, by the key they stand under. */
export const AUDIT_DETAIL_VALUES: Record<string, Record<string, Bilingual>> = {
  reason: {
    password: { zh: '密码错误', en: 'Wrong password' },
    current_password: { zh: '当前密码错误', en: 'Wrong current password' },
    unknown_user: { zh: '用户名不存在', en: 'No such username' },
    disabled: { zh: '账号已停用', en: 'Account disabled' },
    otp: { zh: '动态口令错误', en: 'Wrong one-time code' },
    otp_reused: { zh: '动态口令已用过', en: 'One-time code already used' },
    throttled: { zh: '尝试过多，已暂停', en: 'Too many attempts, paused' },
  },
  restriction: {
    password_change: { zh: '修改密码', en: 'Change the password' },
    totp_enrollment: { zh: '设置动态口令', en: 'Set up a one-time code' },
  },
  fields: {
    phone: { zh: '电话', en: 'Phone' },
    idNumber: { zh: '身份证号', en: 'ID number' },
    address: { zh: '住址', en: 'Address' },
  },
  changed: {
    name: { zh: '名称', en: 'Name' },
    owner_level: { zh: '承办层级', en: 'Owner level' },
    owner_unit: { zh: '承办单位', en: 'Owner unit' },
    accept_days: { zh: '签收时限', en: 'Days to accept' },
    handle_days: { zh: '办理时限', en: 'Days to handle' },
    risk_weight: { zh: '风险权重', en: 'Risk weight' },
    active: { zh: '是否启用', en: 'In use' },
  },
  signer: {
    mediator: { zh: '调解员', en: 'Mediator' },
    committee: { zh: '调解委员会（盖章）', en: 'Committee (seal)' },
  },
  format: {
    docx: { zh: 'Word 文档', en: 'Word document' },
    html: { zh: '打印页面', en: 'Print page' },
  },
};
