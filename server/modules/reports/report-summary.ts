// The report's text summary, written from its figures: what was received, how the rates moved
// against the period before, what is overdue and supervised, where cases gathered, who led the
// ranking. Pure: sentences from numbers, no rule of its own (the numbers come from the KPIs).

export interface SummaryRates {
  response: number | null;
  resolution: number | null;
  satisfaction: number | null;
  onTime: number | null;
}

export interface SummaryFacts {
  unitName: string;
  periodName: string;
  previousName: string;
  received: number;
  previousReceived: number;
  rates: SummaryRates;
  previousRates: SummaryRates;
  overdue: number;
  supervised: number;
  topCategory?: { name: string; count: number } | undefined;
  hotSpot?: { name: string; count: number } | undefined;
  leader?: { unitName: string; score: number } | undefined;
  climber?: { unitName: string; places: number } | undefined;
}

const RATE_NAMES: [keyof SummaryRates, string][] = [
  ['response', '响应率'],
  ['resolution', '解决率'],
  ['satisfaction', '满意率'],
  ['onTime', '按时办结率'],
];

/** 0.8765 → "87.7%". */
export const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

function countChange(now: number, before: number, previousName: string): string {
  if (before === 0) return now === 0 ? `与${previousName}持平` : `${previousName}无受理`;
  if (now === before) return `与${previousName}持平`;
  const diff = now - before;
  const pct = ((Math.abs(diff) / before) * 100).toFixed(1);
  return `较${previousName}${diff > 0 ? '增加' : '减少'} ${Math.abs(diff)} 件（${diff > 0 ? '上升' : '下降'} ${pct}%）`;
}

function rateChange(now: number | null, before: number | null): string {
  if (now === null) return '无可计算样本';
  if (before === null) return percent(now);
  const points = Math.round((now - before) * 1000) / 10;
  if (points === 0) return `${percent(now)}，与上期持平`;
  return `${percent(now)}，${points > 0 ? '上升' : '下降'} ${Math.abs(points).toFixed(1)} 个百分点`;
}

/** The summary's paragraphs, in Chinese. */
export function summarise(f: SummaryFacts): string[] {
  const paragraphs = [
    `${f.periodName}，${f.unitName}共受理事件 ${f.received} 件，${countChange(f.received, f.previousReceived, f.previousName)}。`,
    `${RATE_NAMES.map(([key, name]) => `${name}${rateChange(f.rates[key], f.previousRates[key])}`).join('；')}。`,
    f.overdue === 0 && f.supervised === 0
      ? '本期受理的事件中目前没有超期未办结和被督办的事件。'
      : `本期受理的事件中，目前超期未办结 ${f.overdue} 件，被督办 ${f.supervised} 件${f.overdue > 0 ? '，请相关单位抓紧办理' : ''}。`,
  ];
  const where: string[] = [];
  if (f.topCategory && f.received > 0) {
    where.push(
      `受理量最多的类别是“${f.topCategory.name}”，共 ${f.topCategory.count} 件，占 ${percent(f.topCategory.count / f.received)}`,
    );
  }
  if (f.hotSpot) where.push(`事件最集中的网格是“${f.hotSpot.name}”（${f.hotSpot.count} 件）`);
  if (where.length > 0) paragraphs.push(`${where.join('；')}。`);
  const ranking: string[] = [];
  if (f.leader) ranking.push(`下级单位中综合得分最高的是${f.leader.unitName}（${f.leader.score.toFixed(2)} 分）`);
  if (f.climber) ranking.push(`${f.climber.unitName}排名较上期上升 ${f.climber.places} 位，进步最大`);
  if (ranking.length > 0) paragraphs.push(`${ranking.join('；')}。`);
  return paragraphs;
}
