// Every PostgreSQL connection of the app's pool plans without parallel workers (session-settings.ts):
// the dashboard's one-statement rollup read, planned in parallel, took 31 ms instead of 4 at 1M
// cases. PostgreSQL only: SQLite has no parallel query.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';

describeEachDialect(
  'PostgreSQL session settings',
  (get) => {
    it('plans no parallel workers on any connection of the pool, also inside a transaction', async () => {
      const { ctx } = get();
      const shown = await Promise.all(
        Array.from({ length: 4 }, () =>
          sql<{ max_parallel_workers_per_gather: string }>`show max_parallel_workers_per_gather`.execute(ctx.db),
        ),
      );
      expect(shown.map((r) => r.rows[0]!.max_parallel_workers_per_gather)).toEqual(['0', '0', '0', '0']);
      const inTransaction = await ctx.db
        .transaction()
        .execute((trx) =>
          sql<{ max_parallel_workers_per_gather: string }>`show max_parallel_workers_per_gather`.execute(trx),
        );
      expect(inTransaction.rows[0]!.max_parallel_workers_per_gather).toBe('0');
    });
  },
  { dialects: ['postgres'] },
);
