// The bus between app processes on PostgreSQL: two database handles stand for two processes (each
// has its own pool and its own LISTEN connection, exactly as two processes would). A message
// crosses, the sender's own listeners hear it once, the listening connection killed by the server
// comes back by itself and says so (resync), and a watched write in one bumps the other's watch.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase } from '../../../test/support/harness.ts';
import { adminUrl } from '../../../test/support/env.ts';
import type { DB } from '../../schema.ts';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { watchWritesTo, writeWatchOf } from '../db/write-watch.ts';
import { migrations } from '../../migrations/index.ts';
import { BUS_APPLICATION_NAME, busOf, LocalBus, PostgresBus } from './bus.ts';

/** Resolves with the first value `take` returns that is not undefined, polling every 20 ms. */
async function eventually<T>(take: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = take();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the in-process bus (SQLite)', () => {
  it('delivers to its own listeners at once and stops after unsubscribe', () => {
    const bus = new LocalBus();
    const heard: string[] = [];
    const off = bus.subscribe('t', (payload) => heard.push(payload));
    bus.publish('t', 'one');
    off();
    bus.publish('t', 'two');
    expect(heard).toEqual(['one']);
    expect(() => bus.publish('t', 'x'.repeat(8_000))).toThrow(/at most/);
  });
});

describe.skipIf(inject('pgUnavailableReason') !== null)('the bus between processes [postgres]', () => {
  let a: DatabaseHandle<DB>;
  let b: DatabaseHandle<DB>;
  let admin: pg.Client;

  beforeAll(async () => {
    const database = await freshDatabase('postgres');
    a = openDatabase<DB>({ url: database.url, poolSize: 2 });
    b = openDatabase<DB>({ url: database.url, poolSize: 2 });
    await migrateToLatest(a.db as never, migrations);
    admin = new pg.Client({ connectionString: adminUrl(new URL(database.url!).pathname.slice(1)) });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await a?.close();
    await b?.close();
  });

  it('carries a message to the other process, and the sender hears its own once', async () => {
    const busA = busOf(a.db);
    const busB = busOf(b.db);
    expect(busA).toBeInstanceOf(PostgresBus);
    const heardA: string[] = [];
    const heardB: string[] = [];
    busA.subscribe('inbox', (p) => heardA.push(p));
    busB.subscribe('inbox', (p) => heardB.push(p));
    await Promise.all([busA.ready(), busB.ready()]);
    busA.publish('inbox', '7,8');
    expect(heardA).toEqual(['7,8']);
    await eventually(() => (heardB.length > 0 ? true : undefined));
    expect(heardB).toEqual(['7,8']);
    // Its own NOTIFY comes back to A's connection too: ignored, A heard it when publishing.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heardA).toEqual(['7,8']);
  });

  it('reconnects after the server kills the listening connection, and asks listeners to re-read', async () => {
    const busA = busOf(a.db) as PostgresBus;
    const busB = busOf(b.db) as PostgresBus;
    const heardB: string[] = [];
    let resyncs = 0;
    busB.subscribe('inbox', (p) => heardB.push(p));
    busB.onResync(() => resyncs++);
    await busB.ready();
    const pid = busB.listenerPid;
    expect(pid).not.toBeNull();
    const { rows } = await admin.query<{ application_name: string }>(
      'select application_name from pg_stat_activity where pid = $1',
      [pid],
    );
    expect(rows[0]?.application_name).toBe(BUS_APPLICATION_NAME);
    await admin.query('select pg_terminate_backend($1)', [pid]);
    await eventually(() => (resyncs > 0 ? true : undefined));
    expect(busB.listenerPid).not.toBeNull();
    expect(busB.listenerPid).not.toBe(pid);
    busA.publish('inbox', '42');
    await eventually(() => (heardB.includes('42') ? true : undefined));
  });

  it('tells the other process of a watched write (a sign-out there is seen here at once)', async () => {
    const watchB = writeWatchOf(b.db)!;
    watchWritesTo('user_session', ['revoked_at'], { inserts: false });
    watchB.listen();
    await busOf(b.db).ready();
    const before = watchB.generation;
    await a.db
      .updateTable('user_session')
      .set({ revoked_at: '2026-11-27T01:00:00.000Z' })
      .where('id', '=', -1)
      .execute();
    await eventually(() => (watchB.generation !== before ? true : undefined));
    // A write that is not watched says nothing.
    const settled = watchB.generation;
    await a.db
      .updateTable('user_session')
      .set({ last_seen_at: '2026-11-27T01:00:00.000Z' })
      .where('id', '=', -1)
      .execute();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(watchB.generation).toBe(settled);
  });
});
