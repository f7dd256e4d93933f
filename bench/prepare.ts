// Builds a benchmark database: migrations, reference data, the demo county and accounts, and N
// generated cases (deterministic). Reused when it already holds N cases.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
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
    if (Number(have?.n ?? 0) >= cases) return { db: kind, env, seedSeconds: null };
    if (kind === 'sqlite' && existsSync(config.sqlitePath) && Number(have?.n ?? 0) > 0) {
      throw new Error(`${config.sqlitePath} holds a partial seed; delete it and run again`);
    }
    await seedDemo(ctx);
    const started = process.hrtime.bigint();
    let last = Date.now();
    await seedDemoCases(ctx, cases, 20_201_902, (written) => {
      if (Date.now() - last > 5000 || written === cases) {
        last = Date.now();
        process.stderr.write(`  seeded ${written.toLocaleString()} / ${cases.toLocaleString()} cases\n`);
      }
    });
    return { db: kind, env, seedSeconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } finally {
    await database.close();
  }
}
