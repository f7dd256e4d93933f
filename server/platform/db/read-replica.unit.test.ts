// The replica's own rules that need no standby: LSN order, writes refused before they leave the
// process, and reads on the primary until a check has found the replica fresh (ADR 0041).
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { ReadReplica, parseLsn } from './read-replica.ts';

// Nothing listens on port 1: every connection attempt is refused at once.
const NOWHERE = 'postgres://postgres@127.0.0.1:1/none';
const primary = new Kysely<{ case_record: { id: number } }>({
  dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: NOWHERE, connectionTimeoutMillis: 500 }) }),
});
const states: string[] = [];
const replica = new ReadReplica(primary, {
  url: NOWHERE,
  primaryUrl: NOWHERE,
  maxLagMs: 5000,
  log: (state) => states.push(state),
});

afterAll(async () => {
  await replica.close();
  await primary.destroy();
});

describe('the read replica', () => {
  it('orders WAL positions by both halves', () => {
    expect(parseLsn('0/16B3748') < parseLsn('0/16B3749')).toBe(true);
    expect(parseLsn('0/FFFFFFFF') < parseLsn('1/0')).toBe(true);
    expect(parseLsn('1/4C000000')).toBe((1n << 32n) + 0x4c000000n);
  });

  it('refuses a write on the replica before any connection is made', async () => {
    await expect(replica.db.insertInto('case_record').values({ id: 1 }).execute()).rejects.toThrow(
      /writes go to the primary/,
    );
    await expect(replica.db.updateTable('case_record').set({ id: 2 }).execute()).rejects.toThrow(
      /writes go to the primary/,
    );
  });

  it('sends reads to the primary until a check has found the replica fresh', async () => {
    expect(replica.pick()).toBe(primary);
    expect(replica.pick('user:1')).toBe(primary);
    expect(replica.counts).toMatchObject({ replica: 0, primary: 2 });
    // The primary cannot be asked here: nothing is learned, the state stays unknown.
    await replica.check();
    expect(replica.status.state).toBe('unknown');
    expect(replica.pick()).toBe(primary);
  });
});
