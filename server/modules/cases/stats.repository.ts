// Kysely aggregates over cases for dashboards: every figure is a COUNT or SUM with GROUP BY in the
// database, on the same scope condition as the case list, never a count over loaded rows.
// Whole Beijing days of a region-scoped caller come from the rollups (case_stat_status and
// case_stat_category, kept exact by triggers: migration 2026-11-27T1600); the rest of a window
// and every other scope is counted from the cases themselves.
import { CompiledQuery, sql, type RawBuilder } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import type { DialectName } from '../../platform/db/database.ts';
import { isWithin, pathIds, subtreeUpperBound } from '../../platform/db/subtree.ts';
import { beijingDay } from '../../platform/calendar/working-days.ts';
import { OPEN_STATUSES, type CaseStatus } from '../../../common/workflow.ts';
import type { CaseScope } from './cases.policy.ts';
import { inCaseScope, type CaseRow } from './cases.repository.ts';
import { bucketOf, type Period } from './stats-period.ts';

export interface StatsFilter {
  scope: CaseScope;
  /** Cases registered in [createdFrom, createdTo), ISO instants. */
  createdFrom: string;
  createdTo: string;
  withinPath?: string | undefined;
}

/** Region subtrees to count cases in, one row each. */
export interface UnitBucket {
  id: number;
  path: string;
}

export interface CaseTotals {
  total: number;
  notCancelled: number;
  resolvedOrClosed: number;
  responded: number;
  rated: number;
  satisfied: number;
  resolvedWithDeadline: number;
  resolvedOnTime: number;
}

function scopedCases(db: Db, filter: StatsFilter) {
  let query = db
    .selectFrom('case_record')
    .where((eb) => inCaseScope(eb, filter.scope))
    .where('case_record.created_at', '>=', filter.createdFrom)
    .where('case_record.created_at', '<', filter.createdTo);
  if (filter.withinPath) {
    query = query
      .where('case_record.region_path', '>=', filter.withinPath)
      .where('case_record.region_path', '<', subtreeUpperBound(filter.withinPath));
  }
  return query;
}

/** COUNT/SUM results are bigint (a string) on PostgreSQL and a number on SQLite. */
const n = (value: unknown): number => Number(value ?? 0);

const countIf = (condition: RawBuilder<unknown>) => sql<string>`sum(case when ${condition} then 1 else 0 end)`;

export async function caseTotals(db: Db, filter: StatsFilter): Promise<CaseTotals> {
  const row = await scopedCases(db, filter)
    .select((eb) => [
      eb.fn.countAll<string>().as('total'),
      countIf(sql`case_record.status <> 'cancelled'`).as('not_cancelled'),
      countIf(sql`case_record.status in ('resolved', 'closed')`).as('resolved_or_closed'),
      // Responded: dispatched or accepted at some point, or resolved on the spot (from registered).
      countIf(
        sql`exists (select 1 from case_event e where e.case_id = case_record.id and (e.action in ('dispatch', 'accept') or (e.action = 'resolve' and e.from_status = 'registered')))`,
      ).as('responded'),
      countIf(sql`case_record.rating is not null`).as('rated'),
      countIf(sql`case_record.rating in ('satisfied', 'basically_satisfied')`).as('satisfied'),
      countIf(sql`case_record.resolved_at is not null and case_record.handle_deadline is not null`).as(
        'resolved_with_deadline',
      ),
      countIf(
        sql`case_record.resolved_at is not null and case_record.handle_deadline is not null and case_record.resolved_at <= case_record.handle_deadline`,
      ).as('resolved_on_time'),
    ])
    .executeTakeFirst();
  return {
    total: n(row?.total),
    notCancelled: n(row?.not_cancelled),
    resolvedOrClosed: n(row?.resolved_or_closed),
    responded: n(row?.responded),
    rated: n(row?.rated),
    satisfied: n(row?.satisfied),
    resolvedWithDeadline: n(row?.resolved_with_deadline),
    resolvedOnTime: n(row?.resolved_on_time),
  };
}

export async function countByStatus(db: Db, filter: StatsFilter): Promise<{ status: CaseStatus; count: number }[]> {
  const rows = await scopedCases(db, filter)
    .select((eb) => ['case_record.status', eb.fn.countAll<string>().as('count')])
    .groupBy('case_record.status')
    .execute();
  return rows.map((r) => ({ status: r.status, count: n(r.count) }));
}

async function countByCategoryRows(
  db: Db,
  filter: StatsFilter,
): Promise<{ code: string; name: string; sort: number; count: number }[]> {
  const rows = await scopedCases(db, filter)
    .innerJoin('category', 'category.code', 'case_record.category_code')
    .select((eb) => ['category.code', 'category.name', 'category.sort', eb.fn.countAll<string>().as('count')])
    .groupBy(['category.code', 'category.name', 'category.sort'])
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, sort: r.sort, count: n(r.count) }));
}

/** Cases per Beijing day, week (labelled by its Monday) or month of registration. */
function periodLabel(dialect: DialectName, period: Period): RawBuilder<string> {
  if (dialect === 'sqlite') {
    switch (period) {
      case 'day':
        return sql<string>`strftime('%Y-%m-%d', case_record.created_at, '+8 hours')`;
      case 'week':
        // "weekday 0" moves to the coming Sunday (or stays on one); six days back is its Monday.
        return sql<string>`date(case_record.created_at, '+8 hours', 'weekday 0', '-6 days')`;
      case 'month':
        return sql<string>`strftime('%Y-%m', case_record.created_at, '+8 hours')`;
    }
  }
  const beijing = sql`(case_record.created_at::timestamptz at time zone 'UTC' + interval '8 hours')`;
  switch (period) {
    case 'day':
      return sql<string>`to_char(${beijing}, 'YYYY-MM-DD')`;
    case 'week':
      return sql<string>`to_char(date_trunc('week', ${beijing}), 'YYYY-MM-DD')`;
    case 'month':
      return sql<string>`to_char(${beijing}, 'YYYY-MM')`;
  }
}

export async function countByPeriod(
  db: Db,
  dialect: DialectName,
  filter: StatsFilter,
  period: Period,
): Promise<Map<string, number>> {
  const label = periodLabel(dialect, period);
  const rows = await scopedCases(db, filter)
    .select((eb) => [label.as('period'), eb.fn.countAll<string>().as('count')])
    .groupBy(label)
    .execute();
  return new Map(rows.map((r) => [r.period, n(r.count)]));
}

/** Cases located in each unit's subtree (a case placed on a unit outside all of them counts in none). */
export async function countByUnit(db: Db, filter: StatsFilter, units: UnitBucket[]): Promise<Map<number, number>> {
  if (units.length === 0) return new Map();
  const rows = await scopedCases(db, filter)
    .innerJoin('org_unit as bucket', (join) =>
      join
        .on(
          'bucket.id',
          'in',
          units.map((u) => u.id),
        )
        .onRef('case_record.region_path', '>=', 'bucket.path')
        .on(sql<boolean>`case_record.region_path < substr(bucket.path, 1, length(bucket.path) - 1) || '0'`),
    )
    .select((eb) => ['bucket.id', eb.fn.countAll<string>().as('count')])
    .groupBy('bucket.id')
    .execute();
  return new Map(rows.map((r) => [r.id, n(r.count)]));
}

/** The region units under `parentId`, in code order. */
export async function findChildRegions(db: Db, parentId: number) {
  return db
    .selectFrom('org_unit')
    .select(['id', 'name', 'path'])
    .where('parent_id', '=', parentId)
    .where('type', '=', 'region')
    .orderBy('code')
    .execute();
}

export async function findRegionsByPaths(db: Db, paths: string[]) {
  if (paths.length === 0) return [];
  return db.selectFrom('org_unit').select(['id', 'name', 'path']).where('path', 'in', paths).orderBy('code').execute();
}

// ---------------------------------------------------------------------------------------------
// Rollups

interface CaseStatStatusTable {
  region_path: string;
  day: string;
  status: CaseStatus;
  n: number;
  responded: number;
  rated: number;
  satisfied: number;
  resolved_with_deadline: number;
  resolved_on_time: number;
}

interface CaseStatCategoryTable {
  region_path: string;
  day: string;
  category_code: string;
  n: number;
}

// A type, not an interface: withTables wants an index signature.
type StatsTables = {
  case_stat_status: CaseStatStatusTable;
  case_stat_category: CaseStatCategoryTable;
  case_stat_pause: { paused_at: string };
};

const withRollups = <T extends Db | Trx>(db: T) => db.withTables<StatsTables>();

export interface CaseFigures {
  totals: CaseTotals;
  byStatus: Map<CaseStatus, number>;
  /** Most cases first, then in category order; categories without cases are left out. */
  byCategory: { code: string; name: string; count: number }[];
  byPeriod: Map<string, number>;
  byUnit: Map<number, number>;
}

/** As the triggers count: statuses down to the village (the fifth region of a path), categories
 * down to the township (the fourth). */
const STATUS_DEPTH = 5;
const CATEGORY_DEPTH = 4;
const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3600_000;
const sinceBeijingMidnight = (t: number) => (((t + BEIJING_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;

/**
 * The regions whose rollup rows add up to exactly the cases of `filter`: each scope subtree,
 * narrowed to `withinPath`. Subtrees are nested or disjoint, so the result is disjoint. Null when
 * the scope is not regions alone (assigned units, own reports) or the rollups do not reach its
 * regions or units: those are counted from the cases.
 */
function rollupRoots(filter: StatsFilter, units: UnitBucket[]): string[] | null {
  const { scope, withinPath } = filter;
  if (scope.handlerUnitIds.length > 0 || scope.reporterUserId !== null || scope.regionPaths.length === 0) return null;
  const roots = new Set<string>();
  for (const p of scope.regionPaths) {
    if (withinPath === undefined || isWithin(p, withinPath)) roots.add(p);
    else if (isWithin(withinPath, p)) roots.add(withinPath);
  }
  const reached =
    [...roots].every((root) => pathIds(root).length <= CATEGORY_DEPTH) &&
    units.every((unit) => pathIds(unit.path).length <= STATUS_DEPTH);
  return reached ? [...roots] : null;
}

const emptyTotals = (): CaseTotals => ({
  total: 0,
  notCancelled: 0,
  resolvedOrClosed: 0,
  responded: 0,
  rated: 0,
  satisfied: 0,
  resolvedWithDeadline: 0,
  resolvedOnTime: 0,
});

function addTo<K>(map: Map<K, number>, key: K, count: number): void {
  map.set(key, (map.get(key) ?? 0) + count);
}

/** Every dashboard figure for `filter`, in `period` buckets, for the case counts of `units`. */
export async function caseFigures(
  db: Db,
  dialect: DialectName,
  filter: StatsFilter,
  period: Period,
  units: UnitBucket[],
): Promise<CaseFigures> {
  const figures: CaseFigures = {
    totals: emptyTotals(),
    byStatus: new Map(),
    byCategory: [],
    byPeriod: new Map(),
    byUnit: new Map(),
  };
  const categories = new Map<string, { name: string; sort: number; count: number }>();
  const from = Date.parse(filter.createdFrom);
  const to = Date.parse(filter.createdTo);
  // Whole Beijing days inside the window come from the rollups.
  const firstDay = from + ((DAY_MS - sinceBeijingMidnight(from)) % DAY_MS);
  const endDay = to - sinceBeijingMidnight(to);
  const roots = rollupRoots(filter, units);
  const raw: [number, number][] = [];
  if (roots !== null && firstDay < endDay) {
    if (from < firstDay) raw.push([from, firstDay]);
    if (endDay < to) raw.push([endDay, to]);
    if (roots.length > 0)
      await addRollups(db, roots, beijingDay(new Date(firstDay)), beijingDay(new Date(endDay)), period, units, {
        figures,
        categories,
      });
  } else {
    raw.push([from, to]);
  }
  for (const [start, end] of raw) {
    const part: StatsFilter = {
      ...filter,
      createdFrom: new Date(start).toISOString(),
      createdTo: new Date(end).toISOString(),
    };
    const [totals, statuses, byCategory, periods, unitCounts] = await Promise.all([
      caseTotals(db, part),
      countByStatus(db, part),
      countByCategoryRows(db, part),
      countByPeriod(db, dialect, part, period),
      countByUnit(db, part, units),
    ]);
    for (const key of Object.keys(totals) as (keyof CaseTotals)[]) figures.totals[key] += totals[key];
    for (const s of statuses) addTo(figures.byStatus, s.status, s.count);
    for (const c of byCategory) {
      const entry = categories.get(c.code);
      if (entry) entry.count += c.count;
      else categories.set(c.code, { name: c.name, sort: c.sort, count: c.count });
    }
    for (const [label, count] of periods) addTo(figures.byPeriod, label, count);
    for (const [id, count] of unitCounts) addTo(figures.byUnit, id, count);
  }
  figures.byCategory = [...categories.entries()]
    .filter(([, c]) => c.count > 0)
    .map(([code, c]) => ({ code, ...c }))
    .sort((a, b) => b.count - a.count || a.sort - b.sort)
    .map(({ sort: _sort, ...rest }) => rest);
  return figures;
}

/** Adds the rollup rows of days [fromDay, toDay) in the regions `roots`. */
async function addRollups(
  database: Db,
  roots: string[],
  fromDay: string,
  toDay: string,
  period: Period,
  units: UnitBucket[],
  into: { figures: CaseFigures; categories: Map<string, { name: string; sort: number; count: number }> },
): Promise<void> {
  const db = withRollups(database);
  const { figures, categories } = into;
  const bucketPaths = [...new Set([...units.map((u) => u.path), ...roots])];
  // Few rows each way (a county's month: 6 statuses, 30 days, 44 categories, its townships).
  const inDays = <Q extends { where: (column: 'day', op: '>=' | '<', value: string) => Q }>(query: Q) =>
    query.where('day', '>=', fromDay).where('day', '<', toDay);
  const [statusRows, dayRows, categoryRows, unitRows] = await Promise.all([
    inDays(
      db
        .selectFrom('case_stat_status')
        .select((eb) => [
          'status',
          eb.fn.sum<string>('n').as('n'),
          eb.fn.sum<string>('responded').as('responded'),
          eb.fn.sum<string>('rated').as('rated'),
          eb.fn.sum<string>('satisfied').as('satisfied'),
          eb.fn.sum<string>('resolved_with_deadline').as('resolved_with_deadline'),
          eb.fn.sum<string>('resolved_on_time').as('resolved_on_time'),
        ])
        .where('region_path', 'in', roots),
    )
      .groupBy('status')
      .execute(),
    inDays(
      db
        .selectFrom('case_stat_status')
        .select((eb) => ['day', eb.fn.sum<string>('n').as('n')])
        .where('region_path', 'in', roots),
    )
      .groupBy('day')
      .execute(),
    // One range of the primary key per category (region, category, day): nothing to sort.
    db
      .selectFrom('category')
      .select((eb) => [
        'category.code',
        'category.name',
        'category.sort',
        inDays(
          eb
            .selectFrom('case_stat_category as s')
            .select((eb) => eb.fn.sum<string>('s.n').as('n'))
            .where('s.region_path', 'in', roots)
            .whereRef('s.category_code', '=', 'category.code'),
        ).as('n'),
      ])
      .execute(),
    inDays(
      db
        .selectFrom('case_stat_status')
        .select((eb) => ['region_path', eb.fn.sum<string>('n').as('n')])
        .where('region_path', 'in', bucketPaths),
    )
      .groupBy('region_path')
      .execute(),
  ]);
  const t = figures.totals;
  for (const r of statusRows) {
    const count = n(r.n);
    t.total += count;
    if (r.status !== 'cancelled') t.notCancelled += count;
    if (r.status === 'resolved' || r.status === 'closed') t.resolvedOrClosed += count;
    t.responded += n(r.responded);
    t.rated += n(r.rated);
    t.satisfied += n(r.satisfied);
    t.resolvedWithDeadline += n(r.resolved_with_deadline);
    t.resolvedOnTime += n(r.resolved_on_time);
    if (count !== 0) addTo(figures.byStatus, r.status, count);
  }
  for (const r of dayRows) {
    // Noon of that Beijing day lies in the same day, week and month.
    const count = n(r.n);
    if (count !== 0) addTo(figures.byPeriod, bucketOf(new Date(`${r.day}T12:00:00+08:00`), period), count);
  }
  for (const c of categoryRows) {
    const entry = categories.get(c.code);
    if (entry) entry.count += n(c.n);
    else categories.set(c.code, { name: c.name, sort: c.sort, count: n(c.n) });
  }
  const inRegion = new Map(unitRows.map((r) => [r.region_path, n(r.n)]));
  // A unit's cases inside the roots: all of them when it lies in a root, a root's when it holds one.
  for (const unit of units) {
    let count = 0;
    for (const root of roots) {
      if (isWithin(unit.path, root)) count += inRegion.get(unit.path) ?? 0;
      else if (isWithin(root, unit.path)) count += inRegion.get(root) ?? 0;
    }
    if (count !== 0) addTo(figures.byUnit, unit.id, count);
  }
}

/**
 * For a bulk load: the rollup triggers skip the rest of this transaction (nobody else sees the
 * pause row), and {@link addCaseStats} adds the loaded cases afterwards.
 */
export async function pauseCaseStats(trx: Trx, at: Date): Promise<void> {
  await withRollups(trx).insertInto('case_stat_pause').values({ paused_at: at.toISOString() }).execute();
}

export async function resumeCaseStats(trx: Trx): Promise<void> {
  await withRollups(trx).deleteFrom('case_stat_pause').execute();
}

/** What the rollups count of one case (the columns the triggers read, and its timeline's verdict). */
export interface CaseStatInput {
  region_path: string;
  created_at: string;
  status: CaseStatus;
  category_code: string;
  rating: string | null;
  resolved_at: string | null;
  handle_deadline: string | null;
  /** Dispatched or accepted at some point, or resolved on the spot (from registered). */
  responded: boolean;
}

const STATUS_COLUMNS = [
  'region_path',
  'day',
  'status',
  'n',
  'responded',
  'rated',
  'satisfied',
  'resolved_with_deadline',
  'resolved_on_time',
] as const;
const CATEGORY_COLUMNS = ['region_path', 'category_code', 'day', 'n'] as const;

/**
 * Adds new cases to the rollups, counted here as the triggers of migration 2026-11-27T1600
 * count them (statuses down to the village, categories down to the township), for a
 * bulk load that paused them ({@link pauseCaseStats}). A few upserts per distinct row instead of
 * a dozen per case.
 */
export async function addCaseStats(trx: Trx, dialect: DialectName, cases: CaseStatInput[]): Promise<void> {
  const statuses = new Map<string, (string | number)[]>();
  const categories = new Map<string, (string | number)[]>();
  const regionsOf = new Map<string, string[]>();
  for (const c of cases) {
    const day = beijingDay(new Date(c.created_at));
    const withDeadline = c.resolved_at !== null && c.handle_deadline !== null;
    const counts = [
      1,
      c.responded ? 1 : 0,
      c.rating !== null ? 1 : 0,
      c.rating === 'satisfied' || c.rating === 'basically_satisfied' ? 1 : 0,
      withDeadline ? 1 : 0,
      withDeadline && c.resolved_at! <= c.handle_deadline! ? 1 : 0,
    ];
    let regions = regionsOf.get(c.region_path);
    if (regions === undefined) {
      let prefix = '/';
      regions = pathIds(c.region_path)
        .slice(0, STATUS_DEPTH)
        .map((id) => (prefix += `${id}/`));
      regionsOf.set(c.region_path, regions);
    }
    regions.forEach((region, depth) => {
      const statusKey = `${region} ${day} ${c.status}`;
      const row = statuses.get(statusKey);
      if (row) for (let i = 0; i < counts.length; i++) (row[3 + i] as number) += counts[i]!;
      else statuses.set(statusKey, [region, day, c.status, ...counts]);
      if (depth < CATEGORY_DEPTH) {
        const categoryKey = `${region} ${c.category_code} ${day}`;
        const entry = categories.get(categoryKey);
        if (entry) (entry[3] as number) += 1;
        else categories.set(categoryKey, [region, c.category_code, day, 1]);
      }
    });
  }
  await upsertCounts(trx, dialect, 'case_stat_status', STATUS_COLUMNS, 3, [...statuses.values()]);
  await upsertCounts(trx, dialect, 'case_stat_category', CATEGORY_COLUMNS, 3, [...categories.values()]);
}

/** Adds `rows` to a rollup: the first `keyLength` columns are its key, the rest are summed. */
async function upsertCounts(
  trx: Trx,
  dialect: DialectName,
  table: string,
  columns: readonly string[],
  keyLength: number,
  rows: (string | number)[][],
): Promise<void> {
  const key = columns.slice(0, keyLength).join(', ');
  const sums = columns
    .slice(keyLength)
    .map((c) => `${c} = ${table}.${c} + excluded.${c}`)
    .join(', ');
  const perInsert = Math.floor(8000 / columns.length);
  for (let start = 0; start < rows.length; start += perInsert) {
    const batch = rows.slice(start, start + perInsert);
    let p = 0;
    const tuple = () => `(${columns.map(() => (dialect === 'postgres' ? `$${++p}` : '?')).join(', ')})`;
    const text = `insert into ${table} (${columns.join(', ')}) values ${batch.map(tuple).join(', ')} on conflict (${key}) do update set ${sums}`;
    await trx.executeQuery(CompiledQuery.raw(text, batch.flat()));
  }
}

/** Open cases past their running time limit, oldest deadline first. */
export async function findOverdueCases(
  db: Db,
  input: { scope: CaseScope; now: string; withinPath?: string | undefined; limit: number },
): Promise<CaseRow[]> {
  let query = db
    .selectFrom('case_record')
    .selectAll()
    .where((eb) => inCaseScope(eb, input.scope))
    .where('status', 'in', OPEN_STATUSES)
    .where('stage_deadline', '<', input.now);
  if (input.withinPath) {
    query = query
      .where('region_path', '>=', input.withinPath)
      .where('region_path', '<', subtreeUpperBound(input.withinPath));
  }
  return query.orderBy('stage_deadline').orderBy('id').limit(input.limit).execute();
}
