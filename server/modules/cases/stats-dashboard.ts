// The dashboard's figures for a window and a region, as GET /api/v1/stats/cases answers them;
// the monthly report reads the same function, so its headline numbers are the dashboard's. Also
// the report's lists: the overdue cases, the supervised cases and the grids with most cases.
import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { CASE_STATUSES, type CaseStatus } from '../../../common/workflow.ts';
import type { Actor } from '../auth/index.ts';
import { unitNames, type OrgUnitRow } from '../org/index.ts';
import { caseScope } from './cases.policy.ts';
import { presentCaseSummary } from './case-view.ts';
import { RATES, type RateName } from './kpi.ts';
import { bucketsBetween, rate, type Period } from './stats-period.ts';
import { findOverdueCases, n, regionsOfDashboard, scopedCases, type StatsFilter } from './stats.repository.ts';
import { caseFigures, countCases } from './stats-figures.ts';

const RATE_NAMES = Object.keys(RATES) as RateName[];

export interface DashboardWindow {
  from: Date;
  to: Date;
  /** A region the caller may read figures for (checked by the caller); the jurisdiction when absent. */
  unit?: OrgUnitRow | undefined;
  period: Period;
}

/** Every figure of the dashboard (the body of GET /api/v1/stats/cases). */
export async function dashboardFigures(ctx: AppContext, actor: Actor, window: DashboardWindow) {
  const { from, to, unit, period } = window;
  const scope = caseScope(actor);
  const filter: StatsFilter = {
    scope,
    createdFrom: from.toISOString(),
    createdTo: to.toISOString(),
    withinPath: unit?.path,
  };
  const root = unit?.path ?? (scope.regionPaths.length === 1 ? scope.regionPaths[0] : undefined);
  const units =
    root !== undefined
      ? await regionsOfDashboard(ctx.db, root)
      : scope.regionPaths.length > 0
        ? await regionsOfDashboard(ctx.db, scope.regionPaths.join(' '))
        : [];
  const figures = await caseFigures(ctx.db, ctx.dialect, filter, ctx.clock.now(), period, units);
  const { counts } = figures;
  const byStatus = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;
  for (const [status, count] of figures.byStatus) byStatus[status] = count;
  const rates = Object.fromEntries(
    RATE_NAMES.map((r) => [r, rate(counts[RATES[r].numerator], counts[RATES[r].denominator])]),
  ) as Record<RateName, number | null>;
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    period,
    total: counts.all,
    byStatus,
    byCategory: figures.byCategory,
    byUnit: units.map((u) => ({ unitId: u.id, name: u.name, count: figures.byUnit.get(u.id) ?? 0 })),
    byPeriod: (bucketsBetween(from, to, period) ?? []).map((label) => ({
      period: label,
      count: figures.byPeriod.get(label) ?? 0,
    })),
    rates,
    overdue: counts.overdue,
    counts,
  };
}

export type DashboardFigures = Awaited<ReturnType<typeof dashboardFigures>>;

interface ListWindow {
  from?: Date | undefined;
  to?: Date | undefined;
  unit?: OrgUnitRow | undefined;
  limit: number;
}

const filterOf = (actor: Actor, w: ListWindow): StatsFilter => ({
  scope: caseScope(actor),
  createdFrom: w.from?.toISOString(),
  createdTo: w.to?.toISOString(),
  withinPath: w.unit?.path,
});

/** The overdue list (GET /api/v1/stats/overdue): the first `limit`, oldest deadline first, and how many. */
export async function overdueCases(ctx: AppContext, actor: Actor, w: ListWindow) {
  const filter = filterOf(actor, w);
  // Past the deadline now, whether or not the sweeper has shown the red card yet.
  const now = ctx.clock.now();
  const [rows, counted] = await Promise.all([
    findOverdueCases(ctx.db, filter, { now: now.toISOString(), limit: w.limit }),
    countCases(ctx.db, filter, now, ['overdue']),
  ]);
  return { items: rows.map((row) => presentCaseSummary(row, now)), total: counted.overdue };
}

/**
 * Every overdue case of the window in the list's order (the export of GET /api/v1/stats/overdue),
 * read in keyset pages of the list's own query.
 */
export async function* everyOverdueCase(ctx: AppContext, actor: Actor, w: Omit<ListWindow, 'limit'>, pageSize = 1000) {
  const filter = filterOf(actor, { ...w, limit: pageSize });
  const now = ctx.clock.now();
  let after: { deadline: string; id: number } | undefined;
  for (;;) {
    const rows = await findOverdueCases(ctx.db, filter, { now: now.toISOString(), limit: pageSize, after });
    yield rows.map((row) => presentCaseSummary(row, now));
    const last = rows.at(-1);
    if (rows.length < pageSize || !last?.stage_deadline) return;
    after = { deadline: last.stage_deadline, id: last.id };
  }
}

/** Cases of the window supervised (督办) at least once, most supervised first, and how many. */
export async function supervisedCases(ctx: AppContext, actor: Actor, w: ListWindow) {
  const now = ctx.clock.now();
  const base = scopedCases(ctx.db, filterOf(actor, w)).where('case_record.supervise_count', '>', 0);
  const [rows, total] = await Promise.all([
    base
      .selectAll('case_record')
      .orderBy('case_record.supervise_count', 'desc')
      .orderBy('case_record.id', 'desc')
      .limit(w.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirst(),
  ]);
  return {
    items: rows.map((row) => ({ ...presentCaseSummary(row, now), superviseCount: row.supervise_count })),
    total: n(total?.count),
  };
}

/** The grids with most cases of the window (热点网格), most first. */
export async function hotSpotGrids(ctx: AppContext, actor: Actor, w: ListWindow) {
  const rows = await scopedCases(ctx.db, filterOf(actor, w))
    .where('case_record.grid_id', 'is not', null)
    .select((eb) => ['case_record.grid_id', eb.fn.countAll<string>().as('count')])
    .groupBy('case_record.grid_id')
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('case_record.grid_id')
    .limit(w.limit)
    .execute();
  const names = await unitNames(
    ctx.db,
    rows.map((r) => r.grid_id),
  );
  return rows.map((r) => ({ unitId: r.grid_id!, name: names.get(r.grid_id!) ?? '', count: n(r.count) }));
}
