// The strings of the operator's desk tools (issue 14): the header search, the caller's phone, the
// return-call queue, the dispatch dialog's unit load, the audit log in words and the lockout notes.
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
} as const satisfies Record<string, Bilingual>;
