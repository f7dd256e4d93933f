import type { Generated } from 'kysely';

export interface AssessmentSchemeTable {
  id: Generated<number>;
  /** 1, 2, 3 …: a new version is a new row; a version is never edited. */
  version: number;
  name: string;
  /** Beijing day (YYYY-MM-DD) from which this version scores periods. */
  effective_from: string;
  /** JSON of SchemeRules (scheme.ts). */
  rules: string;
  note: string | null;
  created_by: number | null;
  created_at: string;
}

export interface AssessmentScoreTable {
  id: Generated<number>;
  /** The period's label: `2026-11`, `2026-Q4`, `2026`, `2026-11-01..2026-11-15`. */
  period: string;
  level: string;
  within_unit_id: number;
  scheme_id: number;
  scheme_version: number;
  /** JSON of the RankingRow[] as computed (a snapshot). */
  rows: string;
  computed_by: number | null;
  computed_at: string;
}

/**
 * A ranking table as computed at `computed_at` (ADR 0022): GET /api/v1/rankings answers from it
 * while it is younger than the configured bound, and serves it stale while one process refreshes it.
 */
export interface RankingSnapshotTable {
  level: string;
  within_unit_id: number;
  /** The period's bounds, ISO instants ([from, to)). */
  period_from: string;
  period_to: string;
  /** The scheme version in force for the period when it was computed. */
  scheme_id: number;
  /** JSON of the RankingTable. */
  body: string;
  computed_at: string;
  /** A process recomputing the row holds it until then (ISO); null when nobody does. */
  refreshing_until: string | null;
}

export interface AssessmentTables {
  assessment_scheme: AssessmentSchemeTable;
  assessment_score: AssessmentScoreTable;
  ranking_snapshot: RankingSnapshotTable;
}
