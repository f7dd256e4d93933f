// Issue 19 §4: credit records (信用记录, ADR 0034). The rules as data (code, name, 守信/失信, score,
// validity in months, the source they apply to by themselves); records of a subject — a registry
// person or an enterprise, a (kind, id) pair so more organisation kinds can come — linked to their
// source (kind, id), one per source and subject; every version of a record kept (a correction is a
// new version, never an overwrite); objections, one pending per record (the partial unique index).
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

const RULES = [
  ['agreement_broken', '不履行人民调解协议', 'breach', -10, 24, 'agreement_broken'],
  ['agreement_kept', '按约履行人民调解协议', 'trust', 5, 12, 'agreement_kept'],
  ['judicial_confirmation', '调解协议经司法确认后履行', 'trust', 3, 12, 'judicial_confirmation'],
  ['false_report', '虚假举报经查实', 'breach', -20, 36, 'false_report'],
  ['recognition', '获评身边好人、道德模范等表彰', 'trust', 10, 24, 'recognition'],
] as const;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('credit_rule')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('validity_months', 'integer', (c) => c.notNull())
    .addColumn('source_kind', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('credit_record')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('subject_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('subject_path', 'text', (c) => c.notNull())
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'integer', (c) => c.notNull())
    .addColumn('source_ref', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('rule_code', 'text', (c) => c.notNull().references('credit_rule.code'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('credit_record_source_uq')
    .unique()
    .on('credit_record')
    .columns(['source_kind', 'source_id', 'subject_kind', 'subject_id'])
    .execute();
  await db.schema
    .createIndex('credit_record_subject_idx')
    .on('credit_record')
    .columns(['subject_kind', 'subject_id'])
    .execute();
  await db.schema.createIndex('credit_record_path_idx').on('credit_record').columns(['subject_path']).execute();

  await db.schema
    .createTable('credit_record_version')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('record_id', 'integer', (c) => c.notNull().references('credit_record.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('rule_code', 'text', (c) => c.notNull())
    .addColumn('rule_name', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('objection_id', 'integer')
    .addColumn('made_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('made_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('credit_record_version_uq')
    .unique()
    .on('credit_record_version')
    .columns(['record_id', 'version'])
    .execute();
  await db.schema
    .createIndex('credit_record_version_made_idx')
    .on('credit_record_version')
    .columns(['made_at'])
    .execute();

  await db.schema
    .createTable('credit_objection')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('record_id', 'integer', (c) => c.notNull().references('credit_record.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('received_via', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('filed_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('filed_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('result_version', 'integer')
    .execute();
  await db.schema
    .createIndex('credit_objection_pending_uq')
    .unique()
    .on('credit_objection')
    .column('record_id')
    .where(sql.ref('status'), '=', 'pending')
    .execute();

  const at = new Date('2026-12-07T14:00:00Z').toISOString();
  await db
    .insertInto('credit_rule')
    .values(
      RULES.map(([code, name, direction, score, months, source]) => ({
        code,
        name,
        direction,
        score,
        validity_months: months,
        source_kind: source,
        active: 1,
        version: 1,
        updated_by: null,
        updated_at: at,
      })),
    )
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('credit_objection').execute();
  await db.schema.dropTable('credit_record_version').execute();
  await db.schema.dropTable('credit_record').execute();
  await db.schema.dropTable('credit_rule').execute();
}
