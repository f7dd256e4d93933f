// The strings of exports and the monthly report (issue 16), Chinese first.
import type { Bilingual } from '../bilingual.ts';

export const EXPORTS_MESSAGES = {
  'export.xlsx': { zh: '导出电子表格', en: 'Export to Excel' },
  'export.running': { zh: '正在导出…', en: 'Exporting…' },
  'export.hint': {
    zh: '按当前筛选条件导出全部记录，导出操作会记入审计日志',
    en: 'Exports every row matching the current filters; exports are audited',
  },
  'export.done': { zh: '已导出 {name}', en: 'Saved {name}' },
  'report.monthly': { zh: '下载月报', en: 'Monthly report' },
  'report.running': { zh: '正在生成月报…', en: 'Preparing the report…' },
  'report.hint': {
    zh: '本辖区本月的 Word 工作报告：主要指标、下级单位排名、图表、超期与督办事件',
    en: 'This month’s Word report of your area: figures, ranking, charts, overdue and supervised cases',
  },
} satisfies Record<string, Bilingual>;
