// Issue 19 §1: consultations (议事协商, ADR 0037) — a topic at a level and unit, its supporters (a
// resident's topic opens once enough verified residents support it), options, secret ballots (no
// voter column: the voter's flag is a separate row, both written in one transaction), comments with
// reports and moderation, the history of each topic (events), and the per-level settings (how many
// supporters open a topic, how many reports hide a comment) as data.
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
    .createTable('consultation_setting')
    .addColumn('level', 'text', (c) => c.primaryKey())
    .addColumn('supporters_needed', 'integer', (c) => c.notNull())
    .addColumn('reports_to_hide', 'integer', (c) => c.notNull())
    .execute();
  await db
    .insertInto('consultation_setting')
    .values([
      { level: 'county', supporters_needed: 20, reports_to_hide: 3 },
      { level: 'township', supporters_needed: 10, reports_to_hide: 3 },
      { level: 'village', supporters_needed: 5, reports_to_hide: 3 },
      { level: 'grid', supporters_needed: 5, reports_to_hide: 3 },
      { level: 'building', supporters_needed: 3, reports_to_hide: 3 },
    ])
    .execute();

  await db.schema
    .createTable('consultation')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('building_label', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('raised_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('supporters_needed', 'integer', (c) => c.notNull())
    .addColumn('supporter_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('decision', 'text')
    .addColumn('decision_unit_id', 'integer', (c) => c.references('org_unit.id'))
    .addColumn('decision_due', 'text')
    .addColumn('progress', 'integer', (c) => c.notNull())
    .addColumn('escalated_from_id', 'integer', (c) => c.references('consultation.id'))
    .addColumn('escalation_reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('consultation_unit_idx').on('consultation').columns(['unit_path', 'id']).execute();
  await db.schema.createIndex('consultation_from_uq').unique().on('consultation').column('escalated_from_id').execute();

  await db.schema
    .createTable('consultation_option')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultation.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('consultation_option_idx')
    .on('consultation_option')
    .columns(['consultation_id', 'position'])
    .execute();

  // The secret ballot: a random key, the option, no voter and no time (nothing to line it up with
  // the voter's flag by).
  await db.schema
    .createTable('consultation_ballot')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultation.id'))
    .addColumn('option_id', 'integer', (c) => c.notNull().references('consultation_option.id'))
    .execute();
  await db.schema
    .createIndex('consultation_ballot_idx')
    .on('consultation_ballot')
    .columns(['consultation_id', 'option_id'])
    .execute();

  // Who has voted (once each), never for what.
  await db.schema
    .createTable('consultation_voter')
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultation.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addPrimaryKeyConstraint('consultation_voter_pk', ['consultation_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('consultation_support')
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultation.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('consultation_support_pk', ['consultation_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('consultation_comment')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultation.id'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('author_kind', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('report_count', 'integer', (c) => c.notNull())
    .addColumn('hidden_at', 'text')
    .addColumn('hidden_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('hidden_reason', 'text')
    .execute();
  await db.schema
    .createIndex('consultation_comment_idx')
    .on('consultation_comment')
    .columns(['consultation_id', 'id'])
    .execute();

  await db.schema
    .createTable('consultation_comment_report')
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('consultation_comment.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('consultation_comment_report_pk', ['comment_id', 'user_id'])
    .execute();

  // The topic's history: raised, opened, options set, decided, progress notes, escalated.
  await db.schema
    .createTable('consultation_event')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultation.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer', (c) => c.references('app_user.id'))
    .addColumn('note', 'text')
    .addColumn('progress', 'integer')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('consultation_event_idx')
    .on('consultation_event')
    .columns(['consultation_id', 'id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    'consultation_event',
    'consultation_comment_report',
    'consultation_comment',
    'consultation_support',
    'consultation_voter',
    'consultation_ballot',
    'consultation_option',
    'consultation',
    'consultation_setting',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
