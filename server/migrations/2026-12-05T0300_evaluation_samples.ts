// Third-party evaluation (issue 16): samples of closed cases drawn for a unit and period, the
// cases drawn (in draw order), and each call the evaluator made to a sampled case's reporter.
// Frozen in time: this file must never import application code.
import { type Kysely, type ColumnDefinitionBuilder, PostgresAdapter } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

function idColumn(db: AnyDb) {
  return (c: ColumnDefinitionBuilder) =>
    db.getExecutor().adapter instanceof PostgresAdapter
      ? c.primaryKey().generatedByDefaultAsIdentity()
      : c.primaryKey();
}

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('evaluation_sample')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('period_label', 'text', (c) => c.notNull())
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('requested_size', 'integer', (c) => c.notNull())
    .addColumn('population', 'integer', (c) => c.notNull())
    .addColumn('seed', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('evaluation_sample_unit_idx')
    .on('evaluation_sample')
    .columns(['unit_id', 'period_from', 'period_to'])
    .execute();
  await db.schema
    .createIndex('evaluation_sample_path_idx')
    .on('evaluation_sample')
    .columns(['unit_path', 'id'])
    .execute();
  await db.schema
    .createTable('evaluation_sample_item')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('sample_id', 'integer', (c) => c.notNull().references('evaluation_sample.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('case_id', 'integer', (c) => c.notNull().references('case_record.id'))
    .execute();
  await db.schema
    .createIndex('evaluation_sample_item_sample_idx')
    .on('evaluation_sample_item')
    .columns(['sample_id', 'position'])
    .unique()
    .execute();
  await db.schema
    .createTable('evaluation_call')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('item_id', 'integer', (c) => c.notNull().references('evaluation_sample_item.id'))
    .addColumn('sample_id', 'integer', (c) => c.notNull().references('evaluation_sample.id'))
    .addColumn('reached', 'integer', (c) => c.notNull())
    .addColumn('rating', 'text')
    .addColumn('solved', 'integer')
    .addColumn('comment', 'text')
    .addColumn('by_user_id', 'integer', (c) => c.references('app_user.id'))
    .addColumn('by_name', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('evaluation_call_item_idx').on('evaluation_call').columns(['item_id', 'id']).execute();
  await db.schema
    .createIndex('evaluation_call_sample_idx')
    .on('evaluation_call')
    .columns(['sample_id', 'id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('evaluation_call').execute();
  await db.schema.dropTable('evaluation_sample_item').execute();
  await db.schema.dropTable('evaluation_sample').execute();
}
