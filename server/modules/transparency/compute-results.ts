// What the public sees of one region (a county or a township) for one period, computed from the
// cases by the dashboard's own rules (cases/kpi.ts through the cases module): the figures, the
// county's townships ranked (assessment's rankings), twelve months of trend, the categories that
// rose most, and a few resolved cases with their text scrubbed. Expensive by design: it runs for
// a snapshot (snapshot.ts), never per anonymous request.
import { readContext, type AppContext } from '../../context.ts';
import { isWithin } from '../../platform/db/subtree.ts';
import { beijingDay } from '../../platform/calendar/working-days.ts';
import { monthsOf, parsePeriod, previousPeriod, type ReportPeriod } from '../../../common/period.ts';
import {
  caseFigures,
  countCases,
  findChildRegions,
  findResolvedCaseCandidates,
  rate,
  RATES,
  type KpiCounts,
  type ResolvedCaseCandidate,
  type StatsFilter,
} from '../cases/index.ts';
import { partyNamesOfCases } from '../mediation/index.ts';
import { keptRankings } from '../assessment/index.ts';
import type { OrgUnitRow } from '../org/index.ts';
import { scrubPersonalText } from './scrub.ts';
import type { PublicAreaT, PublicCaseT, PublicFiguresT, PublicRankingRowT } from './transparency.schemas.ts';

export const TREND_MONTHS = 12;
export const MAX_PUBLIC_CASES = 5;
export const MAX_RISING_CATEGORIES = 5;
/** Candidates looked at to choose the cases shown. */
const CASE_CANDIDATES = 40;

type Region = Pick<OrgUnitRow, 'id' | 'name' | 'path' | 'level'>;

const filterFor = (region: Region, window: { from: string; to: string }): StatsFilter => ({
  // Everything in the region: the public figures are the region's, not any one viewer's.
  scope: { regionPaths: [region.path], handlerUnitIds: [], reporterUserId: null },
  createdFrom: window.from,
  createdTo: window.to,
  withinPath: region.path,
});

function figuresOf(counts: Pick<KpiCounts, keyof KpiCounts>): PublicFiguresT {
  const r = (name: keyof typeof RATES) => rate(counts[RATES[name].numerator], counts[RATES[name].denominator]);
  return {
    received: counts.all,
    resolved: counts.resolved,
    rated: counts.rated,
    rates: {
      response: r('response'),
      resolution: r('resolution'),
      satisfaction: r('satisfaction'),
      onTime: r('onTime'),
    },
  };
}

const FIGURE_KPIS = [...new Set(Object.values(RATES).flatMap((r) => [r.numerator, r.denominator]))];

async function figures(ctx: AppContext, region: Region, window: ReportPeriod, now: Date): Promise<PublicFiguresT> {
  const counts = await countCases(ctx.db, filterFor(region, window), now, FIGURE_KPIS);
  return figuresOf(counts as KpiCounts);
}

/** The twelve months ending with the period's last month, oldest first. */
export function trendMonths(period: ReportPeriod): ReportPeriod[] {
  let month = parsePeriod(monthsOf(period).at(-1)!)!;
  const months = [month];
  while (months.length < TREND_MONTHS) {
    month = previousPeriod(month);
    months.unshift(month);
  }
  return months;
}

async function risingCategories(ctx: AppContext, region: Region, period: ReportPeriod, now: Date) {
  const [current, previous] = await Promise.all(
    [period, previousPeriod(period)].map((p) =>
      caseFigures(ctx.db, ctx.dialect, filterFor(region, p), now, 'month', []),
    ),
  );
  const before = new Map(previous!.byCategory.map((c) => [c.code, c.count]));
  return current!.byCategory
    .map((c) => ({ code: c.code, name: c.name, count: c.count, previousCount: before.get(c.code) ?? 0 }))
    .map((c) => ({ ...c, increase: c.count - c.previousCount }))
    .filter((c) => c.increase > 0)
    .sort((a, b) => b.increase - a.increase || b.count - a.count || a.code.localeCompare(b.code))
    .slice(0, MAX_RISING_CATEGORIES);
}

/**
 * A few resolved cases, title and result scrubbed of the case's own people and of anything that
 * looks personal. Cases whose text needed no scrubbing come first (nothing was guessed at), then
 * the satisfied ones, then the latest.
 */
export async function publicCases(
  ctx: AppContext,
  region: Region,
  townships: Region[],
  windows: ReportPeriod[],
): Promise<PublicCaseT[]> {
  let candidates: ResolvedCaseCandidate[] = [];
  for (const window of windows) {
    candidates = await findResolvedCaseCandidates(ctx.db, {
      withinPath: region.path,
      from: window.from,
      to: window.to,
      limit: CASE_CANDIDATES,
    });
    if (candidates.length >= MAX_PUBLIC_CASES) break;
  }
  const parties = await partyNamesOfCases(
    ctx.db,
    candidates.map((c) => c.id),
  );
  const townshipOf = (path: string) =>
    region.level === 'township' ? region.name : (townships.find((t) => isWithin(path, t.path))?.name ?? null);
  return candidates
    .map((c, order) => {
      const known = [c.reporterName, c.address, ...(parties.get(c.id) ?? [])].filter((v): v is string => !!v);
      const title = scrubPersonalText(c.title, known);
      const result = scrubPersonalText(c.result, known);
      const clean = title === c.title && result === c.result;
      const satisfied = c.rating === 'satisfied' || c.rating === 'basically_satisfied';
      return {
        order: (clean ? 0 : 2) + (satisfied ? 0 : 1),
        index: order,
        item: {
          title,
          category: c.categoryName,
          township: townshipOf(c.regionPath),
          receivedOn: beijingDay(new Date(c.createdAt)),
          resolvedOn: beijingDay(new Date(c.resolvedAt)),
          result,
        },
      };
    })
    .sort((a, b) => a.order - b.order || a.index - b.index)
    .slice(0, MAX_PUBLIC_CASES)
    .map((c) => c.item);
}

/** Everything the public page shows of `region` (a county, or a township of `county`) for `period`. */
export async function computeArea(
  ctx: AppContext,
  region: OrgUnitRow,
  county: OrgUnitRow,
  period: ReportPeriod,
): Promise<PublicAreaT> {
  const now = ctx.clock.now();
  const before = previousPeriod(period);
  // The case tables are read from the replica while it is fresh (ADR 0041); kept rankings are
  // written on the primary.
  const primary = ctx;
  ctx = readContext(primary);
  const townships = (await findChildRegions(ctx.db, county.path)).map((t) => ({ ...t, level: 'township' as const }));
  const months = trendMonths(period);
  const [current, previous, trend, rising, rankings] = await Promise.all([
    figures(ctx, region, period, now),
    figures(ctx, region, before, now),
    Promise.all(
      months.map(async (month) => {
        const f = await figures(ctx, region, month, now);
        return {
          month: month.label,
          received: f.received,
          resolved: f.resolved,
          rates: { resolution: f.rates.resolution, satisfaction: f.rates.satisfaction },
        };
      }),
    ),
    risingCategories(ctx, region, period, now),
    // The rankings' own kept table (ADR 0022), not a second computation of it.
    keptRankings(
      primary,
      { level: 'township', withinUnit: { id: county.id, path: county.path }, period },
      { readDb: ctx.db },
    ),
  ]);
  // The ranking as assessment computes it (its score, ties, units too small to rank); unranked
  // townships after the ranked ones, most cases first.
  const ranking: PublicRankingRowT[] = rankings.table.rows
    .map((row) => ({
      unitId: row.unitId,
      name: row.unitName,
      received: row.received,
      resolved: row.resolved,
      rates: {
        response: row.responseRate,
        resolution: row.resolutionRate,
        satisfaction: row.satisfactionRate,
        onTime: row.onTimeRate,
      },
      rank: row.rank,
      score: row.score,
      rankChange: row.change.rank,
    }))
    .sort(
      (a, b) =>
        (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.received - a.received || a.name.localeCompare(b.name, 'zh'),
    );
  const cases = await publicCases(ctx, region, townships, [period, { ...period, from: months[0]!.from }]);
  const ref = (u: OrgUnitRow) => ({ id: u.id, name: u.name, level: u.level });
  return {
    unit: ref(region),
    county: ref(county),
    figures: current,
    previousFigures: previous,
    ranking,
    trend,
    risingCategories: rising,
    cases,
    computedAt: now.toISOString(),
  };
}
