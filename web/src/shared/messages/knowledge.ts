// Strings of the knowledge base, the direct answer at intake and the caller's history: the
// 'knowledge.' keys.
import type { Bilingual } from '../bilingual.ts';

export const KNOWLEDGE_MESSAGES = {
  'knowledge.panel.title': { zh: '知识库', en: 'Knowledge base' },
  'knowledge.panel.open': { zh: '知识库', en: 'Knowledge base' },
  'knowledge.search.placeholder': { zh: '输入关键词，如：物业费、欠薪', en: 'Words, e.g. property fee, unpaid wages' },
  'knowledge.search.label': { zh: '检索知识库', en: 'Search the knowledge base' },
  'knowledge.search.none': { zh: '没有找到相关条目', en: 'No article found' },
  'knowledge.search.hint': {
    zh: '边接听边检索政策、办事指南和办公时间',
    en: 'Look up policies, procedures and office hours while on the call',
  },
  'knowledge.more': { zh: '更多结果', en: 'More results' },
  'knowledge.overdue': { zh: '待复核', en: 'Review due' },
  'knowledge.archived': { zh: '已归档', en: 'Archived' },
  'knowledge.active': { zh: '有效', en: 'Active' },
  'knowledge.updatedAt': { zh: '更新于 {at}', en: 'Updated {at}' },
  'knowledge.updatedBy': { zh: '更新人：{name}', en: 'Updated by {name}' },
  'knowledge.owner': { zh: '适用范围：{unit}', en: 'Applies in: {unit}' },

  'knowledge.direct.button': { zh: '直接答复', en: 'Answer directly' },
  'knowledge.direct.title': { zh: '直接答复并办结', en: 'Answer and resolve now' },
  'knowledge.direct.explain': {
    zh: '将按当前受理表单登记事件，并以下面的答复直接办结，引用条目《{title}》。来电人仍可评价，回访照常进行。',
    en: 'The case is recorded from the intake form and resolved at once with the answer below, citing “{title}”. The caller may still rate it; the return call follows as usual.',
  },
  'knowledge.direct.answer': { zh: '答复内容', en: 'Answer' },
  'knowledge.direct.answerRequired': { zh: '请填写答复内容', en: 'Write the answer' },
  'knowledge.direct.confirm': { zh: '确认办结', en: 'Resolve' },
  'knowledge.direct.formIncomplete': {
    zh: '请先填写受理表单（类别、描述、所属单位）',
    en: 'Fill in the intake form first (category, description, place)',
  },
  'knowledge.direct.done': { zh: '已直接答复并办结', en: 'Answered and resolved' },
  'knowledge.timeline.directAnswer': { zh: '直接答复', en: 'Answered directly' },

  'knowledge.history.button': { zh: '来电历史', en: 'Caller history' },
  'knowledge.history.title': { zh: '来电历史（{phone}）', en: 'Caller history ({phone})' },
  'knowledge.history.none': { zh: '该号码没有以往事件', en: 'No earlier case from this number' },
  'knowledge.history.unrated': { zh: '未评价', en: 'Not rated' },
  'knowledge.history.all': { zh: '在事件列表中查看', en: 'Open in the case list' },

  'knowledge.admin.tab': { zh: '知识库', en: 'Knowledge base' },
  'knowledge.admin.new': { zh: '新建条目', en: 'New article' },
  'knowledge.admin.edit': { zh: '编辑条目', en: 'Edit article' },
  'knowledge.admin.archive': { zh: '归档', en: 'Archive' },
  'knowledge.admin.archiveConfirm': {
    zh: '归档后受理员将检索不到该条目，确定归档？',
    en: 'Operators will no longer find the article. Archive it?',
  },
  'knowledge.admin.restore': { zh: '恢复', en: 'Restore' },
  'knowledge.admin.overdueOnly': { zh: '只看待复核', en: 'Review due only' },
  'knowledge.admin.showArchived': { zh: '查看已归档', en: 'Show archived' },
  'knowledge.admin.saved': { zh: '已保存', en: 'Saved' },
  'knowledge.admin.changed': {
    zh: '条目已被他人修改，已重新载入，请再次编辑',
    en: 'Someone changed the article; it was reloaded — edit it again',
  },
  'knowledge.field.title': { zh: '标题', en: 'Title' },
  'knowledge.field.body': { zh: '正文', en: 'Text' },
  'knowledge.field.category': { zh: '事件类别', en: 'Category' },
  'knowledge.field.tags': { zh: '标签', en: 'Tags' },
  'knowledge.field.reviewDue': { zh: '复核日期', en: 'Review by' },
  'knowledge.field.unit': { zh: '所属单位', en: 'Unit' },
  'knowledge.field.status': { zh: '状态', en: 'Status' },
  'knowledge.field.updatedAt': { zh: '更新时间', en: 'Updated' },
  'knowledge.field.required': { zh: '必填', en: 'Required' },
  'knowledge.field.unitDefault': { zh: '默认：本人所在辖区', en: 'Default: your own area' },
} as const satisfies Record<string, Bilingual>;
