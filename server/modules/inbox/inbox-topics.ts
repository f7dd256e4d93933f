// The outbox topics that become notices in a staff member's inbox, and how each is titled. A title
// says what happened and to which case (its number and category name), never who reported it or
// what they wrote: a notice is shown on shared screens and carries no personal data.
/** A text in both languages of the console (the web shows the one of its locale). */
export interface Bilingual {
  zh: string;
  en: string;
}

export interface TitleFacts {
  /** The case number; null when the case is no longer there. */
  number: string | null;
  categoryName: string | null;
}

type Template = (about: { zh: string; en: string }) => Bilingual;

const TEMPLATES = {
  // A new assignment: dispatch to a unit (lead or assisting), a referral registered straight to a unit.
  'case.assigned': (c) => ({ zh: `新派单：${c.zh}，请及时签收`, en: `New assignment: ${c.en}; please accept it` }),
  'case.dispatched': (c) => ({ zh: `新派单：${c.zh}，请及时签收`, en: `New assignment: ${c.en}; please accept it` }),
  'case.reopened': (c) => ({
    zh: `重办：${c.zh} 评价不满意，已重新交办`,
    en: `Reopened: ${c.en} was rated unsatisfied and is back with you`,
  }),
  'case.whistled': (c) => ({ zh: `吹哨报到：${c.zh}，请按时报到`, en: `Whistle summons: ${c.en}; report in on time` }),
  'case.yellow_card': (c) => ({ zh: `黄牌预警：${c.zh} 即将到期`, en: `Yellow card: ${c.en} is almost due` }),
  'case.red_card': (c) => ({ zh: `红牌警告：${c.zh} 已超期`, en: `Red card: ${c.en} is overdue` }),
  'case.supervised': (c) => ({ zh: `督办：${c.zh}`, en: `Supervision notice: ${c.en}` }),
  // issue 17 领导包案: the leader named to answer for a case.
  'case.leader_assigned': (c) => ({ zh: `领导包案：${c.zh} 由您包案`, en: `Case assigned to you as leader: ${c.en}` }),
  'case.returned': (c) => ({
    zh: `退回：${c.zh} 被承办单位退回，请重新分派`,
    en: `Returned: ${c.en} was sent back; dispatch it again`,
  }),
  'case.rated': (c) => ({ zh: `收到评价：${c.zh}`, en: `Rating received: ${c.en}` }),
  'referral.sent': (c) => ({ zh: `收到移交：${c.zh}`, en: `Hand-off received: ${c.en}` }),
  'referral.returned': (c) => ({ zh: `移交已反馈：${c.zh}`, en: `Hand-off answered: ${c.en}` }),
  // issue 17 warnings: a red warning reaches the leaders over its unit at once; an assigned one its assignee.
  'warning.red': (c) => ({ zh: `红色预警：${c.zh}，请立即关注`, en: `Red warning: ${c.en}; attend to it now` }),
  'warning.assigned': (c) => ({ zh: `预警指派：${c.zh}，请跟进处置`, en: `Warning assigned to you: ${c.en}` }),
  // issue 18 §7 心理服务转介: told to the team only, never naming the person or the reason.
  'psych.referred': () => ({
    zh: '收到心理服务转介，请及时联系',
    en: 'New psychological referral; please make contact',
  }),
  // issue 19 §2: a meeting the staff member is invited to — scheduled, moved, cancelled (no names).
  'meeting.scheduled': () => ({
    zh: '会议通知：您受邀参加一场会议，请按时参加',
    en: 'Meeting: you are invited to a meeting',
  }),
  'meeting.rescheduled': () => ({
    zh: '会议变更：您受邀参加的会议时间或地点已变更',
    en: 'Meeting changed: the time or place of a meeting you are invited to has changed',
  }),
  'meeting.cancelled': () => ({
    zh: '会议取消：您受邀参加的会议已取消',
    en: 'Meeting cancelled: a meeting you were invited to',
  }),
  'psych.overdue': () => ({
    zh: '紧急心理转介超过 24 小时未联系，请立即联系',
    en: 'An urgent psychological referral has gone 24 hours without contact; make contact now',
  }),
} satisfies Record<string, Template>;

export type InboxTopic = keyof typeof TEMPLATES;

export const INBOX_TOPICS = Object.keys(TEMPLATES) as InboxTopic[];

export function isInboxTopic(topic: string): topic is InboxTopic {
  return Object.hasOwn(TEMPLATES, topic);
}

/** The notice's sentence in both languages, from its topic and the case's number and category. */
export function inboxTitle(topic: string, facts: TitleFacts): Bilingual {
  const about =
    facts.number === null
      ? { zh: '事件', en: 'a case' }
      : {
          zh: `事件 ${facts.number}${facts.categoryName ? `（${facts.categoryName}）` : ''}`,
          en: `case ${facts.number}${facts.categoryName ? ` (${facts.categoryName})` : ''}`,
        };
  return isInboxTopic(topic) ? TEMPLATES[topic](about) : { zh: `通知：${about.zh}`, en: `Notice: ${about.en}` };
}
