// Issue 19 §3 and §5: points and the civilisation bank (积分制, 文明银行) and the recognition board.
// - point_rule: the earning rules as data (points per unit, a cap per day/month/year), seeded with
//   the five codes the other modules earn by;
// - point_account: one balance row per holder (a resident account), changed only by guarded
//   updates in the same transaction as its ledger entry (never below zero);
// - point_entry: the append-only ledger; an earning is unique per (rule, source event, holder);
// - point_reward / point_redemption: a village's catalogue with its stock, and the codes redeemed;
// - recognition: nominations of good people and deeds, their review and publication.
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
  { code: 'verified_report', name: '反映问题属实并办结', points: 5, cap: 30, cap_period: 'month', sort: 1 },
  { code: 'vote', name: '参与议事投票', points: 2, cap: 20, cap_period: 'month', sort: 2 },
  { code: 'volunteer_hour', name: '志愿服务（每小时）', points: 10, cap: 200, cap_period: 'month', sort: 3 },
  { code: 'agreement_kept', name: '履行调解协议', points: 10, cap: 20, cap_period: 'year', sort: 4 },
  { code: 'good_deed', name: '好人好事获表彰', points: 20, cap: 100, cap_period: 'year', sort: 5 },
];

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('point_rule')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('cap', 'integer')
    .addColumn('cap_period', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  const at = new Date(0).toISOString();
  await db
    .insertInto('point_rule')
    .values(RULES.map((r) => ({ ...r, active: 1, updated_by: null, updated_at: at })))
    .execute();

  await db.schema
    .createTable('point_account')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('app_user.id'))
    .addColumn('unit_id', 'integer', (c) => c.references('org_unit.id'))
    .addColumn('unit_path', 'text')
    .addColumn('balance', 'integer', (c) => c.notNull())
    .addColumn('earned', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('point_account_balance_ck', sql`balance >= 0`)
    .execute();
  await db.schema.createIndex('point_account_unit_idx').on('point_account').columns(['unit_path', 'earned']).execute();

  await db.schema
    .createTable('point_reward')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('cost', 'integer', (c) => c.notNull())
    .addColumn('stock', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('point_reward_stock_ck', sql`stock >= 0`)
    .execute();
  await db.schema.createIndex('point_reward_unit_idx').on('point_reward').columns(['unit_path']).execute();

  await db.schema
    .createTable('point_redemption')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('reward_id', 'integer', (c) => c.notNull().references('point_reward.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('cost', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('handed_over_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('handed_over_at', 'text')
    .execute();
  await db.schema.createIndex('point_redemption_code_uq').unique().on('point_redemption').column('code').execute();
  await db.schema.createIndex('point_redemption_user_idx').on('point_redemption').columns(['user_id', 'id']).execute();

  await db.schema
    .createTable('point_entry')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('rule_code', 'text')
    .addColumn('source_key', 'text')
    .addColumn('cap_period_key', 'text')
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('balance_after', 'integer', (c) => c.notNull())
    .addColumn('redemption_id', 'integer', (c) => c.references('point_redemption.id'))
    .addColumn('reason', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Once per source event: the rule, the event and the holder (NULLs — spends, adjustments — never clash).
  await db.schema
    .createIndex('point_entry_source_uq')
    .unique()
    .on('point_entry')
    .columns(['rule_code', 'source_key', 'user_id'])
    .execute();
  await db.schema.createIndex('point_entry_user_idx').on('point_entry').columns(['user_id', 'id']).execute();
  await db.schema
    .createIndex('point_entry_cap_idx')
    .on('point_entry')
    .columns(['user_id', 'rule_code', 'cap_period_key'])
    .execute();

  await db.schema
    .createTable('recognition')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('nominee_name', 'text', (c) => c.notNull())
    .addColumn('nominee_user_id', 'integer', (c) => c.references('app_user.id'))
    .addColumn('deed', 'text', (c) => c.notNull())
    .addColumn('nominated_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('nominated_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reviewed_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('reviewed_at', 'text')
    .addColumn('review_reason', 'text')
    .addColumn('points_credited', 'integer')
    .execute();
  await db.schema.createIndex('recognition_unit_idx').on('recognition').columns(['status', 'unit_path']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('recognition').execute();
  await db.schema.dropTable('point_entry').execute();
  await db.schema.dropTable('point_redemption').execute();
  await db.schema.dropTable('point_reward').execute();
  await db.schema.dropTable('point_account').execute();
  await db.schema.dropTable('point_rule').execute();
}
