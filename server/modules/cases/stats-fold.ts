// Folds the rollups' pending deltas into their base rows (ADR 0039). PostgreSQL's triggers append a
// +1/−1 row per counter to case_stat_*_delta instead of updating a county's row in place (that row
// lock serialised every intake of the county); this job adds them to the base rows and deletes them
// in one transaction, so a reader — who sums base and deltas in one statement, one snapshot — sees
// the same figure before, during and after a fold.
//
// Exactly once across processes: the transaction first takes a transaction-level advisory lock
// with pg_try_advisory_xact_lock; a process that does not get it folds nothing this time. Even
// without the lock a delta could not be counted twice: it is added by the same statement that
// deletes it (`delete … returning`), and a second deleter of the same row finds it gone.
//
// SQLite's triggers still update in place (one writer at a time: no lock to wait for), so there
// is nothing to fold there.
//
// Every folded delta leaves a dead row in its delta table and an updated base row a dead version:
// readers scan the delta tables (small when vacuumed) on every dashboard request. PostgreSQL's
// autovacuum would clear them, but a server may run without it (this project's CI machines do), and
// then an empty delta table of 1,500 dead pages costs each read ~3 ms. So the process that folded
// vacuums the rollup tables itself once it has folded VACUUM_AFTER_DELTAS since its last vacuum.
import { sql } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import type { DialectName } from '../../platform/db/database.ts';
import { STATUS_COUNTERS } from './stats-rollup-rows.ts';

/** Arbitrary constant that names the fold's advisory lock (the audit chain's is 7_411_001). */
const FOLD_LOCK_KEY = 7_411_039;
/** Deltas folded per table and transaction: a fold holds its base rows' locks briefly. */
export const FOLD_BATCH = 20_000;

interface Rollup {
  table: 'case_stat_status' | 'case_stat_category' | 'case_stat_open';
  key: string[];
  sums: string[];
}

const ROLLUPS: Rollup[] = [
  { table: 'case_stat_status', key: ['region_path', 'day', 'status'], sums: ['n', ...Object.keys(STATUS_COUNTERS)] },
  { table: 'case_stat_category', key: ['region_path', 'category_code', 'day'], sums: ['n'] },
  {
    table: 'case_stat_open',
    key: ['region_path', 'day', 'status', 'stage_deadline', 'handle_deadline'],
    sums: ['n'],
  },
];

/** Deltas folded by this process after which it vacuums the rollup tables. */
export const VACUUM_AFTER_DELTAS = 5_000;

export interface FoldResult {
  /** Delta rows folded and deleted. */
  folded: number;
  /** False when another process held the fold (or there was nothing to fold). */
  ran: boolean;
  /** True when this fold then vacuumed the rollup tables. */
  vacuumed: boolean;
}

/** Deltas folded since the last vacuum, per database handle (a test's app has its own). */
const foldedSinceVacuum = new WeakMap<Db, number>();

/** Whether any delta waits to be folded: a few index probes, no transaction. */
export async function pendingRollupDeltas(db: Db): Promise<boolean> {
  const { rows } = await sql<{ pending: boolean | number }>`select (
      exists (select 1 from case_stat_status_delta) or exists (select 1 from case_stat_category_delta)
      or exists (select 1 from case_stat_open_delta)) as pending`.execute(db);
  return Boolean(rows[0]?.pending);
}

/**
 * Folds pending deltas, a batch of at most {@link FOLD_BATCH} per table and transaction, until
 * none is left or another process holds the fold. Cheap when nothing is pending.
 */
export async function foldRollupDeltas(
  db: Db,
  dialect: DialectName,
  vacuumAfter = VACUUM_AFTER_DELTAS,
): Promise<FoldResult> {
  if (dialect !== 'postgres') return { folded: 0, ran: false, vacuumed: false };
  let folded = 0;
  let ran = false;
  while (await pendingRollupDeltas(db)) {
    const batch = await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ got: boolean }>`select pg_try_advisory_xact_lock(${FOLD_LOCK_KEY}) as got`.execute(
        trx,
      );
      if (!rows[0]?.got) return null;
      let count = 0;
      let full = false;
      for (const rollup of ROLLUPS) {
        const n = await foldBatch(trx, rollup);
        count += n;
        full ||= n === FOLD_BATCH;
      }
      return { count, full };
    });
    if (batch === null) break;
    ran = true;
    folded += batch.count;
    // A batch short of the bound took all that was committed: what is left came in since.
    if (!batch.full) break;
  }
  const since = (foldedSinceVacuum.get(db) ?? 0) + folded;
  if (folded === 0 || since < vacuumAfter) {
    foldedSinceVacuum.set(db, since);
    return { folded, ran, vacuumed: false };
  }
  foldedSinceVacuum.set(db, 0);
  // Outside any transaction (VACUUM cannot run in one); it takes no lock that writers or readers wait for.
  const tables = ROLLUPS.flatMap(({ table }) => [`${table}_delta`, table]);
  await sql`vacuum (analyze) ${sql.join(tables.map((t) => sql.table(t)))}`.execute(db);
  return { folded, ran, vacuumed: true };
}

async function foldBatch(trx: Trx, { table, key, sums }: Rollup): Promise<number> {
  const keyList = key.join(', ');
  const { rows } = await sql<Record<string, string | number>>`
    with gone as (
      delete from ${sql.table(`${table}_delta`)}
      where ctid = any(array(select ctid from ${sql.table(`${table}_delta`)} limit ${FOLD_BATCH}))
      returning *
    ), counted as (
      select count(*) as deltas from gone
    ), folded as (
      insert into ${sql.table(table)} as s (${sql.raw(keyList)}, ${sql.raw(sums.join(', '))})
      select ${sql.raw(keyList)}, ${sql.raw(sums.map((c) => `sum(${c})`).join(', '))} from gone
      group by ${sql.raw(keyList)}
      order by ${sql.raw(keyList)}
      on conflict (${sql.raw(keyList)}) do update
        set ${sql.raw(sums.map((c) => `${c} = s.${c} + excluded.${c}`).join(', '))}
      returning ${sql.raw(keyList)}, n
    )
    select (select deltas from counted) as deltas, f.* from folded f right join counted on f.n = 0`.execute(trx);
  const deltas = Number(rows[0]?.deltas ?? 0);
  // The open-case rollup holds only what is open: a row that fell to zero goes (it is this
  // transaction's, locked by its upsert).
  const empty = rows.filter((r) => r.n !== null && r.n !== undefined);
  if (table === 'case_stat_open' && empty.length > 0) {
    await sql`delete from case_stat_open where n = 0 and (${sql.raw(keyList)}) in (
      select * from unnest(${empty.map((r) => r.region_path)}::text[], ${empty.map((r) => r.day)}::text[],
        ${empty.map((r) => r.status)}::text[], ${empty.map((r) => r.stage_deadline)}::text[],
        ${empty.map((r) => r.handle_deadline)}::text[]))`.execute(trx);
  }
  return deltas;
}
