// npm run test:crash [-- --db sqlite|postgres|both] [--kills 10] [--clients 6] [--seed N]
// Kills a loaded server with SIGKILL again and again on a database of its own (a new SQLite file,
// or a new PostgreSQL database created on TEST_DATABASE_URL's server) and checks that nothing
// acknowledged was lost. CONCORD_CRASH_DB sets the default database. Exits 1 on any failure.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { adminUrl, testDataKey } from '../support/env.ts';
import { runCrashTest, type CrashReport, type CrashTarget } from './crash-run.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: process.env.CONCORD_CRASH_DB ?? 'sqlite' },
    kills: { type: 'string', default: '10' },
    clients: { type: 'string', default: '6' },
    seed: { type: 'string' },
  },
});
const dialects = values.db === 'both' ? (['sqlite', 'postgres'] as const) : [values.db];
if (!dialects.every((d) => d === 'sqlite' || d === 'postgres')) {
  console.error(`--db must be sqlite, postgres or both, got "${values.db}"`);
  process.exit(2);
}

const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const runDir = path.resolve('tmp', `crash-${runId}`);

async function withTarget(dialect: 'sqlite' | 'postgres', body: (target: CrashTarget) => Promise<CrashReport>) {
  const dataDir = path.join(runDir, dialect);
  mkdirSync(dataDir, { recursive: true });
  // An empty database: the first start migrates and seeds the demo county and accounts.
  const env = { CONCORD_DATA_DIR: dataDir, CONCORD_DATA_KEY: testDataKey };
  if (dialect === 'sqlite') {
    const sqlitePath = path.join(dataDir, 'concord.db');
    return body({ dialect, env: { ...env, CONCORD_SQLITE_PATH: sqlitePath }, sqlitePath });
  }
  const name = `concord_crash_${runId}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
    return await body({ dialect, env: { ...env, DATABASE_URL: adminUrl(name) } });
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

let failed = false;
for (const dialect of dialects) {
  const report = await withTarget(dialect as 'sqlite' | 'postgres', (target) =>
    runCrashTest(target, {
      kills: Number(values.kills),
      clients: Number(values.clients),
      seed: values.seed === undefined ? undefined : Number(values.seed),
      log: (line) => console.log(line),
    }),
  );
  const verdict = report.failures.length === 0 ? 'PASS' : 'FAIL';
  console.log(
    `${verdict} ${dialect}: ${report.rounds.length} kills, ${report.acknowledged} acknowledged cases, ` +
      `${report.failures.length} failures, ${(report.elapsedMs / 1000).toFixed(1)} s (seed ${report.seed})`,
  );
  for (const failure of report.failures.slice(0, 50)) console.log(`  ✗ ${failure}`);
  if (report.failures.length > 50) console.log(`  … and ${report.failures.length - 50} more`);
  failed ||= report.failures.length > 0;
}
if (failed) {
  console.log(`crash test FAILED; the SQLite files are kept in ${runDir}`);
  process.exitCode = 1;
} else {
  rmSync(runDir, { recursive: true, force: true });
  console.log('crash test PASSED');
}
