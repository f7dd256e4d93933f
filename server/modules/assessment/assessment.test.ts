// Rankings and assessment scores over HTTP: a case carried through the loop moves its township's
// figures and rank exactly as the KPI rules say; ties share a rank; townships without cases are
// listed, not ranked; a new scheme version changes a period's scores only once recomputed.
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase, type BuiltCase } from '../../../test/support/factories.ts';
import type { RankingRow } from './rankings.ts';

const T1 = '370702001';
const T2 = '370702002';
const T3 = '370702003';
const GRID = (township: string) => `${township}001G01`;

const RULES = {
  weights: { response: 25, resolution: 25, satisfaction: 25, onTime: 25, acceptedOnTime: 0 },
  minimumSample: { received: 1, rated: 1 },
  deductions: { redCard: 0, supervision: 0, verifiedUnsatisfied: 10 },
  bonuses: [],
  useSampledSatisfaction: false,
};

interface Table {
  period: { label: string };
  previousPeriod: { label: string };
  scheme: { version: number };
  rows: RankingRow[];
  stored?: boolean;
}

// Signed in once per account and harness: logging in on every request would hit the login throttle.
const tokens = new WeakMap<Harness, Map<string, Promise<string>>>();
function tokenOf(h: Harness, username: string): Promise<string> {
  let mine = tokens.get(h);
  if (!mine) tokens.set(h, (mine = new Map<string, Promise<string>>()));
  let token = mine.get(username);
  if (!token) mine.set(username, (token = h.login(username)));
  return token;
}

async function call<T>(h: Harness, username: string, method: 'GET' | 'POST', url: string, payload?: object) {
  const res = await h.inject({ method, url, token: await tokenOf(h, username), ...(payload ? { payload } : {}) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json() as T;
}

async function act(h: Harness, username: string, c: BuiltCase, body: Record<string, unknown>): Promise<BuiltCase> {
  return call<BuiltCase>(h, username, 'POST', `/api/v1/cases/${c.id}/actions`, { version: c.version, ...body });
}

describeEachDialect('rankings and assessment', (get) => {
  it('moves a township through the loop exactly as the KPI rules say, with ties and empty townships', async () => {
    const h = get();
    const county = await h.unit('370702');
    const scheme = await call<{ version: number }>(h, 'admin', 'POST', '/api/v1/assessment-schemes', {
      name: '测试方案',
      effectiveFrom: '2026-01-01',
      rules: RULES,
    });
    expect(scheme.version).toBe(2);
    const ranking = async () => {
      const table = await call<Table>(
        h,
        'leader',
        'GET',
        `/api/v1/rankings?level=township&withinUnitId=${county.id}&period=2026-11`,
      );
      expect(table.scheme.version).toBe(2);
      const byCode = async (code: string) => {
        const unit = await h.unit(code);
        return table.rows.find((r) => r.unitId === unit.id)!;
      };
      return { table, t1: await byCode(T1), t2: await byCode(T2), t3: await byCode(T3) };
    };

    // No cases yet: every township is listed, none ranked.
    let r = await ranking();
    expect(r.table.rows.length).toBeGreaterThan(3);
    expect(r.table.rows.every((row) => row.rank === null && row.unrankedReason === 'no_cases')).toBe(true);
    expect(r.table.previousPeriod.label).toBe('2026-10');

    // Two townships resolve a case each to the reporter's satisfaction: the same score, tied at 1.
    for (const township of [T2, T3]) {
      const c = await buildCase(h, { at: GRID(township), status: 'resolved', lead: `${township}-dept-justice` });
      await act(h, 'operator', c, { action: 'rate', rating: 'satisfied' });
    }
    let a = await buildCase(h, { at: GRID(T1) });
    r = await ranking();
    expect(r.t2).toMatchObject({ received: 1, resolved: 1, rated: 1, satisfied: 1, score: 100, rank: 1, tied: true });
    expect(r.t3).toMatchObject({ score: 100, rank: 1, tied: true });
    // Registered only: counted, not responded, nothing resolved — response and resolution 0 %.
    expect(r.t1).toMatchObject({ received: 1, responded: 0, resolved: 0, responseRate: 0, resolutionRate: 0 });
    expect(r.t1).toMatchObject({ score: 0, rank: 3, tied: false });
    expect(r.table.rows.slice(0, 3).map((row) => row.rank)).toEqual([1, 1, 3]);
    expect(r.table.rows.slice(3).every((row) => row.rank === null)).toBe(true);

    // Dispatched: responded (响应).
    a = await act(h, 'dispatcher', a, { action: 'dispatch', leadUnitId: (await h.unit(`${T1}-dept-justice`)).id });
    r = await ranking();
    expect(r.t1).toMatchObject({ responded: 1, responseRate: 1, accepted: 0, score: 50, rank: 3 });

    // Accepted and resolved by its deadline: accepted and handled on time, resolved.
    const handler = await import('../../../test/support/factories.ts').then((f) =>
      f.buildUser(h, { role: 'department', unit: { id: a.leadUnitId! } }),
    );
    const accepted = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${a.id}/actions`,
      token: handler.token,
      payload: { action: 'accept', version: a.version },
    });
    a = accepted.json() as BuiltCase;
    const resolved = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${a.id}/actions`,
      token: handler.token,
      payload: { action: 'resolve', version: a.version, result: '已上门协调处理' },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    a = resolved.json() as BuiltCase;
    r = await ranking();
    expect(r.t1).toMatchObject({ accepted: 1, acceptedOnTime: 1, resolved: 1, handlingDue: 1, handledOnTime: 1 });
    // Response, resolution and on-time 100 %, not yet rated (satisfaction drops out): 100, tied with the others.
    expect(r.t1).toMatchObject({ rated: 0, satisfactionRate: null, score: 100, rank: 1, tied: true });

    // Rated unsatisfied: satisfaction 0 %, 75 points less 10 for the unsatisfied rating that stands.
    a = await act(h, 'operator', a, { action: 'rate', rating: 'unsatisfied' });
    r = await ranking();
    expect(r.t1).toMatchObject({ rated: 1, satisfied: 0, unsatisfied: 1, satisfactionRate: 0, score: 65, rank: 3 });
    expect(r.t2).toMatchObject({ rank: 1, tied: true });

    // Reopened: the rating and the resolution are cleared, the case counts as reopened; the new
    // handling deadline lies ahead, so on-time drops out: response 100 %, resolution 0 % → 50.
    a = await act(h, 'dispatcher', a, { action: 'reopen', reason: '群众不满意，重办' });
    r = await ranking();
    expect(r.t1).toMatchObject({
      received: 1,
      reopened: 1,
      resolved: 0,
      rated: 0,
      unsatisfied: 0,
      handlingDue: 0,
      resolutionRate: 0,
      satisfactionRate: null,
      onTimeRate: null,
      score: 50,
      rank: 3,
    });
    // Nothing in October: no previous rank, no change.
    expect(r.t1.previous).toEqual({ rank: null, score: null });
    expect(r.t1.change).toEqual({ rank: null, score: null });

    // Drilling down: the case list shows the cases behind each figure, by the same rules.
    const { from, to } = { from: '2026-11-01T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00' };
    const listed = async (query: string) =>
      (
        await call<{ items: { id: number }[] }>(
          h,
          'leader',
          'GET',
          `/api/v1/cases?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&${query}`,
        )
      ).items.map((i) => i.id);
    const t1 = await h.unit(T1);
    expect(await listed(`unitId=${t1.id}`)).toEqual([a.id]);
    expect(await listed(`unitId=${t1.id}&kpi=reopened`)).toEqual([a.id]);
    expect(await listed(`unitId=${t1.id}&kpi=resolved`)).toEqual([]);
    expect((await listed('kpi=satisfied')).length).toBe(2);
    expect(await listed(`leadUnitId=${a.leadUnitId}`)).toEqual([a.id]);
  });

  it('scores an ended period by the scheme in force and changes the scores only when recomputed', async () => {
    const h = get();
    const county = await h.unit('370702');
    h.clock.set(new Date('2026-10-15T10:00:00+08:00'));
    // T1 resolves a case to satisfaction; T2 only registers one.
    const c = await buildCase(h, { at: GRID(T1), status: 'resolved', lead: `${T1}-dept-justice` });
    await act(h, 'operator', c, { action: 'rate', rating: 'satisfied' });
    await buildCase(h, { at: GRID(T2) });
    h.clock.set(new Date('2026-11-27T09:00:00+08:00'));

    const url = `/api/v1/assessment-scores?level=township&withinUnitId=${county.id}&period=2026-10`;
    const first = await call<Table>(h, 'leader', 'GET', url);
    const row = (t: Table, id: number) => t.rows.find((x) => x.unitId === id)!;
    const [t1, t2] = [(await h.unit(T1)).id, (await h.unit(T2)).id];
    expect(first.stored).toBe(true);
    expect(first.scheme.version).toBe(2);
    expect(row(first, t1)).toMatchObject({ score: 100, rank: 1 });
    expect(row(first, t2)).toMatchObject({ score: 0, rank: 2 });

    // November now ranks T1 against its October rank.
    const november = await call<Table>(
      h,
      'leader',
      'GET',
      `/api/v1/rankings?level=township&withinUnitId=${county.id}&period=2026-11`,
    );
    expect(row(november, t1).previous).toEqual({ rank: 1, score: 100 });
    expect(row(november, t1).change).toEqual({ rank: -2, score: -50 });

    // A new version from October weighs response only, with a bonus for full resolution.
    const v3 = await call<{ version: number }>(h, 'admin', 'POST', '/api/v1/assessment-schemes', {
      name: '只看响应',
      effectiveFrom: '2026-10-01',
      rules: {
        ...RULES,
        weights: { response: 1, resolution: 0, satisfaction: 0, onTime: 0, acceptedOnTime: 0 },
        bonuses: [{ rate: 'resolution', atLeast: 1, points: 5 }],
      },
    });
    expect(v3.version).toBe(3);
    // The stored snapshot keeps its version until recomputed.
    const again = await call<Table>(h, 'leader', 'GET', url);
    expect(again.scheme.version).toBe(2);
    expect(row(again, t1).score).toBe(100);
    const recomputed = await call<Table>(h, 'admin', 'POST', '/api/v1/assessment-scores/recompute', {
      level: 'township',
      withinUnitId: county.id,
      period: '2026-10',
    });
    expect(recomputed.scheme.version).toBe(3);
    expect(row(recomputed, t1)).toMatchObject({ score: 105, rank: 1 });
    expect(row(recomputed, t2)).toMatchObject({ score: 0, rank: 2 });
    expect((await call<Table>(h, 'leader', 'GET', url)).scheme.version).toBe(3);

    // Versions are listed newest first, the used ones marked; both commands are audited.
    const schemes = await call<{ items: { version: number; used: boolean }[] }>(
      h,
      'leader',
      'GET',
      '/api/v1/assessment-schemes',
    );
    expect(schemes.items.map((s) => [s.version, s.used])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
    const audited = await h.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['assessment.scheme_create', 'assessment.recompute'])
      .execute();
    expect(audited.map((a) => a.action).sort()).toEqual([
      'assessment.recompute',
      'assessment.scheme_create',
      'assessment.scheme_create',
    ]);
  });

  it('refuses a scheme without weights, a bad period and a level that does not fit the unit', async () => {
    const h = get();
    const county = await h.unit('370702');
    const token = await tokenOf(h, 'admin');
    const bad = await h.inject({
      method: 'POST',
      url: '/api/v1/assessment-schemes',
      token,
      payload: {
        name: '无权重',
        effectiveFrom: '2026-12-01',
        rules: { ...RULES, weights: { response: 0, resolution: 0, satisfaction: 0, onTime: 0, acceptedOnTime: 0 } },
      },
    });
    expect(bad.statusCode).toBe(400);
    const count = await h.ctx.db
      .selectFrom('assessment_scheme')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
    for (const query of [
      `level=township&withinUnitId=${county.id}&period=2026-13`,
      `level=township&withinUnitId=${county.id}&period=2026-11&from=2026-11-01&to=2026-11-02`,
      `level=county&withinUnitId=${county.id}`,
    ]) {
      const res = await h.inject({ method: 'GET', url: `/api/v1/rankings?${query}`, token });
      expect(res.statusCode, query).toBe(400);
    }
  });
});
