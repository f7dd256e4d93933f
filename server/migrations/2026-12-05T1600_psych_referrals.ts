// Issue 18 §7: psychological referrals (心理服务转介) to a county's psychological service team and
// the team's follow-ups. Personal fields are sealed by the application (`*_enc`). The partial scan
// of urgent referrals not yet contacted is served by the (urgency, status, created_at) index.
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

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('psych_referral')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('team_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('referrer_user_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('referrer_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('person_name_enc', 'text', (c) => c.notNull())
    .addColumn('phone_enc', 'text')
    .addColumn('reason_enc', 'text', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull().check(sqlIn('urgency', ['normal', 'urgent'])))
    .addColumn('case_id', 'integer', (c) => c.references('case_record.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['referred', 'contacted', 'closed'])))
    .addColumn('contacted_at', 'text')
    .addColumn('contacted_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('contact_note_enc', 'text')
    .addColumn('assessment_level', 'text')
    .addColumn('overdue_warned_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('close_note_enc', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('psych_referral_team_idx')
    .on('psych_referral')
    .columns(['team_unit_id', 'status', 'id'])
    .execute();
  await db.schema
    .createIndex('psych_referral_referrer_idx')
    .on('psych_referral')
    .columns(['referrer_user_id', 'id'])
    .execute();
  await db.schema
    .createIndex('psych_referral_overdue_idx')
    .on('psych_referral')
    .columns(['urgency', 'status', 'created_at'])
    .execute();

  await db.schema
    .createTable('psych_follow_up')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('referral_id', 'integer', (c) => c.notNull().references('psych_referral.id'))
    .addColumn('follow_up_on', 'text', (c) => c.notNull())
    .addColumn('note_enc', 'text', (c) => c.notNull())
    .addColumn('assessment_level', 'text')
    .addColumn('recorded_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('psych_follow_up_referral_idx')
    .on('psych_follow_up')
    .columns(['referral_id', 'id'])
    .execute();
}

function sqlIn(column: string, values: string[]) {
  return sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('psych_follow_up').execute();
  await db.schema.dropTable('psych_referral').execute();
}
