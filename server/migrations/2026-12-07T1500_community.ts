// Issue 19 §6–§7 (ADR 0035): community bodies (业委会, 物业, 社会组织, 志愿服务队, 楼栋长) with a contact
// (phone sealed) and the area they serve, and the resident accounts that act for them; service
// projects a township publishes, social organisations apply for and claim, report on, and residents
// rate (once each: the primary key); volunteer activities with sign-ups and hours (logged once per
// volunteer and activity: the primary key); notices of a township or village. One SMS template for
// urgent notices, editable like the others.
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

const TEMPLATES: [string, string][] = [['notice_urgent', '【{unit}紧急通知】{title}。详情请打开居民端“社区”查看。']];

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('community_body')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('contact_name', 'text')
    .addColumn('contact_phone_enc', 'text')
    .addColumn('note', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('community_body_path_idx').on('community_body').columns(['unit_path']).execute();

  await db.schema
    .createTable('community_body_member')
    .addColumn('body_id', 'integer', (c) => c.notNull().references('community_body.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('added_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('community_body_member_pk', ['body_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('community_body_member_user_idx')
    .on('community_body_member')
    .columns(['user_id'])
    .execute();

  await db.schema
    .createTable('service_project')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('budget_yuan', 'integer')
    .addColumn('starts_on', 'text')
    .addColumn('ends_on', 'text')
    .addColumn('award_mode', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('awarded_body_id', 'integer', (c) => c.references('community_body.id'))
    .addColumn('awarded_at', 'text')
    .addColumn('progress_percent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('completed_at', 'text')
    .addColumn('created_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('service_project_path_idx').on('service_project').columns(['unit_path']).execute();

  await db.schema
    .createTable('service_project_application')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('service_project.id'))
    .addColumn('body_id', 'integer', (c) => c.notNull().references('community_body.id'))
    .addColumn('applied_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('service_project_application_uq')
    .unique()
    .on('service_project_application')
    .columns(['project_id', 'body_id'])
    .execute();

  await db.schema
    .createTable('service_project_progress')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('service_project.id'))
    .addColumn('reported_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('percent', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('service_project_progress_idx')
    .on('service_project_progress')
    .columns(['project_id'])
    .execute();

  await db.schema
    .createTable('service_project_rating')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('service_project.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_project_rating_pk', ['project_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('volunteer_activity')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('team_id', 'integer', (c) => c.notNull().references('community_body.id'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('created_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('volunteer_activity_path_idx').on('volunteer_activity').columns(['unit_path']).execute();

  await db.schema
    .createTable('volunteer_signup')
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('volunteer_activity.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('hours_tenths', 'integer')
    .addColumn('hours_logged_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('hours_logged_at', 'text')
    .addPrimaryKeyConstraint('volunteer_signup_pk', ['activity_id', 'user_id'])
    .execute();
  await db.schema.createIndex('volunteer_signup_user_idx').on('volunteer_signup').columns(['user_id']).execute();

  await db.schema
    .createTable('notice')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('urgent', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('sms_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('published_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notice_path_idx').on('notice').columns(['unit_path']).execute();

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
  for (const table of [
    'notice',
    'volunteer_signup',
    'volunteer_activity',
    'service_project_rating',
    'service_project_progress',
    'service_project_application',
    'service_project',
    'community_body_member',
    'community_body',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
