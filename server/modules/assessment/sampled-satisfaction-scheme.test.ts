// The scheme's `useSampledSatisfaction` on both databases, over HTTP: a township whose reporters
// told the centre they were satisfied (self-reported 100 %) but told the third-party evaluator
// otherwise is scored by its own figure while the switch is off, and by the evaluator's sample once
// an administrator turns it on; a township without a sample keeps its own figure either way.
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase, buildUser } from '../../../test/support/factories.ts';
import type { RankingRow } from './rankings.ts';

const SAMPLED = '370702002';
const UNSAMPLED = '370702003';
const RULES = {
  // Satisfaction alone decides the score: score = 100 × the rate the ranking used.
  weights: { response: 0, resolution: 0, satisfaction: 100, onTime: 0, acceptedOnTime: 0 },
  minimumSample: { received: 1, rated: 1 },
  deductions: { redCard: 0, supervision: 0, verifiedUnsatisfied: 0 },
  bonuses: [],
  useSampledSatisfaction: false,
};

describeEachDialect('assessment with the third-party sample', (get) => {
  async function ok<T>(h: Harness, token: string, method: 'GET' | 'POST', url: string, payload?: object) {
    const res = await h.inject({ method, url, token, ...(payload ? { payload } : {}) });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as T;
  }

  it('scores satisfaction by the sample only when the scheme says so, and only where a sample exists', async () => {
    const h = get();
    const admin = await h.login('admin');
    const leader = await buildUser(h, { role: 'leader', unit: '370702' });
    const evaluator = await buildUser(h, { role: 'evaluator', unit: '370702' });
    const operator = await buildUser(h, { role: 'operator', unit: '370702-centre' });
    const county = await h.unit('370702');
    const sampledTownship = await h.unit(SAMPLED);
    const unsampledTownship = await h.unit(UNSAMPLED);

    // Four closed cases in each township, every reporter satisfied by the centre's own return call.
    for (const [township, offset] of [
      [SAMPLED, 300],
      [UNSAMPLED, 400],
    ] as const) {
      for (let i = 0; i < 4; i++) {
        const c = await buildCase(h, {
          at: `${township}001G01`,
          lead: `${township}-dept-justice`,
          status: 'resolved',
          reporter: { name: '赵六', phone: `1390000${String(offset + i).padStart(4, '0')}` },
        });
        await ok(h, operator.token, 'POST', `/api/v1/cases/${c.id}/actions`, {
          action: 'rate',
          version: c.version,
          rating: 'satisfied',
        });
      }
    }

    // The evaluator reaches all four reporters of one township: two satisfied, one basically
    // satisfied, one unsatisfied — a sampled rate of 3/4 against the township's own 4/4.
    const sample = await ok<{ id: number; items: { id: number }[] }>(
      h,
      evaluator.token,
      'POST',
      '/api/v1/evaluation-samples',
      { unitId: sampledTownship.id, period: '2026-11', size: 4, seed: 'scheme-switch' },
    );
    expect(sample.items).toHaveLength(4);
    const ratings = ['satisfied', 'satisfied', 'basically_satisfied', 'unsatisfied'];
    for (const [i, item] of sample.items.entries())
      await ok(h, evaluator.token, 'POST', `/api/v1/evaluation-samples/${sample.id}/items/${item.id}/calls`, {
        reached: true,
        rating: ratings[i],
      });

    const rows = async (expectedVersion: number) => {
      const table = await ok<{ scheme: { version: number }; rows: RankingRow[] }>(
        h,
        leader.token,
        'GET',
        `/api/v1/rankings?level=township&withinUnitId=${county.id}&period=2026-11`,
      );
      expect(table.scheme.version).toBe(expectedVersion);
      return {
        sampled: table.rows.find((r) => r.unitId === sampledTownship.id)!,
        unsampled: table.rows.find((r) => r.unitId === unsampledTownship.id)!,
      };
    };

    const off = await ok<{ version: number }>(h, admin, 'POST', '/api/v1/assessment-schemes', {
      name: '自报满意率',
      effectiveFrom: '2026-01-01',
      rules: RULES,
    });
    let r = await rows(off.version);
    expect(r.sampled).toMatchObject({ satisfactionSource: 'reported', satisfactionRate: 1, score: 100 });
    expect(r.unsampled).toMatchObject({ satisfactionSource: 'reported', satisfactionRate: 1, score: 100 });
    expect(r.sampled.rank).toBe(r.unsampled.rank); // tied

    const on = await ok<{ version: number }>(h, admin, 'POST', '/api/v1/assessment-schemes', {
      name: '第三方抽样满意率',
      effectiveFrom: '2026-01-01',
      rules: { ...RULES, useSampledSatisfaction: true },
    });
    expect(on.version).toBe(off.version + 1);
    r = await rows(on.version);
    expect(r.sampled).toMatchObject({ satisfactionSource: 'sampled', satisfactionRate: 0.75, score: 75 });
    // The township's own ratings are still reported as counted; only the score's rate changed.
    expect(r.sampled).toMatchObject({ rated: 4, satisfied: 4 });
    expect(r.unsampled).toMatchObject({ satisfactionSource: 'reported', satisfactionRate: 1, score: 100 });
    expect(r.unsampled.rank!).toBeLessThan(r.sampled.rank!);
  });
});
