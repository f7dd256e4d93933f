// Group commit on SQLite: what a client is told matches what another process can read, and one
// failing transaction never takes the others of its group with it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql, type Generated } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from './database.ts';

interface Schema {
  item: { id: Generated<number>; name: string };
}

describe('SQLite group commit', () => {
  let dir: string;
  let handle: DatabaseHandle<Schema>;
  /** Another connection, as another process would read the file. */
  let other: SQLite.Database;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'concord-group-'));
    const file = path.join(dir, 'db.sqlite');
    handle = openDatabase<Schema>({ sqlitePath: file });
    await sql`create table item (id integer primary key, name text not null unique)`.execute(handle.db);
    other = new SQLite(file, { readonly: true });
  });

  afterEach(async () => {
    other.close();
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const committedNames = () =>
    (other.prepare('select name from item order by name').all() as { name: string }[]).map((r) => r.name);

  const insert = (name: string) =>
    handle.db.transaction().execute(async (trx) => {
      await trx.insertInto('item').values({ name }).execute();
      return name;
    });

  it('acknowledges every transaction only once another connection can read it', async () => {
    const seen: string[][] = [];
    const names = Array.from({ length: 40 }, (_, i) => `n${String(i).padStart(2, '0')}`);
    await Promise.all(
      names.map(async (name) => {
        await insert(name);
        seen.push(committedNames());
      }),
    );
    // At each acknowledgement the row was already in the file, for a reader outside the process.
    names.forEach((name, i) => expect(seen[i], name).toContain(name));
    expect(committedNames()).toEqual(names);
  });

  it('undoes a failing transaction alone; the rest of its group commits', async () => {
    await insert('taken');
    const outcomes = await Promise.allSettled([
      insert('a1'),
      // Fails on the unique name after writing a row of its own first.
      handle.db.transaction().execute(async (trx) => {
        await trx.insertInto('item').values({ name: 'b-partial' }).execute();
        await trx.insertInto('item').values({ name: 'taken' }).execute();
      }),
      insert('a2'),
      handle.db.transaction().execute(() => {
        throw new Error('refused by a rule');
      }),
      insert('a3'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect(committedNames()).toEqual(['a1', 'a2', 'a3', 'taken']);
  });

  it('fails the whole group, and keeps none of it, when the commit itself fails', async () => {
    // A deferred constraint is checked at COMMIT only: the group's commit fails as an I/O error would.
    await sql`create table child (id integer primary key, item_id integer references item (id) deferrable initially deferred)`.execute(
      handle.db,
    );
    await sql`pragma foreign_keys = on`.execute(handle.db);
    const outcomes = await Promise.allSettled([
      insert('g1'),
      handle.db.transaction().execute((trx) => sql`insert into child (item_id) values (999)`.execute(trx)),
      insert('g2'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(committedNames()).toEqual([]);
    // The connection is usable again afterwards.
    await insert('after');
    expect(committedNames()).toEqual(['after']);
  });

  it('lets a reader wait until what it saw is durable', async () => {
    const writing = insert('pending');
    await new Promise((resolve) => setImmediate(resolve));
    // The transaction is done and its group not yet committed: this connection reads the row,
    // another process cannot yet.
    const read = await handle.db.selectFrom('item').select('name').execute();
    expect(read.map((r) => r.name)).toEqual(['pending']);
    expect(committedNames()).toEqual([]);
    await handle.whenDurable();
    expect(committedNames()).toEqual(['pending']);
    await writing;
  });

  it('commits the open group before a write outside any transaction', async () => {
    const first = insert('grouped');
    await handle.db.insertInto('item').values({ name: 'single' }).execute();
    expect(committedNames()).toEqual(['grouped', 'single']);
    await first;
  });

  it('keeps everything acknowledged across a close and reopen', async () => {
    await Promise.all(['x', 'y', 'z'].map(insert));
    await handle.close();
    handle = openDatabase<Schema>({ sqlitePath: path.join(dir, 'db.sqlite') });
    const rows = await handle.db.selectFrom('item').select('name').orderBy('name').execute();
    expect(rows.map((r) => r.name)).toEqual(['x', 'y', 'z']);
  });
});
