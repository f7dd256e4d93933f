// Named prepared statements against the real PostgreSQL server: each statement is prepared once
// per connection, the set stays within its limit, statements inside or after a failed transaction
// still answer correctly, and a table that gains or loses a column — through this pool (a
// migration) or from elsewhere (another process's) — never leaves a connection refusing its
// statements. PostgreSQL only: SQLite has no statements on a server.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl } from '../../../test/support/env.ts';
import { MAX_PREPARED_VALUES, prepareStatements, type SchemaEpoch } from './prepared.ts';

const database = `concord_prepared_${randomBytes(4).toString('hex')}`;
const url = () => {
  const u = new URL(adminUrl());
  u.pathname = `/${database}`;
  return u.toString();
};

const prepared = async (client: pg.Client) =>
  Number((await client.query<{ n: string }>('select count(*) as n from pg_prepared_statements')).rows[0]!.n);
/** The first row's `n` of a statement with values. */
const n = async (client: pg.Client, text: string, values: unknown[]) =>
  (await client.query<{ n: number }>(text, values)).rows[0]!.n;

describe('prepared statements (PostgreSQL)', () => {
  const admin = new pg.Client({ connectionString: adminUrl() });
  const clients: pg.Client[] = [];
  /** A connection to the test database, its statements prepared (sharing `epoch` when given). */
  const connect = async (epoch?: SchemaEpoch, limit?: number) => {
    const client = new pg.Client({ connectionString: url() });
    await client.connect();
    clients.push(client);
    prepareStatements(client, epoch, limit);
    return client;
  };

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`create database ${database}`);
  });

  afterAll(async () => {
    for (const client of clients) await client.end();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  });

  it('prepares a statement once, however often it runs, and answers each run with its own values', async () => {
    const client = await connect();
    for (let i = 0; i < 5; i++) expect(await n(client, 'select $1::int * 2 as n', [i])).toBe(i * 2);
    expect(await prepared(client)).toBe(1);
    const names = (
      await client.query<{ name: string; statement: string }>('select name, statement from pg_prepared_statements')
    ).rows;
    expect(names).toEqual([
      { name: expect.stringMatching(/^concord_\d+$/) as string, statement: 'select $1::int * 2 as n' },
    ]);
    // Without values (the simple protocol: begin, commit, a migration's several commands), as sent.
    const several = (await client.query('select 7 as n; select 8 as n')) as unknown as pg.QueryResult<{ n: number }>[];
    expect(several.map((r) => r.rows)).toEqual([[{ n: 7 }], [{ n: 8 }]]);
    expect(await prepared(client)).toBe(1);
  });

  it('sends a statement with more than MAX_PREPARED_VALUES values unnamed', async () => {
    const client = await connect();
    const many = Array.from({ length: MAX_PREPARED_VALUES + 1 }, (_, i) => i);
    const text = `select ${many.map((i) => `$${i + 1}::int`).join(' + ')} as n`;
    expect(await n(client, text, many)).toBe((many.length * (many.length - 1)) / 2);
    expect(await prepared(client)).toBe(0);
    expect(await n(client, text.replace(` + $${many.length}::int`, ''), many.slice(0, -1))).toBeGreaterThan(0);
    expect(await prepared(client)).toBe(1);
  });

  it('keeps no more than its limit, renewing the set, and each statement still answers right', async () => {
    const client = await connect(undefined, 3);
    for (let round = 0; round < 2; round++)
      for (let i = 0; i < 12; i++) {
        expect(await n(client, `select $1::int + ${i} as n`, [100 * round])).toBe(100 * round + i);
        expect(await prepared(client)).toBeLessThanOrEqual(3);
      }
    // The newest is among those kept, and it is not parsed again.
    const kept = async () =>
      (
        await client.query<{ statement: string }>('select statement from pg_prepared_statements order by name')
      ).rows.map((r) => r.statement);
    const before = await kept();
    expect(before).toContain('select $1::int + 11 as n');
    await client.query('select $1::int + 11 as n', [5]);
    expect(await kept()).toEqual(before);
  });

  it('renews inside a failed transaction: the error is the statement’s own, and the next ones work', async () => {
    const client = await connect(undefined, 3);
    await client.query('begin');
    await expect(client.query('select $1::int / 0 as n', [1])).rejects.toThrow(/division by zero/);
    for (let i = 0; i < 4; i++)
      await expect(client.query(`select $1::int - ${i} as n`, [10])).rejects.toThrow(/current transaction is aborted/);
    await client.query('rollback');
    for (let i = 0; i < 8; i++) expect(await n(client, `select $1::int - ${i} as n`, [10])).toBe(10 - i);
  });

  it('prepares afresh on every connection of the pool after DDL through one of them, even inside a transaction', async () => {
    const epoch = { value: 0 };
    const [reader, migrator] = [await connect(epoch), await connect(epoch)];
    await migrator.query('create table thing (id integer primary key, name text)');
    await migrator.query(`insert into thing values (1, 'a')`);
    const read = () => reader.query('select * from thing where id = $1', [1]);
    expect((await read()).rows).toEqual([{ id: 1, name: 'a' }]);
    // A migration: its DDL in a transaction, seen by the reader only once committed.
    await migrator.query('begin');
    await migrator.query(`alter table thing add column size integer not null default 3`);
    await migrator.query('commit');
    await reader.query('begin');
    expect((await read()).rows).toEqual([{ id: 1, name: 'a', size: 3 }]);
    await reader.query('commit');
    // The reader's statements from before were deallocated: only the new one is left.
    expect(await prepared(reader)).toBe(1);
  });

  it('sends a statement again when another process changed its table, and inside a transaction fails it once', async () => {
    const client = await connect();
    const elsewhere = new pg.Client({ connectionString: url() });
    await elsewhere.connect();
    clients.push(elsewhere);
    await elsewhere.query('create table other (id integer primary key, name text)');
    await elsewhere.query(`insert into other values (1, 'a')`);
    const read = () => client.query('select * from other where id = $1', [1]);
    expect((await read()).rows).toEqual([{ id: 1, name: 'a' }]);
    await elsewhere.query('alter table other add column size integer not null default 3');
    // Outside a transaction: sent again, prepared anew, answered.
    expect((await read()).rows).toEqual([{ id: 1, name: 'a', size: 3 }]);
    await elsewhere.query('alter table other drop column name');
    // Inside one: that transaction fails, as on any error; its retry works.
    await client.query('begin');
    await expect(read()).rejects.toThrow(/cached plan must not change result type/);
    await client.query('rollback');
    await client.query('begin');
    expect((await read()).rows).toEqual([{ id: 1, size: 3 }]);
    await client.query('commit');
  });
});
