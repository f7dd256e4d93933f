// Host selection against the real PostgreSQL server: a dead host first, then the live one; a host
// that turns read-only under the pool (as a demoted primary does) is left, and found again once
// writable. PostgreSQL only: SQLite has no hosts.
import { randomBytes } from 'node:crypto';
import { sql, type Generated } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl } from '../../../test/support/env.ts';
import { openDatabase, type DatabaseHandle } from './database.ts';
import {
  DatabaseUnavailableError,
  HostSelector,
  isConnectionFailure,
  parsePostgresUrl,
  selectedHostUrl,
} from './multi-host.ts';

const server = new URL(adminUrl());
const live = `${server.hostname}:${server.port || 5432}`;
/** Nothing listens on port 1: connecting is refused at once, as with a primary whose postmaster died. */
const dead = '127.0.0.1:1';
const database = `concord_multihost_${randomBytes(4).toString('hex')}`;
const user = decodeURIComponent(server.username || 'postgres');
const urlOf = (hosts: string[], attrs = 'read-write') =>
  `postgresql://${user}@${hosts.join(',')}/${database}?target_session_attrs=${attrs}`;

describe('multi-host DATABASE_URL (PostgreSQL)', () => {
  const admin = new pg.Client({ connectionString: adminUrl() });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`create database ${database}`);
  });

  afterAll(async () => {
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  });

  const setReadOnly = async (on: boolean) => {
    await admin.query(
      `alter database ${database} ${on ? 'set default_transaction_read_only = on' : 'reset default_transaction_read_only'}`,
    );
    // As a demotion does: the server restarts, every connection to it ends.
    await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
      [database],
    );
  };

  it('skips a host that refuses connections and keeps the first writable one', async () => {
    const selector = new HostSelector(parsePostgresUrl(urlOf([dead, live])));
    const chosen = await selector.select();
    expect(`${chosen.host}:${chosen.port}`).toBe(live);
  });

  it('gives one-connection tools (backups) the selected host alone', async () => {
    expect(await selectedHostUrl(urlOf([dead, live]))).toBe(`postgresql://${user}@${live}/${database}`);
    const single = `postgresql://${user}@${live}/${database}`;
    expect(await selectedHostUrl(single)).toBe(single);
  });

  it('says which hosts it tried when none is writable, without a password', async () => {
    await setReadOnly(true);
    try {
      const selector = new HostSelector(parsePostgresUrl(urlOf([dead, live]).replace(`${user}@`, `${user}:hunter2@`)));
      const failure = await selector.select().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(DatabaseUnavailableError);
      expect((failure as Error).message).toContain(`${live} is read-only`);
      expect((failure as Error).message).toContain(dead);
      expect((failure as Error).message).not.toContain('hunter2');
      // target_session_attrs=any takes a read-only host too.
      const any = await new HostSelector(parsePostgresUrl(urlOf([dead, live], 'any'))).select();
      expect(`${any.host}:${any.port}`).toBe(live);
    } finally {
      await setReadOnly(false);
    }
  });

  describe('through openDatabase (the pool Concord runs on)', () => {
    let handle: DatabaseHandle<{ item: { id: Generated<number>; name: string } }>;

    beforeAll(async () => {
      handle = openDatabase({ url: urlOf([dead, live]), poolSize: 4 });
      await sql`create table item (id serial primary key, name text not null)`.execute(handle.db);
    });

    afterAll(async () => {
      await handle.close();
    });

    const insert = (name: string) =>
      handle.db.insertInto('item').values({ name }).returning('id').executeTakeFirstOrThrow();

    it('writes through the live host while the first is down', async () => {
      await Promise.all(Array.from({ length: 8 }, (_, i) => insert(`first ${i}`)));
      const { rows } = await sql<{ port: number }>`select inet_server_port() as port`.execute(handle.db);
      expect(String(rows[0]!.port)).toBe(live.split(':')[1]);
    });

    it('fails with a retryable error while no host is writable, then writes again once one is', async () => {
      await setReadOnly(true);
      let failure: unknown;
      try {
        // The pool's connections were cut; the next ones find only a read-only server.
        failure = await insert('during').catch((error: unknown) => error);
      } finally {
        await setReadOnly(false);
      }
      expect(isConnectionFailure(failure)).toBe(true);
      await insert('after');
      const names = await handle.db.selectFrom('item').select('name').orderBy('id').execute();
      expect(names.map((r) => r.name)).toContain('after');
      expect(names.map((r) => r.name)).not.toContain('during');
    });

    it('does not end the process when a connection in use is cut', async () => {
      // A long query on a checked-out connection whose server process is terminated under it.
      const running = sql`select pg_sleep(5)`.execute(handle.db).catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and query like '%pg_sleep%' and pid <> pg_backend_pid()`,
        [database],
      );
      expect(isConnectionFailure(await running)).toBe(true);
      await insert('still here');
    });
  });
});
