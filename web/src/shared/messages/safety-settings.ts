// The administrator's safety settings (平安建设设置): the index's weights, residents per region and
// screening schedules, Chinese first (issue 17 §3–4).
import type { Bilingual } from '../bilingual.ts';

export const SAFETY_SETTINGS_MESSAGES = {
  'safetySettings.tab': { zh: '平安建设', en: 'Safety settings' },
  'safetySettings.link': { zh: '权重与人口设置', en: 'Weights and residents' },
  'safetySettings.weights': { zh: '平安指数权重', en: 'Safety index weights' },
  'safetySettings.weightsHelp': {
    zh: '平安指数 = 各项指标的标准化得分 × 权重之和（满分 100）。某项数值达到“满分值”得该项全部权重，达到“零分值”不得分，两者之间按比例计分；越少越好的指标，满分值小于零分值。各项权重之和须为 100。',
    en: 'The index is the sum of each component’s normalised score times its weight (100 in all). A value at “full marks at” earns the whole weight, one at “zero at” earns nothing, and values between earn in proportion; for a component where less is better, full marks lie below zero. The weights must add up to 100.',
  },
  'safetySettings.component': { zh: '指标', en: 'Component' },
  'safetySettings.meaning': { zh: '含义', en: 'What it measures' },
  'safetySettings.weight': { zh: '权重', en: 'Weight' },
  'safetySettings.best': { zh: '满分值', en: 'Full marks at' },
  'safetySettings.worst': { zh: '零分值', en: 'Zero at' },
  'safetySettings.total': { zh: '权重合计：{total}', en: 'Weights in all: {total}' },
  'safetySettings.totalWrong': {
    zh: '权重合计须为 100，当前为 {total}',
    en: 'The weights must add up to 100; they add up to {total}',
  },
  'safetySettings.weightRange': { zh: '权重须在 0 到 100 之间', en: 'A weight lies between 0 and 100' },
  'safetySettings.sameBounds': { zh: '满分值与零分值不能相同', en: 'Full marks and zero cannot be the same value' },
  'safetySettings.required': { zh: '必填', en: 'Required' },
  'safetySettings.save': { zh: '保存权重', en: 'Save the weights' },
  'safetySettings.saved': { zh: '已保存', en: 'Saved' },
  'safetySettings.populations': { zh: '常住人口', en: 'Residents per region' },
  'safetySettings.populationsHelp': {
    zh: '“万人纠纷数”等指标按常住人口折算。登记某一区域的常住人口后以它为准；未登记的区域按其下已登记区域的人口合计。',
    en: 'Components “per 10,000 residents” divide by the residents. A region with a recorded figure uses it; one without adds up the recorded regions below it.',
  },
  'safetySettings.unit': { zh: '区域', en: 'Region' },
  'safetySettings.unitPlaceholder': {
    zh: '输入名称查找街道、村（社区）或网格',
    en: 'Type a name: township, village or grid',
  },
  'safetySettings.population': { zh: '常住人口（人）', en: 'Residents' },
  'safetySettings.populationRange': { zh: '请输入 0 到 1 亿之间的整数', en: 'A whole number from 0 to 100 million' },
  'safetySettings.source': { zh: '数据来源', en: 'Source' },
  'safetySettings.sourcePlaceholder': {
    zh: '如：第七次人口普查、街道统计',
    en: 'e.g. the 2020 census, township records',
  },
  'safetySettings.savePopulation': { zh: '登记人口', en: 'Record residents' },
  'safetySettings.populationSaved': {
    zh: '已登记 {unit} 常住人口 {population} 人',
    en: '{unit}: {population} residents recorded',
  },
  'safetySettings.schedules': { zh: '排查频次', en: 'Screening schedules' },
  'safetySettings.schedulesHelp': {
    zh: '设定某一区域下网格和村（社区）的矛盾纠纷排查频次，离它最近的已设定上级区域为准；都未设定时按每月计。',
    en: 'How often the grids and villages under a region screen for disputes; the nearest region above with a schedule decides, monthly when none has one.',
  },
  'safetySettings.frequency': { zh: '频次', en: 'Frequency' },
  'safetySettings.saveSchedule': { zh: '设定频次', en: 'Set the schedule' },
  'safetySettings.scheduleSaved': { zh: '已设定 {unit} 排查频次', en: 'Schedule set for {unit}' },
  'safetySettings.explain.disputes_per_10k': {
    zh: '本月每万名常住人口受理的矛盾纠纷件数，越少越好',
    en: 'Disputes registered this month per 10,000 residents; fewer is better',
  },
  'safetySettings.explain.resolution_rate': {
    zh: '本月纠纷中已化解（办结）的比例，越高越好',
    en: 'The share of this month’s disputes resolved; higher is better',
  },
  'safetySettings.explain.satisfaction_rate': {
    zh: '群众评价中满意和基本满意的比例，越高越好',
    en: 'The share of ratings satisfied or basically satisfied; higher is better',
  },
  'safetySettings.explain.overdue_share': {
    zh: '超过办理期限仍未办结的纠纷占比，越低越好',
    en: 'The share of disputes past their time limit and still open; lower is better',
  },
  'safetySettings.explain.warning_points_per_10k': {
    zh: '本月预警按红、橙、黄、蓝级别计分后每万人的分值，越低越好',
    en: 'This month’s warnings scored by level (red to blue) per 10,000 residents; lower is better',
  },
  'safetySettings.explain.repeat_share': {
    zh: '同一来电人或同一地点反复发生的纠纷占比，越低越好',
    en: 'The share of disputes repeating from one caller or one place; lower is better',
  },
  'safetySettings.explain.group_disputes_per_10k': {
    zh: '每万人群体性纠纷（涉及多人或标记为群体性事件）件数，越少越好',
    en: 'Group disputes (many people, or marked a group matter) per 10,000 residents; fewer is better',
  },
  'safetySettings.explain.screening_coverage': {
    zh: '应排查的网格和村（社区）中按期完成排查的比例，越高越好',
    en: 'The share of grids and villages that screened on schedule; higher is better',
  },
} satisfies Record<string, Bilingual>;
