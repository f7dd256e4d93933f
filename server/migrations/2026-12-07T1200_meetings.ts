// Issue 19 §2: meetings of every kind the seed names (听证、协调、评议、议事) — organised by a unit, at a
// time and place, with an agenda, linked to what they are about by kind and id (no foreign key: the
// subject may live in any module); their participants, staff accounts or outside people (name,
// role, sealed phone), with attendance; minutes when closed, a reason when cancelled. Three SMS
// templates tell outside participants of a meeting, of its new time and of its cancellation.
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

const TEMPLATES: [string, string][] = [
  ['meeting_scheduled', '【会议通知】您受邀参加{kind}“{title}”，时间：{time}，地点：{place}，请准时参加。'],
  ['meeting_rescheduled', '【会议变更】您受邀参加的{kind}“{title}”改为：{time}，地点：{place}，请准时参加。'],
  ['meeting_cancelled', '【会议取消】原定于{time}在{place}召开的{kind}“{title}”已取消，特此通知。'],
];

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('meeting')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('agenda', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('subject_kind', 'text')
    .addColumn('subject_id', 'integer')
    .addColumn('minutes', 'text')
    .addColumn('cancel_reason', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('closed_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('closed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meeting_unit_idx').on('meeting').columns(['unit_path', 'scheduled_at']).execute();
  await db.schema.createIndex('meeting_subject_idx').on('meeting').columns(['subject_kind', 'subject_id']).execute();

  await db.schema
    .createTable('meeting_participant')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meeting.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('app_user.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('attended', 'integer')
    .execute();
  await db.schema
    .createIndex('meeting_participant_meeting_idx')
    .on('meeting_participant')
    .columns(['meeting_id', 'position'])
    .execute();
  await db.schema
    .createIndex('meeting_participant_user_idx')
    .on('meeting_participant')
    .columns(['user_id', 'meeting_id'])
    .execute();

  const at = new Date().toISOString();
  await db
    .insertInto('sms_template')
    .values(
      TEMPLATES.map(([code, text]) => ({
        code,
        text_zh: text,
        provider_template_id: null,
        updated_by: null,
        updated_at: at,
      })),
    )
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db
    .deleteFrom('sms_template')
    .where(
      'code',
      'in',
      TEMPLATES.map(([code]) => code),
    )
    .execute();
  await db.schema.dropTable('meeting_participant').execute();
  await db.schema.dropTable('meeting').execute();
}
