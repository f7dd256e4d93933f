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
  for (const table of tables) watchWritesTo(table, 'all', { inserts: true });
  const kept = new WeakMap<object, Kept<T>>();
  return async (db, via = db) => {
    const watch = writeWatchOf(db);
    if (!watch) return read(via);
    watch.listen();
    const entry = kept.get(db);
    if (entry && watch.isFresh(entry.stamp)) return entry.value;
    const generation = watch.generation;
    const value = await read(via);
    const stamp = watch.stampFor(generation);
    if (stamp) kept.set(db, { value, stamp });
    return value;
  };
}
