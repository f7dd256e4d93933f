// The cases module owns the closed loop: categories and the responsibility list, intake from
// every channel, the workflow with its time limits, the timeline and Chinese search.
export { caseRoutes } from './cases.routes.ts';
export { statsRoutes } from './stats.routes.ts';
export { trackRoutes } from './track.routes.ts';
export { seedCategories, listCategories, type CategoryRow } from './category.repository.ts';
export {
  registerCase,
  registerPublicReport,
  type RegisterCaseInput,
  type RegisterOptions,
  type RegisteredCase,
} from './use-cases/register-case.ts';
export { newTrackingCode, normaliseTrackingCode } from './tracking-code.ts';
export { type ExternalRef } from './external-ref.ts';
export { reporterContact, type ReporterContact } from './reporter-contact.ts';
export { performAction } from './use-cases/perform-action.ts';
export type { CasesTables, CaseAssignmentTable, CaseEventTable, CaseRecordTable } from './cases.table.ts';
export { searchText } from './search-text.ts';
export { importWorkOrders, type ImportReport } from './use-cases/import-work-orders.ts';
export { readWorkOrderSheet, importReportWorkbook } from './import-sheet.ts';
export { serviceAccountFor } from './import-service-account.ts';
export { DEFAULT_SYSTEM } from './import-columns.ts';
export { indexCaseText, indexCaseTexts } from './cases.repository.ts';
export { sweepDeadlines, type SweepResult } from './use-cases/sweep-deadlines.ts';
export { foldRollupDeltas, type FoldResult } from './stats-fold.ts';
export { notificationRoutes } from './notifications.routes.ts';
export { categoryRoutes } from './category.routes.ts';
export { registerReferredCase, type ReferralIntake } from './use-cases/register-case.ts';
export {
  onCaseAction,
  onCaseRegistered,
  type CaseActionEvent,
  type CaseActionHook,
  type CaseRegisteredEvent,
} from './case-hooks.ts';
export { loadVisibleCase, loadCase, presentCaseSummary, type LoadedCase } from './case-view.ts';
export { canReadCase, caseScope, relationTo } from './cases.policy.ts';
export { recordCaseEvent, nextNumber, findCaseById, type CaseRow } from './cases.repository.ts';
export {
  findCaseBriefs,
  caseLabels,
  caseMatches,
  linkUnit,
  lockCase,
  countCasesOfUnit,
  type CaseBrief,
} from './cross-module.repository.ts';
export { suggestLeadUnit } from './routing.ts';
export {
  dashboardFigures,
  overdueCases,
  supervisedCases,
  hotSpotGrids,
  type DashboardFigures,
} from './stats-dashboard.ts';
export { CreateCaseBody } from './cases.schemas.ts';
export {
  listFeedCases,
  listFeedEvents,
  type FeedCase,
  type FeedEvent,
  type FeedFilter,
} from './case-feed.repository.ts';
// The KPI rules (kpi.ts, kpi-sql.ts) for the modules that count cases by them (assessment).
export { KPIS, RATES, acceptedOnTime, type KpiName, type KpiEvent, type RateName } from './kpi.ts';
export { countWhere, ruleSql } from './kpi-sql.ts';
export { rate } from './stats-period.ts';
export {
  countKpisByUnit,
  emptyUnitCounts,
  RANKED_KPIS,
  type RankedKpi,
  type UnitBuckets,
  type UnitCounts,
  type UnitCountQuery,
} from './stats-by-unit.repository.ts';
// issue 16 — the public results page (transparency) reads the dashboard's figures here.
export { caseFigures, countCases, type CaseFigures } from './stats-figures.ts';
export { findChildRegions, type StatsFilter, type UnitBucket } from './stats.repository.ts';
export { COUNTED_KPIS, type KpiCounts } from './kpi.ts';
export { findResolvedCaseCandidates, type ResolvedCaseCandidate } from './public-cases.repository.ts';
// issue 17 safety: the safety index counts a region's disputes by the KPI rules defined here.
// (KPIS, RATES and rate are exported above.)
export { countKpis } from './stats.repository.ts';
export {
  casesAround,
  caseIdsAtPlace,
  categoryCountsByPlace,
  caseIdsInPlace,
  type RecentCase,
  type PlaceCategoryCount,
} from './recent-cases.repository.ts';
export { listTrainingCases, type TrainingCase } from './training-texts.repository.ts';
// issue 16 — evaluation and assessment read the KPI rules from here.
export { SATISFIED_RATINGS } from './kpi.ts';
export {
  closedCaseIdsForSampling,
  sampledCases,
  type SampledCase,
  type SamplingScope,
} from './evaluation-frame.repository.ts';
export { revealReporter, REVEAL_BUDGET, REVEAL_WINDOW_MS } from './use-cases/reveal-reporter.ts';
export { satisfactionCounts } from './stats-figures.ts';
export { leaderCasesByUnit, leadersOver, type LeaderCaseCounts, type LeaderCandidate } from './leaders.ts';
export { leaderRoutes } from './leaders.routes.ts';
// issue 18 §1: a patrol visit's photos go with the case its finding becomes.
export { attachFile, type IncomingFile, type AttachmentDetails } from './use-cases/attach-file.ts';
