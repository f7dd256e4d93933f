// Live counts over the cases for dashboards: every figure is a COUNT or SUM with GROUP BY in the
// database, on the same scope condition as the case list, never a count over loaded rows; every
// KPI condition is kpi.ts's rule rendered as SQL. stats-figures.ts decides which part of a window
// is counted here and which comes from the rollups.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../context.ts';
import type { DialectName } from '../../platform/db/database.ts';
import { keptReadByKey } from '../../platform/db/kept-read.ts';
import { pathIds, subtreeUpperBound } from '../../platform/db/subtree.ts';
import type { CaseStatus } from '../../../common/workflow.ts';
import { findUnitsByIds, listUnits } from '../org/index.ts';
import type { CaseScope } from './cases.policy.ts';
import { inCaseScope, type CaseRow } from './cases.repository.ts';
import { KPIS, type KpiName } from './kpi.ts';
import { countWhere, ruleSql } from './kpi-sql.ts';
import type { Period } from './stats-period.ts';

// The bulk load's side of the rollups, where the demo and the benchmark have always found it.
export { addCaseStats, pauseCaseStats, resumeCaseStats, type CaseStatInput } from './stats-bulk.repository.ts';

export interface StatsFilter {
  scope: CaseScope;
  /** Cases registered in [createdFrom, createdTo), ISO instants; a bound left out is open. */
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  withinPath?: string | undefined;
  /** Only cases of these kinds (dispute, complaint …); counted from the cases, never the rollups. */
  kinds?: readonly string[] | undefined;
  /** Only the cases this account registered (a staff member's own reports: 队伍建设's figures). */
  createdBy?: number | undefined;
}

/** Region subtrees to count cases in, one row each. */
export interface UnitBucket {
  id: number;
  path: string;
}

/** The cases of `filter`: the case list's scope, the registration window, the region subtree. */
export function scopedCases(db: Db, filter: StatsFilter) {
  let query = db.selectFrom('case_record').where((eb) => inCaseScope(eb, filter.scope));
  if (filter.createdFrom !== undefined) query = query.where('case_record.created_at', '>=', filter.createdFrom);
  if (filter.createdTo !== undefined) query = query.where('case_record.created_at', '<', filter.createdTo);
  if (filter.createdBy !== undefined) query = query.where('case_record.created_by', '=', filter.createdBy);
  if (filter.kinds) query = query.where('case_record.kind', 'in', filter.kinds.length > 0 ? [...filter.kinds] : ['']);
  if (filter.withinPath) {
    query = query
      .where('case_record.region_path', '>=', filter.withinPath)
      .where('case_record.region_path', '<', subtreeUpperBound(filter.withinPath));
  }
  return query;
}

/** COUNT/SUM results are bigint (a string) on PostgreSQL and a number on SQLite. */
export const n = (value: unknown): number => Number(value ?? 0);

/** How many cases of `filter` each KPI holds for, at `now`. */
export async function countKpis<N extends KpiName>(
  db: Db,
  filter: StatsFilter,
  now: string,
  names: readonly N[],
): Promise<Record<N, number>> {
  if (names.length === 0) return {} as Record<N, number>;
  const row = (await scopedCases(db, filter)
    .select(names.map((name) => countWhere(KPIS[name].rule, { now }).as(name)))
    .executeTakeFirst()) as Record<string, unknown> | undefined;
  return Object.fromEntries(names.map((name) => [name, n(row?.[name])])) as Record<N, number>;
}

export async function countByStatus(db: Db, filter: StatsFilter): Promise<{ status: CaseStatus; count: number }[]> {
  const rows = await scopedCases(db, filter)
    .select((eb) => ['case_record.status', eb.fn.countAll<string>().as('count')])
    .groupBy('case_record.status')
    .execute();
  return rows.map((r) => ({ status: r.status, count: n(r.count) }));
}

export async function countByCategory(
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
  // One pass over the cases, a sum per unit (a county's townships, a township's villages).
  const row = (await scopedCases(db, filter)
    .select(
      units.map((u, i) =>
        sql<string>`sum(case when case_record.region_path >= ${u.path} and case_record.region_path < ${subtreeUpperBound(u.path)} then 1 else 0 end)`.as(
          `u${i}`,
        ),
      ),
    )
    .executeTakeFirst()) as Record<string, unknown> | undefined;
  return new Map(units.map((u, i) => [u.id, n(row?.[`u${i}`])] as const).filter(([, count]) => count !== 0));
}

/** The region units right under the region at `parentPath`, in code order. */
export async function findChildRegions(db: Db, parentPath: string) {
  const parentId = pathIds(parentPath).at(-1)!;
  // A region's children: a county's townships, a township's villages — never near the limit.
  const children = await listUnits(db, { parentId, type: 'region', scopePaths: [parentPath], limit: 100_000 });
  return children.map(({ id, name, path }) => ({ id, name, path }));
}

export async function findRegionsByPaths(db: Db, paths: string[]) {
  const units = await findUnitsByIds(
    db,
    paths.map((p) => pathIds(p).at(-1)!),
  );
  return units
    .filter((u) => paths.includes(u.path))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map(({ id, name, path }) => ({ id, name, path }));
}

/**
 * The regions a dashboard breaks its figures down by: a root path's child regions, or for several
 * paths (space-separated) those regions themselves. Kept per key while no unit changes: every
 * dashboard request needs them, and they change a few times a year.
 */
export const regionsOfDashboard = keptReadByKey(
  ['org_unit'],
  (db: Db, key: string) => {
    const roots = key.split(' ');
    return roots.length === 1 ? findChildRegions(db, roots[0]!) : findRegionsByPaths(db, roots);
  },
  1_000,
);

/** Overdue cases of `filter` (KPIS.overdue at `now`), oldest deadline first. */
export async function findOverdueCases(
  db: Db,
  filter: StatsFilter,
  input: { now: string; limit: number; after?: { deadline: string; id: number } | undefined },
): Promise<CaseRow[]> {
  const after = input.after;
  return (
    scopedCases(db, filter)
      .selectAll('case_record')
      .where(ruleSql(KPIS.overdue.rule, { now: input.now }))
      // Keyset paging for the export: after the last (deadline, id) of the page before.
      .$if(after !== undefined, (qb) =>
        qb.where((eb) =>
          eb.or([
            eb('case_record.stage_deadline', '>', after!.deadline),
            eb.and([eb('case_record.stage_deadline', '=', after!.deadline), eb('case_record.id', '>', after!.id)]),
          ]),
        ),
      )
      .orderBy('case_record.stage_deadline')
      .orderBy('case_record.id')
      .limit(input.limit)
      .execute()
  );
}
