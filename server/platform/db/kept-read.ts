// A small table read on most requests (the categories, the warning rules' settings) kept in
// memory per database while nothing it is read from changed: the write watch (write-watch.ts) sees
// every Kysely write to the tables in this process at once and in the other app processes through
// the bus; anything else (a script's raw SQL) is seen within KEPT_MAX_AGE_MS. Intake reads both on
// every report; kept, each is one statement less per report (ADR 0046).
import type { Kysely } from 'kysely';
import { writeWatchOf } from './write-watch.ts';

/** How long a kept value is trusted when no watched write ran meanwhile (the bound for writes not seen). */
export const KEPT_MAX_AGE_MS = 2_000;
/**
 * A value read less than this after a watched write is not kept: on PostgreSQL a write's statement
 * runs (and is counted) before its transaction commits, and a read in between still sees the old rows.
 */
export const KEPT_SETTLE_MS = 1_000;

interface Kept<T> {
  value: T;
  generation: number;
  keptAt: number;
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
  const kept = new WeakMap<object, Kept<T>>();
  const watching = new WeakSet<object>();
  return async (db, via = db) => {
    const watch = writeWatchOf(db);
    if (!watch) return read(via);
    if (!watching.has(db)) {
      for (const table of tables) watch.watch(table, 'all', { inserts: true });
      watching.add(db);
    }
    const entry = kept.get(db);
    if (entry && entry.generation === watch.generation && performance.now() - entry.keptAt < KEPT_MAX_AGE_MS) {
      return entry.value;
    }
    const generation = watch.generation;
    const value = await read(via);
    // Kept only when nothing it is read from changed while it was read, nor just before.
    if (generation === watch.generation && watch.sinceLastWrite() > KEPT_SETTLE_MS) {
      kept.set(db, { value, generation, keptAt: performance.now() });
    }
    return value;
  };
}

/**
 * Call after committing a write to a kept table: what any process kept while the transaction was
 * open (the old rows, still the committed ones then, read after the settle time) is dropped. The
 * write's statement alone is seen before the commit only.
 */
export function keptTablesCommitted(db: object): void {
  writeWatchOf(db)?.committed();
}
