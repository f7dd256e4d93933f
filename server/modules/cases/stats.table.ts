// The dashboard rollups, kept by triggers (migrations 2026-11-27T1600 and 2026-12-03T1000); what
// each holds is in stats-rollup-rows.ts. Part of CasesTables: the cases module owns them. Each has
// a `_delta` twin of the same columns without a key, which PostgreSQL's triggers append to and a
// job folds into it (migration 2026-12-08T1100, ADR 0039): a figure is base plus pending deltas.
import type { CaseStatus } from '../../../common/workflow.ts';

export interface CaseStatStatusTable {
  region_path: string;
  day: string;
  status: CaseStatus;
  n: number;
  responded: number;
  rated: number;
  satisfied: number;
  resolved_with_deadline: number;
  resolved_on_time: number;
}

export interface CaseStatCategoryTable {
  region_path: string;
  day: string;
  category_code: string;
  n: number;
}

export interface CaseStatOpenTable {
  region_path: string;
  day: string;
  status: CaseStatus;
  /** '' for none: key columns are never NULL. */
  stage_deadline: string;
  handle_deadline: string;
  n: number;
}

/** A row here makes the triggers skip the rest of this transaction (a bulk load adds its own). */
export interface CaseStatPauseTable {
  paused_at: string;
}
