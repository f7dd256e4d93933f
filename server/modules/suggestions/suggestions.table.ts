import type { Generated } from 'kysely';

export type TrainingStatus = 'pending' | 'training' | 'ready' | 'failed';
export type TrainingTrigger = 'schedule' | 'request';

/** One training run: its id is the models' version. */
export interface SuggestionModelTable {
  id: Generated<number>;
  status: TrainingStatus;
  trigger: TrainingTrigger;
  requested_by: number | null;
  requested_at: string;
  started_at: string | null;
  trained_at: string | null;
  duration_ms: number | null;
  /** TextClassifierModel JSON (classifier.ts); null when there was too little to learn from. */
  category_model: string | null;
  category_examples: number;
  /** Evaluation JSON (k-fold). */
  category_metrics: string | null;
  lead_unit_model: string | null;
  lead_unit_examples: number;
  lead_unit_metrics: string | null;
  error: string | null;
}

export interface SuggestionTables {
  suggestion_model: SuggestionModelTable;
}
