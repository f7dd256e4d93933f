// Strings of SMS (issue 15): templates, the demo's outbox, a staff member's own SMS alerts. Chinese first.
import type { Bilingual } from '../bilingual.ts';

export const SMS_MESSAGES = {
  'sms.tab.templates': { zh: '短信模板', en: 'SMS templates' },
  'sms.tab.outbox': { zh: '短信发件箱', en: 'SMS outbox' },
  'sms.nav.settings': { zh: '个人设置', en: 'My settings' },

  'sms.templates.intro': {
    zh: '居民、当事人和工作人员收到的短信内容。花括号中的占位符在发送时替换，每个模板只能使用列出的占位符。',
    en: 'The texts residents, parties and staff receive. Placeholders in braces are filled in when sending; each template may use only the ones listed.',
  },
  'sms.templates.code': { zh: '模板', en: 'Template' },
  'sms.templates.text': { zh: '短信内容', en: 'Text' },
  'sms.templates.placeholders': { zh: '可用占位符', en: 'Placeholders' },
  'sms.templates.providerId': { zh: '服务商模板编号', en: 'Provider template id' },
  'sms.templates.providerIdHelp': {
    zh: '在短信服务商处报备的模板编号；未接入服务商时可不填。',
    en: 'The template id registered with the SMS provider; may stay empty without a provider.',
  },
  'sms.templates.updatedAt': { zh: '修改时间', en: 'Updated' },
  'sms.templates.edit': { zh: '修改', en: 'Edit' },
  'sms.templates.editTitle': { zh: '修改短信模板：{name}', en: 'Edit SMS template: {name}' },
  'sms.templates.saved': { zh: '模板已保存', en: 'Template saved' },
  'sms.templates.textRequired': { zh: '请填写短信内容', en: 'Enter the text' },
  'sms.templates.unknownPlaceholder': {
    zh: '不能使用占位符 {names}，可用：{allowed}',
    en: 'Unknown placeholder {names}; this template may use {allowed}',
  },
  'sms.templates.strayBrace': { zh: '花括号不成对', en: 'A brace opens no placeholder' },
  'sms.templates.readOnly': {
    zh: '短信模板全省通用，仅省级管理员可修改。',
    en: 'The SMS templates serve the whole province; only a province administrator edits them.',
  },

  'sms.template.case_received': { zh: '事件受理', en: 'Case received' },
  'sms.template.case_resolved': { zh: '事件办结（邀请评价）', en: 'Case resolved (rate it)' },
  'sms.template.hearing_scheduled': { zh: '听证通知', en: 'Hearing scheduled' },
  'sms.template.mediation_session_scheduled': { zh: '调解通知', en: 'Mediation session scheduled' },
  'sms.template.red_card': { zh: '红牌提醒（工作人员）', en: 'Red card (staff)' },
  'sms.template.yellow_card': { zh: '黄牌提醒（工作人员）', en: 'Yellow card (staff)' },
  'sms.template.login_code': { zh: '登录验证码', en: 'Sign-in code' },
  'sms.template.cadre_task': { zh: '网格力量任务通知', en: 'Task for a grid cadre' },
  'sms.template.cadre_whistle': { zh: '网格力量吹哨通知', en: 'Whistle call to a grid cadre' },
  'sms.template.meeting_scheduled': { zh: '会议通知（参会人员）', en: 'Meeting notice (participant)' },
  'sms.template.meeting_rescheduled': { zh: '会议变更通知（参会人员）', en: 'Meeting changed (participant)' },
  'sms.template.meeting_cancelled': { zh: '会议取消通知（参会人员）', en: 'Meeting cancelled (participant)' },
  'sms.template.notice_urgent': { zh: '紧急通知（居民）', en: 'Urgent notice (residents)' },

  'sms.outbox.intro': {
    zh: '演示模式下短信不会真正发出，发送内容保存在这里。',
    en: 'In demo mode no SMS leaves the server; what would have been sent is kept here.',
  },
  'sms.outbox.demoOnly': {
    zh: '短信发件箱仅在演示模式下提供。',
    en: 'The SMS outbox exists in demo mode only.',
  },
  'sms.outbox.phone': { zh: '手机号', en: 'Phone' },
  'sms.outbox.template': { zh: '模板', en: 'Template' },
  'sms.outbox.text': { zh: '内容', en: 'Text' },
  'sms.outbox.status': { zh: '状态', en: 'Status' },
  'sms.outbox.createdAt': { zh: '时间', en: 'Time' },
  'sms.outbox.sent': { zh: '已发送', en: 'Sent' },
  'sms.outbox.skipped': { zh: '已退订，未发送', en: 'Unsubscribed, not sent' },
  'sms.outbox.refresh': { zh: '刷新', en: 'Refresh' },
  'sms.outbox.reply': { zh: '模拟回复', en: 'Simulate a reply' },
  'sms.outbox.replyTitle': { zh: '模拟居民回复 {phone}', en: 'Simulate a reply from {phone}' },
  'sms.outbox.replyContent': { zh: '回复内容', en: 'Reply' },
  'sms.outbox.replyHelp': {
    zh: '回复 TD 或“退订”后，该号码不再收到短信（登录验证码除外）。',
    en: 'After TD (or its Chinese equivalent) the phone receives no more SMS, except sign-in codes.',
  },
  'sms.outbox.optedOut': { zh: '该号码已退订', en: 'The phone has unsubscribed' },
  'sms.outbox.replied': { zh: '已收到回复（不是退订）', en: 'Reply received (not an unsubscribe)' },
  'sms.outbox.empty': { zh: '还没有短信', en: 'No SMS yet' },

  'sms.settings.title': { zh: '个人设置', en: 'My settings' },
  'sms.alerts.title': { zh: '短信提醒', en: 'SMS alerts' },
  'sms.alerts.intro': {
    zh: '事件即将或已经超过办理时限时，向本人手机发送短信提醒（本单位的事件）。',
    en: 'An SMS to your own phone when a case of your unit nears or passes its deadline.',
  },
  'sms.alerts.phone': { zh: '接收手机号', en: 'Mobile number' },
  'sms.alerts.phoneKeep': {
    zh: '当前：{phone}，如需更换请重新填写',
    en: 'Now {phone}; enter a new number to change it',
  },
  'sms.alerts.phoneInvalid': { zh: '请填写 11 位手机号码', en: 'Enter an 11-digit mobile number' },
  'sms.alerts.topic.case.red_card': { zh: '红牌：已超过办理时限', en: 'Red card: a deadline has passed' },
  'sms.alerts.topic.case.yellow_card': { zh: '黄牌：一个工作日内到期', en: 'Yellow card: due within a working day' },
  'sms.alerts.save': { zh: '保存', en: 'Save' },
  'sms.alerts.saved': { zh: '短信提醒已保存', en: 'SMS alerts saved' },

  'sms.sessionNotice.open': { zh: '通知下次调解', en: 'Notify the next session' },
  'sms.sessionNotice.title': {
    zh: '通知当事人调解时间地点',
    en: 'Tell the parties when and where the next session is',
  },
  'sms.sessionNotice.when': { zh: '调解时间', en: 'Session time' },
  'sms.sessionNotice.help': {
    zh: '登记了手机号的当事人将收到短信通知。',
    en: 'Parties who gave a mobile number receive an SMS.',
  },
  'sms.sessionNotice.sent': { zh: '已通知当事人', en: 'The parties have been notified' },
} as const satisfies Record<string, Bilingual>;
