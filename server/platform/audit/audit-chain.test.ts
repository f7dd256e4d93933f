// The audit chain under concurrent writers (ADR 0038): on PostgreSQL 50 audited transactions at
// once, some rolled back, with chaining runs racing them from two "processes", end up linked
// exactly once in one valid chain; late commits and rolled-back numbers leave no hole; a writer
// never waits for the chainer. On SQLite the same writes (one at a time) give the same chain.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { CompiledQuery, Migrator, sql, type Kysely } from 'kysely';
import { expect, inject, it, vi } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { adminUrl } from '../../../test/support/env.ts';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { migrations } from '../../migrations/index.ts';
import type { DB } from '../../schema.ts';
import {
  AUDIT_CHAIN_LOCK_KEY,
  AUDIT_SEQ_KEEP_MS,
  AuditLog,
  GENESIS_HASH,
  hashAuditRow,
  unchainedProbe,
  type AuditEntry,
  type AuditSchema,
} from './audit.ts';
import { loadAuditKey } from './checkpoints.ts';

function entry(action: string, n: number): AuditEntry {
  return {
    actor: { userId: null, username: 'chain-test', role: null, unitId: null },
    action,
    subjectType: 'test',
    subjectId: n,
    outcome: 'success',
    details: { n },
  };
}

describeEachDialect('audit chain under concurrent writers', (get, dialect) => {
  /** PostgreSQL's own tests (the chain linked after commit): not registered on SQLite, which links as it writes. */
  const onPostgres = (dialect === 'postgres' ? it : () => undefined) as typeof it;
  const db = () => get().ctx.db;

  async function chainRows() {
    return db().selectFrom('audit_log').selectAll().where('chain_seq', 'is not', null).orderBy('chain_seq').execute();
  }

  /** Writers get their own pool (PostgreSQL): 50 transactions really open at once. */
  async function withPool<T>(size: number, work: (db: Kysely<DB>) => Promise<T>): Promise<T> {
    if (dialect === 'sqlite') return work(db());
    const handle: DatabaseHandle<DB> = openDatabase<DB>({ url: get().database.url, poolSize: size });
    try {
      return await work(handle.db);
    } finally {
      await handle.close();
    }
  }

  it('links 50 concurrent audited writes exactly once, in one chain without holes, rollbacks included', async () => {
    const { audit } = get().ctx;
    const rolledBack = new Set([3, 13, 23, 33, 43]);
    let writing = true;
    let chainedByRaces = 0;
    let busyRuns = 0;
    /** The number each write took, by write (a rolled-back write's too). */
    const taken = new Map<number, number>();
    // Two chaining loops stand for two app processes' jobs, racing the writers and each other.
    const chainer = (database: Kysely<DB>) =>
      (async () => {
        while (writing) {
          const run = await audit.chainPending(database);
          chainedByRaces += run.chained;
          if (run.busy) busyRuns++;
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      })();
    await withPool(50, async (writers) =>
      withPool(2, async (other) => {
        const loops = [chainer(db()), chainer(other)];
        const results = await Promise.allSettled(
          Array.from({ length: 50 }, (_, n) =>
            writers.transaction().execute(async (trx) => {
              const seq = await audit.append(trx, entry('test.concurrent', n), get().clock.now());
              taken.set(n, Number(seq));
              // Commit in another order than numbers were taken.
              if (dialect === 'postgres') await sql`select pg_sleep(${((n * 7) % 11) / 250})`.execute(trx);
              if (rolledBack.has(n)) throw new Error(`write ${n} fails after its audit append`);
              return seq;
            }),
          ),
        );
        writing = false;
        await Promise.all(loops);
        expect(results.filter((r) => r.status === 'rejected')).toHaveLength(rolledBack.size);
      }),
    );
    const last = await audit.chainPending(db());
    expect(last.busy).toBe(false);

    const mine = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'test.concurrent')
      .orderBy('seq')
      .execute();
    const committed = Array.from({ length: 50 }, (_, n) => n).filter((n) => !rolledBack.has(n));
    expect(mine.map((r) => Number(r.subject_id)).sort((a, b) => a - b)).toEqual(committed);
    // Each linked once: every row of the log has one place, the places are 1…n without a hole.
    const chain = await chainRows();
    const total = await db()
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(chain).toHaveLength(Number(total.n));
    expect(chain.map((r) => r.chain_seq)).toEqual(chain.map((_, i) => i + 1));
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.prev_hash).toBe(chain[i - 1]!.hash);
    expect(chainedByRaces + last.chained).toBe(dialect === 'postgres' ? committed.length : 0);
    if (dialect === 'postgres') {
      // The 50 writes took 50 different numbers, in whatever order they came (a busy process takes
      // them a block ahead: not always in a row); the rolled-back ones burned theirs (45 rows, and
      // no hole in the chain).
      const numbers = [...taken.values()].sort((a, b) => a - b);
      expect(new Set(numbers).size).toBe(50);
      expect(mine.map((r) => Number(r.seq))).toEqual(committed.map((n) => taken.get(n)!).sort((a, b) => a - b));
      expect(busyRuns + chainedByRaces).toBeGreaterThan(0);
    }
    expect(await get().ctx.audit.verify(db())).toMatchObject({
      ok: true,
      checked: chain.length,
      pending: { count: 0 },
    });
  }, 60_000);

  onPostgres('links a row that commits after a higher-numbered one, later in the chain', async () => {
    const { audit } = get().ctx;
    await audit.chainPending(db());
    await withPool(3, async (pool) => {
      let releaseEarly!: () => void;
      const early = new Promise<void>((resolve) => (releaseEarly = resolve));
      let earlySeq = 0;
      let tookNumber!: () => void;
      const numbered = new Promise<void>((resolve) => (tookNumber = resolve));
      const slow = pool.transaction().execute(async (trx) => {
        earlySeq = await audit.append(trx, entry('test.late', 1), get().clock.now());
        tookNumber();
        await early;
      });
      await numbered;
      const laterSeq = await pool
        .transaction()
        .execute((trx) => audit.append(trx, entry('test.late', 2), get().clock.now()));
      expect(laterSeq).toBeGreaterThan(earlySeq);
      // The higher number is committed and linked; the lower one is still running: not seen.
      expect(await audit.chainPending(db())).toEqual({ chained: 1, busy: false });
      releaseEarly();
      await slow;
      expect(await audit.chainPending(db())).toEqual({ chained: 1, busy: false });
      const links = await db()
        .selectFrom('audit_log')
        .select(['seq', 'chain_seq'])
        .where('action', '=', 'test.late')
        .orderBy('chain_seq')
        .execute();
      expect(links.map((l) => l.seq)).toEqual([laterSeq, earlySeq]);
      expect(links[1]!.chain_seq).toBe(links[0]!.chain_seq! + 1);
    });
    expect(await audit.verify(db())).toMatchObject({ ok: true, pending: { count: 0 } });
  });

  onPostgres('never makes a writer wait for the chainer, and a second chainer skips while one runs', async () => {
    const { audit } = get().ctx;
    await withPool(3, async (pool) => {
      // Another process's chaining transaction holds the lock.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const holder = pool.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`.execute(trx);
        locked();
        await released;
      });
      await isLocked;
      const seq = await pool
        .transaction()
        .execute((trx) => audit.append(trx, entry('test.lock', 1), get().clock.now()));
      expect(await audit.chainPending(db())).toEqual({ chained: 0, busy: true });
      const waiting = await db()
        .selectFrom('audit_log')
        .select('chain_seq')
        .where('seq', '=', seq)
        .executeTakeFirstOrThrow();
      expect(waiting.chain_seq).toBeNull();
      release();
      await holder;
      expect(await audit.chainPending(db())).toEqual({ chained: 1, busy: false });
    });
    expect(await audit.verify(db())).toMatchObject({ ok: true, pending: { count: 0 } });
  });
  onPostgres('takes the next free number when the sequence fell behind numbers already held', async () => {
    const { config } = get().ctx;
    const key = loadAuditKey({ configured: config.auditKey, dataDir: config.dataDir });
    const audit = new AuditLog('postgres', key);
    const append = (n: number) =>
      db()
        .transaction()
        .execute((trx) => audit.append(trx, entry('test.behind', n), get().clock.now()));
    const held = [await append(1), await append(2), await append(3)];
    // The sequence loses its last advances, as a promoted standby's may (ADR 0047's drill); a
    // new process keeps no block, so its numbers come from the sequence.
    await sql`select setval('audit_log_seq_seq', ${held[0]! - 1})`.execute(db());
    const after = new AuditLog('postgres', key);
    const seq = await db()
      .transaction()
      .execute((trx) => after.append(trx, entry('test.behind', 4), get().clock.now()));
    expect(seq).toBeGreaterThan(held[2]!);
    await after.chainPending(db());
    expect(await after.verify(db())).toMatchObject({ ok: true, pending: { count: 0 } });
  });
  onPostgres(
    'takes numbers a block ahead while busy, each once across two processes, none kept past AUDIT_SEQ_KEEP_MS',
    async () => {
      const { config, audit } = get().ctx;
      const key = loadAuditKey({ configured: config.auditKey, dataDir: config.dataDir });
      // Two app processes: each its own AuditLog, one sequence.
      const processes = [new AuditLog('postgres', key), new AuditLog('postgres', key)];
      const taken: number[][] = [[], []];
      const appendBoth = async (count: number) => {
        for (let n = 0; n < count; n++) {
          for (const p of [0, 1]) {
            const seq = await db()
              .transaction()
              .execute((trx) => processes[p]!.append(trx, entry('test.block', n), get().clock.now()));
            taken[p]!.push(seq);
          }
        }
      };
      /** Runs of consecutive numbers in a process's appends: one per statement that took numbers. */
      const runs = (seqs: number[]) => seqs.filter((seq, i) => i === 0 || seq !== seqs[i - 1]! + 1).length;
      vi.useFakeTimers({ toFake: ['performance'] });
      try {
        // A quiet process takes one number per append: the two alternate.
        await appendBoth(40);
        expect(runs(taken[0]!)).toBe(40);
        // Busy (40 appends in the last second): ten at a time, a quarter second's worth.
        vi.advanceTimersByTime(1_000);
        const quietCount = taken[0]!.length;
        await appendBoth(35);
        const busy = taken.map((seqs) => seqs.slice(quietCount));
        expect(busy.map(runs)).toEqual([4, 4]);
        // Five of each process's last block are left; unused after AUDIT_SEQ_KEEP_MS, they are dropped.
        const highest = Math.max(...taken.flat());
        vi.advanceTimersByTime(AUDIT_SEQ_KEEP_MS);
        await appendBoth(1);
        expect(taken[0]!.at(-1)).toBeGreaterThan(highest);
        expect(taken[1]!.at(-1)).toBeGreaterThan(highest);
      } finally {
        vi.useRealTimers();
      }
      const all = taken.flat();
      expect(new Set(all).size).toBe(all.length);
      await audit.chainPending(db());
      expect(await audit.verify(db())).toMatchObject({ ok: true, pending: { count: 0 } });
    },
  );

  onPostgres(
    'asks whether rows wait through the index of unchained rows, even with statistics from before they were chained',
    async () => {
      const { audit } = get().ctx;
      // 3,000 rows written, the table analysed while none is chained yet, then all chained: the
      // statistics now say nearly every row waits (as when autovacuum has not run since a burst).
      await db()
        .transaction()
        .execute(async (trx) => {
          for (let n = 0; n < 3000; n++) await audit.append(trx, entry('test.stale', n), get().clock.now());
        });
      await sql`analyze audit_log`.execute(db());
      await audit.chainPending(db());
      const probe = unchainedProbe(db() as unknown as Kysely<AuditSchema>).compile();
      const { rows } = await db().executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`explain ${probe.sql}`, [...probe.parameters]),
      );
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toContain('audit_log_pending_idx');
      expect(plan).not.toContain('Seq Scan');
      expect(await unchainedProbe(db() as unknown as Kysely<AuditSchema>).execute()).toEqual([]);
    },
  );

  it('converts a log written before the migration: its rows keep their places and new rows follow', async () => {
    // An empty database of this dialect, migrated up to the migration before this ADR's.
    let url: string | undefined;
    let sqlitePath = ':memory:';
    if (dialect === 'postgres') {
      const name = `${inject('pgPrefix')}_premigration_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl() });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      url = adminUrl(name);
    } else {
      sqlitePath = path.join(inject('runDir'), `premigration-${randomBytes(4).toString('hex')}.db`);
    }
    const handle = openDatabase<DB>({ url, sqlitePath, poolSize: 2 });
    try {
      const names = Object.keys(migrations).sort();
      const mine = names.indexOf('2026-12-08T1000_audit_chain_after_commit');
      const migrator = new Migrator({
        db: handle.db,
        provider: { getMigrations: () => Promise.resolve(migrations) },
      });
      expect((await migrator.migrateTo(names[mine - 1]!)).error).toBeUndefined();
      // Three rows as the append before ADR 0038 wrote them: numbered and linked at once.
      const key = randomBytes(32);
      const old = handle.db as unknown as Kysely<{ audit_log: Record<string, unknown> }>;
      let prev = GENESIS_HASH;
      for (let seq = 1; seq <= 3; seq++) {
        const row = {
          seq,
          at: '2026-12-01T00:00:00.000Z',
          actor_user_id: null,
          actor_username: 'before',
          actor_role: null,
          actor_unit_id: null,
          action: 'test.old',
          subject_type: null,
          subject_id: String(seq),
          outcome: 'success',
          client_ip: null,
          details: null,
          prev_hash: prev,
        };
        const hash = hashAuditRow(row, key);
        await old
          .insertInto('audit_log')
          .values({ ...row, hash })
          .execute();
        prev = hash;
      }
      await migrateToLatest(handle.db as Kysely<unknown>, migrations);
      const audit = new AuditLog(dialect, key);
      expect(await audit.verify(handle.db)).toMatchObject({ ok: true, checked: 3, pending: { count: 0 } });
      const seq = await handle.db
        .transaction()
        .execute((trx) => audit.append(trx, entry('test.new', 4), new Date('2026-12-01T00:00:01Z')));
      expect(seq).toBe(4);
      await audit.chainPending(handle.db);
      const rows = await handle.db.selectFrom('audit_log').select(['seq', 'chain_seq']).orderBy('seq').execute();
      expect(rows).toEqual([1, 2, 3, 4].map((n) => ({ seq: n, chain_seq: n })));
      expect(await audit.verify(handle.db)).toMatchObject({ ok: true, checked: 4 });
    } finally {
      await handle.close();
    }
  });
});
