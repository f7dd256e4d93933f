// Kysely over the points tables: the rules, the balances (guarded updates only), the append-only
// ledger, the rewards and the redemptions. Plain functions taking the database or a transaction.
import { sql } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import type { CapPeriod, LedgerKind, PointRuleCode, RedemptionStatus } from '../../../common/points.ts';

type Executor = Db | Trx;

export interface RuleRow {
  code: PointRuleCode;
  name: string;
  points: number;
  cap: number | null;
  capPeriod: CapPeriod;
  active: boolean;
  sort: number;
  updatedAt: string;
}

const toRule = (r: {
  code: string;
  name: string;
  points: number;
  cap: number | null;
  cap_period: string;
  active: number;
  sort: number;
  updated_at: string;
}): RuleRow => ({
  code: r.code as PointRuleCode,
  name: r.name,
  points: Number(r.points),
  cap: r.cap === null ? null : Number(r.cap),
  capPeriod: r.cap_period as CapPeriod,
  active: Number(r.active) === 1,
  sort: Number(r.sort),
  updatedAt: r.updated_at,
});

export async function listRules(db: Executor): Promise<RuleRow[]> {
  return (await db.selectFrom('point_rule').selectAll().orderBy('sort').execute()).map(toRule);
}

export async function findRule(db: Executor, code: string): Promise<RuleRow | undefined> {
  const row = await db.selectFrom('point_rule').selectAll().where('code', '=', code).executeTakeFirst();
  return row ? toRule(row) : undefined;
}

export async function updateRule(
  trx: Trx,
  rule: { code: string; name: string; points: number; cap: number | null; capPeriod: CapPeriod; active: boolean },
  by: number,
  at: string,
): Promise<boolean> {
  const r = await trx
    .updateTable('point_rule')
    .set({
      name: rule.name,
      points: rule.points,
      cap: rule.cap,
      cap_period: rule.capPeriod,
      active: rule.active ? 1 : 0,
      updated_by: by,
      updated_at: at,
    })
    .where('code', '=', rule.code)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------------------------------------
// Balances and the ledger.

export interface AccountRow {
  userId: number;
  unitId: number | null;
  unitPath: string | null;
  balance: number;
  earned: number;
}

export async function findAccount(db: Executor, userId: number): Promise<AccountRow | undefined> {
  const r = await db.selectFrom('point_account').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return r
    ? {
        userId: r.user_id,
        unitId: r.unit_id,
        unitPath: r.unit_path,
        balance: Number(r.balance),
        earned: Number(r.earned),
      }
    : undefined;
}

/**
 * The holder's balance row, created at zero if new, and held for the rest of the transaction (a
 * no-op update takes the row lock on PostgreSQL; SQLite runs one writer at a time): one holder's
 * earnings queue here, so the cap and the balance are read after the previous one committed.
 */
export async function holdAccount(
  trx: Trx,
  userId: number,
  home: { unitId: number; unitPath: string } | null,
  at: string,
): Promise<AccountRow> {
  await trx
    .insertInto('point_account')
    .values({
      user_id: userId,
      unit_id: home?.unitId ?? null,
      unit_path: home?.unitPath ?? null,
      balance: 0,
      earned: 0,
      updated_at: at,
    })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
  const r = await trx
    .updateTable('point_account')
    .set(home ? { unit_id: home.unitId, unit_path: home.unitPath, updated_at: at } : { updated_at: at })
    .where('user_id', '=', userId)
    .returning(['user_id', 'unit_id', 'unit_path', 'balance', 'earned'])
    .executeTakeFirstOrThrow();
  return {
    userId: r.user_id,
    unitId: r.unit_id,
    unitPath: r.unit_path,
    balance: Number(r.balance),
    earned: Number(r.earned),
  };
}

/** Adds `amount` (positive) to the balance and, when `earned`, to what the leaderboard counts. */
export async function credit(trx: Trx, userId: number, amount: number, earned: boolean, at: string): Promise<number> {
  const r = await trx
    .updateTable('point_account')
    .set((eb) => ({
      balance: eb('balance', '+', amount),
      earned: earned ? eb('earned', '+', amount) : eb.ref('earned'),
      updated_at: at,
    }))
    .where('user_id', '=', userId)
    .returning('balance')
    .executeTakeFirstOrThrow();
  return Number(r.balance);
}

/**
 * Takes `amount` (positive) off the balance only if the balance holds it — one guarded update, so
 * two spends racing for the last points cannot both pass. The new balance, or null when refused.
 * `lowersEarned`: a correction (negative adjustment) also lowers what the leaderboard counts.
 */
export async function debit(
  trx: Trx,
  userId: number,
  amount: number,
  at: string,
  lowersEarned = false,
): Promise<number | null> {
  const r = await trx
    .updateTable('point_account')
    .set((eb) => ({
      balance: eb('balance', '-', amount),
      earned: lowersEarned
        ? sql<number>`case when earned >= ${amount} then earned - ${amount} else 0 end`
        : eb.ref('earned'),
      updated_at: at,
    }))
    .where('user_id', '=', userId)
    .where('balance', '>=', amount)
    .returning('balance')
    .executeTakeFirst();
  return r ? Number(r.balance) : null;
}

/** What the holder already earned by `rule` in the cap's period. */
export async function earnedInPeriod(trx: Trx, userId: number, rule: string, periodKey: string): Promise<number> {
  const r = await trx
    .selectFrom('point_entry')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), sql<number>`0`).as('total'))
    .where('user_id', '=', userId)
    .where('rule_code', '=', rule)
    .where('cap_period_key', '=', periodKey)
    .executeTakeFirst();
  return Number(r?.total ?? 0);
}

export interface NewEntry {
  userId: number;
  kind: LedgerKind;
  ruleCode?: string | null;
  sourceKey?: string | null;
  capPeriodKey?: string | null;
  amount: number;
  balanceAfter: number;
  redemptionId?: number | null;
  reason?: string | null;
  createdBy?: number | null;
  at: string;
}

/**
 * Appends a ledger entry; an earning already recorded for the same (rule, source event, holder) is
 * ignored by the unique index (insert … on conflict do nothing, on both databases). The new
 * entry's id, or null when it was a repeat.
 */
export async function appendEntry(trx: Trx, e: NewEntry): Promise<number | null> {
  const r = await trx
    .insertInto('point_entry')
    .values({
      user_id: e.userId,
      kind: e.kind,
      rule_code: e.ruleCode ?? null,
      source_key: e.sourceKey ?? null,
      cap_period_key: e.capPeriodKey ?? null,
      amount: e.amount,
      balance_after: e.balanceAfter,
      redemption_id: e.redemptionId ?? null,
      reason: e.reason ?? null,
      created_by: e.createdBy ?? null,
      created_at: e.at,
    })
    .onConflict((oc) => oc.columns(['rule_code', 'source_key', 'user_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r ? r.id : null;
}

export interface EntryRow {
  id: number;
  userId: number;
  kind: LedgerKind;
  ruleCode: PointRuleCode | null;
  sourceKey: string | null;
  amount: number;
  balanceAfter: number;
  redemptionId: number | null;
  reason: string | null;
  createdBy: number | null;
  createdAt: string;
}

export async function listEntries(db: Executor, userId: number, limit: number): Promise<EntryRow[]> {
  const rows = await db
    .selectFrom('point_entry')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    kind: r.kind as LedgerKind,
    ruleCode: r.rule_code as PointRuleCode | null,
    sourceKey: r.source_key,
    amount: Number(r.amount),
    balanceAfter: Number(r.balance_after),
    redemptionId: r.redemption_id,
    reason: r.reason,
    createdBy: r.created_by,
    createdAt: r.created_at,
  }));
}

/** The holders of a village (or any region) ranked by points earned; ties by who got there first. */
export async function leaderboard(db: Executor, unitPath: string, limit: number): Promise<AccountRow[]> {
  const rows = await db
    .selectFrom('point_account')
    .selectAll()
    .where('unit_path', '>=', unitPath)
    .where('unit_path', '<', subtreeUpperBound(unitPath))
    .where('earned', '>', 0)
    .orderBy('earned', 'desc')
    .orderBy('updated_at')
    .orderBy('user_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    unitId: r.unit_id,
    unitPath: r.unit_path,
    balance: Number(r.balance),
    earned: Number(r.earned),
  }));
}

// ---------------------------------------------------------------------------------------------
// Rewards and redemptions.

export interface RewardRow {
  id: number;
  unitId: number;
  unitPath: string;
  name: string;
  description: string | null;
  cost: number;
  stock: number;
  active: boolean;
  createdAt: string;
}

const toReward = (r: {
  id: number;
  unit_id: number;
  unit_path: string;
  name: string;
  description: string | null;
  cost: number;
  stock: number;
  active: number;
  created_at: string;
}): RewardRow => ({
  id: r.id,
  unitId: r.unit_id,
  unitPath: r.unit_path,
  name: r.name,
  description: r.description,
  cost: Number(r.cost),
  stock: Number(r.stock),
  active: Number(r.active) === 1,
  createdAt: r.created_at,
});

export async function findReward(db: Executor, id: number): Promise<RewardRow | undefined> {
  const r = await db.selectFrom('point_reward').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toReward(r) : undefined;
}

/** Rewards whose unit is one of `unitPaths` exactly (a resident's home and its ancestors). */
export async function rewardsAt(db: Executor, unitPaths: string[], activeOnly: boolean): Promise<RewardRow[]> {
  if (unitPaths.length === 0) return [];
  let q = db.selectFrom('point_reward').selectAll().where('unit_path', 'in', unitPaths);
  if (activeOnly) q = q.where('active', '=', 1);
  return (await q.orderBy('cost').orderBy('id').execute()).map(toReward);
}

/** Rewards of units inside any of `roots`. */
export async function rewardsWithin(db: Executor, roots: string[], limit: number): Promise<RewardRow[]> {
  if (roots.length === 0) return [];
  const rows = await db
    .selectFrom('point_reward')
    .selectAll()
    .where((eb) =>
      eb.or(roots.map((p) => eb.and([eb('unit_path', '>=', p), eb('unit_path', '<', subtreeUpperBound(p))]))),
    )
    .orderBy('unit_path')
    .orderBy('cost')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toReward);
}

export async function insertReward(
  trx: Trx,
  r: { unitId: number; unitPath: string; name: string; description: string | null; cost: number; stock: number },
  by: number,
  at: string,
): Promise<number> {
  const row = await trx
    .insertInto('point_reward')
    .values({
      unit_id: r.unitId,
      unit_path: r.unitPath,
      name: r.name,
      description: r.description,
      cost: r.cost,
      stock: r.stock,
      active: 1,
      created_by: by,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateReward(
  trx: Trx,
  id: number,
  patch: { stock?: number; cost?: number; active?: boolean; name?: string; description?: string | null },
  at: string,
): Promise<void> {
  await trx
    .updateTable('point_reward')
    .set({
      ...(patch.stock !== undefined ? { stock: patch.stock } : {}),
      ...(patch.cost !== undefined ? { cost: patch.cost } : {}),
      ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}

/** Takes one off the stock only if there is one and the reward is offered: true when taken. */
export async function takeOneFromStock(trx: Trx, rewardId: number, at: string): Promise<boolean> {
  const r = await trx
    .updateTable('point_reward')
    .set((eb) => ({ stock: eb('stock', '-', 1), updated_at: at }))
    .where('id', '=', rewardId)
    .where('stock', '>=', 1)
    .where('active', '=', 1)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface RedemptionRow {
  id: number;
  rewardId: number;
  userId: number;
  unitPath: string;
  cost: number;
  code: string;
  status: RedemptionStatus;
  createdAt: string;
  handedOverBy: number | null;
  handedOverAt: string | null;
}

const toRedemption = (r: {
  id: number;
  reward_id: number;
  user_id: number;
  unit_path: string;
  cost: number;
  code: string;
  status: string;
  created_at: string;
  handed_over_by: number | null;
  handed_over_at: string | null;
}): RedemptionRow => ({
  id: r.id,
  rewardId: r.reward_id,
  userId: r.user_id,
  unitPath: r.unit_path,
  cost: Number(r.cost),
  code: r.code,
  status: r.status as RedemptionStatus,
  createdAt: r.created_at,
  handedOverBy: r.handed_over_by,
  handedOverAt: r.handed_over_at,
});

export async function insertRedemption(
  trx: Trx,
  r: { rewardId: number; userId: number; unitPath: string; cost: number; code: string },
  at: string,
): Promise<number> {
  const row = await trx
    .insertInto('point_redemption')
    .values({
      reward_id: r.rewardId,
      user_id: r.userId,
      unit_path: r.unitPath,
      cost: r.cost,
      code: r.code,
      status: 'issued',
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findRedemption(db: Executor, id: number): Promise<RedemptionRow | undefined> {
  const r = await db.selectFrom('point_redemption').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toRedemption(r) : undefined;
}

export async function findRedemptionByCode(db: Executor, code: string): Promise<RedemptionRow | undefined> {
  const r = await db.selectFrom('point_redemption').selectAll().where('code', '=', code).executeTakeFirst();
  return r ? toRedemption(r) : undefined;
}

export async function redemptionsOf(db: Executor, userId: number, limit: number): Promise<RedemptionRow[]> {
  const rows = await db
    .selectFrom('point_redemption')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRedemption);
}

/** Marks the redemption handed over only if it was not yet: true when this call did it. */
export async function markHandedOver(trx: Trx, id: number, by: number, at: string): Promise<boolean> {
  const r = await trx
    .updateTable('point_redemption')
    .set({ status: 'handed_over', handed_over_by: by, handed_over_at: at })
    .where('id', '=', id)
    .where('status', '=', 'issued')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function rewardNames(db: Executor, ids: number[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('point_reward').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
