// The evaluation module owns third-party evaluation (第三方评估, issue 16): samples of closed cases
// drawn by seed for a unit and period, the evaluator's calls to their reporters, and the comparison.
export { evaluationRoutes } from './evaluation.routes.ts';
export type { EvaluationTables } from './evaluation.table.ts';
export { sampledSatisfactionByUnit, type SampledSatisfaction } from './sampled-satisfaction.ts';
export { drawEvaluationSample, MAX_SAMPLE_SIZE } from './use-cases/draw-sample.ts';
export { recordEvaluationCall } from './use-cases/record-call.ts';
