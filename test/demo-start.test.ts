// The README's start command on an empty database: migrate, load Shandong, build the demo county,
// create the demo accounts, serve. A second start reuses the data. Then the CLI a newcomer uses.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { adminUrl } from './support/env.ts';
import { startConcord, stopConcord, type StartedConcord } from '../scripts/start-command.ts';

const root = path.resolve(import.meta.dirname, '..');
const run = promisify(execFile);
const NOW = '2026-11-27T09:00:00+08:00';

type Started = StartedConcord;

const start = (env: Record<string, string>): Promise<Started> =>
  startConcord({ CONCORD_NOW: NOW, LOG_LEVEL: 'warn', CONCORD_DEMO_CASES: '500', ...env }, 120_000);

const stop = stopConcord;

async function login(url: string, username: string, password = 'demo1234') {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, body: (await res.json()) as { token: string; expiresAt: string } };
}

async function cli(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/concord.mjs', ...args], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const targets: { name: string; env: () => Promise<Record<string, string>> }[] = [
  {
    name: 'sqlite',
    env: () => Promise.resolve({ CONCORD_DATA_DIR: mkdtempSync(path.join(inject('runDir'), 'start-')) }),
  },
  {
    name: 'postgres',
    env: async () => {
      const name = `${inject('pgPrefix')}_start_${randomBytes(3).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl() });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      return {
        DATABASE_URL: adminUrl(name),
        CONCORD_DATA_DIR: mkdtempSync(path.join(inject('runDir'), 'start-')),
      };
    },
  },
];

for (const target of targets) {
  describe.skipIf(target.name === 'postgres' && inject('pgUnavailableReason') !== null)(
    `npm start on an empty database [${target.name}]`,
    () => {
      let running: Started | undefined;
      afterAll(async () => {
        if (running) await stop(running);
      });

      it('seeds the demo on first start, reuses it on the second, and the CLI manages accounts', async () => {
        const env = await target.env();
        running = await start(env);
        expect(running.output()).toContain('dispatcher');
        expect(running.output()).toMatch(/demo data loaded: 260 grids, 15 accounts, 500 cases/);
        const health = await fetch(`${running.url}/healthz`);
        expect(await health.json()).toEqual({ status: 'ok', db: target.name });
        for (const username of [
          'admin',
          'dispatcher',
          'operator',
          'department',
          'gridworker',
          'mediator',
          'court',
          'leader',
          'evaluator',
          'resident',
          'psych',
          'shegong',
        ]) {
          expect((await login(running.url, username)).status, username).toBe(200);
        }
        const admin = await login(running.url, 'admin');
        // CONCORD_NOW fixes the clock: the session ends 12 hours after it.
        expect(admin.body.expiresAt).toBe(new Date(Date.parse(NOW) + 12 * 3600_000).toISOString());
        const me = await fetch(`${running.url}/api/v1/me`, {
          headers: { authorization: `Bearer ${admin.body.token}` },
        });
        expect(((await me.json()) as { memberships: { unitName: string }[] }).memberships[0]!.unitName).toBe(
          '山东省综治中心',
        );

        // The CLI works against the same database while the server runs.
        const created = await cli(
          env,
          'user',
          'create',
          'wangxm',
          '--name',
          '王晓明',
          '--unit',
          '370702001-centre',
          '--role',
          'dispatcher',
        );
        expect(created.code, created.stderr).toBe(0);
        const temporary = /temporary password: (\S+)/.exec(created.stdout)![1]!;
        const first = await login(running.url, 'wangxm', temporary);
        expect(first.status).toBe(200);
        const blocked = await fetch(`${running.url}/api/v1/units`, {
          headers: { authorization: `Bearer ${first.body.token}` },
        });
        expect(blocked.status).toBe(403);
        expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('PASSWORD_CHANGE_REQUIRED');
        expect((await cli(env, 'user', 'add-membership', 'wangxm', '370702002-centre', 'dispatcher')).code).toBe(0);
        const reset = await cli(env, 'user', 'reset-password', 'wangxm');
        expect(reset.code).toBe(0);
        expect((await login(running.url, 'wangxm', temporary)).status).toBe(401);
        const bad = await cli(env, 'user', 'add-membership', 'wangxm', 'no-such-unit', 'dispatcher');
        expect(bad.code).toBe(1);
        expect(bad.stderr).toContain('no unit');
        const verify = await cli(env, 'audit', 'verify');
        expect(verify.stdout).toMatch(/audit chain OK: \d+ rows verified/);

        await stop(running);
        // Restart with the clock inside the 2026 Spring Festival holiday (15–23 February).
        running = await start({ ...env, CONCORD_NOW: '2026-02-16T10:00:00+08:00' });
        expect(running.output()).not.toContain('demo data loaded');
        const operator = await login(running.url, 'operator');
        const countyRes = await fetch(`${running.url}/api/v1/units?code=370702`, {
          headers: { authorization: `Bearer ${operator.body.token}` },
        });
        const countyId = ((await countyRes.json()) as { items: { id: number }[] }).items[0]!.id;
        const intake = await fetch(`${running.url}/api/v1/cases`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${operator.body.token}` },
          body: JSON.stringify({
            kind: 'complaint',
            categoryCode: 'CMP.NOISE',
            channel: 'hotline',
            description: '春节期间燃放烟花爆竹噪音扰民',
            unitId: countyId,
          }),
        });
        const registered = (await intake.json()) as { deadlines: { current: string }; number: string };
        expect(intake.status).toBe(201);
        // One working day: the first after the holiday is Tuesday 24 February.
        expect(registered.deadlines.current).toBe('2026-02-24T15:59:59.999Z');
        expect((await login(running.url, 'dispatcher')).status).toBe(200);
        const units = await fetch(`${running.url}/api/v1/units?code=370702`, {
          headers: { authorization: `Bearer ${(await login(running.url, 'admin')).body.token}` },
        });
        expect(((await units.json()) as { items: unknown[] }).items).toHaveLength(1);
      }, 180_000);
    },
  );
}
