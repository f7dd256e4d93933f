// 听证公告: the notice of a public hearing, drafted from what was scheduled. The server stores it
// when a hearing is scheduled without a notice of its own; the console offers the same draft to
// edit before scheduling. A document in Chinese, like the agreement it may lead to.
// Shared with the web console: nothing here may import server code.

export const PARTICIPANT_KINDS = ['department', 'lawyer', 'deputy', 'resident', 'expert', 'party', 'other'] as const;
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];

/** How the notice names each kind of participant. */
const KIND_IN_NOTICE: Record<ParticipantKind, string> = {
  department: '部门代表',
  lawyer: '律师',
  deputy: '人大代表、政协委员',
  resident: '群众代表',
  expert: '专家',
  party: '当事人',
  other: '其他人员',
};

export interface NoticeFacts {
  title: string;
  /** ISO instant. */
  scheduledAt: string;
  place: string;
  host: string;
  agenda: string;
  participants: readonly { name: string; kind: ParticipantKind }[];
  caseNumber: string;
  caseTitle: string;
  /** The convening unit, which signs the notice. */
  convener: string;
  /** ISO instant the notice is dated. */
  issuedAt: string;
}

const BEIJING_MS = 8 * 3_600_000;

function beijingParts(iso: string) {
  const d = new Date(Date.parse(iso) + BEIJING_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    time: `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`,
  };
}

/** 2026年11月28日 (Beijing time). */
export function chineseDate(iso: string): string {
  const p = beijingParts(iso);
  return `${p.year}年${p.month}月${p.day}日`;
}

/** 2026年11月28日 14:30 (Beijing time). */
export function chineseDateTime(iso: string): string {
  return `${chineseDate(iso)} ${beijingParts(iso).time}`;
}

export function draftHearingNotice(facts: NoticeFacts): string {
  const title = facts.title.trim();
  const heading = /听证/.test(title) ? title : `${title}公开听证会`;
  const people = facts.participants
    .filter((p) => p.name.trim())
    .map((p) => `${p.name.trim()}（${KIND_IN_NOTICE[p.kind]}）`)
    .join('、');
  return [
    `关于召开${heading}的公告`,
    '',
    `为公开、公正处理“${facts.caseTitle.trim()}”（事件编号：${facts.caseNumber}），充分听取各方意见，${facts.convener}决定召开公开听证会。现将有关事项公告如下：`,
    '',
    `一、听证时间：${chineseDateTime(facts.scheduledAt)}`,
    `二、听证地点：${facts.place.trim()}`,
    `三、听证主持人：${facts.host.trim() || '另行通知'}`,
    `四、听证事项：${facts.agenda.trim()}`,
    `五、参加人员：${people || '另行通知'}`,
    '六、听证会公开举行，欢迎群众旁听。旁听人员请于开始前到场登记，遵守听证纪律。',
    '',
    facts.convener,
    chineseDate(facts.issuedAt),
  ].join('\n');
}
