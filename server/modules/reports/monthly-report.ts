// What the monthly report says, gathered from the modules that own each figure: the dashboard's
// figures and lists from cases (the same functions as GET /api/v1/stats/*), the children's ranking
// from assessment (computeRankings). Nothing here counts a case itself. No personal data: cases
// appear by number, category, unit and dates only — never a title, description, address or name.
import type { AppContext } from '../../context.ts';
import { previousPeriod, type ReportPeriod } from '../../../common/period.ts';
import { STAGE_LABELS, STATUS_LABELS } from '../../../common/labels.ts';
import type { Actor } from '../auth/index.ts';
import { unitNames, type OrgUnitRow } from '../org/index.ts';
import {
  dashboardFigures,
  hotSpotGrids,
  listCategories,
  overdueCases,
  supervisedCases,
  type DashboardFigures,
} from '../cases/index.ts';
import { computeRankings, type RankingLevel, type RankingTable } from '../assessment/index.ts';
import { summarise } from './report-summary.ts';

/** How many rows the report's lists show (the totals say how many there are). */
const LIST_ROWS = 20;
const TOP_CATEGORIES = 10;
const HOT_SPOTS = 10;

/** The children a unit's report ranks, by the unit's level. */
export function childLevel(unit: OrgUnitRow): RankingLevel | null {
  if (unit.type !== 'region') return null;
  switch (unit.level) {
    case 'city':
      return 'county';
    case 'county':
      return 'township';
    case 'township':
      return 'committee';
    // A province's children are cities, which no ranking level holds; villages and grids have none.
    case 'province':
    case 'village':
    case 'grid':
      return null;
  }
}

export function periodName(period: ReportPeriod): string {
  const [year, part] = period.label.split('-');
  switch (period.kind) {
    case 'month':
      return `${year}年${Number(part)}月`;
    case 'quarter':
      return `${year}年第${'一二三四'[Number(part!.slice(1)) - 1]}季度`;
    case 'year':
      return `${year}年`;
    case 'range':
      return period.label.replace('..', '至');
  }
}

const PREVIOUS_NAMES: Record<ReportPeriod['kind'], string> = {
  month: '上月',
  quarter: '上季度',
  year: '上年',
  range: '上期',
};

export interface ReportCase {
  number: string;
  category: string;
  status: string;
  stage: string;
  leadUnit: string;
  createdAt: string;
  stageDeadline: string | null;
  superviseCount?: number;
}

export interface MonthlyReport {
  unit: { id: number; name: string };
  period: ReportPeriod;
  periodName: string;
  previousName: string;
  generatedAt: Date;
  figures: DashboardFigures;
  previousFigures: DashboardFigures;
  ranking: RankingTable | null;
  topCategories: { name: string; count: number }[];
  hotSpots: { name: string; count: number }[];
  overdue: { total: number; items: ReportCase[] };
  supervised: { total: number; items: ReportCase[] };
  summary: string[];
}

export async function gatherMonthlyReport(
  ctx: AppContext,
  actor: Actor,
  unit: OrgUnitRow,
  period: ReportPeriod,
): Promise<MonthlyReport> {
  const now = ctx.clock.now();
  const before = previousPeriod(period);
  const window = (p: ReportPeriod) => ({ from: new Date(p.from), to: new Date(p.to), unit });
  const bucket = period.kind === 'month' || period.kind === 'range' ? 'day' : 'month';
  const level = childLevel(unit);
  const [figures, previousFigures, ranking, hotSpots, overdue, supervised] = await Promise.all([
    dashboardFigures(ctx, actor, { ...window(period), period: bucket }),
    dashboardFigures(ctx, actor, { ...window(before), period: 'month' }),
    level ? computeRankings(ctx.db, { level, withinUnit: unit, period, now }) : Promise.resolve(null),
    hotSpotGrids(ctx, actor, { ...window(period), limit: HOT_SPOTS }),
    overdueCases(ctx, actor, { ...window(period), limit: LIST_ROWS }),
    supervisedCases(ctx, actor, { ...window(period), limit: LIST_ROWS }),
  ]);

  const categories = new Map((await listCategories(ctx.db)).map((c) => [c.code, c.name]));
  const leads = await unitNames(ctx.db, [
    ...overdue.items.map((c) => c.leadUnitId),
    ...supervised.items.map((c) => c.leadUnitId),
  ]);
  const reportCase = (c: (typeof overdue.items)[number] & { superviseCount?: number }): ReportCase => ({
    number: c.number,
    category: categories.get(c.categoryCode) ?? c.categoryCode,
    status: STATUS_LABELS[c.status].zh,
    stage: c.stage ? (STAGE_LABELS[c.stage]?.zh ?? c.stage) : '—',
    leadUnit: c.leadUnitId === null ? '—' : (leads.get(c.leadUnitId) ?? '—'),
    createdAt: c.createdAt,
    stageDeadline: c.stageDeadline,
    ...(c.superviseCount === undefined ? {} : { superviseCount: c.superviseCount }),
  });

  const topCategories = figures.byCategory.slice(0, TOP_CATEGORIES).map((c) => ({ name: c.name, count: c.count }));
  const ranked = ranking?.rows.filter((r) => r.rank !== null) ?? [];
  const climber = ranked.filter((r) => (r.change.rank ?? 0) > 0).sort((a, b) => b.change.rank! - a.change.rank!)[0];
  const names = { periodName: periodName(period), previousName: PREVIOUS_NAMES[period.kind] };
  const summary = summarise({
    unitName: unit.name,
    ...names,
    received: figures.total,
    previousReceived: previousFigures.total,
    rates: figures.rates,
    previousRates: previousFigures.rates,
    overdue: overdue.total,
    supervised: supervised.total,
    topCategory: topCategories[0],
    hotSpot: hotSpots[0],
    leader:
      ranked[0] && ranked[0].score !== null ? { unitName: ranked[0].unitName, score: ranked[0].score } : undefined,
    climber: climber ? { unitName: climber.unitName, places: climber.change.rank! } : undefined,
  });
  return {
    unit: { id: unit.id, name: unit.name },
    period,
    ...names,
    generatedAt: now,
    figures,
    previousFigures,
    ranking,
    topCategories,
    hotSpots: hotSpots.map((h) => ({ name: h.name, count: h.count })),
    overdue: { total: overdue.total, items: overdue.items.map(reportCase) },
    supervised: { total: supervised.total, items: supervised.items.map(reportCase) },
    summary,
  };
}
