// Reading the rollups: whole Beijing days of a region-scoped caller's figures. Each counted KPI is
// read by its rule where the rollup's key holds the columns it needs (the status row's status; the
// open row's status and deadlines, at the time of reading), or from the counter the triggers keep
// for it — never by a condition written again here. Every read adds the base rows and the deltas
// not yet folded (ADR 0039), so a figure is exact at any moment; and everything a dashboard reads
// of the rollups — counts, statuses, days, units, categories — is one statement (the parts below).
import { sql, type AliasedSelectQueryBuilder, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../../schema.ts';
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

type RollupTable = 'case_stat_status' | 'case_stat_open' | 'case_stat_category';

/**
 * The rows of a rollup in `range`, base and pending deltas together (each an index range: a delta
 * table is indexed like its base table's key), as `r`. The delta tables have the base tables'
 * columns and are typed as them: the name alone differs.
 */
function withPending<T extends RollupTable>(db: Db, table: T, { roots, fromDay, toDay }: DayRange) {
  const rows = (name: string) =>
    db
      .selectFrom(name as 'case_stat_status')
      .selectAll()
      .where('region_path', 'in', roots)
      .$if(fromDay !== undefined, (q) => q.where('day', '>=', fromDay!))
      .$if(toDay !== undefined, (q) => q.where('day', '<', toDay!));
  return rows(table)
    .unionAll(rows(`${table}_delta`))
    .as('r') as unknown as AliasedSelectQueryBuilder<Selectable<DB[T]>, 'r'>;
}

/** What one statement reads of the rollups: each part is a grouping of its own. */
interface Parts {
  /** By status, with the status rows' counters. */
  status?: boolean;
  /** By status and deadlines (the open-case rollup). */
  open?: boolean;
  /** By day. */
  day?: boolean;
  /** By region, for these region paths (not only the roots). */
  regions?: string[];
  /** By category. */
  category?: boolean;
}

type PartName = 'status' | 'open' | 'day' | 'region' | 'category';

/** One row of the statement: its part, up to three key columns, the count and the counters. */
type PartRow = { part: PartName; k1: string; k2: string | null; k3: string | null; n: string } & Record<
  StatusCounter,
  string | null
>;

/** A part's query, whatever it reads from. */
type PartQuery = SelectQueryBuilder<DB, keyof DB, PartRow>;

const COUNTER_COLUMNS = Object.keys(STATUS_COUNTERS) as StatusCounter[];
const noText = () => sql<string | null>`cast(null as text)`;
const noCount = () => sql<string | null>`cast(null as bigint)`;
const partName = (name: PartName) => sql<PartName>`${sql.lit(name)}`;

/**
 * Reads `parts` of the rollups in `range` in one statement (a UNION ALL of one grouping per part)
 * and hands back each part's rows. One statement, not one per part: at 1M cases each statement's
 * round trip — the server's write to its socket, PostgreSQL's start of a statement — cost more than
 * its rows (ADR 0039, amended 2026-12-07).
 */
async function readParts(db: Db, range: DayRange, parts: Parts): Promise<Record<PartName, PartRow[]>> {
  /** One part: `table`'s rows in `range` grouped by up to three key columns, summed. */
  const grouping = (part: PartName, table: RollupTable, within: DayRange, keys: string[], counters = false) => {
    const key = (i: number) => (keys[i] === undefined ? noText() : sql.ref<string>(`r.${keys[i]}`));
    return db
      .selectFrom(withPending(db, table as 'case_stat_status', within))
      .select((eb) => [
        partName(part).as('part'),
        key(0).as('k1'),
        key(1).as('k2'),
        key(2).as('k3'),
        eb.fn.sum<string>('r.n').as('n'),
        ...(counters
          ? COUNTER_COLUMNS.map((c) => eb.fn.sum<string | null>(`r.${c}`).as(c))
          : COUNTER_COLUMNS.map((c) => noCount().as(c))),
      ])
      .groupBy(keys.map((k) => sql.ref(`r.${k}`)))
      .$castTo<PartRow>() as unknown as PartQuery;
  };
  /**
   * Every category with its count, its name and its place in the list: per category one range of
   * the rollup's key (region, category, day) in the base rows and one in the deltas, so the day
   * bounds narrow each range — grouped over the region, the key's order would read every day the
   * region has, the years before the window too.
   */
  const byCategory = () =>
    db
      .selectFrom('category')
      .select((eb) => [
        partName('category').as('part'),
        'category.code as k1',
        'category.name as k2',
        sql<string>`cast(${sql.ref('category.sort')} as text)`.as('k3'),
        sql<string>`${sql.join(
          (['case_stat_category', 'case_stat_category_delta'] as const).map(
            (table) =>
              sql`coalesce((${eb
                // The delta table is typed as its base table (same columns): the name alone differs.
                .selectFrom(`${table as 'case_stat_category'} as s`)
                .select((inner) => inner.fn.sum<string>('s.n').as('n'))
                .where('s.region_path', 'in', range.roots)
                .whereRef('s.category_code', '=', 'category.code')
                .$if(range.fromDay !== undefined, (q) => q.where('s.day', '>=', range.fromDay!))
                .$if(range.toDay !== undefined, (q) => q.where('s.day', '<', range.toDay!))}), 0)`,
          ),
          sql` + `,
        )}`.as('n'),
        ...COUNTER_COLUMNS.map((c) => noCount().as(c)),
      ])
      .$castTo<PartRow>() as unknown as PartQuery;
  const selects = [
    ...(parts.status ? [grouping('status', 'case_stat_status', range, ['status'], true)] : []),
    ...(parts.open ? [grouping('open', 'case_stat_open', range, ['status', 'stage_deadline', 'handle_deadline'])] : []),
    ...(parts.day ? [grouping('day', 'case_stat_status', range, ['day'])] : []),
    ...(parts.regions && parts.regions.length > 0
      ? [grouping('region', 'case_stat_status', { ...range, roots: parts.regions }, ['region_path'])]
      : []),
    ...(parts.category ? [byCategory()] : []),
  ];
  const byPart: Record<PartName, PartRow[]> = { status: [], open: [], day: [], region: [], category: [] };
  const [first, ...rest] = selects;
  if (!first) return byPart;
  const rows = await (rest.length > 0 ? first.unionAll(rest) : first).execute();
  for (const row of rows) byPart[row.part].push(row);
  return byPart;
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

/** The KPIs the rollups hold directly that `counts` adds up. */
function leavesOf(counts: readonly KpiName[]): KpiName[] {
  const expand = (name: KpiName): KpiName[] => {
    const held = HELD[name]!;
    return held.from === 'parts' ? held.parts.flatMap(expand) : [name];
  };
  return [...new Set(counts.flatMap(expand))];
}

/** Counts of the KPIs `names` from the status and open parts (each KPI by its rule or counter). */
function countsOf<N extends CountedKpi>(
  names: readonly N[],
  rows: Record<PartName, PartRow[]>,
  now: string,
): { counts: Record<N, number>; byStatus: Map<CaseStatus, number> } {
  const statusRows = rows.status;
  const leafCounts = new Map<KpiName, number>();
  for (const leaf of leavesOf(names)) {
    const held = HELD[leaf]!;
    const rule = KPIS[leaf].rule;
    let count = 0;
    if (held.from === 'status') {
      for (const r of statusRows) if (holdsOn(rule, { status: r.k1 as CaseStatus })) count += n(r.n);
    } else if (held.from === 'counter') {
      for (const r of statusRows) count += n(r[held.column]);
    } else {
      for (const r of rows.open) {
        const columns = {
          status: r.k1 as CaseStatus,
          stage_deadline: r.k2 === '' ? null : r.k2,
          handle_deadline: r.k3 === '' ? null : r.k3,
        };
        if (holdsOn(rule, columns, { now })) count += n(r.n);
      }
    }
    leafCounts.set(leaf, count);
  }
  const counts = Object.fromEntries(
    names.map((name) => [name, leavesOf([name]).reduce((sum, leaf) => sum + leafCounts.get(leaf)!, 0)]),
  ) as Record<N, number>;
  const byStatus = new Map<CaseStatus, number>();
  for (const r of statusRows) if (n(r.n) !== 0) addTo(byStatus, r.k1 as CaseStatus, n(r.n));
  return { counts, byStatus };
}

const needsOpen = (names: readonly KpiName[]) => leavesOf(names).some((leaf) => HELD[leaf]!.from === 'open');

/** Counts of the KPIs `query.counts` in the rollup rows of the roots' days. */
export async function countFromRollups<N extends CountedKpi>(
  db: Db,
  query: RollupQuery<N>,
): Promise<{ counts: Record<N, number>; byStatus: Map<CaseStatus, number> }> {
  const rows = await readParts(db, query, { status: true, open: needsOpen(query.counts) });
  return countsOf(query.counts, rows, query.now);
}

/**
 * Counts of `query.counts` and the breakdowns by status, period, category and unit from the rollup
 * rows of the roots' days: one statement.
 */
export async function figuresFromRollups<N extends CountedKpi>(
  db: Db,
  query: RollupQuery<N> & { period: Period; units: UnitBucket[] },
): Promise<{ counts: Record<N, number> } & Breakdowns> {
  const { roots, period, units } = query;
  const rows = await readParts(db, query, {
    status: true,
    open: needsOpen(query.counts),
    day: true,
    regions: [...new Set([...units.map((u) => u.path), ...roots])],
    category: true,
  });
  const { counts, byStatus } = countsOf(query.counts, rows, query.now);
  const byPeriod = new Map<string, number>();
  for (const r of rows.day) {
    // Noon of that Beijing day lies in the same day, week and month.
    const count = n(r.n);
    if (count !== 0) addTo(byPeriod, bucketOf(new Date(`${r.k1}T12:00:00+08:00`), period), count);
  }
  const byCategory = rows.category.map((r) => ({ code: r.k1, name: r.k2 ?? '', sort: Number(r.k3), count: n(r.n) }));
  const inRegion = new Map(rows.region.map((r) => [r.k1, n(r.n)]));
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
  return { counts, byStatus, byPeriod, byCategory, byUnit };
}
