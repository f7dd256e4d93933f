// The closed loop: categories (权责清单), the working-day calendar, cases with their assignments,
// timeline, numbering, idempotency keys and Chinese full-text search.
// Frozen in time: this file must never import application code.
import { type Kysely, type ColumnDefinitionBuilder, PostgresAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

function isPostgres(db: AnyDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

function idColumn(db: AnyDb) {
  return (c: ColumnDefinitionBuilder) =>
    isPostgres(db) ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey();
}

export async function up(db: AnyDb): Promise<void> {
  const pg = isPostgres(db);
  const pathType = pg ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('category')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('parent_code', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('owner_level', 'text')
    .addColumn('owner_unit', 'text')
    .addColumn('accept_days', 'integer', (c) => c.notNull())
    .addColumn('handle_days', 'integer', (c) => c.notNull())
    .addColumn('risk_weight', 'integer', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('calendar_day')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('case_record')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('category_code', 'text', (c) => c.notNull().references('category.code'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('region_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('grid_id', 'integer', (c) => c.references('org_unit.id'))
    .addColumn('centre_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('lead_unit_id', 'integer', (c) => c.references('org_unit.id'))
    .addColumn('lng', 'double precision')
    .addColumn('lat', 'double precision')
    .addColumn('address', 'text')
    .addColumn('reporter_name', 'text')
    .addColumn('reporter_phone_enc', 'text')
    .addColumn('reporter_phone_hash', 'text')
    .addColumn('reporter_phone_last4_hash', 'text')
    .addColumn('reporter_user_id', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('stage', 'text')
    .addColumn('stage_deadline', 'text')
    .addColumn('yellow_at', 'text')
    .addColumn('yellow_carded_at', 'text')
    .addColumn('red_carded_at', 'text')
    .addColumn('supervise_noticed_at', 'text')
    .addColumn('handle_deadline', 'text')
    .addColumn('extension_days', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('extension_pending', 'text')
    .addColumn('return_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('supervise_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('resolved_at', 'text')
    .addColumn('result', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('rating', 'text')
    .addColumn('merged_into_id', 'integer', (c) => c.references('case_record.id'))
    .addColumn('search_text', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_region_idx').on('case_record').columns(['region_path', 'id']).execute();
  await db.schema.createIndex('case_status_idx').on('case_record').columns(['status', 'region_path']).execute();
  await db.schema.createIndex('case_category_idx').on('case_record').columns(['category_code', 'created_at']).execute();
  await db.schema.createIndex('case_created_idx').on('case_record').column('created_at').execute();
  await db.schema.createIndex('case_reporter_idx').on('case_record').column('reporter_user_id').execute();
  await db.schema.createIndex('case_lead_idx').on('case_record').column('lead_unit_id').execute();
  await db.schema.createIndex('case_timer_idx').on('case_record').columns(['stage_deadline', 'status']).execute();

  await db.schema
    .createTable('case_assignment')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('case_id', 'integer', (c) => c.notNull().references('case_record.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('deadline', 'text')
    .addColumn('reported_at', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_assignment_case_idx').on('case_assignment').column('case_id').execute();
  await db.schema
    .createIndex('case_assignment_unit_idx')
    .on('case_assignment')
    .columns(['unit_id', 'active'])
    .execute();

  await db.schema
    .createTable('case_event')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('case_id', 'integer', (c) => c.notNull().references('case_record.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'integer')
    .addColumn('actor_name', 'text')
    .addColumn('actor_role', 'text')
    .addColumn('actor_unit_id', 'integer')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('data', 'text')
    .addUniqueConstraint('case_event_seq_unique', ['case_id', 'seq'])
    .execute();

  await db.schema
    .createTable('case_counter')
    .addColumn('scope', 'text', (c) => c.primaryKey())
    .addColumn('next', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('idempotency_key')
    .addColumn('actor_user_id', 'integer', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_key_pk', ['actor_user_id', 'key'])
    .execute();

  if (pg) {
    await sql`create index case_search_idx on case_record using gin (to_tsvector('simple', search_text))`.execute(db);
  } else {
    await sql`create virtual table case_fts using fts5(tokens, tokenize = 'unicode61')`.execute(db);
  }
}

export async function down(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) await sql`drop table case_fts`.execute(db);
  for (const table of [
    'idempotency_key',
    'case_counter',
    'case_event',
    'case_assignment',
    'case_record',
    'calendar_day',
    'category',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
