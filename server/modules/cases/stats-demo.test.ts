// On the generated demo county (written by the bulk load, which adds its cases to the rollups
// itself), the dashboard, the overdue list and the case list's overdue filter (the map's count)
// tell the same story — the issue was 按时办结率 100 % beside hundreds of overdue cases.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { seedDemoCases } from '../../demo/demo-cases.ts';
import { RATES } from './kpi.ts';
import { rate } from './stats-period.ts';
import { countByRules, expectedRollups, loadCases, storedRollups } from './stats-checks.testing.ts';

interface Stats {
  from: string;
  to: string;
  total: number;
  rates: Record<keyof typeof RATES, number | null>;
  overdue: number;
}

describeEachDialect('the dashboard on the demo data', (get) => {
  it('agrees with the overdue list and the case list, and counts open cases past their handling deadline as late', async () => {
    const h = get();
    expect(await seedDemoCases(h.ctx, 3000)).toBe(3000);
    const cases = await loadCases(h.ctx.db);
    // The bulk load counted its cases by the same rules as the triggers.
    expect(await storedRollups(h.ctx.db)).toEqual(expectedRollups(cases));

    const token = await h.login('dispatcher');
    const get200 = async <T>(url: string): Promise<T> => {
      const res = await h.inject({ method: 'GET', url, token });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as T;
    };
    const window = (from: string, to: string) => `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const month = await get200<Stats>('/api/v1/stats/cases');
    const now = h.clock.now();

    // The month's figures are the rules applied to the month's cases.
    const monthRows = cases.rows.filter((c) => c.created_at >= month.from && c.created_at < month.to);
    const counts = countByRules(cases, monthRows, now);
    expect(month.total).toBe(monthRows.length);
    expect(month.rates).toEqual(
      Object.fromEntries(
        Object.entries(RATES).map(([name, r]) => [name, rate(counts[r.numerator], counts[r.denominator])]),
      ),
    );
    expect(month.overdue).toBe(counts.overdue);
    // Cases are overdue in handling, so handling is not 100 % on time.
    expect(counts.overdueInHandling).toBeGreaterThan(0);
    expect(month.rates.onTime).toBeLessThan(1);

    // The overdue list counts what the dashboard counts, for the month and for all time.
    const monthList = await get200<{ total: number }>(`/api/v1/stats/overdue?${window(month.from, month.to)}`);
    expect(monthList.total).toBe(month.overdue);
    const allTime = await get200<Stats>(
      `/api/v1/stats/cases?${window('2000-01-01T00:00:00+08:00', month.to)}&period=month`,
    );
    const list = await get200<{ items: { overdue: boolean }[]; total: number }>('/api/v1/stats/overdue?limit=200');
    expect(list.items.every((i) => i.overdue)).toBe(true);
    expect(list.total).toBe(allTime.overdue);
    expect(list.total).toBe(countByRules(cases, cases.rows, now).overdue);
    expect(list.total).toBeGreaterThan(list.items.length);

    // …and so does the case list's overdue filter, page by page (what the map counts).
    let listed = 0;
    let cursor: string | null = null;
    do {
      const page: { items: { overdue: boolean }[]; nextCursor: string | null } = await get200(
        `/api/v1/cases?overdue=true&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.items.every((i) => i.overdue)).toBe(true);
      listed += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    expect(listed).toBe(list.total);
  });
});
