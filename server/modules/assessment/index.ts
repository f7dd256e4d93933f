// The assessment module owns rankings (排名) of units by the cases module's KPIs and the
// assessment schemes (考核方案) that turn those figures into scores, with their stored snapshots.
export {
  computeRankings,
  unitsAtLevel,
  RANKING_LEVELS,
  type RankingLevel,
  type RankingRow,
  type RankingTable,
  type RankingInput,
  type SampledSatisfaction,
} from './rankings.ts';
export { SCORED_RATES, SchemeRules, scoreOf, rankScores, type ScoredRate, type UnrankedReason } from './scheme.ts';
export { schemeInForce, listSchemes, type SchemeVersion } from './scheme.repository.ts';
export { assessmentRoutes } from './assessment.routes.ts';
export { keptRankings, rankingRefreshesSettled, type KeptRankings } from './ranking-snapshot.ts';
