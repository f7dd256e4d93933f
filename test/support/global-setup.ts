// Once per test run: build a template database for each dialect (migrated, regions loaded,
// demo county and accounts seeded). Each test file then clones its own fresh copy, so tests
// never share rows and never truncate. PostgreSQL databases of this run are dropped at the end.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../server/config.ts';
import { createContext } from '../../server/app.ts';
import { seedDemo } from '../../server/demo/seed-demo.ts';
import { openDatabase } from '../../server/platform/db/database.ts';
import type { DB } from '../../server/schema.ts';
import { adminUrl, TEST_NOW, testDataKey } from './env.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    runDir: string;
    sqliteTemplate: string;
    /** Name of the PostgreSQL template database, or null when PostgreSQL is unreachable. */
    pgTemplate: string | null;
    pgPrefix: string;
    pgUnavailableReason: string | null;
  }
}

async function seedTemplate(url: string | undefined, sqlitePath: string, dataDir: string): Promise<void> {
  const config = loadConfig(
    {
      CONCORD_MODE: 'demo',
      CONCORD_DATA_DIR: dataDir,
      CONCORD_DATA_KEY: testDataKey,
      CONCORD_NOW: TEST_NOW,
      // Tests build the cases they count; the generated demo cases have a test of their own.
      CONCORD_DEMO_CASES: '0',
    },
    { databaseUrl: url, sqlitePath },
  );
  const database = openDatabase<DB>({ url, sqlitePath });
  try {
    const { ctx } = await createContext(config, { database });
    await seedDemo(ctx);
  } finally {
    await database.close();
  }
}

export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const runDir = path.resolve('tmp', `test-${runId}`);
  mkdirSync(runDir, { recursive: true });
  const sqliteTemplate = path.join(runDir, 'template.db');
  await seedTemplate(undefined, sqliteTemplate, runDir);

  const pgPrefix = `concord_test_${runId}`;
  let pgTemplate: string | null = null;
  let pgUnavailableReason: string | null = null;
  const admin = new pg.Client({ connectionString: adminUrl() });
  try {
    await admin.connect();
  } catch (error) {
    pgUnavailableReason = `PostgreSQL unreachable at ${adminUrl()}: ${(error as Error).message}`;
  }
  if (pgUnavailableReason === null) {
    pgTemplate = `${pgPrefix}_template`;
    await admin.query(`create database ${pgTemplate}`);
    const url = adminUrl(pgTemplate);
    await seedTemplate(url, sqliteTemplate + '.unused', runDir);
  } else if (process.env.CI === 'true') {
    throw new Error(`${pgUnavailableReason}. Under CI=true the PostgreSQL half of the storage suite must run.`);
  } else {
    process.stdout.write(`\n!!! ${pgUnavailableReason}\n!!! The PostgreSQL half of every storage test is SKIPPED.\n\n`);
  }

  project.provide('runDir', runDir);
  project.provide('sqliteTemplate', sqliteTemplate);
  project.provide('pgTemplate', pgTemplate);
  project.provide('pgPrefix', pgPrefix);
  project.provide('pgUnavailableReason', pgUnavailableReason);

  return async () => {
    if (pgUnavailableReason === null) {
      const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [
        `${pgPrefix}%`,
      ]);
      for (const { datname } of rows) {
        await admin.query(`drop database if exists ${datname} with (force)`);
      }
      await admin.end();
    }
    rmSync(runDir, { recursive: true, force: true });
  };
}
