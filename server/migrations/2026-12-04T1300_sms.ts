// SMS (issue 15): every text message sent or skipped (phone sealed, blind index, masked form),
// the admin-editable templates with their provider template ids, staff opt-ins for deadline
// cards, and the phones that replied TD (退订). Seeds the default templates.
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

const SIGN = '【某某县矛盾纠纷调处中心】';
const DEFAULT_TEMPLATES: [string, string][] = [
  ['case_received', `${SIGN}您反映的问题已受理，编号{number}，查询码{trackingCode}。`],
  ['case_resolved', `${SIGN}您反映的问题（编号{number}）已办结，请对办理结果评价：{link}`],
  ['hearing_scheduled', `${SIGN}您参与的纠纷（编号{number}）定于{time}在{place}举行公开听证，请准时参加。`],
  ['mediation_session_scheduled', `${SIGN}您参与的纠纷（编号{number}）定于{time}在{place}进行调解，请准时参加。`],
  ['red_card', `${SIGN}红牌：事件{number}已超过办理时限（{deadline}），请立即处理。`],
  ['yellow_card', `${SIGN}黄牌：事件{number}将于{deadline}到期，请抓紧办理。`],
  ['login_code', '验证码{code}，5分钟内有效。'],
];

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('sms_message')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('outbox_id', 'integer', (c) => c.references('outbox.id'))
    .addColumn('phone_enc', 'text', (c) => c.notNull())
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('phone_masked', 'text', (c) => c.notNull())
    .addColumn('template_code', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('gateway', 'text', (c) => c.notNull())
    .addColumn('provider_message_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // One SMS per message and phone: a second delivery of the same outbox message sends nothing.
  await db.schema
    .createIndex('sms_message_once_idx')
    .on('sms_message')
    .columns(['outbox_id', 'phone_hash'])
    .unique()
    .execute();
  await db.schema.createIndex('sms_message_phone_idx').on('sms_message').columns(['phone_hash', 'id']).execute();

  await db.schema
    .createTable('sms_template')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('text_zh', 'text', (c) => c.notNull())
    .addColumn('provider_template_id', 'text')
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  const at = new Date().toISOString();
  await db
    .insertInto('sms_template')
    .values(
      DEFAULT_TEMPLATES.map(([code, text]) => ({
        code,
        text_zh: text,
        provider_template_id: null,
        updated_by: null,
        updated_at: at,
      })),
    )
    .execute();

  await db.schema
    .createTable('sms_subscription')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('phone_enc', 'text', (c) => c.notNull())
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('phone_masked', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sms_subscription_pk', ['user_id', 'topic'])
    .execute();
  await db.schema.createIndex('sms_subscription_topic_idx').on('sms_subscription').columns(['topic']).execute();

  await db.schema
    .createTable('sms_opt_out')
    .addColumn('phone_hash', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('sms_opt_out').execute();
  await db.schema.dropTable('sms_subscription').execute();
  await db.schema.dropTable('sms_template').execute();
  await db.schema.dropTable('sms_message').execute();
}
