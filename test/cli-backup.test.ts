// `concord backup FILE` and `concord restore FILE` (issue 20 §6): a backup taken while Concord runs
// holds the database, the keys, the audit checkpoints and the attachments; restored into an empty
// data folder and a fresh database, the case and its photo are back and `concord audit verify`
// passes. A backup with one byte changed is refused before anything is written, and so is a
// target that already holds Concord's state.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { expect, inject, it } from 'vitest';
import { loadConfig } from '../server/config.ts';
import { buildApp } from '../server/app.ts';
import { anchorAuditChain } from '../server/platform/audit/checkpoints.ts';
import { restoreBackup } from '../server/backup/backup.ts';
import { readArchive } from '../server/backup/archive.ts';
import { migrations } from '../server/migrations/index.ts';
import { DIALECTS, describeEachDialect } from './support/harness.ts';
import { adminUrl, TEST_NOW, testDataKey } from './support/env.ts';
import { multipartFile, TINY_PNG } from './support/uploads.ts';

const root = path.resolve(import.meta.dirname, '..');
const run = promisify(execFile);
const DAMAGED = 'The backup is damaged or was altered';

async function cli(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/concord.mjs', ...args], {
      cwd: root,
      env: { ...process.env, CONCORD_MODE: 'demo', CONCORD_DATA_KEY: testDataKey, CONCORD_NOW: TEST_NOW, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A new, empty PostgreSQL database of this run (dropped with the run's others). */
async function emptyPostgres(): Promise<string> {
  const name = `${inject('pgPrefix')}_restore_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return adminUrl(name);
}

async function tableCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from information_schema.tables where table_schema = 'public'`,
    );
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

/** An empty restore target of the dialect: a data folder not yet created, and a database. */
async function emptyTarget(dialect: string, label: string) {
  const dataDir = path.join(inject('runDir'), `restore-${label}-${randomBytes(4).toString('hex')}`, 'data');
  const url = dialect === 'postgres' ? await emptyPostgres() : undefined;
  return { dataDir, url, env: { CONCORD_DATA_DIR: dataDir, ...(url ? { DATABASE_URL: url } : {}) } };
}

const modeOf = (file: string) => (statSync(file).mode & 0o777).toString(8);

for (const dialect of DIALECTS) {
  // The source's data folder holds the audit key the template's audit rows were signed with.
  const source = path.join(inject('runDir'), `backup-src-${dialect}-${randomBytes(4).toString('hex')}`, 'data');
  mkdirSync(path.join(source, 'keys'), { recursive: true, mode: 0o700 });
  copyFileSync(path.join(inject('runDir'), 'keys', 'audit.key'), path.join(source, 'keys', 'audit.key'));
  const checkpointFile = path.join(source, 'audit-checkpoints.jsonl');

  describeEachDialect(
    'concord backup and restore',
    (get) => {
      let backupFile = '';
      let caseId = 0;
      let attachmentId = 0;

      it('backs up while the app runs, and restores into an empty data folder and database', async () => {
        const h = get();
        const token = await h.login('operator');
        const created = await h.inject({
          method: 'POST',
          url: '/api/v1/cases',
          token,
          payload: {
            kind: 'complaint',
            categoryCode: 'CMP.NOISE',
            channel: 'window',
            description: '备份测试：楼上装修噪音，周末也不停',
            unitId: (await h.unit('370702001001G01')).id,
          },
        });
        expect(created.statusCode, created.body).toBe(201);
        caseId = (created.json() as { id: number }).id;
        const { payload, headers } = multipartFile('现场.png', TINY_PNG);
        const uploaded = await h.inject({
          method: 'POST',
          url: `/api/v1/cases/${caseId}/attachments`,
          token,
          headers,
          payload,
        });
        expect(uploaded.statusCode, uploaded.body).toBe(201);
        attachmentId = (uploaded.json() as { id: number }).id;
        // A signed checkpoint in the data folder's file: the anchor `audit verify` checks against.
        expect(
          await anchorAuditChain(h.ctx.db, h.ctx.audit, h.clock.now(), { file: checkpointFile, every: 1, maxAgeMs: 0 }),
        ).not.toBeNull();

        const sourceEnv = {
          CONCORD_DATA_DIR: source,
          ...(h.database.url ? { DATABASE_URL: h.database.url } : { CONCORD_SQLITE_PATH: h.database.sqlitePath }),
        };
        backupFile = path.join(path.dirname(source), 'backups', 'concord.backup');
        const backup = await cli(sourceEnv, 'backup', backupFile);
        expect(backup.code, backup.stderr).toBe(0);
        expect(backup.stdout).toContain('1 attachments');
        expect(modeOf(backupFile)).toBe('600');
        // Asked twice for the same name, it does not overwrite the first.
        const again = await cli(sourceEnv, 'backup', backupFile);
        expect(again.code).toBe(1);
        expect(again.stderr).toContain('already exists');

        const target = await emptyTarget(dialect, 'ok');
        const restored = await cli(target.env, 'restore', backupFile);
        expect(restored.code, restored.stderr).toBe(0);
        expect(restored.stdout).toContain('1 attachments');
        expect(modeOf(path.join(target.dataDir, 'keys', 'audit.key'))).toBe('600');
        expect(readFileSync(path.join(target.dataDir, 'keys', 'audit.key'))).toEqual(
          readFileSync(path.join(source, 'keys', 'audit.key')),
        );

        const verified = await cli(target.env, 'audit', 'verify');
        expect(verified.code, verified.stderr).toBe(0);
        expect(verified.stdout).toMatch(/audit chain OK: \d+ rows verified against [1-9]\d* checkpoints/);

        // The restored Concord shows the case and gives back the photo's bytes.
        const config = loadConfig(
          {
            CONCORD_MODE: 'demo',
            CONCORD_DATA_KEY: testDataKey,
            CONCORD_NOW: TEST_NOW,
            CONCORD_WEB_CLIENT: 'off',
            ...target.env,
          },
          {},
        );
        const { app } = await buildApp(config, { logger: false });
        try {
          const login = await app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { username: 'operator', password: 'demo1234' },
          });
          expect(login.statusCode, login.body).toBe(200);
          const auth = { authorization: `Bearer ${(login.json() as { token: string }).token}` };
          const shown = await app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: auth });
          expect(shown.statusCode, shown.body).toBe(200);
          expect((shown.json() as { description: string }).description).toBe('备份测试：楼上装修噪音，周末也不停');
          const photo = await app.inject({
            method: 'GET',
            url: `/api/v1/cases/${caseId}/attachments/${attachmentId}`,
            headers: auth,
          });
          expect(photo.statusCode).toBe(200);
          expect(photo.rawPayload).toEqual(TINY_PNG);
        } finally {
          await app.close();
        }

        // Restored once, the target is no longer empty: a second restore is refused.
        const twice = await cli(target.env, 'restore', backupFile);
        expect(twice.code).toBe(1);
        expect(twice.stderr).toContain('The target is not empty');
        expect(twice.stderr).toContain('--force');
      }, 300_000);

      it('refuses a backup with one byte changed and writes nothing', async () => {
        const original = readFileSync(backupFile);
        // A byte of the photo: found by its bytes in the archive.
        const at = original.indexOf(TINY_PNG) + 20;
        expect(at).toBeGreaterThan(20);
        const tampered = Buffer.from(original);
        tampered[at] = tampered[at]! ^ 0x01;
        const tamperedFile = `${backupFile}.tampered`;
        writeFileSync(tamperedFile, tampered, { mode: 0o600 });
        const target = await emptyTarget(dialect, 'tampered');
        const refused = await cli(target.env, 'restore', tamperedFile);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain(DAMAGED);
        expect(refused.stderr).toMatch(/attachments\/\S+ does not match its SHA-256 in the manifest/);
        expect(existsSync(path.join(target.dataDir, 'keys'))).toBe(false);
        expect(existsSync(path.join(target.dataDir, 'concord.db'))).toBe(false);
        if (target.url) expect(await tableCount(target.url)).toBe(0);
      }, 120_000);

      it('refuses a change anywhere: in the database, a header, the manifest, the end; a cut-off file', async () => {
        const original = readFileSync(backupFile);
        const manifestAt = original.indexOf(Buffer.from('"format": "concord-backup"'));
        const entries = new Map<string, { offset: number; size: number }>();
        for await (const entry of readArchive(backupFile)) entries.set(entry.name, entry);
        const database = [...entries].find(([name]) => name.startsWith('database/'))![1];
        const key = entries.get('keys/audit.key')!;
        const variants: [string, Buffer][] = [
          ['database byte', flip(original, database.offset + 512 + Math.floor(database.size / 2))],
          ['the audit key', flip(original, key.offset + 512 + 3)],
          ['first header', flip(original, 10)],
          ['a header checksum', flip(original, 150)],
          ['manifest', flip(original, manifestAt + 3)],
          ['end mark', flip(original, original.length - 10)],
          ['cut off', original.subarray(0, original.length - 2048)],
          ['trailing bytes', Buffer.concat([original, Buffer.from('extra')])],
        ];
        const config = loadConfig({ CONCORD_MODE: 'demo', CONCORD_DATA_KEY: testDataKey });
        for (const [label, bytes] of variants) {
          const target = await emptyTarget(dialect, 'variant');
          const file = `${backupFile}.${label.replaceAll(' ', '-')}`;
          writeFileSync(file, bytes, { mode: 0o600 });
          const targetConfig = { ...config, ...configFor(target.dataDir, target.url) };
          await expect(
            restoreBackup(targetConfig, file, { knownMigrations: Object.keys(migrations) }),
            label,
          ).rejects.toThrow(DAMAGED);
          expect(existsSync(path.join(target.dataDir, 'keys')), label).toBe(false);
          if (target.url) expect(await tableCount(target.url), label).toBe(0);
        }
      }, 120_000);

      it('refuses a target whose environment lacks or changes a key the backup does not hold', async () => {
        const known = { knownMigrations: Object.keys(migrations) };
        const without = await emptyTarget(dialect, 'nokey');
        const noKey = { ...loadConfig({ CONCORD_MODE: 'demo' }), ...configFor(without.dataDir, without.url) };
        await expect(restoreBackup(noKey, backupFile, known)).rejects.toThrow(
          /the backup's personal-data key came from CONCORD_DATA_KEY \(fingerprint [0-9a-f]{16}\)/,
        );
        const other = await emptyTarget(dialect, 'otherkey');
        const otherKey = {
          ...loadConfig({ CONCORD_MODE: 'demo', CONCORD_DATA_KEY: Buffer.alloc(32, 9).toString('base64') }),
          ...configFor(other.dataDir, other.url),
        };
        await expect(restoreBackup(otherKey, backupFile, known)).rejects.toThrow(
          'CONCORD_DATA_KEY is not the personal-data key of the backup',
        );
        for (const target of [without, other]) {
          expect(existsSync(path.join(target.dataDir, 'keys'))).toBe(false);
          if (target.url) expect(await tableCount(target.url)).toBe(0);
        }
      }, 120_000);

      it('with --force replaces what a target holds', async () => {
        const target = await emptyTarget(dialect, 'force');
        const targetConfig = {
          ...loadConfig({ CONCORD_MODE: 'demo', CONCORD_DATA_KEY: testDataKey }),
          ...configFor(target.dataDir, target.url),
        };
        const known = { knownMigrations: Object.keys(migrations) };
        await restoreBackup(targetConfig, backupFile, known);
        await expect(restoreBackup(targetConfig, backupFile, known)).rejects.toThrow('The target is not empty');
        const again = await restoreBackup(targetConfig, backupFile, { ...known, force: true });
        expect(again.attachments).toBe(1);
      }, 120_000);
    },
    {
      dialects: [dialect],
      config: {
        dataDir: source,
        attachmentsDir: path.join(source, 'attachments'),
        auditCheckpointFile: checkpointFile,
      },
    },
  );
}

function flip(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

function configFor(dataDir: string, url: string | undefined) {
  return {
    dataDir,
    databaseUrl: url,
    sqlitePath: path.join(dataDir, 'concord.db'),
    attachmentsDir: path.join(dataDir, 'attachments'),
    auditCheckpointFile: path.join(dataDir, 'audit-checkpoints.jsonl'),
  };
}
