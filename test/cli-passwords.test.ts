// The CLI sets passwords by the same rules as the API (issue 13 item 10): `concord user create
// --password` and `concord user reset-password --password` refuse a short, common or username
// password with the bilingual reason, and set nothing.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { DIALECTS, freshDatabase } from './support/harness.ts';
import { testDataKey } from './support/env.ts';

const root = path.resolve(import.meta.dirname, '..');
const run = promisify(execFile);

async function cli(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/concord.mjs', ...args], {
      cwd: root,
      env: { ...process.env, CONCORD_MODE: 'demo', CONCORD_DATA_KEY: testDataKey, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect === 'postgres' && inject('pgUnavailableReason') !== null)(
    `concord user … [${dialect}]`,
    () => {
      it('refuses a weak password on create and on reset, and takes a good one', async () => {
        const { env } = await freshDatabase(dialect);
        const common = await cli(env, 'user', 'create', 'cli.weak', '--name', '弱口令', '--password', 'Password1234');
        expect(common.code).toBe(1);
        expect(common.stderr).toContain('密码太常见或太容易猜到 / This password is too common or too easy to guess');

        const demo = await cli(env, 'user', 'reset-password', 'operator', '--password', 'demo1234');
        expect(demo.code).toBe(1);
        expect(demo.stderr).toContain('密码至少 10 位 / At least 10 characters');

        const good = await cli(env, 'user', 'create', 'cli.good', '--name', '强口令', '--password', 'Cli-chosen-2026');
        expect(good.code, good.stderr).toBe(0);
        const same = await cli(env, 'user', 'reset-password', 'cli.good', '--password', 'CLI.GOOD');
        expect(same.code).toBe(1);
        expect(same.stderr).toMatch(/至少 10 位|用户名/);
      }, 120_000);
    },
  );
}
