// Reading the rollups: whole Beijing days of a region-scoped caller's figures. Each counted KPI is
// read by its rule where the rollup's key holds the columns it needs (the status row's status; the
// open row's status and deadlines, at the time of reading), or from the counter the triggers keep
// for it — never by a condition written again here. Every read adds the base rows and the deltas
// not yet folded (ADR 0039) in one statement, so a figure is exact at any moment.
import type { Db } from '../../context.ts';
import { isWithin, pathIds } from '../../platform/db/subtree.ts';
import type { CaseStatus } from '../../../common/workflow.ts';
import { holdsOn, inputsOf, KPIS, type CountedKpi, type KpiColumn, type KpiName } from './kpi.ts';
import { bucketOf, type Period } from './stats-period.ts';
import { n, type StatsFilter, type UnitBucket } from './stats.repository.ts';
import { CATEGORY_DEPTH, OPEN_DEPTH, STATUS_COUNTERS, STATUS_DEPTH, type StatusCounter } from './stats-rollup-rows.ts';

type Held =
  /** Its rule reads only the status: applied to each case_stat_status row. */
  | { from: 'status' }
  /** A counter of case_stat_status. */
  | { from: 'counter'; column: StatusCounter }
  /** Its rule reads the status and deadlines (and now): applied to each case_stat_open row. */
  | { from: 'open' }
  /** The sum of KPIs that never hold together. */
  | { from: 'parts'; parts: readonly KpiName[] };

const counterFor = (kpi: KpiName): Held | undefined => {
  const column = (Object.keys(STATUS_COUNTERS) as StatusCounter[]).find((c) => STATUS_COUNTERS[c] === kpi);
  return column === undefined ? undefined : { from: 'counter', column };
};

/** Where the rollups hold each KPI a figure counts (and the parts of those that are sums). */
const HELD: Partial<Record<KpiName, Held>> & Record<CountedKpi, Held> = {
  all: { from: 'status' },
  notCancelled: { from: 'status' },
  resolved: { from: 'status' },
  responded: counterFor('responded')!,
  rated: counterFor('rated')!,
  satisfied: counterFor('satisfied')!,
  handledOnTime: counterFor('handledOnTime')!,
  resolvedWithDeadline: counterFor('resolvedWithDeadline')!,
  overdueInHandling: { from: 'open' },
  handlingDue: { from: 'parts', parts: ['resolvedWithDeadline', 'overdueInHandling'] },
  overdue: { from: 'open' },
};

const STATUS_KEY: ReadonlySet<string> = new Set<KpiColumn>(['status']);
const OPEN_KEY: ReadonlySet<string> = new Set<KpiColumn | 'now'>([
  'status',
  'stage_deadline',
  'handle_deadline',
  'now',
]);
for (const [name, held] of Object.entries(HELD)) {
  const key = held.from === 'status' ? STATUS_KEY : held.from === 'open' ? OPEN_KEY : undefined;
  if (key && [...inputsOf(KPIS[name as KpiName].rule)].some((input) => !key.has(input)))
    throw new Error(`the rollups' ${held.from} rows do not hold what KPI ${name} reads`);
}

/**
 * The regions whose rollup rows add up to exactly the cases of `filter`: each scope subtree,
 * narrowed to `withinPath`. Subtrees are nested or disjoint, so the result is disjoint. Null when
 * the scope is not regions alone (assigned units, own reports) or the rollups do not reach its
 * regions or units: those are counted from the cases.
 */
export function rollupRoots(filter: StatsFilter, units: UnitBucket[]): string[] | null {
  const { scope, withinPath } = filter;
  // The rollups count every kind: a filter on kinds is counted from the cases.
  if (filter.kinds !== undefined) return null;
  if (scope.handlerUnitIds.length > 0 || scope.reporterUserId !== null || scope.regionPaths.length === 0) return null;
  const roots = new Set<string>();
  for (const p of scope.regionPaths) {
    if (withinPath === undefined || isWithin(p, withinPath)) roots.add(p);
    else if (isWithin(withinPath, p)) roots.add(withinPath);
  }
  const reached =
    [...roots].every((root) => pathIds(root).length <= Math.min(CATEGORY_DEPTH, OPEN_DEPTH)) &&
    units.every((unit) => pathIds(unit.path).length <= STATUS_DEPTH);
  return reached ? [...roots] : null;
}

/** Beijing days [fromDay, toDay) of some regions; a bound left out is open. */
interface DayRange {
  roots: string[];
  fromDay?: string | undefined;
  toDay?: string | undefined;
}

/**
 * The rows of a rollup in `range`, base and pending deltas together (each an index range: a delta
 * table is indexed like its base table's key). The delta tables have the base tables' columns and
 * are typed as them: the name alone differs.
 */
function statusWithPending(db: Db, { roots, fromDay, toDay }: DayRange) {
  const rows = (name: 'case_stat_status' | 'case_stat_status_delta') =>
    db
      .selectFrom(name as 'case_stat_status')
      .selectAll()
      .where('region_path', 'in', roots)
      .$if(fromDay !== undefined, (q) => q.where('day', '>=', fromDay!))
      .$if(toDay !== undefined, (q) => q.where('day', '<', toDay!));
  return rows('case_stat_status').unionAll(rows('case_stat_status_delta')).as('r');
}

/** {@link statusWithPending} for the open-case rollup. */
function openWithPending(db: Db, { roots, fromDay, toDay }: DayRange) {
  const rows = (name: 'case_stat_open' | 'case_stat_open_delta') =>
    db
      .selectFrom(name as 'case_stat_open')
      .selectAll()
      .where('region_path', 'in', roots)
      .$if(fromDay !== undefined, (q) => q.where('day', '>=', fromDay!))
      .$if(toDay !== undefined, (q) => q.where('day', '<', toDay!));
  return rows('case_stat_open').unionAll(rows('case_stat_open_delta')).as('r');
}

export interface RollupQuery<N extends CountedKpi> {
  roots: string[];
  /** Beijing days [fromDay, toDay); a bound left out is open. */
  fromDay?: string | undefined;
  toDay?: string | undefined;
  now: string;
  counts: readonly N[];
}

export interface Breakdowns {
  byStatus: Map<CaseStatus, number>;
  byPeriod: Map<string, number>;
  byCategory: { code: string; name: string; sort: number; count: number }[];
  byUnit: Map<number, number>;
}

const addTo = <K>(map: Map<K, number>, key: K, count: number) => map.set(key, (map.get(key) ?? 0) + count);

/** Counts of the KPIs `query.counts` in the rollup rows of the roots' days. */
export async function countFromRollups<N extends CountedKpi>(
  db: Db,
  query: RollupQuery<N>,
): Promise<{ counts: Record<N, number>; byStatus: Map<CaseStatus, number> }> {
  const { roots, fromDay, toDay } = query;
  const expand = (name: KpiName): KpiName[] => {
    const held = HELD[name]!;
    return held.from === 'parts' ? held.parts.flatMap(expand) : [name];
  };
  const leaves = [...new Set(query.counts.flatMap(expand))];
  const [statusRows, openRows] = await Promise.all([
    db
      .selectFrom(statusWithPending(db, { roots, fromDay, toDay }))
      .select((eb) => [
        'r.status',
        eb.fn.sum<string>('r.n').as('n'),
        ...(Object.keys(STATUS_COUNTERS) as StatusCounter[]).map((c) => eb.fn.sum<string>(`r.${c}`).as(c)),
      ])
      .groupBy('r.status')
      .execute(),
    leaves.some((leaf) => HELD[leaf]!.from === 'open')
      ? db
          .selectFrom(openWithPending(db, { roots, fromDay, toDay }))
          .select((eb) => ['r.status', 'r.stage_deadline', 'r.handle_deadline', eb.fn.sum<string>('r.n').as('n')])
          .groupBy(['r.status', 'r.stage_deadline', 'r.handle_deadline'])
          .execute()
      : Promise.resolve([]),
  ]);
  const leafCounts = new Map<KpiName, number>();
  for (const leaf of leaves) {
    const held = HELD[leaf]!;
    const rule = KPIS[leaf].rule;
    let count = 0;
    if (held.from === 'status') {
      for (const r of statusRows) if (holdsOn(rule, { status: r.status })) count += n(r.n);
    } else if (held.from === 'counter') {
      for (const r of statusRows) count += n(r[held.column]);
    } else {
      for (const r of openRows) {
        const columns = {
          status: r.status,
          stage_deadline: r.stage_deadline === '' ? null : r.stage_deadline,
          handle_deadline: r.handle_deadline === '' ? null : r.handle_deadline,
        };
        if (holdsOn(rule, columns, { now: query.now })) count += n(r.n);
      }
    }
    leafCounts.set(leaf, count);
  }
  const counts = Object.fromEntries(
    query.counts.map((name) => [name, expand(name).reduce((sum, leaf) => sum + leafCounts.get(leaf)!, 0)]),
  ) as Record<N, number>;
  const byStatus = new Map<CaseStatus, number>();
  for (const r of statusRows) if (n(r.n) !== 0) addTo(byStatus, r.status, n(r.n));
  return { counts, byStatus };
}

/** The rollup rows of the roots' days by period, category and unit (few rows each way). */
export async function breakdownsFromRollups(
  db: Db,
  query: {
    roots: string[];
    fromDay?: string | undefined;
    toDay?: string | undefined;
    period: Period;
    units: UnitBucket[];
  },
): Promise<Omit<Breakdowns, 'byStatus'>> {
  const { roots, fromDay, toDay, period, units } = query;
  const bucketPaths = [...new Set([...units.map((u) => u.path), ...roots])];
  const [dayRows, categoryRows, unitRows] = await Promise.all([
    db
      .selectFrom(statusWithPending(db, { roots, fromDay, toDay }))
      .select((eb) => ['r.day', eb.fn.sum<string>('r.n').as('n')])
      .groupBy('r.day')
      .execute(),
    // One range of the key per category (region, category, day) in the base rows and one in the
    // deltas: nothing to sort.
    db
      .selectFrom('category')
      .select((eb) => [
        'category.code',
        'category.name',
        'category.sort',
        ...(['case_stat_category', 'case_stat_category_delta'] as const).map((table) =>
          eb
            // The delta table is typed as its base table (same columns): the name alone differs.
            .selectFrom(`${table as 'case_stat_category'} as s`)
            .select((eb) => eb.fn.sum<string>('s.n').as('n'))
            .where('s.region_path', 'in', roots)
            .whereRef('s.category_code', '=', 'category.code')
            .$if(fromDay !== undefined, (q) => q.where('s.day', '>=', fromDay!))
            .$if(toDay !== undefined, (q) => q.where('s.day', '<', toDay!))
            .as(table === 'case_stat_category' ? 'n' : 'pending'),
        ),
      ])
      .execute(),
    db
      .selectFrom(statusWithPending(db, { roots: bucketPaths, fromDay, toDay }))
      .select((eb) => ['r.region_path', eb.fn.sum<string>('r.n').as('n')])
      .groupBy('r.region_path')
      .execute(),
  ]);
  const byPeriod = new Map<string, number>();
  for (const r of dayRows) {
    // Noon of that Beijing day lies in the same day, week and month.
    const count = n(r.n);
    if (count !== 0) addTo(byPeriod, bucketOf(new Date(`${r.day}T12:00:00+08:00`), period), count);
  }
  const byCategory = categoryRows.map((c) => ({
    code: c.code,
    name: c.name,
    sort: c.sort,
    count: n(c.n) + n((c as { pending?: unknown }).pending),
  }));
  const inRegion = new Map(unitRows.map((r) => [r.region_path, n(r.n)]));
  const byUnit = new Map<number, number>();
  // A unit's cases inside the roots: all of them when it lies in a root, a root's when it holds one.
  for (const unit of units) {
    let count = 0;
    for (const root of roots) {
      if (isWithin(unit.path, root)) count += inRegion.get(unit.path) ?? 0;
      else if (isWithin(root, unit.path)) count += inRegion.get(root) ?? 0;
    }
    if (count !== 0) addTo(byUnit, unit.id, count);
  }
  return { byPeriod, byCategory, byUnit };
}
