// Per-test-file apps on a fresh database of each dialect, cloned from the run's template.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../server/config.ts';
import { buildApp } from '../../server/app.ts';
import type { AppContext } from '../../server/context.ts';
import { ManualClock } from '../../server/platform/clock.ts';
import { openDatabase, type DialectName } from '../../server/platform/db/database.ts';
import type { DB } from '../../server/schema.ts';
import { createUser } from '../../server/modules/auth/index.ts';
import { adminUrl, TEST_NOW, testDataKey } from './env.ts';

export const DIALECTS: DialectName[] = ['sqlite', 'postgres'];

export interface FreshDatabase {
  dialect: DialectName;
  url: string | undefined;
  sqlitePath: string;
  env: Record<string, string>;
}

/** A new database holding the seeded template (demo county and accounts), private to the caller. */
export async function freshDatabase(dialect: DialectName): Promise<FreshDatabase> {
  const id = randomBytes(5).toString('hex');
  const runDir = inject('runDir');
  if (dialect === 'sqlite') {
    const sqlitePath = path.join(runDir, `${id}.db`);
    copyFileSync(inject('sqliteTemplate'), sqlitePath);
    return { dialect, url: undefined, sqlitePath, env: { CONCORD_SQLITE_PATH: sqlitePath, CONCORD_DATA_DIR: runDir } };
  }
  const template = inject('pgTemplate');
  if (!template) throw new Error('PostgreSQL is unavailable');
  const name = `${inject('pgPrefix')}_${id}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    // Several files may clone at once; PostgreSQL refuses while another clone holds the template.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${template}`);
        break;
      } catch (error) {
        if (attempt >= 40) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } finally {
    await admin.end();
  }
  const url = adminUrl(name);
  return {
    dialect,
    url,
    sqlitePath: path.join(runDir, 'unused.db'),
    env: { DATABASE_URL: url, CONCORD_DATA_DIR: runDir },
  };
}

export interface Harness {
  app: FastifyInstance;
  routes: { method: string; url: string; auth: string }[];
  ctx: AppContext;
  dialect: DialectName;
  database: FreshDatabase;
  clock: ManualClock;
  inject(options: InjectOptions & { token?: string }): Promise<LightMyRequestResponse>;
  login(username: string, password?: string): Promise<string>;
  unit(code: string): Promise<{ id: number; path: string; name: string }>;
  /** A new account with one membership, already signed in. */
  userWith(role: string, unitCode: string): Promise<{ id: number; username: string; token: string }>;
}

export interface HarnessOptions {
  config?: Partial<Config>;
  /** Settings that depend on the fresh database (a replica URL naming the same database). */
  configFor?: (database: FreshDatabase) => Partial<Config>;
  /** Receives the read replica's changes of state (ADR 0041). */
  replicaLog?: (state: string, detail: string) => void;
  /** Only these dialects (a multi-process PostgreSQL test has no SQLite half). */
  dialects?: DialectName[];
  logStream?: NodeJS.WritableStream;
}

export async function startHarness(
  dialect: DialectName,
  options: HarnessOptions = {},
): Promise<Harness & { close(): Promise<void> }> {
  const database = await freshDatabase(dialect);
  const config = loadConfig(
    {
      CONCORD_MODE: 'demo',
      CONCORD_DATA_KEY: testDataKey,
      CONCORD_NOW: TEST_NOW,
      LOG_LEVEL: 'info',
      // Tests report many cases as one resident within one minute of their fixed clock: the hourly
      // intake limits are off unless a test turns them on (intake-limits.test.ts).
      CONCORD_INTAKE_PER_RESIDENT: '0',
      CONCORD_INTAKE_PER_ADDRESS: '0',
      // Rankings computed per request, so that a test sees a case's move at once (ADR 0022; the
      // kept tables are tested with a bound of their own: ranking-snapshot.test.ts).
      RANKINGS_MAX_AGE_SECONDS: '0',
      ...database.env,
    },
    { databaseUrl: database.url, sqlitePath: database.sqlitePath, ...options.config, ...options.configFor?.(database) },
  );
  const clock = new ManualClock(new Date(TEST_NOW));
  const handle = openDatabase<DB>({ url: database.url, sqlitePath: database.sqlitePath, poolSize: 4 });
  const { app, ctx, routes } = await buildApp(config, {
    clock,
    database: handle,
    logger: options.logStream ? { stream: options.logStream } : false,
    ...(options.replicaLog ? { replicaLog: options.replicaLog } : {}),
  });
  let counter = 0;
  const harness: Harness & { close(): Promise<void> } = {
    app,
    routes,
    ctx,
    dialect,
    database,
    clock,
    inject: ({ token, headers, ...rest }) =>
      app.inject({ ...rest, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } }),
    async login(username, password = 'demo1234') {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      return (res.json() as { token: string }).token;
    },
    async unit(code) {
      const row = await ctx.db
        .selectFrom('org_unit')
        .select(['id', 'path', 'name'])
        .where('code', '=', code)
        .executeTakeFirst();
      if (!row) throw new Error(`no unit ${code}`);
      return row;
    },
    async userWith(role, unitCode) {
      const unit = await harness.unit(unitCode);
      const username = `t${role.replace('_', '')}${++counter}${randomBytes(2).toString('hex')}`;
      const { id } = await createUser(
        ctx,
        { actor: null, clientIp: null },
        {
          username,
          displayName: `测试${role}`,
          password: 'Concord-test-2026',
          mustChangePassword: false,
          memberships: [{ unitId: unit.id, role }],
        },
      );
      return { id, username, token: await harness.login(username, 'Concord-test-2026') };
    },
    async close() {
      await app.close();
      await handle.close();
    },
  };
  return harness;
}

/**
 * Runs the same tests on SQLite and on PostgreSQL. Without a reachable PostgreSQL (outside CI)
 * the PostgreSQL half is skipped and says why; under CI=true global set-up fails instead.
 */
export function describeEachDialect(
  name: string,
  body: (get: () => Harness, dialect: DialectName) => void,
  options: HarnessOptions = {},
): void {
  for (const dialect of options.dialects ?? DIALECTS) {
    const unavailable = dialect === 'postgres' ? inject('pgUnavailableReason') : null;
    describe.skipIf(unavailable !== null)(`${name} [${dialect}]`, () => {
      let harness: (Harness & { close(): Promise<void> }) | undefined;
      beforeAll(async () => {
        harness = await startHarness(dialect, options);
      });
      afterAll(async () => {
        await harness?.close();
      });
      body(() => {
        if (!harness) throw new Error('harness not started');
        return harness;
      }, dialect);
    });
  }
}
