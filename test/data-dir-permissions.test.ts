// What Concord writes to disk holds residents' data and the keys to it: the data folder and every
// folder under it are created 0700, the SQLite file with its -wal and -shm, the keys and the
// attachments 0600, so another account on the county's server reads none of it.
import { chmodSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../server/platform/db/database.ts';
import { DIALECTS, describeEachDialect } from './support/harness.ts';
import { multipartFile, TINY_PNG } from './support/uploads.ts';

const modeOf = (p: string) => (statSync(p).mode & 0o777).toString(8);
const freshDir = (what: string) => path.join(inject('runDir'), `${what}-${randomBytes(4).toString('hex')}`);

/** Every folder and file under `dir`, with its mode. */
function modesUnder(dir: string): { folders: Record<string, string>; files: Record<string, string> } {
  const folders: Record<string, string> = { '.': modeOf(dir) };
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const name = path.relative(dir, full);
    if (entry.isDirectory()) folders[name] = modeOf(full);
    else files[name] = modeOf(full);
  }
  return { folders, files };
}

describe('the SQLite file', () => {
  it('is created 0600 with its -wal and -shm, in a data folder created 0700', async () => {
    const dataDir = path.join(freshDir('sqlite-perm'), 'data');
    const file = path.join(dataDir, 'concord.db');
    const handle = openDatabase<{ note: { id: number } }>({ sqlitePath: file });
    try {
      await sql`create table note (id integer primary key)`.execute(handle.db);
      await handle.db.insertInto('note').values({ id: 1 }).execute();
      await handle.whenDurable();
      expect(modeOf(dataDir)).toBe('700');
      expect(modeOf(path.dirname(dataDir))).toBe('700');
      for (const suffix of ['', '-wal', '-shm']) expect(modeOf(file + suffix), `concord.db${suffix}`).toBe('600');
    } finally {
      await handle.close();
    }
  });

  it('is narrowed to 0600 when it was left readable by others', async () => {
    const dir = freshDir('sqlite-open');
    mkdirSync(dir, { mode: 0o755 });
    const file = path.join(dir, 'concord.db');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    const handle = openDatabase<{ note: { id: number } }>({ sqlitePath: file });
    try {
      await sql`create table note (id integer primary key)`.execute(handle.db);
      for (const suffix of ['', '-wal', '-shm']) expect(modeOf(file + suffix), `concord.db${suffix}`).toBe('600');
    } finally {
      await handle.close();
    }
  });
});

for (const dialect of DIALECTS) {
  const dataDir = path.join(freshDir(`data-perm-${dialect}`), 'data');
  describeEachDialect(
    'a fresh data folder',
    (get) => {
      it('holds its keys and attachments in 0700 folders, each file 0600', async () => {
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
            description: '楼上装修噪音，周末也不停',
            unitId: (await h.unit('370702001001G01')).id,
          },
        });
        expect(created.statusCode, created.body).toBe(201);
        const { payload, headers } = multipartFile('现场.png', TINY_PNG);
        const uploaded = await h.inject({
          method: 'POST',
          url: `/api/v1/cases/${(created.json() as { id: number }).id}/attachments`,
          token,
          headers,
          payload,
        });
        expect(uploaded.statusCode, uploaded.body).toBe(201);

        const { folders, files } = modesUnder(dataDir);
        expect(Object.keys(folders)).toEqual(expect.arrayContaining(['.', 'keys', 'attachments']));
        expect(Object.keys(files)).toEqual(expect.arrayContaining(['keys/audit.key']));
        expect(Object.keys(files).filter((f) => f.startsWith('attachments/'))).toHaveLength(1);
        expect(Object.entries(folders).filter(([, mode]) => mode !== '700')).toEqual([]);
        expect(Object.entries(files).filter(([, mode]) => mode !== '600')).toEqual([]);
      });
    },
    {
      dialects: [dialect],
      config: {
        dataDir,
        attachmentsDir: path.join(dataDir, 'attachments'),
        auditCheckpointFile: path.join(dataDir, 'audit-checkpoints.jsonl'),
      },
    },
  );
}
