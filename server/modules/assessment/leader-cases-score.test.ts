// 领导包案 counts in the assessment (issue 17 §5), on both databases: two townships with the same
// cases, one of whose cases a named leader took and settled and one a leader took that is still
// open, score apart by exactly the scheme version's settled bonus less its open deduction; under a
// version without the rule (stored before it existed) they score the same.
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase, buildUser, type BuiltCase } from '../../../test/support/factories.ts';
import type { RankingRow } from './rankings.ts';

const T1 = '370702001';
const T2 = '370702002';
const GRID = (township: string) => `${township}001G01`;
const LEAD = (township: string) => `${township}-dept-justice`;

const RULES = {
  weights: { response: 1, resolution: 1, satisfaction: 0, onTime: 0, acceptedOnTime: 0 },
  minimumSample: { received: 1, rated: 1 },
  deductions: { redCard: 0, supervision: 0, verifiedUnsatisfied: 0 },
  bonuses: [],
  useSampledSatisfaction: false,
};

interface Table {
  scheme: { version: number };
  rows: RankingRow[];
}

async function send<T>(h: Harness, token: string, method: 'GET' | 'POST', url: string, payload?: object) {
  const res = await h.inject({ method, url, token, ...(payload ? { payload } : {}) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json() as T;
}

describeEachDialect('leader-taken cases in the assessment score (领导包案)', (get) => {
  it('moves the unit’s score by exactly the scheme’s amounts, and not under a version without them', async () => {
    const h = get();
    const [admin, dispatcher] = [await h.login('admin'), await h.login('dispatcher')];
    const county = await h.unit('370702');
    const leader = await buildUser(h, { role: 'leader', unit: '370702' });
    h.clock.set(new Date('2026-10-10T10:00:00+08:00'));

    // Old-style version (no leaderCases in the body): it is stored as 0 and 0.
    const plain = await send<{ version: number; rules: { leaderCases?: unknown } }>(
      h,
      admin,
      'POST',
      '/api/v1/assessment-schemes',
      { name: '未计包案', effectiveFrom: '2026-01-01', rules: RULES },
    );
    expect(plain.rules.leaderCases).toEqual({ settledBonus: 0, openDeduction: 0 });

    // Each township: one case settled and one still in progress; in T1 a leader took both.
    for (const township of [T1, T2]) {
      const handler = await buildUser(h, { role: 'department', unit: LEAD(township) });
      const acceptedBy = { token: handler.token };
      const settled = await buildCase(h, {
        at: GRID(township),
        lead: LEAD(township),
        status: 'in_progress',
        acceptedBy,
      });
      const open = await buildCase(h, { at: GRID(township), lead: LEAD(township), status: 'in_progress', acceptedBy });
      let s = settled;
      const o = open;
      if (township === T1) {
        s = await send<BuiltCase>(h, dispatcher, 'POST', `/api/v1/cases/${s.id}/actions`, {
          action: 'assign_leader',
          version: s.version,
          leaderUserId: leader.id,
        });
        await send<BuiltCase>(h, dispatcher, 'POST', `/api/v1/cases/${o.id}/actions`, {
          action: 'assign_leader',
          version: o.version,
          leaderUserId: leader.id,
        });
      }
      s = await send<BuiltCase>(h, handler.token, 'POST', `/api/v1/cases/${s.id}/actions`, {
        action: 'resolve',
        version: s.version,
        result: '已上门协调处理',
      });
    }
    h.clock.set(new Date('2026-11-27T09:00:00+08:00'));

    const url = `/api/v1/assessment-scores?level=township&withinUnitId=${county.id}&period=2026-10`;
    const [t1, t2] = [(await h.unit(T1)).id, (await h.unit(T2)).id];
    const row = (t: Table, id: number) => t.rows.find((r) => r.unitId === id)!;

    const before = await send<Table>(h, admin, 'GET', url);
    expect(before.scheme.version).toBe(plain.version);
    expect(row(before, t1)).toMatchObject({ received: 2, resolved: 1, leaderSettled: 1, leaderOpen: 1 });
    expect(row(before, t2)).toMatchObject({ received: 2, resolved: 1, leaderSettled: 0, leaderOpen: 0 });
    expect(row(before, t2).score).not.toBeNull();
    expect(row(before, t1).score).toBe(row(before, t2).score);

    // A version that counts 领导包案: T1 gains 7 for the settled one and loses 3 for the open one.
    const counted = await send<{ version: number }>(h, admin, 'POST', '/api/v1/assessment-schemes', {
      name: '计入领导包案',
      effectiveFrom: '2026-10-01',
      rules: { ...RULES, leaderCases: { settledBonus: 7, openDeduction: 3 } },
    });
    const after = await send<Table>(h, admin, 'POST', '/api/v1/assessment-scores/recompute', {
      level: 'township',
      withinUnitId: county.id,
      period: '2026-10',
    });
    expect(after.scheme.version).toBe(counted.version);
    expect(row(after, t2).score).toBe(row(before, t2).score);
    expect(row(after, t1).score).toBe(row(before, t2).score! + 7 - 3);
    expect(row(after, t1).rank).toBe(1);

    // The stored snapshot keeps the figures.
    const stored = await send<Table>(h, admin, 'GET', url);
    expect(row(stored, t1)).toMatchObject({ leaderSettled: 1, leaderOpen: 1, score: row(after, t1).score });
  });
});
