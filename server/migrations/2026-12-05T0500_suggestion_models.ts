// The suggester's trained models (issue 17): one row per training run, with both models (category,
// final lead unit) as JSON, the training sizes and the k-fold evaluation kept for every version.
// Frozen in time: this file must never import application code.
import { type Kysely, type ColumnDefinitionBuilder, PostgresAdapter } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

const isPostgres = (db: AnyDb) => db.getExecutor().adapter instanceof PostgresAdapter;

function idColumn(db: AnyDb) {
  return (c: ColumnDefinitionBuilder) =>
    isPostgres(db) ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey();
}

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('suggestion_model')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('trained_at', 'text')
    .addColumn('duration_ms', 'integer')
    .addColumn('category_model', 'text')
    .addColumn('category_examples', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('category_metrics', 'text')
    .addColumn('lead_unit_model', 'text')
    .addColumn('lead_unit_examples', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lead_unit_metrics', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('suggestion_model_status_idx').on('suggestion_model').columns(['status', 'id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('suggestion_model').execute();
}
