// Rankings kept (ADR 0022): computing a ranking reads every case of the period and of the period
// before (seconds at a million cases), so GET /api/v1/rankings answers from a row of
// ranking_snapshot per (level, unit, period, scheme version) while it is younger than
// `rankingsMaxAgeSeconds`. An older row is still served while ONE background computation replaces
// it: one per key in a process (single flight), and one across processes (whoever sets the row's
// `refreshing_until` lease first computes; the others keep serving the old row). Only a key
// without a row is computed while the caller waits, once however many ask at the same moment.
// A new scheme version or a recompute of scores forgets every kept row. In front of the rows, a
// per-process memo of MEMO_MS answers warm requests without asking the database anything.
import type { AppContext, Db } from '../../context.ts';
import { beijingDay } from '../../platform/calendar/working-days.ts';
import type { ReportPeriod } from '../../../common/period.ts';
import { computeRankings, type RankingLevel, type RankingTable } from './rankings.ts';
import { schemeInForce } from './scheme.repository.ts';

/** How long a process may take to refresh a row before another may take over (it died, say). */
export const REFRESH_LEASE_MS = 10 * 60_000;

export interface RankingKey {
  level: RankingLevel;
  withinUnit: { id: number; path: string };
  period: ReportPeriod;
}

export interface KeptRankings {
  table: RankingTable;
  /** When the table was computed (ISO): the figures are as of then. */
  computedAt: string;
}

/**
 * In front of the kept rows, per process: the last table read or computed per key, for at most
 * MEMO_MS — a warm request then asks the database nothing (the scheme in force included). Another
 * process's new scheme version or recompute reaches this one within MEMO_MS; this process's own
 * forget them at once (the generation below).
 */
export const MEMO_MS = 30_000;
interface Memo {
  kept: KeptRankings;
  /** This process's clock when the entry was stored. */
  storedAt: number;
  generation: number;
}
const memos = new WeakMap<AppContext, Map<string, Memo>>();
let generation = 0;
function memoOf(ctx: AppContext): Map<string, Memo> {
  let map = memos.get(ctx);
  if (!map) memos.set(ctx, (map = new Map<string, Memo>()));
  return map;
}
function remember(ctx: AppContext, id: string, kept: KeptRankings): KeptRankings {
  const map = memoOf(ctx);
  // Bounded: the keys a console asks for are few; a burst of odd periods must not grow the heap.
  if (map.size >= 500) map.clear();
  map.set(id, { kept, storedAt: ctx.clock.now().getTime(), generation });
  return kept;
}

/** Per context (one app, its database): the computations under way, by key. */
const inFlight = new WeakMap<AppContext, Map<string, Promise<KeptRankings>>>();
function flights(ctx: AppContext): Map<string, Promise<KeptRankings>> {
  let map = inFlight.get(ctx);
  if (!map) inFlight.set(ctx, (map = new Map<string, Promise<KeptRankings>>()));
  return map;
}

/** Runs `work` unless a computation of `id` is under way in this process; then shares it. */
function singleFlight(ctx: AppContext, id: string, work: () => Promise<KeptRankings>): Promise<KeptRankings> {
  const map = flights(ctx);
  const pending = map.get(id);
  if (pending) return pending;
  const run = work().finally(() => map.delete(id));
  map.set(id, run);
  return run;
}

interface RowKey {
  level: string;
  within_unit_id: number;
  period_from: string;
  period_to: string;
  scheme_id: number;
}

function keyed(db: Db, key: RowKey) {
  return db
    .selectFrom('ranking_snapshot')
    .where('level', '=', key.level)
    .where('within_unit_id', '=', key.within_unit_id)
    .where('period_from', '=', key.period_from)
    .where('period_to', '=', key.period_to)
    .where('scheme_id', '=', key.scheme_id);
}

function keyedUpdate(db: Db, key: RowKey) {
  return db
    .updateTable('ranking_snapshot')
    .where('level', '=', key.level)
    .where('within_unit_id', '=', key.within_unit_id)
    .where('period_from', '=', key.period_from)
    .where('period_to', '=', key.period_to)
    .where('scheme_id', '=', key.scheme_id);
}

/** Computes the ranking now and keeps it (replacing what was kept for the key). */
async function computeAndKeep(
  ctx: AppContext,
  key: RankingKey,
  rowKey: RowKey,
  readDb: Db = ctx.db,
): Promise<KeptRankings> {
  const now = ctx.clock.now();
  const table = await computeRankings(readDb, { ...key, now });
  const computedAt = now.toISOString();
  // Keyed by the scheme the computation actually used (a version added meanwhile forgets all rows).
  const row = { ...rowKey, scheme_id: table.scheme.id, body: keep(table), computed_at: computedAt };
  await ctx.db
    .insertInto('ranking_snapshot')
    .values({ ...row, refreshing_until: null })
    .onConflict((oc) =>
      oc
        .columns(['level', 'within_unit_id', 'period_from', 'period_to', 'scheme_id'])
        .doUpdateSet({ body: row.body, computed_at: row.computed_at, refreshing_until: null }),
    )
    .execute();
  return { table, computedAt };
}

/**
 * Takes the row's refresh lease for this process: true when nobody else holds it (and the row is
 * still the one this process read), so that of several processes one recomputes.
 */
async function claimRefresh(ctx: AppContext, key: RowKey, computedAt: string): Promise<boolean> {
  const now = ctx.clock.now();
  const result = await ctx.db
    .updateTable('ranking_snapshot')
    .set({ refreshing_until: new Date(now.getTime() + REFRESH_LEASE_MS).toISOString() })
    .where('level', '=', key.level)
    .where('within_unit_id', '=', key.within_unit_id)
    .where('period_from', '=', key.period_from)
    .where('period_to', '=', key.period_to)
    .where('scheme_id', '=', key.scheme_id)
    .where('computed_at', '=', computedAt)
    .where((eb) => eb.or([eb('refreshing_until', 'is', null), eb('refreshing_until', '<', now.toISOString())]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface KeptRankingsOptions {
  /** A background refresh that failed (the stale row stays; the next request tries again). */
  onError?: (error: unknown) => void;
  /**
   * Where the ranking is computed from: the read replica when the caller has one that is fresh
   * (ADR 0041). The kept row, its lease and its refresh are always the primary's (ctx.db).
   */
  readDb?: Db;
}

/**
 * The ranking of `key`: the kept row while it is fresh; a stale row (and one refresh behind it);
 * computed now when no row is kept. With `rankingsMaxAgeSeconds` 0, always computed now.
 */
export async function keptRankings(
  ctx: AppContext,
  key: RankingKey,
  options: KeptRankingsOptions = {},
): Promise<KeptRankings> {
  const maxAgeMs = ctx.config.rankingsMaxAgeSeconds * 1000;
  if (maxAgeMs === 0) {
    const now = ctx.clock.now();
    return { table: await computeRankings(options.readDb ?? ctx.db, { ...key, now }), computedAt: now.toISOString() };
  }
  const memoId = JSON.stringify([key.level, key.withinUnit.id, key.period.from, key.period.to]);
  const memo = memoOf(ctx).get(memoId);
  const nowMs = ctx.clock.now().getTime();
  if (
    memo &&
    memo.generation === generation &&
    nowMs - memo.storedAt < MEMO_MS &&
    nowMs - Date.parse(memo.kept.computedAt) <= maxAgeMs
  )
    return memo.kept;
  const scheme = await schemeInForce(ctx.db, beijingDay(new Date(key.period.from)));
  const rowKey: RowKey = {
    level: key.level,
    within_unit_id: key.withinUnit.id,
    period_from: key.period.from,
    period_to: key.period.to,
    scheme_id: scheme.id,
  };
  const id = JSON.stringify(rowKey);
  const read = await keyed(ctx.db, rowKey).select(['body', 'computed_at']).executeTakeFirst();
  // A row kept by an earlier release, in another shape, is as good as none.
  const stored = read ? parse(read.body) : null;
  const row = read && stored ? { table: stored, computed_at: read.computed_at } : undefined;
  if (!row)
    return remember(ctx, memoId, await singleFlight(ctx, id, () => computeAndKeep(ctx, key, rowKey, options.readDb)));
  const age = ctx.clock.now().getTime() - Date.parse(row.computed_at);
  if (age > maxAgeMs && !flights(ctx).has(id)) {
    // Served stale while one background computation replaces it.
    void singleFlight(ctx, id, async () => {
      if (!(await claimRefresh(ctx, rowKey, row.computed_at))) return { table: row.table, computedAt: row.computed_at };
      try {
        return await computeAndKeep(ctx, key, rowKey, options.readDb);
      } catch (error) {
        // Failed: the lease is given back, so that the next stale request (here or elsewhere) retries.
        await keyedUpdate(ctx.db, rowKey)
          .set({ refreshing_until: null })
          .execute()
          .catch(() => undefined);
        throw error;
      }
    }).catch((error: unknown) => options.onError?.(error));
  }
  const kept = { table: row.table, computedAt: row.computed_at };
  // A stale row is not remembered: the next request looks for the refreshed one.
  return age > maxAgeMs ? kept : remember(ctx, memoId, kept);
}

/**
 * The shape of a kept table: raise it whenever RankingTable gains or changes a field, so that rows
 * kept before an upgrade are computed again instead of answered without the field (a 500 from the
 * response schema). 2: ranking rows carry leaderSettled / leaderOpen (ADR 0023).
 */
export const KEPT_FORMAT = 2;
const keep = (table: RankingTable) => JSON.stringify({ format: KEPT_FORMAT, table });
function parse(body: string): RankingTable | null {
  const kept = JSON.parse(body) as { format?: unknown; table?: RankingTable };
  return kept.format === KEPT_FORMAT && kept.table ? kept.table : null;
}

/** Waits for the computations under way in this process (tests, shutdown). */
export async function rankingRefreshesSettled(ctx: AppContext): Promise<void> {
  await Promise.allSettled([...flights(ctx).values()]);
}

/** Forgets every kept ranking: a scheme version was added, or scores were recomputed. */
export async function forgetKeptRankings(db: Db): Promise<void> {
  generation++;
  await db.deleteFrom('ranking_snapshot').execute();
}
