// 队伍建设 (issue 18 §2, §10): staff records linking an account to the unit it serves with its post,
// qualifications and duty list; training records with certificates and their expiry; evaluations;
// and the cadres, party members and deputies attached to grids (phones sealed like the people
// registry's, with a blind index).
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
    .createTable('staff_record')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().unique().references('app_user.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('post', 'text', (c) => c.notNull())
    .addColumn('qualifications', 'text')
    .addColumn('duties', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staff_record_unit_path_idx').on('staff_record').column('unit_path').execute();

  await db.schema
    .createTable('staff_training')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff_record.id'))
    .addColumn('course', 'text', (c) => c.notNull())
    .addColumn('hours', 'real', (c) => c.notNull())
    .addColumn('completed_on', 'text', (c) => c.notNull())
    .addColumn('certificate_no', 'text')
    .addColumn('expires_on', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staff_training_staff_idx').on('staff_training').column('staff_id').execute();
  await db.schema.createIndex('staff_training_expiry_idx').on('staff_training').column('expires_on').execute();

  await db.schema
    .createTable('staff_evaluation')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff_record.id'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staff_evaluation_staff_idx').on('staff_evaluation').column('staff_id').execute();

  await db.schema
    .createTable('grid_cadre')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('grid_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('grid_path', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('organisation', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('phone_hash', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('grid_cadre_grid_idx').on('grid_cadre').column('grid_id').execute();
  await db.schema.createIndex('grid_cadre_path_idx').on('grid_cadre').column('grid_path').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('grid_cadre').execute();
  await db.schema.dropTable('staff_evaluation').execute();
  await db.schema.dropTable('staff_training').execute();
  await db.schema.dropTable('staff_record').execute();
}
