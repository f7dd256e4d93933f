// The dashboard's figures for a window: whole Beijing days of a region-scoped caller come from the
// rollups (kept exact by triggers), the rest of the window and every other scope is counted from
// the cases themselves — both by the rules of kpi.ts, so the two parts always add up.
import type { Db } from '../../context.ts';
import type { DialectName } from '../../platform/db/database.ts';
import { beijingDay } from '../../platform/calendar/working-days.ts';
import type { CaseStatus } from '../../../common/workflow.ts';
import { COUNTED_KPIS, type CountedKpi, type KpiCounts } from './kpi.ts';
import type { Period } from './stats-period.ts';
import {
  countByCategory,
  countByPeriod,
  countByStatus,
  countByUnit,
  countKpis,
  type StatsFilter,
  type UnitBucket,
} from './stats.repository.ts';
import { countFromRollups, figuresFromRollups, rollupRoots } from './stats-rollups.repository.ts';

export interface CaseFigures {
  counts: KpiCounts;
  byStatus: Map<CaseStatus, number>;
  /** Most cases first, then in category order; categories without cases are left out. */
  byCategory: { code: string; name: string; count: number }[];
  byPeriod: Map<string, number>;
  byUnit: Map<number, number>;
}

const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3600_000;
const sinceBeijingMidnight = (t: number) => (((t + BEIJING_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;

interface WindowParts {
  /** Whole Beijing days [fromDay, toDay) of these regions come from the rollups. */
  rollup: { roots: string[]; fromDay?: string | undefined; toDay?: string | undefined } | null;
  /** The rest, counted from the cases. */
  live: StatsFilter[];
}

function windowParts(filter: StatsFilter, units: UnitBucket[]): WindowParts {
  const from = filter.createdFrom === undefined ? -Infinity : Date.parse(filter.createdFrom);
  const to = filter.createdTo === undefined ? Infinity : Date.parse(filter.createdTo);
  const firstDay = Number.isFinite(from) ? from + ((DAY_MS - sinceBeijingMidnight(from)) % DAY_MS) : from;
  const endDay = Number.isFinite(to) ? to - sinceBeijingMidnight(to) : to;
  const roots = rollupRoots(filter, units);
  if (roots === null || firstDay >= endDay) return { rollup: null, live: [filter] };
  const part = (start: number, end: number): StatsFilter => ({
    ...filter,
    createdFrom: new Date(start).toISOString(),
    createdTo: new Date(end).toISOString(),
  });
  const live: StatsFilter[] = [];
  if (from < firstDay) live.push(part(from, firstDay));
  if (endDay < to) live.push(part(endDay, to));
  const day = (t: number) => (Number.isFinite(t) ? beijingDay(new Date(t)) : undefined);
  return { rollup: roots.length > 0 ? { roots, fromDay: day(firstDay), toDay: day(endDay) } : null, live };
}

function addCounts<N extends CountedKpi>(into: Record<N, number>, more: Record<N, number>): void {
  for (const key of Object.keys(more) as N[]) into[key] += more[key];
}

const zeroCounts = <N extends CountedKpi>(names: readonly N[]) =>
  Object.fromEntries(names.map((name) => [name, 0])) as Record<N, number>;

/** How many cases of `filter` each KPI of `names` holds for at `now`. */
export async function countCases<N extends CountedKpi>(
  db: Db,
  filter: StatsFilter,
  now: Date,
  names: readonly N[],
): Promise<Record<N, number>> {
  const { rollup, live } = windowParts(filter, []);
  const at = now.toISOString();
  const counts = zeroCounts(names);
  const parts = await Promise.all([
    ...(rollup ? [countFromRollups(db, { ...rollup, now: at, counts: names }).then((r) => r.counts)] : []),
    ...live.map((part) => countKpis(db, part, at, names)),
  ]);
  for (const part of parts) addCounts(counts, part);
  return counts;
}

/** Every dashboard figure for `filter` at `now`, in `period` buckets, for the case counts of `units`. */
export async function caseFigures(
  db: Db,
  dialect: DialectName,
  filter: StatsFilter,
  now: Date,
  period: Period,
  units: UnitBucket[],
): Promise<CaseFigures> {
  const at = now.toISOString();
  const { rollup, live } = windowParts(filter, units);
  const counts = zeroCounts(COUNTED_KPIS);
  const byStatus = new Map<CaseStatus, number>();
  const byPeriod = new Map<string, number>();
  const byUnit = new Map<number, number>();
  const categories = new Map<string, { name: string; sort: number; count: number }>();
  const addTo = <K>(map: Map<K, number>, key: K, count: number) => map.set(key, (map.get(key) ?? 0) + count);
  const addCategories = (rows: { code: string; name: string; sort: number; count: number }[]) => {
    for (const c of rows) {
      const entry = categories.get(c.code);
      if (entry) entry.count += c.count;
      else categories.set(c.code, { name: c.name, sort: c.sort, count: c.count });
    }
  };
  const fromRollups = rollup
    ? figuresFromRollups(db, { ...rollup, now: at, counts: COUNTED_KPIS, period, units }).then((figures) => {
        addCounts(counts, figures.counts);
        for (const [status, count] of figures.byStatus) addTo(byStatus, status, count);
        for (const [label, count] of figures.byPeriod) addTo(byPeriod, label, count);
        for (const [id, count] of figures.byUnit) addTo(byUnit, id, count);
        addCategories(figures.byCategory);
      })
    : Promise.resolve();
  const fromCases = live.map(async (part) => {
    const [kpis, statuses, byCategory, periods, unitCounts] = await Promise.all([
      countKpis(db, part, at, COUNTED_KPIS),
      countByStatus(db, part),
      countByCategory(db, part),
      countByPeriod(db, dialect, part, period),
      countByUnit(db, part, units),
    ]);
    addCounts(counts, kpis);
    for (const s of statuses) addTo(byStatus, s.status, s.count);
    addCategories(byCategory);
    for (const [label, count] of periods) addTo(byPeriod, label, count);
    for (const [id, count] of unitCounts) addTo(byUnit, id, count);
  });
  await Promise.all([fromRollups, ...fromCases]);
  const byCategory = [...categories.entries()]
    .filter(([, c]) => c.count > 0)
    .map(([code, c]) => ({ code, ...c }))
    .sort((a, b) => b.count - a.count || a.sort - b.sort)
    .map(({ sort: _sort, ...rest }) => rest);
  return { counts, byStatus, byCategory, byPeriod, byUnit };
}

/**
 * The self-reported satisfaction of a region for a window, as the dashboard counts it (cases
 * registered in [from, to), kpi.ts's `satisfied` over `rated`): what third-party evaluation checks.
 */
export async function satisfactionCounts(
  db: Db,
  regionPath: string,
  window: { from: string; to: string },
  now: Date,
): Promise<{ satisfied: number; rated: number }> {
  return countCases(
    db,
    {
      scope: { regionPaths: [regionPath], handlerUnitIds: [], reporterUserId: null },
      createdFrom: window.from,
      createdTo: window.to,
    },
    now,
    ['satisfied', 'rated'] as const,
  );
}
