// The stability module owns 社会稳定风险评估 (稳评) before a major decision: the assessment file, its
// stages in order with their attachments, and the report. Top tier: it reads hearings from mediation.
export { stabilityRoutes } from './stability.routes.ts';
export type { StabilityTables } from './stability.table.ts';
export { RISK_STAGES, type RiskStage } from '../../../common/risk-stages.ts';
