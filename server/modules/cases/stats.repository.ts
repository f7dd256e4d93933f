// Kysely aggregates over cases for dashboards: every figure is a COUNT or SUM with GROUP BY in the
// database, on the same scope condition as the case list, never a count over loaded rows.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../context.ts';
import type { DialectName } from '../../platform/db/database.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import { OPEN_STATUSES, type CaseStatus } from '../../../common/workflow.ts';
import type { CaseScope } from './cases.policy.ts';
import { inCaseScope, type CaseRow } from './cases.repository.ts';
import type { Period } from './stats-period.ts';

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

export async function countByCategory(
  db: Db,
  filter: StatsFilter,
): Promise<{ code: string; name: string; count: number }[]> {
  const rows = await scopedCases(db, filter)
    .innerJoin('category', 'category.code', 'case_record.category_code')
    .select((eb) => ['category.code', 'category.name', 'category.sort', eb.fn.countAll<string>().as('count')])
    .groupBy(['category.code', 'category.name', 'category.sort'])
    .execute();
  return rows
    .map((r) => ({ code: r.code, name: r.name, count: n(r.count), sort: r.sort }))
    .sort((a, b) => b.count - a.count || a.sort - b.sort)
    .map(({ sort: _sort, ...rest }) => rest);
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
