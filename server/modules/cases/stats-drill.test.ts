// The dashboard's drill-down over HTTP: every figure of GET /api/v1/stats/cases — each side of
// every rate, the overdue count, each category, unit and status — is exactly the number of cases
// GET /api/v1/cases lists for the same window and filter (the links the dashboard draws).
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase, type BuiltCase } from '../../../test/support/factories.ts';

const T1 = '370702001';
const T2 = '370702002';
const GRID = (township: string) => `${township}001G01`;
const WINDOW = { from: '2026-12-01T00:00:00+08:00', to: '2027-01-01T00:00:00+08:00' };

interface Stats {
  from: string;
  to: string;
  total: number;
  byStatus: Record<string, number>;
  byCategory: { code: string; count: number }[];
  byUnit: { unitId: number; count: number }[];
  counts: Record<string, number>;
}

async function call<T>(h: Harness, token: string, method: 'GET' | 'POST', url: string, payload?: object) {
  const res = await h.inject({ method, url, token, ...(payload ? { payload } : {}) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json() as T;
}

/** Every case the list gives for `query`, page after page. */
async function listed(h: Harness, token: string, query: Record<string, string>): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ ...query, limit: '200', ...(cursor ? { cursor } : {}) });
    const page: { items: { id: number }[]; nextCursor: string | null } = await call(
      h,
      token,
      'GET',
      `/api/v1/cases?${params.toString()}`,
    );
    ids.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

describeEachDialect('the dashboard’s figures and the cases behind them', (get) => {
  it('lists exactly as many cases as each figure counts, by the same rules', async () => {
    const h = get();
    // Forward in time only: a session idle for more than half an hour has expired.
    // November (the harness's day): outside the window, counted nowhere.
    const november = await buildCase(h, { at: GRID(T1), by: { token: await h.login('admin') } });
    // Early December: cases that by the 21st are overdue, resolved, rated either way.
    h.clock.set(new Date('2026-12-01T10:00:00+08:00'));
    const operator = await h.login('operator');
    const act = (c: BuiltCase, body: Record<string, unknown>) =>
      call<BuiltCase>(h, operator, 'POST', `/api/v1/cases/${c.id}/actions`, { version: c.version, ...body });
    const waiting = await buildCase(h, { at: GRID(T1) });
    const handling = await buildCase(h, { at: GRID(T1), status: 'in_progress', lead: `${T1}-dept-justice` });
    const pleased = await buildCase(h, {
      at: GRID(T2),
      kind: 'dispute',
      status: 'resolved',
      lead: `${T2}-dept-justice`,
    });
    await act(pleased, { action: 'rate', rating: 'satisfied' });
    const displeased = await buildCase(h, { at: GRID(T2), status: 'resolved', lead: `${T2}-dept-justice` });
    await act(displeased, { action: 'rate', rating: 'unsatisfied' });
    h.clock.set(new Date('2026-12-21T09:00:00+08:00'));
    const leader = await h.login('leader');

    const query = new URLSearchParams(WINDOW).toString();
    const stats = await call<Stats>(h, leader, 'GET', `/api/v1/stats/cases?${query}`);
    const mine = [waiting, handling, pleased, displeased].map((c) => c.id);
    const all = await listed(h, leader, WINDOW);
    expect(all).toEqual(expect.arrayContaining(mine));
    expect(all).not.toContain(november.id);
    expect(all).toHaveLength(stats.total);

    // Each side of every rate and the overdue count, named as the case list's `kpi` names them.
    expect(Object.keys(stats.counts).sort()).toEqual([
      'all',
      'handledOnTime',
      'handlingDue',
      'notCancelled',
      'overdue',
      'rated',
      'resolved',
      'responded',
      'satisfied',
    ]);
    for (const [kpi, count] of Object.entries(stats.counts)) {
      const ids = await listed(h, leader, { ...WINDOW, kpi });
      expect(ids, kpi).toHaveLength(count);
    }
    // The built cases are where the rules put them.
    expect(await listed(h, leader, { ...WINDOW, kpi: 'satisfied' })).toContain(pleased.id);
    expect(await listed(h, leader, { ...WINDOW, kpi: 'rated' })).toEqual(
      expect.arrayContaining([pleased.id, displeased.id]),
    );
    expect(await listed(h, leader, { ...WINDOW, kpi: 'satisfied' })).not.toContain(displeased.id);
    expect(await listed(h, leader, { ...WINDOW, kpi: 'overdue' })).toContain(waiting.id);
    expect(stats.counts.overdue).toBeGreaterThan(0);
    expect(stats.counts.satisfied).toBeGreaterThan(0);

    // Each category, region and status.
    expect(stats.byCategory.length).toBeGreaterThan(1);
    for (const { code, count } of stats.byCategory) {
      expect(await listed(h, leader, { ...WINDOW, categoryCode: code }), code).toHaveLength(count);
    }
    const t2 = await h.unit(T2);
    expect(stats.byUnit.find((u) => u.unitId === t2.id)?.count).toBeGreaterThanOrEqual(2);
    for (const { unitId, count } of stats.byUnit) {
      expect(await listed(h, leader, { ...WINDOW, unitId: String(unitId) }), String(unitId)).toHaveLength(count);
    }
    for (const [status, count] of Object.entries(stats.byStatus)) {
      expect(await listed(h, leader, { ...WINDOW, status }), status).toHaveLength(count);
    }
  });
});
