// The training runs and their models (suggestion_model); Kysely only.
import type { Db, Trx } from '../../context.ts';
import type { Evaluation } from './classifier.ts';
import type { SuggestionModelTable, TrainingStatus, TrainingTrigger } from './suggestions.table.ts';

type Executor = Db | Trx;

export interface TargetSummary {
  examples: number;
  /** k-fold evaluation; null when there was too little to evaluate on. */
  evaluation: (Evaluation & { sampled: number; skippedLabels: string[] }) | null;
}

export interface TrainingRun {
  version: number;
  status: TrainingStatus;
  trigger: TrainingTrigger;
  requestedBy: number | null;
  requestedAt: string;
  startedAt: string | null;
  trainedAt: string | null;
  durationMs: number | null;
  category: TargetSummary;
  leadUnit: TargetSummary;
  error: string | null;
}

const SUMMARY_COLUMNS = [
  'id',
  'status',
  'trigger',
  'requested_by',
  'requested_at',
  'started_at',
  'trained_at',
  'duration_ms',
  'category_examples',
  'category_metrics',
  'lead_unit_examples',
  'lead_unit_metrics',
  'error',
] as const;

type SummaryRow = Pick<SuggestionModelTable, Exclude<(typeof SUMMARY_COLUMNS)[number], 'id'>> & { id: number };

function toRun(row: SummaryRow): TrainingRun {
  const parse = (json: string | null) => (json ? (JSON.parse(json) as TargetSummary['evaluation']) : null);
  return {
    version: row.id,
    status: row.status,
    trigger: row.trigger,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    startedAt: row.started_at,
    trainedAt: row.trained_at,
    durationMs: row.duration_ms,
    category: { examples: row.category_examples, evaluation: parse(row.category_metrics) },
    leadUnit: { examples: row.lead_unit_examples, evaluation: parse(row.lead_unit_metrics) },
    error: row.error,
  };
}

/** The newest runs (with a version below `before`, when given), newest first. */
export async function listRuns(db: Executor, limit: number, before?: number): Promise<TrainingRun[]> {
  let query = db.selectFrom('suggestion_model').select(SUMMARY_COLUMNS);
  if (before !== undefined) query = query.where('id', '<', before);
  const rows = await query.orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toRun);
}

export async function findRun(db: Executor, version: number): Promise<TrainingRun | undefined> {
  const row = await db
    .selectFrom('suggestion_model')
    .select(SUMMARY_COLUMNS)
    .where('id', '=', version)
    .executeTakeFirst();
  return row ? toRun(row) : undefined;
}

/** A run waiting or under way (there is at most one). */
export async function findUnfinishedRun(db: Executor): Promise<TrainingRun | undefined> {
  const row = await db
    .selectFrom('suggestion_model')
    .select(SUMMARY_COLUMNS)
    .where('status', 'in', ['pending', 'training'])
    .orderBy('id')
    .executeTakeFirst();
  return row ? toRun(row) : undefined;
}

export async function insertPendingRun(
  trx: Trx,
  values: { trigger: TrainingTrigger; requestedBy: number | null; at: string },
): Promise<number> {
  const row = await trx
    .insertInto('suggestion_model')
    .values({
      status: 'pending',
      trigger: values.trigger,
      requested_by: values.requestedBy,
      requested_at: values.at,
      category_examples: 0,
      lead_unit_examples: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Takes a pending run for this process; false when another took it first. */
export async function claimRun(db: Executor, version: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable('suggestion_model')
    .set({ status: 'training', started_at: at })
    .where('id', '=', version)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function finishRun(
  db: Executor,
  version: number,
  values: Pick<
    SuggestionModelTable,
    | 'trained_at'
    | 'duration_ms'
    | 'category_model'
    | 'category_examples'
    | 'category_metrics'
    | 'lead_unit_model'
    | 'lead_unit_examples'
    | 'lead_unit_metrics'
  >,
): Promise<void> {
  await db
    .updateTable('suggestion_model')
    .set({ ...values, status: 'ready' })
    .where('id', '=', version)
    .execute();
}

export async function failRun(db: Executor, version: number, error: string, at: string): Promise<void> {
  await db
    .updateTable('suggestion_model')
    .set({ status: 'failed', error, trained_at: at })
    .where('id', '=', version)
    .where('status', 'in', ['pending', 'training'])
    .execute();
}

/** The newest run that produced models. */
export async function latestReadyVersion(db: Executor): Promise<number | null> {
  const row = await db
    .selectFrom('suggestion_model')
    .select('id')
    .where('status', '=', 'ready')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? row.id : null;
}

export async function loadModelJson(
  db: Executor,
  version: number,
): Promise<{ category: string | null; leadUnit: string | null } | undefined> {
  const row = await db
    .selectFrom('suggestion_model')
    .select(['category_model', 'lead_unit_model'])
    .where('id', '=', version)
    .executeTakeFirst();
  return row ? { category: row.category_model, leadUnit: row.lead_unit_model } : undefined;
}

export async function newestRequestedAt(db: Executor): Promise<string | null> {
  const row = await db
    .selectFrom('suggestion_model')
    .select('requested_at')
    .where('status', '!=', 'failed')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row?.requested_at ?? null;
}
