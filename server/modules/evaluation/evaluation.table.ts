import type { Generated } from 'kysely';
import type { Rating } from '../../../common/case-state.ts';

export interface EvaluationSampleTable {
  id: Generated<number>;
  /** The unit whose subtree the cases were drawn from, and its path then (for jurisdiction). */
  unit_id: number;
  unit_path: string;
  /** The period as parsed by common/period.ts: its label and half-open window [from, to). */
  period_label: string;
  period_from: string;
  period_to: string;
  requested_size: number;
  /** How many cases were eligible (the sampling frame's size N, for the finite-population correction). */
  population: number;
  /** The seed of the draw: the same seed over the same frame draws the same cases. */
  seed: string;
  created_by: number | null;
  created_at: string;
}

export interface EvaluationSampleItemTable {
  id: Generated<number>;
  sample_id: number;
  /** 1-based draw order: the calling sheet goes through the cases in this order. */
  position: number;
  case_id: number;
}

export interface EvaluationCallTable {
  id: Generated<number>;
  item_id: number;
  sample_id: number;
  /** 1 when the reporter answered; the last reached call of an item is the one that counts. */
  reached: number;
  rating: Rating | null;
  /** The reporter's word on whether the problem was genuinely solved (1/0), null when not asked. */
  solved: number | null;
  comment: string | null;
  by_user_id: number | null;
  by_name: string;
  at: string;
}

export interface EvaluationTables {
  evaluation_sample: EvaluationSampleTable;
  evaluation_sample_item: EvaluationSampleItemTable;
  evaluation_call: EvaluationCallTable;
}
