// Strings of the dashboard's period and its links to the cases behind each figure (issue 16):
// the 'dashboard.' keys added with them.
import type { Bilingual } from '../bilingual.ts';

export const DASHBOARD_MESSAGES = {
  'dashboard.overdueInPeriod': { zh: '超期未办结（本期受理）', en: 'Overdue (registered in the period)' },
  'dashboard.kpi.responded': { zh: '已响应', en: 'Responded' },
  'dashboard.kpi.all': { zh: '受理', en: 'Registered' },
  'dashboard.kpi.resolved': { zh: '已办结', en: 'Resolved' },
  'dashboard.kpi.notCancelled': { zh: '有效事件', en: 'Not cancelled' },
  'dashboard.kpi.satisfied': { zh: '满意', en: 'Satisfied' },
  'dashboard.kpi.rated': { zh: '已评价', en: 'Rated' },
  'dashboard.kpi.handledOnTime': { zh: '按时办结', en: 'On time' },
  'dashboard.kpi.handlingDue': { zh: '应办结', en: 'Due' },
  'dashboard.drill': {
    zh: '点击任一数字或图形，查看其对应的事件清单。',
    en: 'Click any figure or bar to list the cases behind it.',
  },
} satisfies Record<string, Bilingual>;
