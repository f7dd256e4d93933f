// The safety index (平安指数) and the screening ledgers (排查台账), issue 17 §3–4: what the server
// and the console share — the component keys and their names, the grades' colours, the risk
// grades of a finding and the screening frequencies. Nothing here may import server code.

export const SAFETY_COMPONENT_KEYS = [
  'disputes_per_10k',
  'resolution_rate',
  'satisfaction_rate',
  'overdue_share',
  'warning_points_per_10k',
  'repeat_share',
  'group_disputes_per_10k',
  'screening_coverage',
] as const;
export type SafetyComponentKey = (typeof SAFETY_COMPONENT_KEYS)[number];

export const SAFETY_COMPONENT_NAMES: Record<SafetyComponentKey, { zh: string; en: string }> = {
  disputes_per_10k: { zh: '万人纠纷数', en: 'Disputes per 10,000 residents' },
  resolution_rate: { zh: '纠纷化解率', en: 'Share of disputes resolved' },
  satisfaction_rate: { zh: '群众满意率', en: 'Satisfaction' },
  overdue_share: { zh: '超期未办结占比', en: 'Share overdue' },
  warning_points_per_10k: { zh: '万人预警分值', en: 'Warning points per 10,000 residents' },
  repeat_share: { zh: '重复纠纷占比', en: 'Share of repeat disputes' },
  group_disputes_per_10k: { zh: '万人群体性纠纷数', en: 'Group disputes per 10,000 residents' },
  screening_coverage: { zh: '排查完成率', en: 'Screenings done' },
};

/** Grade codes as the safety_grade table seeds them; the map colours each. */
export const SAFETY_GRADE_COLOURS: Record<string, string> = {
  excellent: '#389e0d',
  good: '#95de64',
  fair: '#fadb14',
  poor: '#f5222d',
};

export const RISK_GRADES = ['red', 'orange', 'yellow', 'blue'] as const;
export type RiskGrade = (typeof RISK_GRADES)[number];

export const RISK_GRADE_NAMES: Record<RiskGrade, { zh: string; en: string }> = {
  red: { zh: '红色（重大）', en: 'Red (major)' },
  orange: { zh: '橙色（较大）', en: 'Orange (serious)' },
  yellow: { zh: '黄色（一般）', en: 'Yellow (moderate)' },
  blue: { zh: '蓝色（轻微）', en: 'Blue (minor)' },
};

export const SCREENING_FREQUENCIES = ['weekly', 'monthly'] as const;
export type ScreeningFrequency = (typeof SCREENING_FREQUENCIES)[number];
