// Issue 18 §3: administrators edit the tree. A closed unit (撤销) keeps its row, its history and its
// cases but takes no new ones (closed_at); every change of a unit — created, renamed, moved,
// closed, its boundary redrawn, split or merged — is a row of org_unit_history with who and when.
// Frozen in time: this file must never import application code.
import { type Kysely, PostgresAdapter } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable('org_unit').addColumn('closed_at', 'text').execute();
  await db.schema
    .createTable('org_unit_history')
    .addColumn('id', 'integer', (c) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey()))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('change', 'text', (c) => c.notNull())
    /** JSON: {from, to} of a rename or move, the units of a split or merge. */
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'integer')
    .addColumn('actor_name', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('org_unit_history_unit_idx').on('org_unit_history').columns(['unit_id', 'id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('org_unit_history').execute();
  await db.schema.alterTable('org_unit').dropColumn('closed_at').execute();
}
