// Production never runs with the demo's published password (issue 13 item 4): with
// CONCORD_MODE=production or NODE_ENV=production the server refuses to start while a demo account
// still has demo1234, naming each one and the command that fixes it; it never seeds the demo; and
// once the passwords are reset it starts. Real processes, as an operator starts them.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { startArguments } from '../scripts/start-command.ts';
import { loadConfig } from '../server/config.ts';
import { createContext } from '../server/app.ts';
import { DEMO_ACCOUNTS } from '../server/demo/seed-demo.ts';
import { findUserByUsername, resetPassword } from '../server/modules/auth/index.ts';
import { openDatabase } from '../server/platform/db/database.ts';
import type { DB } from '../server/schema.ts';
import { DIALECTS, freshDatabase, type FreshDatabase } from './support/harness.ts';
import { TEST_NOW, testDataKey } from './support/env.ts';

const root = path.resolve(import.meta.dirname, '..');

interface Outcome {
  /** The exit code, or null while it runs (then it was stopped once it said it was running). */
  code: number | null;
  output: string;
  url: string | undefined;
}

/** Starts Concord as `npm start` does; resolves when it exits or says it is running (then stops it). */
function startOnce(env: Record<string, string | undefined>, check?: (url: string) => Promise<void>): Promise<Outcome> {
  const child = spawn(process.execPath, startArguments(), {
    cwd: root,
    // undefined removes a variable, as an operator's shell would not have it.
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      CONCORD_NOW: TEST_NOW,
      CONCORD_DATA_KEY: testDataKey,
      CONCORD_WEB_CLIENT: 'off',
      CONCORD_JOB_INTERVAL_MS: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let url: string | undefined;
  let checkError: Error | undefined;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`neither started nor stopped in time:\n${output}`));
    }, 150_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const running = url === undefined ? /is running: (http:\/\/\S+)/.exec(output) : null;
      if (!running) return;
      url = running[1]!.replace('localhost', '127.0.0.1');
      void (check ? check(url) : Promise.resolve())
        .catch((error: unknown) => {
          checkError = error instanceof Error ? error : new Error(JSON.stringify(error));
        })
        .finally(() => child.kill('SIGTERM'));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (checkError !== undefined) reject(checkError);
      else resolve({ code: url === undefined ? code : null, output, url });
    });
  });
}

function withoutMode(env: Record<string, string>): Record<string, string | undefined> {
  // The test runner's own environment must not decide the mode.
  return { CONCORD_MODE: undefined, ...env };
}

async function signIn(url: string, username: string, password: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, body: (await res.json()) as { restriction?: string | null } };
}

/** Resets every demo account's password the way the refusal says to, in this process. */
async function resetDemoPasswords(database: FreshDatabase): Promise<Map<string, string>> {
  const config = loadConfig(
    { CONCORD_MODE: 'demo', CONCORD_DATA_KEY: testDataKey, CONCORD_NOW: TEST_NOW, ...database.env },
    { databaseUrl: database.url, sqlitePath: database.sqlitePath },
  );
  const handle = openDatabase<DB>({ url: database.url, sqlitePath: database.sqlitePath });
  const passwords = new Map<string, string>();
  try {
    const { ctx } = await createContext(config, { database: handle });
    for (const account of DEMO_ACCOUNTS) {
      const user = await findUserByUsername(ctx.db, account.username);
      const { temporaryPassword } = await resetPassword(ctx, { actor: null, clientIp: null }, user!.id);
      passwords.set(account.username, temporaryPassword);
    }
  } finally {
    await handle.close();
  }
  return passwords;
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect === 'postgres' && inject('pgUnavailableReason') !== null)(
    `starting in production [${dialect}]`,
    () => {
      it('refuses while demo accounts have the demo password, naming them and the fix, then starts once reset', async () => {
        const database = await freshDatabase(dialect);
        for (const env of [{ CONCORD_MODE: 'production' }, withoutMode({ NODE_ENV: 'production' })]) {
          const refused = await startOnce({ ...database.env, ...env });
          expect(refused.code, `${JSON.stringify(env)}: ${refused.output}`).not.toBe(0);
          expect(refused.code).not.toBeNull();
          expect(refused.output).toContain('拒绝启动');
          expect(refused.output).toContain('Refusing to start');
          for (const account of DEMO_ACCOUNTS) {
            expect(refused.output).toContain(`npx concord user reset-password ${account.username}\n`);
          }
        }

        const passwords = await resetDemoPasswords(database);
        const started = await startOnce({ ...database.env, CONCORD_MODE: 'production' }, async (url) => {
          expect((await signIn(url, 'admin', 'demo1234')).status).toBe(401);
          const admin = await signIn(url, 'admin', passwords.get('admin')!);
          expect(admin.status).toBe(200);
          expect(admin.body.restriction).toBe('password_change');
        });
        expect(started.url, started.output).toBeDefined();
        expect(started.output).not.toContain('demo accounts');
      }, 300_000);
    },
  );
}

describe('production never seeds the demo', () => {
  it('refuses NODE_ENV=production with CONCORD_MODE=demo before touching the database', async () => {
    const dataDir = mkdtempSync(path.join(inject('runDir'), 'prod-'));
    const refused = await startOnce({ CONCORD_DATA_DIR: dataDir, NODE_ENV: 'production', CONCORD_MODE: 'demo' });
    expect(refused.code).not.toBe(0);
    expect(refused.code).not.toBeNull();
    expect(refused.output).toMatch(/NODE_ENV=production/);
    expect(refused.output).not.toMatch(/demo data loaded/);
  }, 180_000);

  it('starts on an empty database in production without any account', async () => {
    const dataDir = mkdtempSync(path.join(inject('runDir'), 'prod-'));
    const started = await startOnce({ CONCORD_DATA_DIR: dataDir, CONCORD_MODE: 'production' }, async (url) => {
      expect((await signIn(url, 'admin', 'demo1234')).status).toBe(401);
    });
    expect(started.url, started.output).toBeDefined();
    const handle = openDatabase<DB>({ url: undefined, sqlitePath: path.join(dataDir, 'concord.db') });
    try {
      const accounts = await handle.db.selectFrom('app_user').select('username').execute();
      expect(accounts).toEqual([]);
      const units = await handle.db
        .selectFrom('org_unit')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(units.n)).toBeGreaterThan(0);
    } finally {
      await handle.close();
    }
  }, 300_000);
});
