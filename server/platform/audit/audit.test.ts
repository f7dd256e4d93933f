import { execFile } from 'node:child_process';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { testDataKey } from '../../../test/support/env.ts';
import { GENESIS_HASH, verifyAuditChain, type AuditEntry } from './audit.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;

function entry(n: number, outcome: AuditEntry['outcome'] = 'success'): AuditEntry {
  return {
    actor: { userId: null, username: 'audit-test', role: null, unitId: null },
    action: 'test.event',
    subjectType: 'test',
    subjectId: n,
    outcome,
    clientIp: '127.0.0.1',
    details: { n, fields: ['phone'] },
  };
}

describeEachDialect('tamper-evident audit chain', (get) => {
  const db = () => get().ctx.db;

  async function append(n: number): Promise<number> {
    return db()
      .transaction()
      .execute((trx) => get().ctx.audit.append(trx, entry(n), get().clock.now()));
  }

  async function allRows() {
    return db().selectFrom('audit_log').selectAll().orderBy('seq').execute();
  }

  /** Appends a few rows and returns the seq of one with neighbours on both sides. */
  async function middleSeq(): Promise<number> {
    const seqs = [];
    for (let i = 0; i < 3; i++) seqs.push(await append(1000 + i));
    return seqs[1]!;
  }

  /** Runs `check` with the database tampered by `tamper`, then puts every row back as it was. */
  async function whileTampered(tamper: () => Promise<void>, check: () => Promise<void>): Promise<void> {
    const before = await allRows();
    try {
      await tamper();
      await check();
    } finally {
      await db().deleteFrom('audit_log').execute();
      for (const row of before) await db().insertInto('audit_log').values(row).execute();
      expect(await verifyAuditChain(db())).toMatchObject({ ok: true, checked: before.length });
    }
  }

  function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...get().database.env,
      CONCORD_DATA_KEY: testDataKey,
      CONCORD_MODE: 'demo',
    };
    if (get().dialect === 'sqlite') delete env.DATABASE_URL;
    return new Promise((resolve) => {
      execFile(
        'npx',
        ['tsx', 'server/cli.ts', ...args],
        { cwd: ROOT, env, timeout: 90_000 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
          resolve({ code, stdout: String(stdout), stderr: String(stderr) });
        },
      );
    });
  }

  it('chains appended entries so that verification reports every row intact', async () => {
    const before = await allRows();
    const first = await append(1);
    const second = await append(2);
    // Several entries in one transaction, and several transactions at once, still form one chain.
    const inOne = await db()
      .transaction()
      .execute(async (trx) => [
        await get().ctx.audit.append(trx, entry(3), get().clock.now()),
        await get().ctx.audit.append(trx, entry(4), get().clock.now()),
      ]);
    const concurrent = await Promise.all([5, 6, 7, 8, 9, 10].map((n) => append(n)));

    const lastBefore = before.at(-1)?.seq ?? 0;
    expect(first).toBe(lastBefore + 1);
    expect(second).toBe(first + 1);
    expect(inOne).toEqual([second + 1, second + 2]);
    expect([...concurrent].sort((a, b) => a - b)).toEqual([5, 6, 7, 8, 9, 10].map((i) => second + i - 2));

    const rows = await allRows();
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    const mine = rows.find((r) => r.seq === first)!;
    expect(mine).toMatchObject({
      action: 'test.event',
      outcome: 'success',
      subject_id: '1',
      actor_username: 'audit-test',
    });
    expect(JSON.parse(mine.details!)).toEqual({ n: 1, fields: ['phone'] });

    expect(await verifyAuditChain(db())).toEqual({ ok: true, checked: rows.length });
    // Small batches walk the same chain.
    expect(await verifyAuditChain(db(), 3)).toEqual({ ok: true, checked: rows.length });
  });

  it('fails naming the row whose details were edited', async () => {
    const seq = await middleSeq();
    await whileTampered(
      async () => {
        await db()
          .updateTable('audit_log')
          .set({ details: JSON.stringify({ n: 999, fields: [] }) })
          .where('seq', '=', seq)
          .execute();
      },
      async () => {
        const result = await verifyAuditChain(db());
        expect(result.ok).toBe(false);
        expect(result.broken?.seq).toBe(seq);
        expect(result.broken?.reason).toContain(`row ${seq}`);
        expect(result.checked).toBe(seq - 1);
      },
    );
  });

  it('fails naming the row whose outcome was edited', async () => {
    const seq = await middleSeq();
    await whileTampered(
      async () => {
        await db().updateTable('audit_log').set({ outcome: 'denied' }).where('seq', '=', seq).execute();
      },
      async () => {
        const result = await verifyAuditChain(db());
        expect(result.ok).toBe(false);
        expect(result.broken?.seq).toBe(seq);
        expect(result.broken?.reason).toContain(`row ${seq}`);
      },
    );
  });

  it('fails naming the gap when a middle row is deleted', async () => {
    const seq = await middleSeq();
    await whileTampered(
      async () => {
        await db().deleteFrom('audit_log').where('seq', '=', seq).execute();
      },
      async () => {
        const result = await verifyAuditChain(db());
        expect(result.ok).toBe(false);
        expect(result.broken?.seq).toBe(seq);
        expect(result.broken?.reason).toMatch(new RegExp(`row ${seq} is missing`));
      },
    );
  });

  it('fails when two rows swap their contents (reordering)', async () => {
    const seq = await middleSeq();
    await whileTampered(
      async () => {
        const [a, b] = await db()
          .selectFrom('audit_log')
          .selectAll()
          .where('seq', 'in', [seq, seq + 1])
          .orderBy('seq')
          .execute();
        const { seq: seqA, ...contentA } = a!;
        const { seq: seqB, ...contentB } = b!;
        await db().updateTable('audit_log').set(contentB).where('seq', '=', seqA).execute();
        await db().updateTable('audit_log').set(contentA).where('seq', '=', seqB).execute();
      },
      async () => {
        const result = await verifyAuditChain(db());
        expect(result.ok).toBe(false);
        expect(result.broken?.seq).toBe(seq);
        expect(result.broken?.reason).toContain(`row ${seq}`);
      },
    );
  });

  it('leaves no audit row when the audited transaction rolls back', async () => {
    const before = await allRows();
    const failure = new Error('the change failed');
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await get().ctx.audit.append(trx, entry(42), get().clock.now());
          throw failure;
        }),
    ).rejects.toBe(failure);
    const after = await allRows();
    expect(after).toEqual(before);
    expect(after.some((r) => r.subject_id === '42')).toBe(false);
    // The next entry takes the next number: no gap was left behind.
    const next = await append(43);
    expect(next).toBe((before.at(-1)?.seq ?? 0) + 1);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
  });

  it('`concord audit verify` exits 0 on an intact chain and names the edited row otherwise', async () => {
    await append(50);
    const total = (await allRows()).length;
    const good = await cli(['audit', 'verify']);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain('audit chain OK');
    expect(good.stdout).toContain(`${total} rows`);

    const seq = await middleSeq();
    await whileTampered(
      async () => {
        await db().updateTable('audit_log').set({ outcome: 'failure' }).where('seq', '=', seq).execute();
      },
      async () => {
        const bad = await cli(['audit', 'verify']);
        expect(bad.code).not.toBe(0);
        expect(bad.stderr).toMatch(new RegExp(`row ${seq}\\b`));
        expect(bad.stdout).not.toContain('audit chain OK');
      },
    );
  }, 180_000);
});
