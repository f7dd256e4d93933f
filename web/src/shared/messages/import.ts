// The strings of the 12345 work-order import page (issue 15), Chinese first.
import type { Bilingual } from '../bilingual.ts';

export const IMPORT_MESSAGES = {
  'import.nav': { zh: '工单导入', en: 'Import work orders' },
  'import.title': { zh: '12345 工单导入', en: 'Import 12345 work orders' },
  'import.intro': {
    zh: '上传 12345 热线导出的工单电子表格（不超过 10 MB、5000 行）。先预览检查结果，确认后导入；同一工单编号只会导入一次。',
    en: 'Upload the 12345 hotline’s .xlsx export (at most 10 MB and 5,000 rows). Preview the check, then import; a work-order id is imported only once.',
  },
  'import.template': { zh: '下载模板', en: 'Download the template' },
  'import.pick': { zh: '点击或拖入工单电子表格', en: 'Click or drop an .xlsx file' },
  'import.pickHint': {
    zh: '必需列：工单编号、诉求分类、诉求内容；单位可填所属乡镇/街道、区县或经纬度',
    en: 'Required columns: work-order id, category and content; rows are placed by township, county or coordinates',
  },
  'import.notXlsx': { zh: '只能上传工单电子表格文件', en: 'Choose an .xlsx file' },
  'import.tooLarge': { zh: '文件不能超过 10 MB', en: 'The file may be at most 10 MB' },
  'import.checking': { zh: '正在检查 {name} …', en: 'Checking {name} …' },
  'import.running': {
    zh: '正在导入 {count} 行工单，请勿关闭页面…',
    en: 'Importing {count} work orders; keep this page open…',
  },
  'import.preview': { zh: '预览：{name}', en: 'Preview: {name}' },
  'import.result': { zh: '导入结果：{name}', en: 'Result: {name}' },
  'import.total': { zh: '共 {count} 行', en: '{count} rows' },
  'import.count.created': { zh: '已导入', en: 'Created' },
  'import.count.ready': { zh: '可导入', en: 'Ready' },
  'import.count.already': { zh: '此前已导入', en: 'Already imported' },
  'import.count.rejected': { zh: '未导入', en: 'Rejected' },
  'import.noServiceAccount': {
    zh: '系统 {system} 没有服务账号：导入的事件不会回传办理结果',
    en: 'No service account for system {system}: results will not be sent back',
  },
  'import.confirm': { zh: '确认导入 {count} 行', en: 'Import {count} rows' },
  'import.nothingToImport': { zh: '没有可导入的行', en: 'Nothing to import' },
  'import.another': { zh: '导入其他文件', en: 'Import another file' },
  'import.downloadRejected': { zh: '下载未导入的行', en: 'Download the rejected rows' },
  'import.onlyRejected': { zh: '只看未导入', en: 'Rejected only' },
  'import.col.row': { zh: '行号', en: 'Row' },
  'import.col.status': { zh: '结果', en: 'Result' },
  'import.col.externalId': { zh: '工单编号', en: 'Work-order id' },
  'import.col.case': { zh: '事件', en: 'Case' },
  'import.col.reasons': { zh: '原因', en: 'Reasons' },
  'import.done': {
    zh: '已导入 {created} 行，{rejected} 行未导入',
    en: '{created} rows imported, {rejected} rejected',
  },
} satisfies Record<string, Bilingual>;
