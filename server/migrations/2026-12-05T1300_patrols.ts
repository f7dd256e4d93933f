// Issue 18 §1: the grid worker's day — patrols (one open per worker), their GPS track (one point
// per patrol and instant, so a batch sent again after lost signal adds nothing), the visits made on
// them (a finding becomes a case once), and the standard grid tasks a township assigns.
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
    .createTable('patrol')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('worker_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('worker_name', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // worker_id while open, null once finished: the unique index makes "one open patrol per
    // worker" hold across processes on both engines (several nulls are allowed by both).
    .addColumn('open_worker_id', 'integer')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('point_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('distance_m', 'real', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('patrol_open_worker_uq').unique().on('patrol').column('open_worker_id').execute();
  await db.schema.createIndex('patrol_worker_idx').on('patrol').columns(['worker_id', 'id']).execute();
  await db.schema.createIndex('patrol_path_idx').on('patrol').columns(['unit_path', 'started_at']).execute();

  await db.schema
    .createTable('patrol_track_point')
    .addColumn('patrol_id', 'integer', (c) => c.notNull().references('patrol.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('lng', 'real', (c) => c.notNull())
    .addColumn('lat', 'real', (c) => c.notNull())
    .addColumn('accuracy', 'real')
    .addPrimaryKeyConstraint('patrol_track_point_pk', ['patrol_id', 'at'])
    .execute();

  await db.schema
    .createTable('patrol_visit')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('patrol_id', 'integer', (c) => c.notNull().references('patrol.id'))
    .addColumn('place_kind', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('place_key', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('met', 'text', (c) => c.notNull())
    .addColumn('situation', 'text', (c) => c.notNull())
    .addColumn('finding', 'text')
    .addColumn('lng', 'real')
    .addColumn('lat', 'real')
    .addColumn('visited_at', 'text', (c) => c.notNull())
    .addColumn('case_id', 'integer', (c) => c.references('case_record.id'))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('patrol_visit_patrol_idx').on('patrol_visit').column('patrol_id').execute();
  await db.schema.createIndex('patrol_visit_case_uq').unique().on('patrol_visit').column('case_id').execute();

  await db.schema
    .createTable('grid_task')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'integer', (c) => c.references('app_user.id'))
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .addColumn('done_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('done_note', 'text')
    .addColumn('created_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('grid_task_path_idx').on('grid_task').columns(['unit_path', 'due_date']).execute();
  await db.schema.createIndex('grid_task_assignee_idx').on('grid_task').columns(['assignee_id', 'status']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('grid_task').execute();
  await db.schema.dropTable('patrol_visit').execute();
  await db.schema.dropTable('patrol_track_point').execute();
  await db.schema.dropTable('patrol').execute();
}
