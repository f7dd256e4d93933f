// Shared with the web console (the stage steps and forms): nothing here may import server code.
// 社会稳定风险评估 (稳评) stages, in the order the assessment is carried out before a major decision:
// 确定评估事项 (scope), 排查风险点 (risk points), 听取民意 (public opinion: survey, hearing), 专家论证
// (expert review), 评估结论 (graded conclusion), 作出决策 (decision), 跟踪监测 (follow-up monitoring).
// Each is recorded once, in order; monitoring repeats after the decision. Pure.

export const RISK_STAGES = [
  'scope',
  'risk_points',
  'public_opinion',
  'expert_review',
  'conclusion',
  'decision',
  'monitoring',
] as const;
export type RiskStage = (typeof RISK_STAGES)[number];

export const DECISION_KINDS = ['land', 'demolition', 'project', 'policy'] as const;
export const LEVELS = ['high', 'medium', 'low'] as const;
export const DECISIONS = ['proceed', 'adjust', 'postpone', 'stop'] as const;

export const STAGE_LABELS: Record<RiskStage, string> = {
  scope: '评估事项',
  risk_points: '风险点排查',
  public_opinion: '民意调查',
  expert_review: '专家论证',
  conclusion: '评估结论',
  decision: '决策',
  monitoring: '跟踪监测',
};
export const KIND_LABELS: Record<(typeof DECISION_KINDS)[number], string> = {
  land: '土地征收',
  demolition: '房屋拆迁',
  project: '重大项目',
  policy: '重大政策',
};
export const LEVEL_LABELS: Record<(typeof LEVELS)[number], string> = { high: '高', medium: '中', low: '低' };
export const DECISION_LABELS: Record<(typeof DECISIONS)[number], string> = {
  proceed: '准予实施',
  adjust: '调整后实施',
  postpone: '暂缓实施',
  stop: '不予实施',
};

/** The stage due after `stage` has been recorded: monitoring follows itself. */
export function nextStage(stage: RiskStage): RiskStage {
  const i = RISK_STAGES.indexOf(stage);
  return RISK_STAGES[Math.min(i + 1, RISK_STAGES.length - 1)]!;
}

/** Whether `given` may be recorded on a file whose due stage is `due`. */
export function mayRecord(due: RiskStage, given: RiskStage): boolean {
  return due === given;
}

/** The stages recorded before `due` (what the file shows as done). */
export function stagesDone(due: RiskStage): RiskStage[] {
  return RISK_STAGES.slice(0, RISK_STAGES.indexOf(due));
}
