// Issue 15: service accounts — other systems calling with an API key (stored as its SHA-256), bound
// to a unit's jurisdiction, with scopes, a per-key rate, and a signed webhook for results.
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
    .createTable('service_account')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('system', 'text', (c) => c.unique())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    .addColumn('rate_per_minute', 'integer', (c) => c.notNull())
    .addColumn('webhook_url', 'text')
    .addColumn('webhook_secret', 'text')
    .addColumn('user_id', 'integer', (c) => c.notNull().unique().references('app_user.id'))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema.createIndex('service_account_unit_idx').on('service_account').column('unit_id').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('service_account').execute();
}
