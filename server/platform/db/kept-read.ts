// A small table read on most requests (the categories, the warning rules' settings) kept in
// memory per database while nothing it is read from changed: the write watch (write-watch.ts) sees
// every Kysely write to the tables in this process at once and in the other app processes through
// the bus; anything else (a script's raw SQL) is seen within KEEP_MAX_AGE_MS. Intake reads both on
// every report; kept, each is one statement less per report (ADR 0046).
import type { Kysely } from 'kysely';
import { watchWritesTo, writeWatchOf, type KeptStamp } from './write-watch.ts';

interface Kept<T> {
  value: T;
  stamp: KeptStamp;
}

/**
 * `read`, kept per database. Call the result with the application's database; inside a
 * transaction pass it as `via`, which a miss then reads through (a second connection could wait
 * on a pool the transactions hold). A transaction passed as the database is read, never kept: it
 * has no watch of its own. The value is shared between callers: they must not change it.
 */
export function keptRead<T>(
  tables: readonly string[],
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema holding the tables will do
  read: (db: Kysely<any>) => Promise<T>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
): (db: Kysely<any>, via?: Kysely<any>) => Promise<T> {
  const byKey = keptReadByKey(tables, (db) => read(db), 1);
  return (db, via) => byKey(db, '', via);
}

/**
 * `read` of one key (a region's path, say), kept per database and key as keptRead keeps a whole
 * table; at most `maxKeys` keys per database, the least recently kept dropped first.
 */
export function keptReadByKey<T>(
  tables: readonly string[],
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema holding the tables will do
  read: (db: Kysely<any>, key: string) => Promise<T>,
  maxKeys: number,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
): (db: Kysely<any>, key: string, via?: Kysely<any>) => Promise<T> {
  for (const table of tables) watchWritesTo(table, 'all', { inserts: true });
  const kept = new WeakMap<object, Map<string, Kept<T>>>();
  return async (db, key, via = db) => {
    const watch = writeWatchOf(db);
    if (!watch) return read(via, key);
    let keys = kept.get(db);
    if (!keys) {
      // The first use for this database: hear the other processes' writes from now on.
      watch.listen();
      keys = new Map();
      kept.set(db, keys);
    }
    const entry = keys.get(key);
    if (entry && watch.isFresh(entry.stamp)) return entry.value;
    const generation = watch.generation;
    const value = await read(via, key);
    const stamp = watch.stampFor(generation);
    if (stamp) {
      keys.delete(key);
      keys.set(key, { value, stamp });
      if (keys.size > maxKeys) keys.delete(keys.keys().next().value!);
    }
    return value;
  };
}
