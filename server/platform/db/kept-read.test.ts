// A kept read on both databases: read once while nothing changes, again at once after a write
// through Concord, within KEEP_MAX_AGE_MS after a write it cannot see (raw SQL from elsewhere),
// never kept from inside a transaction.
import { afterEach, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { openDatabase } from './database.ts';
import type { DB } from '../../schema.ts';
import { keptRead, keptReadByKey } from './kept-read.ts';
import { KEEP_MAX_AGE_MS, KEEP_SETTLE_MS } from './write-watch.ts';

describeEachDialect('kept reads', (get, dialect) => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /**
   * A fake performance clock well past the last watched write: the harness's setup (real time)
   * and the earlier tests (each on its own fake clock, all starting at 0) are behind it.
   */
  let quietFrom = performance.now();
  async function quietClock() {
    // On PostgreSQL an earlier test's writes come back through the bus (LISTEN/NOTIFY) a little
    // later, and each counts as a write: let them arrive first.
    await new Promise((resolve) => setTimeout(resolve, 200));
    quietFrom += 1_000 * KEEP_MAX_AGE_MS;
    vi.useFakeTimers({ toFake: ['performance'], now: 0 });
    vi.advanceTimersByTime(quietFrom);
  }

  function countedRead() {
    const counter = { reads: 0 };
    const read = keptRead(['category'], async (db) => {
      counter.reads++;
      const row = await db
        .selectFrom('category')
        .select('handle_days')
        .where('code', '=', 'DSP.NEIGHBOUR')
        .executeTakeFirstOrThrow();
      return row.handle_days as number;
    });
    return { counter, read };
  }

  it('reads once while nothing changes, and again at once after a write through Concord', async () => {
    await quietClock();
    const { ctx } = get();
    const { counter, read } = countedRead();
    const before = await read(ctx.db);
    expect(await read(ctx.db)).toBe(before);
    expect(counter.reads).toBe(1);

    await ctx.db.updateTable('category').set({ handle_days: 9 }).where('code', '=', 'DSP.NEIGHBOUR').execute();
    expect(await read(ctx.db)).toBe(9);
    // Read right after a write: not kept (the write's transaction may not have committed).
    expect(await read(ctx.db)).toBe(9);
    expect(counter.reads).toBe(3);
    vi.advanceTimersByTime(KEEP_SETTLE_MS + 1);
    await read(ctx.db);
    await read(ctx.db);
    expect(counter.reads).toBe(4);
    await ctx.db.updateTable('category').set({ handle_days: before }).where('code', '=', 'DSP.NEIGHBOUR').execute();
  });

  it('sees a write it cannot watch (another connection’s raw SQL) once KEEP_MAX_AGE_MS has passed', async () => {
    await quietClock();
    const { ctx, database } = get();
    const { counter, read } = countedRead();
    const before = await read(ctx.db);
    const other = openDatabase<DB>({ url: database.url, sqlitePath: database.sqlitePath, poolSize: 1 });
    try {
      await sql`update category set handle_days = 11 where code = 'DSP.NEIGHBOUR'`.execute(other.db);
      vi.advanceTimersByTime(KEEP_MAX_AGE_MS - 100);
      expect(await read(ctx.db)).toBe(before);
      vi.advanceTimersByTime(200);
      expect(await read(ctx.db)).toBe(11);
      expect(counter.reads).toBe(2);
      await sql`update category set handle_days = ${before} where code = 'DSP.NEIGHBOUR'`.execute(other.db);
    } finally {
      await other.close();
    }
  });

  // PostgreSQL only (not registered on SQLite, whose one connection is the writer's until it
  // commits: no one reads meanwhile).
  (dialect === 'postgres' ? it : ((() => undefined) as unknown as typeof it))(
    'drops what it kept while a slow writer’s transaction was open, as soon as the writer commits',
    async () => {
      await quietClock();
      const { ctx } = get();
      const { read } = countedRead();
      const before = await read(ctx.db);
      await ctx.db.transaction().execute(async (trx) => {
        await trx.updateTable('category').set({ handle_days: 13 }).where('code', '=', 'DSP.NEIGHBOUR').execute();
        // The write's own hint (the bus echoes it) arrives; then the transaction stays open past
        // the settle time, and a reader keeps the committed — old — value.
        await new Promise((resolve) => setTimeout(resolve, 200));
        vi.advanceTimersByTime(KEEP_SETTLE_MS + 1);
        expect(await read(ctx.db)).toBe(before);
      });
      expect(await read(ctx.db)).toBe(13);
      await ctx.db.updateTable('category').set({ handle_days: before }).where('code', '=', 'DSP.NEIGHBOUR').execute();
    },
  );

  it('reads through a transaction and keeps nothing read there unless the database is named', async () => {
    await quietClock();
    const { ctx } = get();
    const { counter, read } = countedRead();
    await ctx.db.transaction().execute(async (trx) => {
      await read(trx);
      await read(trx);
      expect(counter.reads).toBe(2);
      await read(ctx.db, trx);
      await read(ctx.db, trx);
      expect(counter.reads).toBe(3);
    });
    await read(ctx.db);
    expect(counter.reads).toBe(3);
  });

  it('keeps one value per key, drops the least recently kept past its bound, and drops all on a write', async () => {
    await quietClock();
    const { ctx } = get();
    const reads: string[] = [];
    const read = keptReadByKey(
      ['category'],
      async (db, code) => {
        reads.push(code);
        const row = await db.selectFrom('category').select('handle_days').where('code', '=', code).executeTakeFirst();
        return (row?.handle_days as number | undefined) ?? null;
      },
      2,
    );
    const neighbour = await read(ctx.db, 'DSP.NEIGHBOUR');
    expect(neighbour).not.toBeNull();
    await read(ctx.db, 'DSP.NEIGHBOUR');
    await read(ctx.db, 'NO.SUCH');
    await read(ctx.db, 'NO.SUCH');
    expect(reads).toEqual(['DSP.NEIGHBOUR', 'NO.SUCH']);
    // A third key drops the first kept.
    await read(ctx.db, 'THIRD');
    await read(ctx.db, 'NO.SUCH');
    expect(reads).toEqual(['DSP.NEIGHBOUR', 'NO.SUCH', 'THIRD']);
    await read(ctx.db, 'DSP.NEIGHBOUR');
    expect(reads).toEqual(['DSP.NEIGHBOUR', 'NO.SUCH', 'THIRD', 'DSP.NEIGHBOUR']);

    // Both kept now (THIRD and DSP.NEIGHBOUR); a write to the table drops every key.
    await read(ctx.db, 'THIRD');
    expect(reads).toHaveLength(4);
    await ctx.db.updateTable('category').set({ handle_days: 9 }).where('code', '=', 'DSP.NEIGHBOUR').execute();
    vi.advanceTimersByTime(KEEP_SETTLE_MS + 1);
    expect(await read(ctx.db, 'DSP.NEIGHBOUR')).toBe(9);
    await read(ctx.db, 'THIRD');
    expect(reads.slice(4)).toEqual(['DSP.NEIGHBOUR', 'THIRD']);
    await ctx.db.updateTable('category').set({ handle_days: neighbour! }).where('code', '=', 'DSP.NEIGHBOUR').execute();
  });
});
