// Builds a benchmark database: migrations, reference data, the demo county and accounts, and N
// generated cases (deterministic). Reused when it already holds N cases.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { loadConfig, type Config } from '../server/config.ts';
import { createContext } from '../server/app.ts';
import { seedDemo } from '../server/demo/seed-demo.ts';
import { seedDemoCases } from '../server/demo/demo-cases.ts';
import { openDatabase } from '../server/platform/db/database.ts';
import type { DB } from '../server/schema.ts';

export const BENCH_NOW = '2026-11-27T09:00:00+08:00';
export const BENCH_KEY = Buffer.alloc(32, 9).toString('base64');

export interface BenchDatabase {
  db: 'sqlite' | 'postgres';
  env: Record<string, string>;
  seedSeconds: number | null;
}

async function ensurePostgresDatabase(name: string): Promise<string> {
  const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function prepare(kind: 'sqlite' | 'postgres', cases: number, dir: string): Promise<BenchDatabase> {
  mkdirSync(dir, { recursive: true });
  const env: Record<string, string> = {
    CONCORD_MODE: 'demo',
    CONCORD_DATA_DIR: dir,
    CONCORD_DATA_KEY: BENCH_KEY,
    CONCORD_NOW: BENCH_NOW,
    CONCORD_DEMO_CASES: '0',
    CONCORD_JOB_INTERVAL_MS: '0',
    // The API alone, as the crash test runs it: no web console built or served.
    CONCORD_WEB_CLIENT: 'off',
    LOG_LEVEL: 'warn',
  };
  if (kind === 'sqlite') env.CONCORD_SQLITE_PATH = path.join(dir, `bench-${cases}.db`);
  else env.DATABASE_URL = await ensurePostgresDatabase(`concord_bench_${cases}`);
  const config: Config = loadConfig(env);
  const database = openDatabase<DB>({ url: config.databaseUrl, sqlitePath: config.sqlitePath });
  try {
    const { ctx } = await createContext(config, { database });
    const have = await ctx.db
      .selectFrom('case_record')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    if (Number(have?.n ?? 0) >= cases) {
      if (kind === 'postgres') await vacuumIfNoAutovacuum(ctx.db);
      return { db: kind, env, seedSeconds: null };
    }
    if (kind === 'sqlite' && existsSync(config.sqlitePath) && Number(have?.n ?? 0) > 0) {
      throw new Error(`${config.sqlitePath} holds a partial seed; delete it and run again`);
    }
    await seedDemo(ctx);
    const started = process.hrtime.bigint();
    let last = Date.now();
    const restore = await setAsideForBulkLoad(ctx.db, kind);
    try {
      await seedDemoCases(
        ctx,
        cases,
        20_201_902,
        (written) => {
          if (Date.now() - last > 5000 || written === cases) {
            last = Date.now();
            process.stderr.write(`  seeded ${written.toLocaleString()} / ${cases.toLocaleString()} cases\n`);
          }
        },
        {
          analyze: false,
          chunk: 50_000,
          // PostgreSQL: no foreign-key trigger per row (the generated references are valid by
          // construction), for this transaction only. Needs a superuser; otherwise they run.
          beginChunk:
            kind === 'postgres' && (await isSuperuser(ctx.db))
              ? async (trx) => void (await sql`set local session_replication_role = replica`.execute(trx))
              : undefined,
        },
      );
      process.stderr.write(`  cases written in ${since(started)} s; rebuilding indexes\n`);
    } finally {
      await restore();
    }
    process.stderr.write(`  indexes rebuilt at ${since(started)} s; analysing\n`);
    if (kind === 'postgres') {
      // The load's rollup upserts left dead row versions behind and each row's live one wherever
      // its last update fell: rewrite both tables in key order, so a county's month is a few pages.
      await sql`cluster case_stat_status using case_stat_status_pk`.execute(ctx.db);
      await sql`cluster case_stat_category using case_stat_category_pk`.execute(ctx.db);
      await sql`vacuum analyze`.execute(ctx.db);
    } else {
      await sql`analyze`.execute(ctx.db);
    }
    return { db: kind, env, seedSeconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } finally {
    await database.close();
  }
}

const BULK_TABLES = ['case_record', 'case_event', 'case_assignment'];

/**
 * An empty database about to receive N cases: secondary indexes are built once afterwards from
 * sorted data instead of row by row (the 7 on case_record cost SQLite ~50 µs a row), and the
 * rollup triggers are set aside (the seeder adds its cases to the rollups itself). Constraint
 * indexes stay. Returns what puts everything back exactly as the migrations made it.
 */
export async function setAsideForBulkLoad(db: Kysely<DB>, kind: 'sqlite' | 'postgres'): Promise<() => Promise<void>> {
  const tables = sql.join(BULK_TABLES);
  if (kind === 'sqlite') {
    // A page cache that holds the tables being written (the default is 16 MB); the generated
    // references are valid by construction, so no foreign-key lookups per row; the WAL is
    // copied into the database once at the end rather than after every transaction.
    await sql`pragma cache_size = -1000000`.execute(db);
    await sql`pragma foreign_keys = off`.execute(db);
    await sql`pragma wal_autocheckpoint = 0`.execute(db);
    const { rows } = await sql<{ type: string; name: string; sql: string }>`
      select type, name, sql from sqlite_master
      where tbl_name in (${tables}) and type in ('index', 'trigger') and sql is not null
      order by type, name`.execute(db);
    for (const row of rows) await sql.raw(`drop ${row.type} "${row.name}"`).execute(db);
    return async () => {
      // Indexes first ("index" < "trigger"), as the migrations made them.
      for (const row of rows) await sql.raw(row.sql).execute(db);
      await sql`pragma foreign_keys = on`.execute(db);
      await sql`pragma wal_checkpoint(truncate)`.execute(db);
      await sql`pragma wal_autocheckpoint = 1000`.execute(db);
    };
  }
  const { rows } = await sql<{ indexname: string; indexdef: string }>`
    select indexname, indexdef from pg_indexes
    where schemaname = current_schema() and tablename in (${tables})
      and indexname not in (select conname from pg_constraint)`.execute(db);
  for (const row of rows) await sql.raw(`drop index "${row.indexname}"`).execute(db);
  for (const table of BULK_TABLES) await sql.raw(`alter table ${table} disable trigger user`).execute(db);
  return async () => {
    await db.transaction().execute(async (trx) => {
      await sql`set local maintenance_work_mem = '512MB'`.execute(trx);
      for (const row of rows) await sql.raw(row.indexdef).execute(trx);
    });
    for (const table of BULK_TABLES) await sql.raw(`alter table ${table} enable trigger user`).execute(db);
  };
}

async function isSuperuser(db: Kysely<DB>): Promise<boolean> {
  const { rows } = await sql<{ su: boolean }>`select rolsuper as su from pg_roles where rolname = current_user`.execute(
    db,
  );
  return rows[0]?.su === true;
}

const since = (started: bigint) => (Number(process.hrtime.bigint() - started) / 1e9).toFixed(1);

/**
 * A reused PostgreSQL database on a server without autovacuum (this project's machines run with
 * `autovacuum = off`) carries every earlier run's dead rows — updated cases, rollups, warnings,
 * the audit chain's links — and each run reads more of them: at 1M, PostgreSQL's stats measured
 * 159–211 req/s on a database reused for a day, 286–396 once vacuumed. This does what autovacuum
 * would have done between the runs (2.5 s after one full run at 1M).
 */
async function vacuumIfNoAutovacuum(db: Kysely<DB>): Promise<void> {
  const { rows } = await sql<{ autovacuum: string }>`show autovacuum`.execute(db);
  if (rows[0]?.autovacuum !== 'off') return;
  const started = process.hrtime.bigint();
  await sql`vacuum analyze`.execute(db);
  process.stderr.write(`  autovacuum is off on this server: vacuumed the reused database (${since(started)} s)\n`);
}
