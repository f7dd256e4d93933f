// Pure: the rollup rows of given cases, by the KPI rules of kpi.ts, as the triggers keep them —
// for a bulk load that adds its cases itself, and for the tests that hold the triggers to it.
//   case_stat_status   (region, Beijing day of registration, status): n and the counters below,
//                      regions down to the village (the first 5 of a case's path);
//   case_stat_category (region, category, day): n, down to the township (the first 4);
//   case_stat_open     (region, day, status, stage deadline, handle deadline): n of open cases,
//                      down to the township — the deadlines in the key let a reader count what is
//                      overdue at any time (migration 2026-12-03T1000).
import { beijingDay } from '../../platform/calendar/working-days.ts';
import { pathIds } from '../../platform/db/subtree.ts';
import { holdsOn, KPIS, type KpiCase, type KpiName } from './kpi.ts';
import type { CaseStatStatusTable } from './stats.table.ts';

export const STATUS_DEPTH = 5;
export const CATEGORY_DEPTH = 4;
export const OPEN_DEPTH = 4;

export type StatusCounter = Exclude<keyof CaseStatStatusTable, 'region_path' | 'day' | 'status' | 'n'>;

/** The counters of case_stat_status and the KPI each counts. */
export const STATUS_COUNTERS = {
  responded: 'responded',
  rated: 'rated',
  satisfied: 'satisfied',
  resolved_with_deadline: 'resolvedWithDeadline',
  resolved_on_time: 'handledOnTime',
} as const satisfies Record<StatusCounter, KpiName>;
const COUNTERS = Object.keys(STATUS_COUNTERS) as StatusCounter[];

/** What the rollups count of one case: its row's columns and its timeline's verdict. */
export interface CaseStatInput extends Pick<
  KpiCase,
  'status' | 'rating' | 'resolved_at' | 'handle_deadline' | 'stage_deadline'
> {
  region_path: string;
  created_at: string;
  category_code: string;
  /** KPIS.responded over its timeline (the loader holds the events). */
  responded: boolean;
}

export type StatusRow = {
  region_path: string;
  day: string;
  status: KpiCase['status'];
  n: number;
} & Record<StatusCounter, number>;

export interface CategoryRow {
  region_path: string;
  day: string;
  category_code: string;
  n: number;
}

export interface OpenRow {
  region_path: string;
  day: string;
  status: KpiCase['status'];
  /** '' for none: key columns are never NULL. */
  stage_deadline: string;
  handle_deadline: string;
  n: number;
}

export interface RollupRows {
  status: Map<string, StatusRow>;
  category: Map<string, CategoryRow>;
  open: Map<string, OpenRow>;
}

/** The regions a case counts in: the first `depth` prefixes of its path. */
function regionsOf(path: string, depth: number): string[] {
  let prefix = '/';
  return pathIds(path)
    .slice(0, depth)
    .map((id) => (prefix += `${id}/`));
}

function counterOf(counter: StatusCounter, c: CaseStatInput): boolean {
  const kpi = STATUS_COUNTERS[counter];
  return kpi === 'responded' ? c.responded : holdsOn(KPIS[kpi].rule, c);
}

/** The rollup rows of `cases`, keyed by their key columns. */
export function rollupRowsOf(cases: Iterable<CaseStatInput>): RollupRows {
  // Bulk loads call this for a million cases: rows per region, each case's keys made once, and
  // counters in arrays while counting.
  type StatusCount = { region: string; day: string; status: KpiCase['status']; counts: number[] };
  const byRegion = new Map<
    string,
    { status: Map<string, StatusCount>; category: Map<string, CategoryRow>; open: Map<string, OpenRow> }
  >();
  const regionCache = new Map<string, string[]>();
  const counts = new Array<number>(COUNTERS.length + 1).fill(0);
  for (const c of cases) {
    const day = beijingDay(new Date(c.created_at));
    counts[0] = 1;
    for (let i = 0; i < COUNTERS.length; i++) counts[i + 1] = counterOf(COUNTERS[i]!, c) ? 1 : 0;
    const stage = c.stage_deadline ?? '';
    const handle = c.handle_deadline ?? '';
    const statusKey = `${day} ${c.status}`;
    const categoryKey = `${c.category_code} ${day}`;
    const openKey = holdsOn(KPIS.open.rule, c) ? `${statusKey} ${stage} ${handle}` : null;
    let regions = regionCache.get(c.region_path);
    if (regions === undefined) regionCache.set(c.region_path, (regions = regionsOf(c.region_path, STATUS_DEPTH)));
    for (let depth = 0; depth < regions.length; depth++) {
      const region = regions[depth]!;
      let rows = byRegion.get(region);
      if (!rows) byRegion.set(region, (rows = { status: new Map(), category: new Map(), open: new Map() }));
      let row = rows.status.get(statusKey);
      if (!row) rows.status.set(statusKey, (row = { region, day, status: c.status, counts: counts.map(() => 0) }));
      for (let i = 0; i < counts.length; i++) row.counts[i]! += counts[i]!;
      if (depth < CATEGORY_DEPTH) {
        const entry = rows.category.get(categoryKey);
        if (entry) entry.n += 1;
        else rows.category.set(categoryKey, { region_path: region, day, category_code: c.category_code, n: 1 });
      }
      if (openKey !== null && depth < OPEN_DEPTH) {
        const entry = rows.open.get(openKey);
        if (entry) entry.n += 1;
        else
          rows.open.set(openKey, {
            region_path: region,
            day,
            status: c.status,
            stage_deadline: stage,
            handle_deadline: handle,
            n: 1,
          });
      }
    }
  }
  const result: RollupRows = { status: new Map(), category: new Map(), open: new Map() };
  for (const [region, rows] of byRegion) {
    for (const [key, row] of rows.status) {
      const counters = Object.fromEntries(COUNTERS.map((counter, i) => [counter, row.counts[i + 1]!]));
      result.status.set(`${region} ${key}`, {
        region_path: region,
        day: row.day,
        status: row.status,
        n: row.counts[0]!,
        ...(counters as Record<StatusCounter, number>),
      });
    }
    for (const [key, row] of rows.category) result.category.set(`${region} ${key}`, row);
    for (const [key, row] of rows.open) result.open.set(`${region} ${key}`, row);
  }
  return result;
}
