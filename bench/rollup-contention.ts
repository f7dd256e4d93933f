// How the dashboard rollups' write path limits concurrent intake on PostgreSQL (ADR 0039).
//   npx tsx bench/rollup-contention.ts [--seconds 10] [--clients 32] [--only a,b,…]
// Creates a fresh database (dropped at the end) on DATABASE_ADMIN_URL (default
// postgres://postgres@127.0.0.1:5432/postgres) and runs, for each variant, `clients` connections
// for `seconds`, each looping over durable transactions shaped like an intake: insert a case-like
// row, its rollup effect (13 counters: status rows at 5 region levels, category and open-case rows
// at 4 — all in the same county and day, the worst and the common case after a storm), then three
// more rows (event, audit, outbox) and COMMIT. Variants:
//   ceiling   the case row and the three others, no rollup at all
//   in-place  (a) today's triggers: upsert the 13 rows in key order (row locks held to COMMIT)
//   deltas    (b) append 13 delta rows (no key); a fold job every 2 s (advisory lock,
//             delete … returning, upsert) running beside the writers
//   striped   (c) 8 rows per key, one chosen at random per transaction: upsert in place
//   deferred  (d) in-place, but as the last statement before COMMIT (a deferred trigger)
// Prints transactions/s, p50 and p99 per variant with /proc/loadavg, and checks every variant's
// counts against the rows it inserted.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    clients: { type: 'string', default: '32' },
    only: { type: 'string' },
  },
});
const SECONDS = Number(args.seconds);
const CLIENTS = Number(args.clients);
const ADMIN_URL = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const STRIPES = 8;
const DAY = '2026-12-06';

type Variant = 'ceiling' | 'in-place' | 'deltas' | 'striped' | 'deferred';
const VARIANTS: Variant[] = ['ceiling', 'in-place', 'deltas', 'striped', 'deferred'];

/** The 13 rollup keys of a case in village `v` (of 10, in two townships of one county). */
function keysOf(v: number): string[][] {
  const path = ['/37/', '/37/3707/', '/37/3707/370702/', `/37/3707/370702/${v % 2}/`, `/37/3707/370702/${v % 2}/${v}/`];
  return [
    ...path.map((p) => [p, 'status:registered']),
    ...path.slice(0, 4).map((p) => [p, 'category:CMP.NOISE']),
    ...path.slice(0, 4).map((p) => [p, 'open:registered']),
  ];
}

const SCHEMA = `
create table case_like (id bigserial primary key, village int not null, day text not null, body text not null);
create table other_row (id bigserial primary key, case_id bigint not null, kind text not null, body text not null);
create table stat (region_path text collate "C" not null, day text not null, kind text not null, n int not null,
  primary key (region_path, day, kind));
create table stat_delta (region_path text collate "C" not null, day text not null, kind text not null, n int not null);
create index stat_delta_idx on stat_delta (region_path, day, kind);
create table stat_striped (region_path text collate "C" not null, day text not null, kind text not null,
  stripe int not null, n int not null, primary key (region_path, day, kind, stripe));
`;

function rollupValues(v: number, stripe?: number): { text: string; params: unknown[] } {
  const keys = keysOf(v).sort((a, b) => (a.join() < b.join() ? -1 : 1));
  const params: unknown[] = [];
  const tuples = keys.map(([path, kind]) => {
    params.push(path, DAY, kind);
    const i = params.length;
    if (stripe === undefined) return `($${i - 2}, $${i - 1}, $${i}, 1)`;
    params.push(stripe);
    return `($${i - 2}, $${i - 1}, $${i}, $${i + 1}, 1)`;
  });
  return { text: tuples.join(', '), params };
}

async function upsertInPlace(client: pg.Client, v: number): Promise<void> {
  const { text, params } = rollupValues(v);
  await client.query(
    `insert into stat (region_path, day, kind, n) values ${text} on conflict (region_path, day, kind) do update set n = stat.n + 1`,
    params,
  );
}

async function transaction(client: pg.Client, variant: Variant): Promise<void> {
  const v = Math.floor(Math.random() * 10);
  await client.query('begin');
  const { rows } = await client.query<{ id: string }>(
    'insert into case_like (village, day, body) values ($1, $2, $3) returning id',
    [v, DAY, randomBytes(200).toString('base64')],
  );
  const id = rows[0]!.id;
  if (variant === 'in-place') await upsertInPlace(client, v);
  else if (variant === 'deltas') {
    const { text, params } = rollupValues(v);
    await client.query(`insert into stat_delta (region_path, day, kind, n) values ${text}`, params);
  } else if (variant === 'striped') {
    const { text, params } = rollupValues(v, Math.floor(Math.random() * STRIPES));
    await client.query(
      `insert into stat_striped (region_path, day, kind, stripe, n) values ${text}
        on conflict (region_path, day, kind, stripe) do update set n = stat_striped.n + 1`,
      params,
    );
  }
  for (const kind of ['event', 'audit', 'outbox'])
    await client.query('insert into other_row (case_id, kind, body) values ($1, $2, $3)', [
      id,
      kind,
      randomBytes(100).toString('base64'),
    ]);
  if (variant === 'deferred') await upsertInPlace(client, v);
  await client.query('commit');
}

/** The fold of ADR 0039: one process at a time, each delta added and deleted by one statement. */
async function fold(client: pg.Client): Promise<number> {
  await client.query('begin');
  try {
    const { rows } = await client.query<{ got: boolean }>('select pg_try_advisory_xact_lock(7411039) as got');
    if (!rows[0]!.got) return 0;
    const folded = await client.query<{ deltas: string }>(`
      with gone as (
        delete from stat_delta where ctid = any(array(select ctid from stat_delta limit 20000)) returning *
      ), up as (
        insert into stat as s (region_path, day, kind, n)
        select region_path, day, kind, sum(n) from gone group by 1, 2, 3 order by 1, 2, 3
        on conflict (region_path, day, kind) do update set n = s.n + excluded.n returning 1
      ) select (select count(*) from gone) as deltas, (select count(*) from up) as rows`);
    return Number(folded.rows[0]!.deltas);
  } finally {
    await client.query('commit');
  }
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function run(url: string, variant: Variant): Promise<string> {
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  const folder = new pg.Client({ connectionString: url });
  await folder.connect();
  const before = Number((await folder.query<{ n: string }>('select count(*) as n from case_like')).rows[0]!.n);
  const loadBefore = loadavg();
  const latencies: number[] = [];
  const folds: number[] = [];
  const deadline = Date.now() + SECONDS * 1000;
  let folding = true;
  const foldLoop = (async () => {
    while (variant === 'deltas' && folding) {
      const t = performance.now();
      await fold(folder);
      folds.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 2000));
    }
  })();
  const started = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      while (Date.now() < deadline) {
        const t = performance.now();
        await transaction(c, variant);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  folding = false;
  await foldLoop;
  if (variant === 'deltas') while ((await fold(folder)) > 0);
  // Exact: the county's counter of each kind equals the cases inserted.
  const cases = Number((await folder.query<{ n: string }>('select count(*) as n from case_like')).rows[0]!.n) - before;
  const table = variant === 'striped' ? 'stat_striped' : 'stat';
  const counted =
    variant === 'ceiling'
      ? cases
      : Number(
          (
            await folder.query<{ n: string }>(
              `select coalesce(sum(n), 0) as n from ${table} where region_path = '/37/3707/370702/' and kind = 'status:registered'`,
            )
          ).rows[0]!.n,
        );
  await folder.query(`truncate stat, stat_delta, stat_striped`);
  await Promise.all([...clients, folder].map((c) => c.end()));
  latencies.sort((a, b) => a - b);
  const foldNote = variant === 'deltas' ? ` folds ${folds.length}, max ${Math.max(...folds).toFixed(0)} ms` : '';
  return (
    `| ${variant.padEnd(8)} | ${(latencies.length / elapsed).toFixed(0).padStart(6)} | ${quantile(latencies, 0.5).toFixed(1).padStart(7)} | ` +
    `${quantile(latencies, 0.99).toFixed(1).padStart(7)} | ${counted === cases ? 'exact' : `WRONG ${counted}/${cases}`} | ${loadBefore} → ${loadavg()} |${foldNote}`
  );
}

async function main(): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const name = `rollup_contention_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    const setup = new pg.Client({ connectionString: url.toString() });
    await setup.connect();
    await setup.query(SCHEMA);
    const sync = (await setup.query<{ synchronous_commit: string }>('show synchronous_commit')).rows[0]!;
    await setup.end();
    const only = args.only ? (args.only.split(',') as Variant[]) : VARIANTS;
    process.stdout.write(
      `${CLIENTS} clients × ${SECONDS} s per variant, synchronous_commit=${sync.synchronous_commit}, ${new Date().toISOString()}\n` +
        `| variant  |  tx/s  | p50 ms  | p99 ms  | count | load average before → after |\n` +
        `| -------- | -----: | ------: | ------: | ----- | --------------------------- |\n`,
    );
    for (const variant of only) process.stdout.write(`${await run(url.toString(), variant)}\n`);
  } finally {
    await admin.query(`drop database ${name} with (force)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
