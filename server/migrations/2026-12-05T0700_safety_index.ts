// The safety index (平安指数, issue 17 §3) and the screening ledgers (排查台账, §4): the index's
// components with their weights and normalisation bounds and its grades (admin-editable data,
// defaults seeded here), residents per region unit (no source ships one: admin-editable, the demo
// seeds generated figures), each grid's or village's screening schedule, its screenings and their
// findings (parties' phones sealed like the people registry's).
// Frozen in time: this file must never import application code.
import { type Kysely, type ColumnDefinitionBuilder, PostgresAdapter } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

const isPostgres = (db: AnyDb) => db.getExecutor().adapter instanceof PostgresAdapter;

function idColumn(db: AnyDb) {
  return (c: ColumnDefinitionBuilder) =>
    isPostgres(db) ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey();
}

const SEEDED_AT = '2026-12-05T00:00:00.000Z';

// key, weight (points of 100), best, worst: value at `best` or better scores 1, at `worst` or
// worse 0, linearly between. docs/safety-index.md explains each.
const COMPONENTS: [string, number, number, number][] = [
  ['disputes_per_10k', 20, 0, 10],
  ['resolution_rate', 15, 1, 0.5],
  ['satisfaction_rate', 10, 1, 0.6],
  ['overdue_share', 10, 0, 0.2],
  ['warning_points_per_10k', 15, 0, 5],
  ['repeat_share', 10, 0, 0.2],
  ['group_disputes_per_10k', 10, 0, 1],
  ['screening_coverage', 10, 1, 0],
];

const GRADES: [string, string, string, number][] = [
  ['excellent', '优', 'Excellent', 90],
  ['good', '良', 'Good', 75],
  ['fair', '中', 'Fair', 60],
  ['poor', '差', 'Poor', 0],
];

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('safety_component')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('weight', 'real', (c) => c.notNull())
    .addColumn('best', 'real', (c) => c.notNull())
    .addColumn('worst', 'real', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('safety_component')
    .values(
      COMPONENTS.map(([key, weight, best, worst], sort) => ({
        key,
        weight,
        best,
        worst,
        sort,
        updated_by: null,
        updated_at: SEEDED_AT,
      })),
    )
    .execute();
  await db.schema
    .createTable('safety_grade')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('min_score', 'real', (c) => c.notNull())
    .execute();
  await db
    .insertInto('safety_grade')
    .values(GRADES.map(([code, name_zh, name_en, min_score]) => ({ code, name_zh, name_en, min_score })))
    .execute();
  await db.schema
    .createTable('region_population')
    .addColumn('unit_id', 'integer', (c) => c.primaryKey().references('org_unit.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('population', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('region_population_path_idx').on('region_population').column('unit_path').execute();

  await db.schema
    .createTable('screening_schedule')
    .addColumn('unit_id', 'integer', (c) => c.primaryKey().references('org_unit.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('screening_record')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('screened_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('screened_by_name', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('screening_record_path_idx')
    .on('screening_record')
    .columns(['unit_path', 'period'])
    .execute();
  await db.schema
    .createIndex('screening_record_unit_idx')
    .on('screening_record')
    .columns(['unit_id', 'period'])
    .execute();
  await db.schema
    .createTable('screening_finding')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('screening_id', 'integer', (c) => c.notNull().references('screening_record.id'))
    .addColumn('parties', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('risk_grade', 'text', (c) => c.notNull())
    .addColumn('measures', 'text', (c) => c.notNull())
    .addColumn('responsible_person', 'text', (c) => c.notNull())
    .addColumn('case_id', 'integer', (c) => c.references('case_record.id'))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('screening_finding_record_idx').on('screening_finding').column('screening_id').execute();
  // The overdue job's memory: one warning per unit and missed period, even after it is closed.
  await db.schema
    .createTable('screening_overdue_notice')
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('warning_id', 'integer', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('screening_overdue_notice_pk', ['unit_id', 'period'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('screening_overdue_notice').execute();
  await db.schema.dropTable('screening_finding').execute();
  await db.schema.dropTable('screening_record').execute();
  await db.schema.dropTable('screening_schedule').execute();
  await db.schema.dropTable('region_population').execute();
  await db.schema.dropTable('safety_grade').execute();
  await db.schema.dropTable('safety_component').execute();
}
