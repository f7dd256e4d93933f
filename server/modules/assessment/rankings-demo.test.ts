// On the generated demo county, the ranking of its townships adds up to the county's dashboard:
// the same cases, counted by the same KPI rules.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { seedDemoCases } from '../../demo/demo-cases.ts';
import { currentMonth } from '../../../common/period.ts';
import { RATES, rate } from '../cases/index.ts';
import { computeRankings, type RankingRow } from './index.ts';

interface Stats {
  total: number;
  rates: Record<keyof typeof RATES, number | null>;
  overdue: number;
}

const sum = (rows: RankingRow[], key: keyof RankingRow) => rows.reduce((s, r) => s + (r[key] as number), 0);

describeEachDialect('rankings on the demo data', (get) => {
  it("adds the county's townships up to the county's dashboard figures for the month", async () => {
    const h = get();
    expect(await seedDemoCases(h.ctx, 3000)).toBe(3000);
    const county = await h.unit('370702');
    const now = h.clock.now();
    const period = currentMonth(now);
    const table = await computeRankings(h.ctx.db, { level: 'township', withinUnit: county, period, now });
    expect(table.rows.length).toBeGreaterThan(1);

    const token = await h.login('leader');
    const res = await h.inject({
      method: 'GET',
      url: `/api/v1/stats/cases?unitId=${county.id}&from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`,
      token,
    });
    expect(res.statusCode, res.body).toBe(200);
    const stats = res.json() as Stats;

    // Cases placed directly on the county (not in any township) are the one difference: count them.
    const onCounty = await h.ctx.db
      .selectFrom('case_record')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('region_path', '=', county.path)
      .where('created_at', '>=', period.from)
      .where('created_at', '<', period.to)
      .executeTakeFirstOrThrow();
    expect(Number(onCounty.n)).toBe(0);

    const rows = table.rows;
    expect(sum(rows, 'received')).toBe(stats.total);
    expect(stats.total).toBeGreaterThan(100);
    expect(sum(rows, 'overdueNow')).toBe(stats.overdue);
    expect(rate(sum(rows, 'responded'), sum(rows, 'received'))).toBe(stats.rates.response);
    expect(rate(sum(rows, 'resolved'), sum(rows, 'notCancelled'))).toBe(stats.rates.resolution);
    expect(rate(sum(rows, 'satisfied'), sum(rows, 'rated'))).toBe(stats.rates.satisfaction);
    expect(rate(sum(rows, 'handledOnTime'), sum(rows, 'handlingDue'))).toBe(stats.rates.onTime);
    // Every township with enough cases is ranked, 1 first.
    const ranked = rows.filter((r) => r.rank !== null);
    expect(ranked.length).toBeGreaterThan(0);
    expect(ranked[0]!.rank).toBe(1);
  });
});
