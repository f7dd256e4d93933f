// The public results page's API on the demo county: what an anonymous visitor sees equals the
// dashboard, carries no personal data, refuses what it does not publish, and — once kept — is
// answered without a single query on the case tables however many ask at once.
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  UnknownRow,
} from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { plantPersonalData, storedPersonalData } from '../../../test/support/personal-data.ts';
import { seedDemoCases } from '../../demo/demo-cases.ts';
import { seedDemoMediation } from '../../demo/demo-mediation.ts';
import { buildApp } from '../../app.ts';
import { parsePeriod, previousPeriod } from '../../../common/period.ts';
import { MEMO_MS, SNAPSHOT_MAX_AGE_MS } from './snapshot.ts';

type Rates = Record<'response' | 'resolution' | 'satisfaction' | 'onTime', number | null>;
interface Figures {
  received: number;
  resolved: number;
  rated: number;
  rates: Rates;
}
interface Area {
  unit: { id: number; name: string; level: string };
  county: { id: number; name: string };
  figures: Figures;
  previousFigures: Figures;
  ranking: { unitId: number; name: string; received: number; resolved: number; rates: Rates; rank: number | null }[];
  trend: { month: string; received: number; resolved: number }[];
  risingCategories: { code: string; name: string; count: number; previousCount: number; increase: number }[];
  cases: {
    title: string;
    category: string;
    township: string | null;
    receivedOn: string;
    resolvedOn: string;
    result: string;
  }[];
  computedAt: string;
}
interface Results {
  period: string;
  previousPeriod: string;
  areas: Area[];
}

/** Counts the queries that reach the case tables (cases, their events, assignments and rollups). */
class QuerySpy implements KyselyPlugin {
  queries: string[] = [];
  transformQuery(args: PluginTransformQueryArgs) {
    this.queries.push(
      JSON.stringify(args.node, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)),
    );
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
  caseQueries(): string[] {
    return this.queries.filter((q) => /"name":"case_[a-z_]+"/.test(q));
  }
  snapshotWrites(): number {
    return this.queries.filter((q) => q.includes('"InsertQueryNode"') && q.includes('public_result_snapshot')).length;
  }
  reset() {
    this.queries = [];
  }
}

/** A second app on the same database whose every query the spy sees. */
async function spiedApp(h: Harness) {
  const spy = new QuerySpy();
  const { app } = await buildApp(h.ctx.config, {
    clock: h.clock,
    logger: false,
    database: {
      db: h.ctx.db.withPlugin(spy),
      dialect: h.dialect,
      whenDurable: () => Promise.resolve(),
      close: () => Promise.resolve(),
    },
  });
  return { app, spy };
}

describeEachDialect('the public results', (get) => {
  let county: { id: number; path: string; name: string };
  let township: { id: number; path: string; name: string };

  const anonymous = async (query = ''): Promise<Results> => {
    const res = await get().inject({ method: 'GET', url: `/api/v1/public/results${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Results;
  };

  beforeAll(async () => {
    const h = get();
    await seedDemoCases(h.ctx, 1500);
    await seedDemoMediation(h.ctx);
    county = await h.unit('370702');
    township = await h.unit('370702001');
    // A careless handler typed the reporter's data into last month's results (TEST_NOW is in 2026-11).
    const october = parsePeriod('2026-10')!;
    expect(await plantPersonalData(h.ctx, county, october)).toBeGreaterThan(5);
  });

  it('answers without login for the demo county and last month, with the dashboard’s figures', async () => {
    const h = get();
    const results = await anonymous();
    expect(results.period).toBe('2026-10');
    expect(results.previousPeriod).toBe('2026-09');
    expect(results.areas.map((a) => a.unit.name)).toEqual([county.name]);
    const [area] = results.areas;

    const october = parsePeriod('2026-10')!;
    const token = await h.login('leader');
    const res = await h.inject({
      method: 'GET',
      url: `/api/v1/stats/cases?unitId=${county.id}&from=${encodeURIComponent(october.from)}&to=${encodeURIComponent(october.to)}`,
      token,
    });
    const dashboard = res.json() as { total: number; rates: Rates };
    expect(area!.figures.received).toBe(dashboard.total);
    expect(area!.figures.received).toBeGreaterThan(100);
    expect(area!.figures.rates).toEqual(dashboard.rates);

    // The townships add up to the county (every demo case lies in a township's grid).
    expect(area!.ranking.length).toBeGreaterThan(3);
    expect(area!.ranking.reduce((sum, t) => sum + t.received, 0)).toBe(area!.figures.received);
    expect(area!.ranking.reduce((sum, t) => sum + t.resolved, 0)).toBe(area!.figures.resolved);
    // Ranked as assessment ranks them: first place first, the unranked last.
    expect(area!.ranking[0]!.rank).toBe(1);
    const ranks = area!.ranking.map((t) => t.rank ?? Infinity);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('shows twelve months of trend ending with the period, and only categories that rose', async () => {
    const [area] = (await anonymous('?period=2026-10')).areas;
    expect(area!.trend.map((t) => t.month)).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
    ]);
    expect(area!.trend.at(-1)!.received).toBe(area!.figures.received);
    expect(area!.trend.at(-2)!.received).toBe(area!.previousFigures.received);
    expect(area!.risingCategories.length).toBeGreaterThan(0);
    expect(area!.risingCategories.length).toBeLessThanOrEqual(5);
    for (const c of area!.risingCategories) expect(c.increase).toBe(c.count - c.previousCount);
    expect(area!.risingCategories.every((c) => c.increase > 0)).toBe(true);
    const increases = area!.risingCategories.map((c) => c.increase);
    expect(increases).toEqual([...increases].sort((a, b) => b - a));
  });

  it('shows up to five resolved cases with township and dates, and no personal data anywhere', async () => {
    const h = get();
    const body = JSON.stringify(await anonymous('?period=2026-10'));
    const [area] = (JSON.parse(body) as Results).areas;
    expect(area!.cases.length).toBe(5);
    const townships = new Set(area!.ranking.map((t) => t.name));
    for (const c of area!.cases) {
      expect(townships.has(c.township!)).toBe(true);
      expect(c.receivedOn).toMatch(/^2026-10-\d\d$/);
      expect(c.resolvedOn >= c.receivedOn).toBe(true);
      expect(c.result.length).toBeGreaterThan(5);
    }
    const stored = await storedPersonalData(h.ctx);
    expect(stored.phones.length).toBeGreaterThan(50);
    expect(stored.idNumbers.length).toBeGreaterThan(0);
    for (const secret of [...stored.names, ...stored.phones, ...stored.idNumbers, ...stored.addresses]) {
      expect(body, secret).not.toContain(secret);
    }
    // Nor anything shaped like one, nor a surname with a form of address.
    const text = area!.cases.map((c) => `${c.title} ${c.result}`).join(' ');
    // The cases shown are the ones a handler wrote personal data into, scrubbed.
    expect(text).toContain('某某');
    expect(text).toContain('＊＊＊');
    expect(text).not.toMatch(/\d{7}/);
    expect(body).not.toMatch(/(?<![\d.])1[3-9]\d{9}|\d{17}[\dXx]/);
    expect(body).not.toMatch(
      /[王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎]先生/,
    );
  });

  it('shows a township with its county’s ranking', async () => {
    const [area] = (await anonymous(`?unitId=${township.id}&period=2026-10`)).areas;
    expect(area!.unit).toEqual({ id: township.id, name: township.name, level: 'township' });
    expect(area!.county.id).toBe(county.id);
    const row = area!.ranking.find((t) => t.unitId === township.id);
    expect(row!.received).toBe(area!.figures.received);
    expect(area!.cases.every((c) => c.township === township.name)).toBe(true);
  });

  it('refuses what it does not publish, in the one error shape', async () => {
    const h = get();
    const centre = await h.unit('370702-centre');
    const grid = await h.ctx.db
      .selectFrom('org_unit')
      .select('id')
      .where('level', '=', 'grid')
      .executeTakeFirstOrThrow();
    const cases: [string, number, string][] = [
      ['?period=2026-13', 400, 'period'],
      ['?period=2026-10-01..2026-10-15', 400, 'period'],
      ['?period=2027-01', 400, 'period'],
      ['?period=2020', 400, 'period'],
      [`?unitId=${centre.id}`, 400, 'unitId'],
      [`?unitId=${grid.id}`, 400, 'unitId'],
      ['?unitId=2000000000', 404, ''],
      ['?unitId=abc', 400, 'unitId'],
      ['?extra=1', 400, ''],
    ];
    for (const [query, status, field] of cases) {
      const res = await h.inject({ method: 'GET', url: `/api/v1/public/results${query}` });
      expect(res.statusCode, `${query}: ${res.body}`).toBe(status);
      const error = res.json() as { error: { code: string; details?: { field: string }[] } };
      expect(error.error.code).toBe(status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED');
      if (field) expect(JSON.stringify(error.error.details)).toContain(field);
    }
  });

  describe('kept, not computed per request', () => {
    it('a burst of anonymous requests after the first runs no query on the case tables', async () => {
      const h = get();
      const { app, spy } = await spiedApp(h);
      try {
        const ask = (query: string) => app.inject({ method: 'GET', url: `/api/v1/public/results${query}` });
        // A period no one asked for yet: fifty at once compute and keep it exactly once.
        const cold = await Promise.all(Array.from({ length: 50 }, () => ask('?period=2026-08')));
        expect(cold.every((r) => r.statusCode === 200)).toBe(true);
        expect(new Set(cold.map((r) => r.body)).size).toBe(1);
        expect(spy.snapshotWrites()).toBe(1);

        spy.reset();
        const warm = await Promise.all(
          Array.from({ length: 100 }, (_, i) => ask(i % 2 ? '?period=2026-08' : `?unitId=${county.id}&period=2026-08`)),
        );
        expect(warm.every((r) => r.statusCode === 200)).toBe(true);
        expect(spy.caseQueries()).toEqual([]);

        // Past the process's memo, the kept row answers: still nothing on the case tables.
        h.clock.advance(MEMO_MS + 1000);
        spy.reset();
        const later = await Promise.all(Array.from({ length: 20 }, () => ask('?period=2026-08')));
        expect(later.every((r) => r.statusCode === 200)).toBe(true);
        expect(spy.caseQueries()).toEqual([]);
        expect(spy.queries.length).toBeGreaterThan(0);

        // Past its maximum age the row is still served at once, and recomputed once behind it.
        h.clock.advance(SNAPSHOT_MAX_AGE_MS);
        spy.reset();
        const stale = await Promise.all(Array.from({ length: 20 }, () => ask('?period=2026-08')));
        expect(new Set(stale.map((r) => (r.json() as Results).areas[0]!.computedAt)).size).toBe(1);
        await new Promise((resolve) => setTimeout(resolve, 50));
        for (let i = 0; i < 200 && spy.snapshotWrites() === 0; i++) await new Promise((r) => setTimeout(r, 50));
        expect(spy.snapshotWrites()).toBe(1);
      } finally {
        await app.close();
      }
    });

    it('the job keeps the default page fresh, so a visitor never waits for a computation', async () => {
      const h = get();
      const { refreshDefaultSnapshots } = await import('./snapshot.ts');
      h.clock.advance(SNAPSHOT_MAX_AGE_MS * 2);
      // The county, this month and last.
      expect(await refreshDefaultSnapshots(h.ctx)).toBe(2);
      expect(await refreshDefaultSnapshots(h.ctx)).toBe(0);
      const { app, spy } = await spiedApp(h);
      try {
        const res = await app.inject({ method: 'GET', url: '/api/v1/public/results' });
        expect(res.statusCode).toBe(200);
        expect(spy.caseQueries()).toEqual([]);
        const month = previousPeriod(parsePeriod('2026-11')!).label;
        expect((res.json() as Results).period).toBe(month);
      } finally {
        await app.close();
      }
    });
  });
});
