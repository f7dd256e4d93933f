// Issue 17 §2: early warnings. One row per situation (`warning`): while it is active its `open_key`
// (kind + situation key) is set and unique, so a second case in the same situation updates the
// warning instead of adding one; dismissing or closing it clears the key. The cases behind a
// warning (`warning_case`), its history (`warning_event`) and the thresholds an administrator edits
// (`warning_setting`, one row per rule, seeded with the defaults of ADR 0019).
// Frozen in time: this file must never import application code.
import { type Kysely, type ColumnDefinitionBuilder, PostgresAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

function idColumn(db: AnyDb) {
  return (c: ColumnDefinitionBuilder) =>
    db.getExecutor().adapter instanceof PostgresAdapter
      ? c.primaryKey().generatedByDefaultAsIdentity()
      : c.primaryKey();
}

const DEFAULTS = [
  {
    kind: 'repeat_reporter',
    level: 'orange',
    min_count: 3,
    window_days: 30,
    radius_m: null,
    baseline_days: null,
    p_value: null,
  },
  {
    kind: 'repeat_location',
    level: 'orange',
    min_count: 3,
    window_days: 30,
    radius_m: 100,
    baseline_days: null,
    p_value: null,
  },
  {
    kind: 'group_dispute',
    level: 'orange',
    min_count: 5,
    window_days: null,
    radius_m: null,
    baseline_days: null,
    p_value: null,
  },
  {
    kind: 'escalation_words',
    level: 'red',
    min_count: null,
    window_days: null,
    radius_m: null,
    baseline_days: null,
    p_value: null,
  },
  {
    kind: 'hot_spot',
    level: 'yellow',
    min_count: 5,
    window_days: 7,
    radius_m: null,
    baseline_days: 90,
    p_value: 0.001,
  },
  {
    kind: 'agreement_breach',
    level: 'orange',
    min_count: null,
    window_days: null,
    radius_m: null,
    baseline_days: null,
    p_value: null,
  },
];

export async function up(db: AnyDb): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const pathType = pg ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('warning')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('unit_path', pathType, (c) => c.notNull())
    .addColumn('situation_key', 'text', (c) => c.notNull())
    .addColumn('open_key', 'text', (c) => c.unique())
    .addColumn('title_zh', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('explanation_zh', 'text', (c) => c.notNull())
    .addColumn('explanation_en', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assignee_user_id', 'integer', (c) => c.references('app_user.id'))
    .addColumn('raise_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('warning_unit_idx').on('warning').columns(['unit_path', 'created_at']).execute();
  await db.schema.createIndex('warning_status_idx').on('warning').columns(['status', 'id']).execute();

  await db.schema
    .createTable('warning_case')
    .addColumn('warning_id', 'integer', (c) => c.notNull().references('warning.id'))
    .addColumn('case_id', 'integer', (c) => c.notNull().references('case_record.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('warning_case_pkey', ['warning_id', 'case_id'])
    .execute();
  await db.schema.createIndex('warning_case_case_idx').on('warning_case').columns(['case_id']).execute();

  await db.schema
    .createTable('warning_event')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('warning_id', 'integer', (c) => c.notNull().references('warning.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'integer', (c) => c.references('app_user.id'))
    .addColumn('note', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('warning_event_warning_idx').on('warning_event').columns(['warning_id', 'id']).execute();

  await db.schema
    .createTable('warning_setting')
    .addColumn('kind', 'text', (c) => c.primaryKey())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('min_count', 'integer')
    .addColumn('window_days', 'integer')
    .addColumn('radius_m', 'integer')
    .addColumn('baseline_days', 'integer')
    .addColumn('p_value', 'double precision')
    .addColumn('updated_at', 'text')
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id'))
    .execute();
  await db
    .insertInto('warning_setting')
    .values(DEFAULTS.map((d) => ({ ...d, enabled: 1, updated_at: null, updated_by: null })))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('warning_setting').execute();
  await db.schema.dropTable('warning_event').execute();
  await db.schema.dropTable('warning_case').execute();
  await db.schema.dropTable('warning').execute();
}
