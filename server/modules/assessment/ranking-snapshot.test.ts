// Kept rankings (ADR 0022) with a bound of 300 s: warm requests never reach the case tables; a
// case's move shows once the kept table is older than the bound, served stale while one
// background refresh runs, and after it the figures equal a computation from scratch; a process
// holding the refresh lease keeps the others from computing; a new scheme version forgets them.
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  UnknownRow,
} from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase } from '../../../test/support/factories.ts';
import { buildApp } from '../../app.ts';
import { parsePeriod } from '../../../common/period.ts';
import { computeRankings, type RankingRow } from './rankings.ts';
import { rankingRefreshesSettled } from './ranking-snapshot.ts';

const MAX_AGE_S = 300;

interface Table {
  rows: RankingRow[];
  computedAt: string;
}

/** Records every query of the app it is plugged into. */
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
  reset() {
    this.queries = [];
  }
}

/** A second app (another process, as far as kept rankings go) on the same database, spied on. */
async function spiedApp(h: Harness) {
  const spy = new QuerySpy();
  const { app, ctx } = await buildApp(h.ctx.config, {
    clock: h.clock,
    logger: false,
    database: {
      db: h.ctx.db.withPlugin(spy),
      dialect: h.dialect,
      whenDurable: () => Promise.resolve(),
      close: () => Promise.resolve(),
    },
  });
  return { app, ctx, spy };
}

describeEachDialect(
  'kept rankings',
  (get) => {
    it('answers warm requests without the case tables, serves stale while one refresh runs, then exact figures', async () => {
      const h = get();
      const county = await h.unit('370702');
      const township = await h.unit('370702001');
      const token = await h.login('leader');
      const { app, ctx, spy } = await spiedApp(h);
      const url = `/api/v1/rankings?level=township&withinUnitId=${county.id}&period=2026-11`;
      const ranking = async (): Promise<Table> => {
        const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
        expect(res.statusCode, res.body).toBe(200);
        return res.json() as Table;
      };
      const received = (t: Table) => t.rows.find((r) => r.unitId === township.id)!.received;
      const fresh = async () =>
        (
          await computeRankings(h.ctx.db, {
            level: 'township',
            withinUnit: county,
            period: parsePeriod('2026-11')!,
            now: h.clock.now(),
          })
        ).rows;

      await buildCase(h, { at: '370702001001G01' });
      // No kept table: computed while the caller waits, from the cases.
      const first = await ranking();
      expect(spy.caseQueries().length).toBeGreaterThan(0);
      expect(first.computedAt).toBe(h.clock.now().toISOString());
      expect(received(first)).toBe(1);
      expect(first.rows).toEqual(await fresh());

      // Warm: 100 requests, not one query on a case table, the same answer each time.
      spy.reset();
      const answers = await Promise.all(Array.from({ length: 100 }, () => ranking()));
      expect(spy.caseQueries()).toEqual([]);
      expect(spy.queries.length).toBeGreaterThan(0);
      // Nor the kept rows or the scheme: the process's memo answers (the first request filled it).
      expect(spy.queries.filter((q) => /"name":"(ranking_snapshot|assessment_scheme)"/.test(q))).toEqual([]);
      expect(answers.every((a) => JSON.stringify(a) === JSON.stringify(first))).toBe(true);

      // A new case within the bound: the kept table is answered as it is, with its time.
      await buildCase(h, { at: '370702001001G01' });
      h.clock.advance(MAX_AGE_S * 1000);
      spy.reset();
      const within = await ranking();
      expect(received(within)).toBe(1);
      expect(within.computedAt).toBe(first.computedAt);
      await rankingRefreshesSettled(ctx);
      expect(spy.caseQueries()).toEqual([]);

      // Past the bound: the stale table is still answered, while one refresh runs behind it.
      h.clock.advance(1000);
      spy.reset();
      const stale = await Promise.all([ranking(), ranking(), ranking()]);
      expect(stale.map(received)).toEqual([1, 1, 1]);
      expect(stale.every((t) => t.computedAt === first.computedAt)).toBe(true);
      await rankingRefreshesSettled(ctx);
      // One computation for the three requests: the same statements as the first computation.
      const refreshQueries = spy.caseQueries().length;
      expect(refreshQueries).toBeGreaterThan(0);

      // After the refresh: the new figure, equal to a computation from scratch, and its time.
      spy.reset();
      const refreshed = await ranking();
      expect(spy.caseQueries()).toEqual([]);
      expect(received(refreshed)).toBe(2);
      expect(refreshed.computedAt).toBe(h.clock.now().toISOString());
      expect(refreshed.rows).toEqual(await fresh());
    });

    it('lets one process refresh: another holding the lease keeps this one from computing', async () => {
      const h = get();
      const token = await h.login('leader');
      const { app, ctx, spy } = await spiedApp(h);
      const url = `/api/v1/rankings?level=department&withinUnitId=${(await h.unit('370702')).id}&period=2026-11`;
      const ranking = async () => {
        const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
        expect(res.statusCode, res.body).toBe(200);
        return res.json() as Table;
      };
      const first = await ranking();
      // Another process took the lease for the next minute.
      await h.ctx.db
        .updateTable('ranking_snapshot')
        .set({ refreshing_until: new Date(h.clock.now().getTime() + (MAX_AGE_S + 60) * 1000).toISOString() })
        .where('level', '=', 'department')
        .execute();
      h.clock.advance((MAX_AGE_S + 1) * 1000);
      spy.reset();
      expect((await ranking()).computedAt).toBe(first.computedAt);
      await rankingRefreshesSettled(ctx);
      expect(spy.caseQueries()).toEqual([]);
      // The lease ran out (its holder died): this process refreshes.
      h.clock.advance(120_000);
      expect((await ranking()).computedAt).toBe(first.computedAt);
      await rankingRefreshesSettled(ctx);
      expect(spy.caseQueries().length).toBeGreaterThan(0);
      expect((await ranking()).computedAt).toBe(h.clock.now().toISOString());
    });

    it('computes again a table kept by an earlier release in another shape', async () => {
      const h = get();
      const county = await h.unit('370702');
      const token = await h.login('leader');
      const url = `/api/v1/rankings?level=township&withinUnitId=${county.id}&period=2026-09`;
      await buildCase(h, { at: '370702001001G01' });
      const first = await h.inject({ method: 'GET', url, token });
      expect(first.statusCode, first.body).toBe(200);
      // As an earlier release kept it: the bare table, its rows without the fields added since.
      const kept = await h.ctx.db
        .selectFrom('ranking_snapshot')
        .select(['body'])
        .where('period_from', '=', parsePeriod('2026-09')!.from)
        .executeTakeFirstOrThrow();
      const { table } = JSON.parse(kept.body) as { table: { rows: Record<string, unknown>[] } };
      const old = { ...table, rows: table.rows.map(({ leaderSettled: _s, leaderOpen: _o, ...row }) => row) };
      await h.ctx.db
        .updateTable('ranking_snapshot')
        .set({ body: JSON.stringify(old) })
        .where('period_from', '=', parsePeriod('2026-09')!.from)
        .execute();
      // Another process (no memo of its own yet) answers it by computing, not with a 500.
      const { app, spy } = await spiedApp(h);
      const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode, res.body).toBe(200);
      expect(spy.caseQueries().length).toBeGreaterThan(0);
      expect((res.json() as Table).rows).toEqual((first.json() as Table).rows);
    });

    it('forgets every kept table when a scheme version is added', async () => {
      const h = get();
      const county = await h.unit('370702');
      const token = await h.login('leader');
      const res = await h.inject({
        method: 'GET',
        url: `/api/v1/rankings?level=township&withinUnitId=${county.id}&period=2026-10`,
        token,
      });
      expect(res.statusCode, res.body).toBe(200);
      const kept = () =>
        h.ctx.db
          .selectFrom('ranking_snapshot')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
      expect(Number((await kept()).n)).toBeGreaterThan(0);
      const scheme = await h.inject({
        method: 'POST',
        url: '/api/v1/assessment-schemes',
        token: await h.login('admin'),
        payload: {
          name: '新方案',
          effectiveFrom: '2026-01-01',
          rules: {
            weights: { response: 1, resolution: 1, satisfaction: 1, onTime: 1, acceptedOnTime: 0 },
            minimumSample: { received: 1, rated: 1 },
            deductions: { redCard: 0, supervision: 0, verifiedUnsatisfied: 0 },
            bonuses: [],
            useSampledSatisfaction: false,
          },
        },
      });
      expect(scheme.statusCode, scheme.body).toBe(201);
      expect(Number((await kept()).n)).toBe(0);
    });
  },
  { config: { rankingsMaxAgeSeconds: MAX_AGE_S } },
);
