// The safety index over HTTP on both databases, against an independent computation on a
// constructed township: populations recorded by an administrator, disputes (and a complaint that
// does not count), warnings raised through the warnings module, a screening with a group finding.
// The score is the sum of the contributions, each the normalised value times its weight; the
// county's townships are ranked by it; another township's index does not exist for a township.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { buildCase, buildUser } from '../../../test/support/factories.ts';
import { raiseWarning } from '../warnings/index.ts';

interface Component {
  key: string;
  value: number | null;
  normalised: number;
  weight: number;
  contribution: number;
  explanation: string;
}
interface IndexOut {
  score: number;
  grade: string;
  gradeName: string;
  components: Component[];
  trend: { period: string; score: number }[];
}
interface Settings {
  components: { key: string; weight: number; best: number; worst: number }[];
  grades: { code: string; minScore: number }[];
}

const TOWN = '370702002';
const HOUSING = '370702-dept-housing';

describeEachDialect('safety index', (get) => {
  it('equals the sum of its documented contributions, computed independently, and ranks townships', async () => {
    const h = get();
    const admin = await buildUser(h, { role: 'admin', unit: '370702-centre' });
    const worker = await buildUser(h, { role: 'grid_worker', unit: `${TOWN}001G01` });
    const leader = await buildUser(h, { role: 'leader', unit: '370702' });
    const town = await h.unit(TOWN);
    const village1 = await h.unit(`${TOWN}001`);
    const village2 = await h.unit(`${TOWN}002`);
    const grid = await h.unit(`${TOWN}001G01`);
    const put = (url: string, payload: Record<string, unknown>) =>
      h.inject({ method: 'PUT', url, token: admin.token, payload });

    for (const [unit, population] of [
      [village1, 8000],
      [village2, 12000],
    ] as const) {
      const res = await put(`/api/v1/safety-index/populations/${unit.id}`, { population, source: '测试' });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect((await put(`/api/v1/screenings/schedules/${town.id}`, { frequency: 'monthly' })).statusCode).toBe(200);

    // Three disputes this month, two resolved; a complaint is not a dispute.
    await buildCase(h, { at: grid, kind: 'dispute', status: 'resolved', lead: HOUSING });
    await buildCase(h, { at: grid, kind: 'dispute', status: 'resolved', lead: HOUSING });
    await buildCase(h, { at: grid, kind: 'dispute' });
    await buildCase(h, { at: grid, kind: 'complaint' });
    // A red and a yellow warning in the township: 4 + 2 points.
    await h.ctx.db.transaction().execute(async (trx) => {
      for (const [level, key] of [
        ['red', 'a'],
        ['yellow', 'b'],
      ] as const) {
        await raiseWarning(trx, h.ctx, {
          kind: 'escalation_words',
          level,
          unitId: village1.id,
          situationKey: `safety-test-${key}`,
          title: '测试预警',
          explanation: '测试预警说明',
          caseIds: [],
          at: h.clock.now(),
        });
      }
    });
    // One grid of the township screened, finding a dispute among five people.
    const screened = await h.inject({
      method: 'POST',
      url: '/api/v1/screenings',
      token: worker.token,
      payload: {
        unitId: grid.id,
        findings: [
          {
            parties: ['甲', '乙', '丙', '丁', '戊'].map((name) => ({ name })),
            description: '五户村民因灌溉用水争执',
            riskGrade: 'yellow',
            measures: '村两委协调',
            responsiblePerson: '村支书',
          },
        ],
      },
    });
    expect(screened.statusCode, screened.body).toBe(201);
    const coverage = (
      await h.inject({
        method: 'GET',
        url: `/api/v1/screenings/coverage?withinUnitId=${town.id}&period=2026-11`,
        token: admin.token,
      })
    ).json() as { units: number };

    const settings = (
      await h.inject({ method: 'GET', url: '/api/v1/safety-index/settings', token: leader.token })
    ).json() as Settings;
    const res = await h.inject({
      method: 'GET',
      url: `/api/v1/safety-index?unitId=${town.id}&period=2026-11`,
      token: leader.token,
    });
    expect(res.statusCode, res.body).toBe(200);
    const index = res.json() as IndexOut;

    // The raw values, counted by hand from what was built above.
    const population = 20_000;
    const expectedValues: Record<string, number | null> = {
      disputes_per_10k: (3 / population) * 10_000,
      resolution_rate: 2 / 3,
      satisfaction_rate: null,
      overdue_share: 0,
      warning_points_per_10k: (6 / population) * 10_000,
      repeat_share: 0,
      group_disputes_per_10k: (1 / population) * 10_000,
      screening_coverage: 1 / coverage.units,
    };
    let cents = 0;
    for (const s of settings.components) {
      const got = index.components.find((c) => c.key === s.key)!;
      const value = expectedValues[s.key]!;
      if (value === null) expect(got.value).toBeNull();
      else expect(got.value).toBeCloseTo(value, 9);
      const normalised = value === null ? 1 : Math.min(1, Math.max(0, (s.worst - value) / (s.worst - s.best)));
      const contribution = Math.round(normalised * s.weight * 100);
      expect(Math.round(got.contribution * 100)).toBe(contribution);
      expect(got.weight).toBe(s.weight);
      expect(got.explanation).toMatch(/\S/);
      cents += contribution;
    }
    expect(index.components).toHaveLength(settings.components.length);
    expect(Math.round(index.score * 100)).toBe(cents);
    expect(index.score).toBeLessThan(100);
    const sum = index.components.reduce((total, c) => total + Math.round(c.contribution * 100), 0);
    expect(Math.round(index.score * 100)).toBe(sum);
    const grade = [...settings.grades].sort((a, b) => b.minScore - a.minScore).find((g) => index.score >= g.minScore)!;
    expect(index.grade).toBe(grade.code);
    expect(index.trend).toHaveLength(12);
    expect(index.trend.at(-1)).toEqual({ period: '2026-11', score: index.score });
    expect(index.trend[0]!.period).toBe('2025-12');
    expect(index.components.find((c) => c.key === 'resolution_rate')!.explanation).toContain('3 件纠纷中已化解 2 件');

    // The county's townships ranked: the constructed one, the only one with anything wrong, last.
    const ranked = await h.inject({
      method: 'GET',
      url: `/api/v1/safety-index?withinUnitId=${(await h.unit('370702')).id}&level=township&period=2026-11`,
      token: leader.token,
    });
    expect(ranked.statusCode, ranked.body).toBe(200);
    const items = (ranked.json() as { items: { rank: number; unitId: number; score: number }[] }).items;
    expect(items.length).toBeGreaterThan(2);
    expect(items.map((i) => i.rank)).toEqual(items.map((_, i) => i + 1));
    for (let i = 1; i < items.length; i++) expect(items[i - 1]!.score).toBeGreaterThanOrEqual(items[i]!.score);
    expect(items.at(-1)).toMatchObject({ unitId: town.id, score: index.score });
    expect(items[0]!.score).toBe(100);
  });

  it('hides another township and refuses weights that do not sum to 100', async () => {
    const h = get();
    const admin = await buildUser(h, { role: 'admin', unit: '370702-centre' });
    const townLeader = await buildUser(h, { role: 'leader', unit: '370702001' });
    const other = await h.unit(TOWN);
    const hidden = await h.inject({
      method: 'GET',
      url: `/api/v1/safety-index?unitId=${other.id}`,
      token: townLeader.token,
    });
    expect(hidden.statusCode).toBe(404);
    const worker = await buildUser(h, { role: 'grid_worker' });
    expect((await h.inject({ method: 'GET', url: '/api/v1/safety-index', token: worker.token })).statusCode).toBe(403);

    const settings = (
      await h.inject({ method: 'GET', url: '/api/v1/safety-index/settings', token: admin.token })
    ).json() as Settings;
    const components = settings.components.map(({ key, weight, best, worst }) => ({ key, weight, best, worst }));
    const bad = await h.inject({
      method: 'PUT',
      url: '/api/v1/safety-index/settings',
      token: admin.token,
      payload: { components: components.map((c, i) => (i === 0 ? { ...c, weight: c.weight + 1 } : c)) },
    });
    expect(bad.statusCode, bad.body).toBe(422);
    expect(bad.json()).toMatchObject({ error: { code: 'SAFETY_WEIGHTS_INVALID' } });
    const moved = components.map((c, i) =>
      i === 0 ? { ...c, weight: c.weight - 5 } : i === 1 ? { ...c, weight: c.weight + 5 } : c,
    );
    const ok = await h.inject({
      method: 'PUT',
      url: '/api/v1/safety-index/settings',
      token: admin.token,
      payload: { components: moved },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((ok.json() as Settings).components.map((c) => c.weight)).toEqual(moved.map((c) => c.weight));
  });
});
