// Strings of the period picker, the rankings page, the dashboard's period and the assessment
// admin: the 'period.', 'rankings.' and 'assessment.' keys.
import type { Bilingual } from '../bilingual.ts';

export const RANKINGS_MESSAGES = {
  'period.kind': { zh: '周期类型', en: 'Period type' },
  'period.month': { zh: '月度', en: 'Month' },
  'period.quarter': { zh: '季度', en: 'Quarter' },
  'period.year': { zh: '年度', en: 'Year' },
  'period.range': { zh: '自定义', en: 'From–to' },
  'period.pick': { zh: '选择周期', en: 'Choose the period' },
  'period.from': { zh: '开始日期', en: 'From' },
  'period.to': { zh: '结束日期', en: 'To' },
} satisfies Record<string, Bilingual>;
