// PostgreSQL: intakes of one county and day no longer wait for each other's dashboard rollup rows
// (ADR 0039). 32 transactions each register a case in the same village on the same day and stay
// open: with the in-place triggers the second would wait for the first's row locks until its
// COMMIT; with deltas all 32 inserts finish while all 32 are open, nobody waits on a lock, and once
// they commit and the fold has run the rollups and the dashboard equal the rules over the case rows.
// Two folds at once count each delta once, and a fold does not wait for an open intake either.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { expectedRollups, loadCases, pendingDeltaRows, storedRollups } from './stats-checks.testing.ts';
import { foldRollupDeltas } from './stats-fold.ts';

const INTAKES = 32;

describeEachDialect(
  'rollup deltas under concurrent intake',
  (get) => {
    const clients: pg.Client[] = [];
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    });
    async function connect(h: Harness): Promise<pg.Client> {
      const client = new pg.Client({ connectionString: h.database.url });
      await client.connect();
      clients.push(client);
      return client;
    }

    /** A statement copying case `id` as a new case (same place, day and category), for raw clients. */
    async function copyCaseStatement(h: Harness): Promise<(client: pg.Client, id: number) => Promise<void>> {
      const unique = new Set(['id', 'number', 'tracking_code', 'external_system', 'external_id']);
      const admin = await connect(h);
      const { rows } = await admin.query<{ column_name: string }>(
        `select column_name from information_schema.columns where table_name = 'case_record' and is_generated = 'NEVER'
          order by ordinal_position`,
      );
      const columns = rows.map((r) => r.column_name).filter((c) => !unique.has(c));
      const list = columns.join(', ');
      return async (client, id) => {
        const tag = randomBytes(6).toString('hex');
        await client.query(
          `insert into case_record (${list}, number, tracking_code)
            select ${list}, number || '-' || $2, $2 from case_record where id = $1`,
          [id, tag],
        );
      };
    }

    async function registerOne(h: Harness, token: string): Promise<number> {
      const res = await h.inject({
        method: 'POST',
        url: '/api/v1/cases',
        token,
        payload: {
          kind: 'complaint',
          categoryCode: 'CMP.NOISE',
          channel: 'hotline',
          description: '并发登记：夜间施工噪音扰民',
          unitId: (await h.unit('370702001001')).id,
          reporter: { name: '王五', phone: '13700004444' },
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { id: number }).id;
    }

    async function expectExact(h: Harness): Promise<void> {
      await foldRollupDeltas(h.ctx.db, h.ctx.dialect);
      expect(await pendingDeltaRows(h.ctx.db)).toBe(0);
      expect(await storedRollups(h.ctx.db)).toEqual(expectedRollups(await loadCases(h.ctx.db)));
    }

    it(
      'lets 32 open transactions register cases in one village and day without waiting',
      { timeout: 120_000 },
      async () => {
        const h = get();
        const token = await h.login('operator');
        const first = await registerOne(h, token);
        await expectExact(h);
        const copyCase = await copyCaseStatement(h);
        const writers = await Promise.all(Array.from({ length: INTAKES }, () => connect(h)));
        const watcher = await connect(h);

        const pids: number[] = [];
        for (const w of writers) {
          await w.query('begin');
          pids.push((await w.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid);
        }
        // Every insert returns while all transactions are still open: none waits for another's COMMIT.
        const inserted = Promise.all(writers.map((w) => copyCase(w, first)));
        const blocked = new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 20_000).unref());
        const outcome = await Promise.race([inserted.then(() => 'done' as const), blocked]);
        // A wait for another transaction's row lock is a lock on its transaction id, not granted.
        const waiting = await watcher.query<{ pid: number; locktype: string }>(
          'select pid, locktype from pg_locks where not granted and pid = any($1)',
          [pids],
        );
        expect(waiting.rows).toEqual([]);
        expect(outcome).toBe('done');

        // The dashboard counts the committed cases only, then all of them, exact before any fold.
        const total = async () => {
          const res = await h.inject({ method: 'GET', url: '/api/v1/stats/cases', token: await h.login('dispatcher') });
          expect(res.statusCode, res.body).toBe(200);
          return (res.json() as { total: number }).total;
        };
        const before = await total();
        for (const w of writers) await w.query('commit');
        expect(await pendingDeltaRows(h.ctx.db)).toBeGreaterThan(0);
        expect(await total()).toBe(before + INTAKES);
        await expectExact(h);
        expect(await total()).toBe(before + INTAKES);
      },
    );

    it('folds each delta once when two folds run at once, and never waits for an open intake', async () => {
      const h = get();
      const token = await h.login('operator');
      for (let i = 0; i < 5; i++) await registerOne(h, token);
      const open = await connect(h);
      await open.query('begin');
      const copyCase = await copyCaseStatement(h);
      await copyCase(open, await registerOne(h, token));
      // Two processes' folds at the same moment (two connections of the pool): one folds, the
      // other finds the advisory lock taken; the open intake's delta is not theirs to see.
      const [a, b] = await Promise.all([
        foldRollupDeltas(h.ctx.db, h.ctx.dialect),
        foldRollupDeltas(h.ctx.db, h.ctx.dialect),
      ]);
      expect(a.folded + b.folded).toBeGreaterThan(0);
      expect(await pendingDeltaRows(h.ctx.db)).toBe(0);
      expect(await storedRollups(h.ctx.db)).toEqual(expectedRollups(await loadCases(h.ctx.db)));
      // Committed, the open intake's deltas appear and the next fold takes them.
      await open.query('commit');
      expect(await pendingDeltaRows(h.ctx.db)).toBeGreaterThan(0);
      await expectExact(h);
    });

    it('vacuums the rollup tables once it has folded enough, so readers do not scan dead deltas', async () => {
      const h = get();
      const token = await h.login('operator');
      const size = async (table: string) =>
        Number((await (await connect(h)).query<{ n: string }>(`select pg_relation_size($1) as n`, [table])).rows[0]!.n);
      for (let i = 0; i < 3; i++) await registerOne(h, token);
      // Below the threshold: folded, the dead deltas stay (a server without autovacuum keeps them).
      const first = await foldRollupDeltas(h.ctx.db, h.ctx.dialect, 1_000_000);
      expect(first).toMatchObject({ ran: true, vacuumed: false });
      expect(first.folded).toBeGreaterThan(0);
      expect(await size('case_stat_status_delta')).toBeGreaterThan(0);
      for (let i = 0; i < 3; i++) await registerOne(h, token);
      // At the threshold: the delta tables, all dead rows, are emptied to nothing on disk.
      const second = await foldRollupDeltas(h.ctx.db, h.ctx.dialect, first.folded + 1);
      expect(second).toMatchObject({ ran: true, vacuumed: true });
      for (const table of ['case_stat_status_delta', 'case_stat_category_delta', 'case_stat_open_delta'])
        expect(await size(table), table).toBe(0);
      // The counter starts again: nothing to fold, nothing to vacuum.
      expect(await foldRollupDeltas(h.ctx.db, h.ctx.dialect, 1)).toMatchObject({ folded: 0, vacuumed: false });
      await expectExact(h);
    });
  },
  { dialects: ['postgres'] },
);
