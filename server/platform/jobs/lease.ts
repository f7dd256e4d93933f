// Leases of the repeating jobs (ADR 0040): with several app processes on one database, a job runs
// in the one process holding its lease. A lease is claimed with one conditional upsert — taken when
// free or expired, kept by its holder — so two processes can never both win it; it is renewed while
// the job runs and, when a run ends, kept until the next interval, so the same process runs the job
// next time and another takes over only once the holder stops renewing (it died or shut down).
//
// Times are this machine's wall clock (Date.now()), never the app's clock: a demo's fixed
// CONCORD_NOW would make every lease everlasting. App nodes keep their clocks in step (NTP); a
// skew far below LEASE_MS does no harm.
//
// The jobs themselves also claim their due rows (conditional updates, unique keys), so a lease
// lost mid-run (the database unreachable for a minute) costs at worst a second run that finds
// nothing left to do; the lease keeps the jobs that would do harm twice (an audit checkpoint
// written by two processes, a warning updated twice) to one process, and saves the others the work.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';

export interface JobLeaseTable {
  name: string;
  holder: string;
  until_ms: number;
}

export interface JobLeaseSchema {
  job_lease: JobLeaseTable;
}

/** A running job's lease lasts this long unless renewed (every third of it while the job runs). */
export const LEASE_MS = 60_000;

/** This process as a lease holder: host, process id and a random part (a restarted pid differs). */
export const PROCESS_HOLDER = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

/** Any database whose schema holds the lease table (the app's Kysely<DB>). */
type LeaseDb = Kysely<JobLeaseSchema> | { readonly isTransaction: boolean };
const leaseTable = (db: LeaseDb) => db as Kysely<JobLeaseSchema>;

/** Takes or renews the lease of `name` until `untilMs`; false while another holder's lease runs. */
export async function claimLease(
  db: LeaseDb,
  name: string,
  holder: string,
  untilMs: number,
  nowMs: number = Date.now(),
): Promise<boolean> {
  const result = await leaseTable(db)
    .insertInto('job_lease')
    .values({ name, holder, until_ms: untilMs })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ holder, until_ms: untilMs })
        .where((eb) => eb.or([eb('job_lease.until_ms', '<=', nowMs), eb('job_lease.holder', '=', holder)])),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Gives up every lease this holder has (a graceful shutdown: another process takes over at once). */
export async function releaseLeases(db: LeaseDb, holder: string): Promise<void> {
  await leaseTable(db).updateTable('job_lease').set({ until_ms: 0 }).where('holder', '=', holder).execute();
}

export interface LeasedRun {
  /** False when another process holds the lease: nothing ran here. */
  ran: boolean;
}

/**
 * `run` wrapped so that it runs only under the lease of `name`: the job a repeating timer calls
 * every `intervalMs` in each process.
 */
export function underLease(
  db: LeaseDb,
  name: string,
  intervalMs: number,
  run: () => Promise<unknown>,
  holder: string = PROCESS_HOLDER,
): () => Promise<LeasedRun> {
  return async () => {
    if (!(await claimLease(db, name, holder, Date.now() + LEASE_MS))) return { ran: false };
    const renew = setInterval(() => {
      claimLease(db, name, holder, Date.now() + LEASE_MS).catch(() => undefined);
    }, LEASE_MS / 3);
    renew.unref();
    try {
      await run();
    } finally {
      clearInterval(renew);
      // Kept until this process's next tick (a little after, so the next tick finds it its own).
      await claimLease(db, name, holder, Date.now() + intervalMs + Math.min(intervalMs, LEASE_MS)).catch(
        () => undefined,
      );
    }
    return { ran: true };
  };
}
