// Audit append under concurrent writers on PostgreSQL (ADR 0038): N connections for S seconds,
// each transaction inserting a case-like row plus one audit entry, for each way of appending:
//   none    the case row only (the ceiling the audit append is measured against)
//   lock    (a) the old append: pg_advisory_xact_lock, read the head, insert the linked row
//   after   (b) AuditLog.append (sealed row numbered by a sequence, no lock) with the chaining job
//           running in this process (every second, woken after writes), as the app runs it
//   stripes (c) K chains (one per stripe, e.g. per app process): the old append with a lock and a
//           head per stripe, writers spread over the stripes
// Prints transactions/s, p50/p99 latency and the load average around each run; a fresh database
// is created and dropped. Usage:
//   npx tsx bench/audit-append.ts [--connections 32] [--seconds 10] [--stripes 8] [--only lock,after]
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type Kysely, sql } from 'kysely';
import { openDatabase } from '../server/platform/db/database.ts';
import { migrateToLatest } from '../server/platform/db/migrator.ts';
import { migrations } from '../server/migrations/index.ts';
import { AuditLog, GENESIS_HASH, hashAuditRow, type AuditEntry } from '../server/platform/audit/audit.ts';
import { startRepeating } from '../server/platform/jobs.ts';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '10' },
    stripes: { type: 'string', default: '8' },
    only: { type: 'string' },
  },
});
const CONNECTIONS = Number(values.connections);
const SECONDS = Number(values.seconds);
const STRIPES = Number(values.stripes);
const VARIANTS = ['none', 'lock', 'after', 'stripes'] as const;
type Variant = (typeof VARIANTS)[number];
const chosen = (values.only ? values.only.split(',') : VARIANTS) as Variant[];

const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `concord_bench_audit_${randomBytes(4).toString('hex')}`;
const url = Object.assign(new URL(base), { pathname: `/${name}` }).toString();
const key = randomBytes(32);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bench's own tables are not in the app's schema
type AnyDb = Kysely<any>;

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

function entry(n: number): AuditEntry {
  return {
    actor: { userId: 7, username: 'operator', role: 'operator', unitId: 42 },
    action: 'case.create',
    subjectType: 'case',
    subjectId: n,
    outcome: 'success',
    clientIp: '127.0.0.1',
    details: { channel: 'window', category: 'CMP.NOISE' },
  };
}

async function insertCase(trx: AnyDb, worker: number): Promise<number> {
  const row = await trx
    .insertInto('bench_case')
    .values({
      unit_id: worker % 16,
      category: 'CMP.NOISE',
      status: 'registered',
      description: '楼上装修噪音，周末也不停，已多次沟通无果',
      created_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** An audit row as the chain hashes it: the entry's fields, its number and the previous link. */
function linkedRow(e: AuditEntry, at: Date, seq: number, prevHash: string) {
  return {
    seq,
    at: at.toISOString(),
    actor_user_id: e.actor?.userId ?? null,
    actor_username: e.actor?.username ?? null,
    actor_role: e.actor?.role ?? null,
    actor_unit_id: e.actor?.unitId ?? null,
    action: e.action,
    subject_type: e.subjectType ?? null,
    subject_id: String(e.subjectId),
    outcome: e.outcome,
    client_ip: e.clientIp ?? null,
    details: JSON.stringify(e.details),
    prev_hash: prevHash,
  };
}

/** (a): today's append before ADR 0038, on the migrated table (explicit number, linked at once). */
async function lockedAppend(trx: AnyDb, e: AuditEntry, at: Date): Promise<void> {
  await sql`select pg_advisory_xact_lock(7411001)`.execute(trx);
  const last = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const row = linkedRow(e, at, Number(last?.seq ?? 0) + 1, (last?.hash as string | undefined) ?? GENESIS_HASH);
  await trx
    .insertInto('audit_log')
    .values({ ...row, hash: hashAuditRow(row, key), chain_seq: row.seq })
    .execute();
}

/** (c): one chain per stripe, each with its own lock and head. */
async function stripedAppend(trx: AnyDb, e: AuditEntry, at: Date, stripe: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(7411100, ${stripe})`.execute(trx);
  const last = await trx
    .selectFrom('bench_audit_striped')
    .select(['seq', 'hash'])
    .where('stripe', '=', stripe)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const row = linkedRow(e, at, Number(last?.seq ?? 0) + 1, (last?.hash as string | undefined) ?? GENESIS_HASH);
  await trx
    .insertInto('bench_audit_striped')
    .values({ ...row, stripe, hash: hashAuditRow(row, key) })
    .execute();
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function reset(db: AnyDb): Promise<void> {
  await sql`truncate bench_case, bench_audit_striped, audit_log, audit_checkpoint restart identity`.execute(db);
  await sql`select setval('audit_log_seq_seq', 1, false)`.execute(db);
  await sql`checkpoint`.execute(db);
}

async function runVariant(db: AnyDb, variant: Variant) {
  await reset(db);
  const audit = new AuditLog('postgres', key);
  let chainRuns = 0;
  let chained = 0;
  const chainer =
    variant === 'after'
      ? startRepeating(
          'audit-chain',
          1000,
          async () => {
            const run = await audit.chainPending(db);
            chainRuns++;
            chained += run.chained;
          },
          (_n, error) => console.error(error),
        )
      : null;
  if (chainer) audit.onAppended(() => chainer.wake());
  const before = loadavg();
  const latencies: number[] = [];
  const errors: string[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, worker) => {
      while (performance.now() < deadline) {
        const started = performance.now();
        try {
          await db.transaction().execute(async (trx) => {
            const id = await insertCase(trx, worker);
            const e = entry(id);
            const at = new Date();
            if (variant === 'lock') await lockedAppend(trx, e, at);
            else if (variant === 'after') await audit.append(trx, e, at);
            else if (variant === 'stripes') await stripedAppend(trx, e, at, worker % STRIPES);
          });
          latencies.push(performance.now() - started);
          n++;
        } catch (error) {
          errors.push(error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
  const after = loadavg();
  let drainMs = 0;
  let pendingAtEnd = 0;
  if (chainer) {
    const pendingRow = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('chain_seq', 'is', null)
      .executeTakeFirstOrThrow();
    pendingAtEnd = Number(pendingRow.n);
    const t = performance.now();
    await chainer.stop();
    const rest = await audit.chainPending(db);
    chained += rest.chained;
    drainMs = performance.now() - t;
    const verified = await audit.verify(db);
    if (!verified.ok || verified.pending.count !== 0) errors.push(`verify: ${JSON.stringify(verified)}`);
  }
  latencies.sort((a, b) => a - b);
  return {
    variant,
    tps: n / SECONDS,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: errors.length,
    firstError: errors[0],
    loadBefore: before,
    loadAfter: after,
    chainRuns,
    chained,
    pendingAtEnd,
    drainMs,
  };
}

async function main(): Promise<void> {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const handle = openDatabase<unknown>({ url, poolSize: CONNECTIONS + 2 });
  const db = handle.db as AnyDb;
  try {
    await migrateToLatest(handle.db, migrations);
    await sql`create table bench_case (id bigserial primary key, unit_id int not null, category text not null,
      status text not null, description text not null, created_at text not null)`.execute(db);
    await sql`create index bench_case_unit_idx on bench_case (unit_id, created_at)`.execute(db);
    await sql`create table bench_audit_striped (stripe int not null, seq int not null, at text not null,
      actor_user_id int, actor_username text, actor_role text, actor_unit_id int, action text not null,
      subject_type text, subject_id text, outcome text not null, client_ip text, details text,
      prev_hash text not null, hash text not null, primary key (stripe, seq))`.execute(db);
    console.log(
      `audit append, PostgreSQL ${(await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db)).rows[0]!.v}, ` +
        `${CONNECTIONS} connections, ${SECONDS} s per variant, synchronous_commit ${(await sql<{ v: string }>`select current_setting('synchronous_commit') as v`.execute(db)).rows[0]!.v}`,
    );
    console.log('| variant | tx/s | p50 ms | p99 ms | errors | load avg before → after | chainer |');
    console.log('|---|---:|---:|---:|---:|---|---|');
    for (const variant of chosen) {
      const r = await runVariant(db, variant);
      const chain =
        variant === 'after'
          ? `${r.chainRuns} runs, ${r.chained} linked, ${r.pendingAtEnd} waiting at the end, drained in ${r.drainMs.toFixed(0)} ms`
          : '';
      console.log(
        `| ${variant} | ${r.tps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors}${r.firstError ? ` (${r.firstError})` : ''} | ${r.loadBefore} → ${r.loadAfter} | ${chain} |`,
      );
    }
  } finally {
    await handle.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main();
