// 回访 (issue 14): each call to the reporter of a resolved case, with its outcome and note, and an
// index for the queue of resolved cases oldest first.
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
    .createTable('case_return_call')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('case_id', 'integer', (c) => c.notNull().references('case_record.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('by_user_id', 'integer', (c) => c.references('app_user.id'))
    .addColumn('by_name', 'text', (c) => c.notNull())
    .addColumn('by_role', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_return_call_case_idx').on('case_return_call').columns(['case_id', 'id']).execute();
  await db.schema
    .createIndex('case_resolved_queue_idx')
    .on('case_record')
    .columns(['status', 'resolved_at', 'id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('case_resolved_queue_idx').execute();
  await db.schema.dropTable('case_return_call').execute();
}
