// 社会稳定风险评估 (issue 17, item 6): the assessment file, its stages (each recorded once and in
// order; monitoring repeats) and the files attached to each stage.
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
    .createTable('risk_assessment')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('decision_kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('grade', 'text')
    .addColumn('decision', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('risk_assessment_unit_idx').on('risk_assessment').columns(['unit_id', 'id']).execute();
  await db.schema
    .createTable('risk_assessment_stage')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('assessment_id', 'integer', (c) => c.notNull().references('risk_assessment.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('recorder_name', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('risk_assessment_stage_unique_idx')
    .on('risk_assessment_stage')
    .columns(['assessment_id', 'stage', 'seq'])
    .unique()
    .execute();
  await db.schema
    .createTable('risk_assessment_attachment')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('assessment_id', 'integer', (c) => c.notNull().references('risk_assessment.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('uploader_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('risk_assessment_attachment_idx')
    .on('risk_assessment_attachment')
    .columns(['assessment_id', 'stage'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('risk_assessment_attachment').execute();
  await db.schema.dropTable('risk_assessment_stage').execute();
  await db.schema.dropTable('risk_assessment').execute();
}
