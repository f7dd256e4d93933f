// `concord import cases FILE.xlsx` (issue 15 item 3): the same import as the upload page, from the
// command line. A dry run creates nothing; the import creates each work order once however often it
// runs; the rejected rows are printed with their reasons; exit 0 when the file was read, 1 when not.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { DIALECTS, freshDatabase } from './support/harness.ts';
import { testDataKey } from './support/env.ts';
import { workOrder, workOrderXlsx } from './support/work-orders.ts';
import { createContext } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { findUnitByCode } from '../server/modules/org/index.ts';
import { createServiceAccount } from '../server/modules/auth/service-accounts.ts';

const root = path.resolve(import.meta.dirname, '..');
const run = promisify(execFile);

async function cli(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/concord.mjs', ...args], {
      cwd: root,
      env: {
        ...process.env,
        CONCORD_MODE: 'demo',
        CONCORD_DATA_KEY: testDataKey,
        CONCORD_NOW: '2026-11-27T09:00:00+08:00',
        ...env,
      },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect === 'postgres' && inject('pgUnavailableReason') !== null)(
    `concord import cases [${dialect}]`,
    () => {
      it('dry-runs, imports once, reports rejected rows, and fails on an unreadable file', async () => {
        const { env } = await freshDatabase(dialect);
        const dir = await mkdtemp(path.join(tmpdir(), 'concord-import-'));
        const file = path.join(dir, '工单.xlsx');
        await writeFile(
          file,
          await workOrderXlsx([
            workOrder('CLI-1'),
            workOrder('CLI-2', { '所属乡镇/街道': '370702002' }),
            workOrder('CLI-3', { 诉求分类: '不存在的分类' }),
          ]),
        );

        // The demo operator works at the district centre: all of 潍城区 is its area.
        const dry = await cli(env, 'import', 'cases', file, '--as', 'operator', '--dry-run');
        expect(dry.code, dry.stderr).toBe(0);
        expect(dry.stdout).toContain('dry run: 3 rows: 0 created, 0 already imported, 2 ready, 1 rejected');
        expect(dry.stdout).toContain('row 4 CLI-3: rejected 未导入: 未知的诉求分类「不存在的分类」 / Unknown category');

        const first = await cli(env, 'import', 'cases', file, '--as', 'operator');
        expect(first.code, first.stderr).toBe(0);
        expect(first.stdout).toContain('3 rows: 2 created, 0 already imported, 0 ready, 1 rejected');
        expect(first.stdout).toMatch(/row 2 CLI-1: created 已导入 370702-\d{4}-\d{6}/);

        const second = await cli(env, 'import', 'cases', file, '--as', 'operator');
        expect(second.code, second.stderr).toBe(0);
        expect(second.stdout).toContain('3 rows: 0 created, 2 already imported, 0 ready, 1 rejected');

        // As the system: a service account of the sending system is needed to speak for.
        const nobody = await cli(env, 'import', 'cases', file, '--unit', '370702', '--system', 'nobody');
        expect(nobody.code).toBe(1);
        expect(nobody.stderr).toContain('No service account for system nobody');
        const { ctx, database } = await createContext(
          loadConfig({ ...process.env, CONCORD_MODE: 'demo', CONCORD_DATA_KEY: testDataKey, ...env }),
        );
        try {
          const county = await findUnitByCode(ctx.db, '370702');
          await createServiceAccount(
            ctx,
            { actor: null, clientIp: null, actorUserId: 1 },
            { name: '12345 平台', unitId: county!.id, scopes: ['cases:create'], system: 'hotline-sd' },
          );
        } finally {
          await database.close();
        }
        const system = await cli(env, 'import', 'cases', file, '--unit', '370702', '--system', 'hotline-sd');
        expect(system.code, system.stderr).toBe(0);
        expect(system.stdout).toContain(
          '3 rows: 2 created, 0 already imported, 0 ready, 1 rejected (system hotline-sd)',
        );

        const junk = path.join(dir, 'junk.xlsx');
        await writeFile(junk, 'not a workbook');
        const unreadable = await cli(env, 'import', 'cases', junk, '--as', 'operator');
        expect(unreadable.code).toBe(1);
        expect(unreadable.stderr).toContain('无法读取该文件');
        const missing = await cli(env, 'import', 'cases', path.join(dir, 'missing.xlsx'), '--as', 'operator');
        expect(missing.code).toBe(1);
        expect(missing.stderr).toContain('cannot read');
      }, 180_000);
    },
  );
}
