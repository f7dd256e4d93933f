import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { testDataKey } from '../../../test/support/env.ts';
import { GENESIS_HASH, type AuditEntry } from './audit.ts';
import { anchorAuditChain, readCheckpointFile, storedCheckpoints } from './checkpoints.ts';

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

describeEachDialect('tamper-evident audit chain', (get, dialect) => {
  /** PostgreSQL's own tests (the chain linked after commit): not registered on SQLite, which links as it writes. */
  const onPostgres = (dialect === 'postgres' ? it : () => undefined) as typeof it;
  const db = () => get().ctx.db;

  /** One audited transaction; on PostgreSQL its row waits for the chainer (ADR 0038). */
  async function appendUnchained(n: number): Promise<number> {
    return db()
      .transaction()
      .execute((trx) => get().ctx.audit.append(trx, entry(n), get().clock.now()));
  }

  /** One audited transaction, then a run of the chaining job (what the app does within a second). */
  async function append(n: number): Promise<number> {
    const seq = await appendUnchained(n);
    await get().ctx.audit.chainPending(db());
    return seq;
  }

  async function allRows() {
    return db().selectFrom('audit_log').selectAll().orderBy('seq').execute();
  }

  /** The chained rows in chain order. */
  async function chainRows() {
    return db().selectFrom('audit_log').selectAll().where('chain_seq', 'is not', null).orderBy('chain_seq').execute();
  }

  /** The place in the chain of row `seq`. */
  async function linkOf(seq: number): Promise<number> {
    const row = await db().selectFrom('audit_log').select('chain_seq').where('seq', '=', seq).executeTakeFirstOrThrow();
    expect(row.chain_seq).not.toBeNull();
    return row.chain_seq!;
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
    const checkpoints = await db().selectFrom('audit_checkpoint').selectAll().execute();
    try {
      await tamper();
      await check();
    } finally {
      await db().deleteFrom('audit_log').execute();
      for (const row of before) await db().insertInto('audit_log').values(row).execute();
      await db().deleteFrom('audit_checkpoint').execute();
      for (const row of checkpoints) await db().insertInto('audit_checkpoint').values(row).execute();
      expect(await get().ctx.audit.verify(db())).toMatchObject({
        ok: true,
        checked: before.filter((r) => r.chain_seq !== null).length,
      });
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
    await get().ctx.audit.chainPending(db());

    const lastBefore = before.at(-1)?.seq ?? 0;
    expect(first).toBe(lastBefore + 1);
    expect(second).toBe(first + 1);
    expect(inOne).toEqual([second + 1, second + 2]);
    expect([...concurrent].sort((a, b) => a - b)).toEqual([5, 6, 7, 8, 9, 10].map((i) => second + i - 2));

    // Every row is in the chain once, at places 1…n without a gap, each linking to the one before.
    const rows = await chainRows();
    expect(rows).toHaveLength((await allRows()).length);
    expect(rows.map((r) => r.chain_seq)).toEqual(rows.map((_, i) => i + 1));
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

    const intact = {
      ok: true,
      checked: rows.length,
      pending: { count: 0, oldestSeq: null, oldestAt: null, oldestAgeMs: null },
    };
    expect(await get().ctx.audit.verify(db())).toEqual(intact);
    // Small batches walk the same chain.
    expect(await get().ctx.audit.verify(db(), { batchSize: 3 })).toEqual(intact);
  });

  it('fails naming the row whose details were edited', async () => {
    const seq = await middleSeq();
    const link = await linkOf(seq);
    await whileTampered(
      async () => {
        await db()
          .updateTable('audit_log')
          .set({ details: JSON.stringify({ n: 999, fields: [] }) })
          .where('seq', '=', seq)
          .execute();
      },
      async () => {
        const result = await get().ctx.audit.verify(db());
        expect(result.ok).toBe(false);
        expect(result.broken).toMatchObject({ link, row: seq });
        expect(result.broken?.reason).toContain(`row ${seq}`);
        expect(result.checked).toBe(link - 1);
      },
    );
  });

  it('fails naming the row whose outcome was edited', async () => {
    const seq = await middleSeq();
    const link = await linkOf(seq);
    await whileTampered(
      async () => {
        await db().updateTable('audit_log').set({ outcome: 'denied' }).where('seq', '=', seq).execute();
      },
      async () => {
        const result = await get().ctx.audit.verify(db());
        expect(result.ok).toBe(false);
        expect(result.broken).toMatchObject({ link, row: seq });
        expect(result.broken?.reason).toContain(`row ${seq}`);
      },
    );
  });

  it('fails naming the gap when a middle row is deleted', async () => {
    const seq = await middleSeq();
    const link = await linkOf(seq);
    await whileTampered(
      async () => {
        await db().deleteFrom('audit_log').where('seq', '=', seq).execute();
      },
      async () => {
        const result = await get().ctx.audit.verify(db());
        expect(result.ok).toBe(false);
        expect(result.broken?.link).toBe(link);
        expect(result.broken?.reason).toMatch(new RegExp(`link ${link} is missing`));
        expect(result.checked).toBe(link - 1);
      },
    );
  });

  it('fails when two rows swap their contents (reordering)', async () => {
    const seq = await middleSeq();
    const link = await linkOf(seq);
    await whileTampered(
      async () => {
        const [a, b] = await db()
          .selectFrom('audit_log')
          .selectAll()
          .where('seq', 'in', [seq, seq + 1])
          .orderBy('seq')
          .execute();
        // Each row's content and links move to the other's place in the chain.
        const { seq: seqA, chain_seq: _a, ...contentA } = a!;
        const { seq: seqB, chain_seq: _b, ...contentB } = b!;
        await db().updateTable('audit_log').set(contentB).where('seq', '=', seqA).execute();
        await db().updateTable('audit_log').set(contentA).where('seq', '=', seqB).execute();
      },
      async () => {
        const result = await get().ctx.audit.verify(db());
        expect(result.ok).toBe(false);
        expect(result.broken).toMatchObject({ link, row: seq });
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
    await get().ctx.audit.chainPending(db());
    const after = await allRows();
    expect(after).toEqual(before);
    expect(after.some((r) => r.subject_id === '42')).toBe(false);
    // The next entry takes the next place in the chain: no hole was left behind. On PostgreSQL
    // its number skips the one the rolled-back write took (sequences never give numbers back).
    const next = await append(43);
    expect(next).toBe((before.at(-1)?.seq ?? 0) + (dialect === 'postgres' ? 2 : 1));
    expect(await linkOf(next)).toBe((before.at(-1)?.chain_seq ?? 0) + 1);
    expect(await get().ctx.audit.verify(db())).toMatchObject({ ok: true, checked: after.length + 1 });
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

  /** A checkpoint file of this test's own, and a run of the anchoring job that always writes one. */
  const checkpointFile = path.join(mkdtempSync(path.join(tmpdir(), 'concord-audit-')), 'checkpoints.jsonl');
  const anchorNow = () =>
    anchorAuditChain(db(), get().ctx.audit, get().clock.now(), { file: checkpointFile, every: 1, maxAgeMs: 0 });

  it('cannot be fooled by an edit whose hashes are recomputed with plain SHA-256', async () => {
    const seq = await middleSeq();
    const link = await linkOf(seq);
    await whileTampered(
      async () => {
        // What a rewrite of the old, unkeyed chain looked like: edit a row, then recompute its
        // hash and every later link so that the SHA-256 chain is whole again.
        const rows = await chainRows();
        let prev = rows.find((r) => r.chain_seq === link - 1)!.hash;
        for (const row of rows.filter((r) => r.chain_seq! >= link)) {
          const edited = { ...row, prev_hash: prev, outcome: row.seq === seq ? 'denied' : row.outcome };
          const canonical = JSON.stringify([
            edited.seq,
            edited.at,
            edited.actor_user_id,
            edited.actor_username,
            edited.actor_role,
            edited.actor_unit_id,
            edited.action,
            edited.subject_type,
            edited.subject_id,
            edited.outcome,
            edited.client_ip,
            edited.details,
            edited.prev_hash,
          ]);
          const hash = createHash('sha256').update(canonical).digest('hex');
          await db()
            .updateTable('audit_log')
            .set({ outcome: edited.outcome, prev_hash: prev, hash })
            .where('seq', '=', row.seq)
            .execute();
          prev = hash;
        }
      },
      async () => {
        const result = await get().ctx.audit.verify(db());
        expect(result.ok).toBe(false);
        expect(result.broken).toMatchObject({
          link,
          row: seq,
          reason: `row ${seq} (link ${link}) was edited after it was written`,
        });
      },
    );
  });

  it('anchors the head in signed checkpoints, once each, in a file and in the outbox', async () => {
    await append(60);
    const [a, b] = await Promise.all([anchorNow(), anchorNow()]);
    const written = [a, b].filter((cp) => cp !== null);
    expect(written).toHaveLength(1);
    const head = (await chainRows()).at(-1)!;
    expect(written[0]).toMatchObject({ headSeq: head.chain_seq, headHash: head.hash });
    expect(readCheckpointFile(checkpointFile).at(-1)).toEqual(written[0]);
    expect((await storedCheckpoints(db())).at(-1)).toEqual(written[0]);
    const queued = await db()
      .selectFrom('outbox')
      .select(['topic', 'payload'])
      .where('topic', '=', 'audit.checkpoint')
      .execute();
    expect(queued.map((q) => (JSON.parse(q.payload) as { headSeq: number }).headSeq)).toContain(head.chain_seq);
    // Nothing new since: not due again.
    expect(await anchorNow()).toBeNull();
    expect(await get().ctx.audit.verify(db(), { checkpoints: readCheckpointFile(checkpointFile) })).toMatchObject({
      ok: true,
    });
  });

  it('reports a cut tail: rows a checkpoint saw are gone, even with every remaining link intact', async () => {
    await append(70);
    const first = (await anchorNow())!;
    await append(71);
    await append(72);
    const second = (await anchorNow())!;
    expect(second.headSeq).toBe(first.headSeq + 2);
    await whileTampered(
      async () => {
        // Whoever can write the database deletes the newest rows and its own checkpoint copies.
        await db().deleteFrom('audit_log').where('chain_seq', '>', first.headSeq).execute();
        await db().deleteFrom('audit_checkpoint').where('head_seq', '>', first.headSeq).execute();
      },
      async () => {
        // Without the anchor the shorter chain looks whole: that is why it is kept outside.
        expect(await get().ctx.audit.verify(db())).toMatchObject({ ok: true });
        const result = await get().ctx.audit.verify(db(), { checkpoints: readCheckpointFile(checkpointFile) });
        expect(result.ok).toBe(false);
        expect(result.broken?.link).toBe(first.headSeq + 1);
        expect(result.broken?.reason).toContain(`links ${first.headSeq + 1} to ${second.headSeq} are missing`);
      },
    );
  });

  it('refuses a checkpoint it did not sign', async () => {
    await append(80);
    const real = (await anchorNow())!;
    const forged = { ...real, headSeq: real.headSeq + 5 };
    const result = await get().ctx.audit.verify(db(), { checkpoints: [real, forged] });
    expect(result).toMatchObject({
      ok: false,
      broken: { link: forged.headSeq, reason: expect.stringContaining('forged') as string },
    });
  });

  it('re-signs a log written before the chain was keyed, unless that log is already broken', async () => {
    await append(90);
    const legacy = async () => {
      // Rewrite the chain as the old version wrote it: plain SHA-256 links.
      let prev = GENESIS_HASH;
      for (const row of await chainRows()) {
        const { hash: _h, ...rest } = row;
        const canonical = JSON.stringify([
          rest.seq,
          rest.at,
          rest.actor_user_id,
          rest.actor_username,
          rest.actor_role,
          rest.actor_unit_id,
          rest.action,
          rest.subject_type,
          rest.subject_id,
          rest.outcome,
          rest.client_ip,
          rest.details,
          prev,
        ]);
        const hash = createHash('sha256').update(canonical).digest('hex');
        await db().updateTable('audit_log').set({ prev_hash: prev, hash }).where('seq', '=', row.seq).execute();
        prev = hash;
      }
      await db().updateTable('audit_chain').set({ alg: 'sha256' }).where('id', '=', 1).execute();
    };
    const seq = await middleSeq();
    await whileTampered(
      async () => {
        await legacy();
        await db().updateTable('audit_log').set({ outcome: 'denied' }).where('seq', '=', seq).execute();
      },
      async () => {
        expect(await get().ctx.audit.upgradeLegacyChain(db())).toBe('refused');
        expect((await get().ctx.audit.verify(db())).ok).toBe(false);
      },
    );
    await legacy();
    expect((await get().ctx.audit.verify(db())).ok).toBe(false);
    expect(await get().ctx.audit.upgradeLegacyChain(db())).toBe('upgraded');
    expect(await get().ctx.audit.verify(db())).toMatchObject({ ok: true });
    expect(await get().ctx.audit.upgradeLegacyChain(db())).toBe('keyed');
  });

  it('`concord audit verify --checkpoints` exits non-zero naming the first missing row of a cut tail', async () => {
    await append(100);
    const anchored = (await anchorNow())!;
    await whileTampered(
      async () => {
        await db()
          .deleteFrom('audit_log')
          .where('chain_seq', '>=', anchored.headSeq - 1)
          .execute();
      },
      async () => {
        const bad = await cli(['audit', 'verify', '--checkpoints', checkpointFile]);
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain(`BROKEN at link ${anchored.headSeq - 1}`);
      },
    );
    const good = await cli(['audit', 'verify', '--checkpoints', checkpointFile]);
    expect(good.code, good.stderr).toBe(0);
    expect(readFileSync(checkpointFile, 'utf8')).toContain(anchored.headHash);
  }, 180_000);
  // PostgreSQL: rows wait, unlinked, for the chaining job (SQLite links them as it writes them).
  onPostgres('a row edited while it waits for the chainer is named, and never linked', async () => {
    const head = (await chainRows()).at(-1)!;
    const seq = await appendUnchained(110);
    const waiting = await db().selectFrom('audit_log').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();
    expect(waiting).toMatchObject({ chain_seq: null, prev_hash: null, hash: null });
    expect(waiting.row_mac).toMatch(/^[0-9a-f]{64}$/);
    // Intact while it waits: verification passes and counts it.
    expect(await get().ctx.audit.verify(db())).toMatchObject({
      ok: true,
      checked: head.chain_seq,
      pending: { count: 1 },
    });
    await whileTampered(
      async () => {
        await db().updateTable('audit_log').set({ outcome: 'denied' }).where('seq', '=', seq).execute();
      },
      async () => {
        const result = await get().ctx.audit.verify(db());
        expect(result.ok).toBe(false);
        expect(result.broken).toMatchObject({ link: null, row: seq });
        expect(result.broken?.reason).toContain(`row ${seq} (not yet chained) was edited`);
        // The chainer refuses to launder it into the chain.
        await expect(get().ctx.audit.chainPending(db())).rejects.toThrow(`audit row ${seq} does not match its seal`);
        const still = await db()
          .selectFrom('audit_log')
          .select('chain_seq')
          .where('seq', '=', seq)
          .executeTakeFirstOrThrow();
        expect(still.chain_seq).toBeNull();
        // The checkpoint job still anchors the head already linked, never the edited row.
        const anchored = await anchorNow();
        expect(anchored === null || anchored.headSeq === head.chain_seq).toBe(true);
      },
    );
    // whileTampered put the row back unedited: it is linked after the old head.
    expect(await get().ctx.audit.chainPending(db())).toEqual({ chained: 1, busy: false });
    expect(await linkOf(seq)).toBe(head.chain_seq! + 1);
    expect(await get().ctx.audit.verify(db())).toMatchObject({ ok: true, pending: { count: 0 } });
  });

  onPostgres('the same row edited once it is chained fails at its link', async () => {
    const seq = await appendUnchained(120);
    await appendUnchained(121);
    await get().ctx.audit.chainPending(db());
    const link = await linkOf(seq);
    await whileTampered(
      async () => {
        await db().updateTable('audit_log').set({ subject_id: '999' }).where('seq', '=', seq).execute();
      },
      async () => {
        const result = await get().ctx.audit.verify(db());
        expect(result).toMatchObject({ ok: false, checked: link - 1, broken: { link, row: seq } });
        expect(result.broken?.reason).toBe(`row ${seq} (link ${link}) was edited after it was written`);
      },
    );
  });

  onPostgres('a row left unchained well behind the newest fails verification until linked', async () => {
    const old = await appendUnchained(130);
    get().clock.advance(61_000);
    await appendUnchained(131);
    const result = await get().ctx.audit.verify(db(), { now: get().clock.now() });
    expect(result).toMatchObject({
      ok: false,
      broken: { link: null, row: old },
      pending: { count: 2, oldestSeq: old },
    });
    expect(result.broken?.reason).toContain('still not chained (bound 60 s)');
    // A chained row taken back out of the chain (its links cleared) is as old: also caught.
    expect(await get().ctx.audit.chainPending(db())).toEqual({ chained: 2, busy: false });
    expect(await get().ctx.audit.verify(db(), { now: get().clock.now() })).toMatchObject({ ok: true });
    await whileTampered(
      async () => {
        await db()
          .updateTable('audit_log')
          .set({ chain_seq: null, prev_hash: null, hash: null })
          .where('seq', '=', old)
          .execute();
      },
      async () => {
        const unlinked = await get().ctx.audit.verify(db(), { now: get().clock.now() });
        expect(unlinked.ok).toBe(false);
        expect(unlinked.broken?.reason).toMatch(/link \d+ is missing/);
      },
    );
  });

  onPostgres('a checkpoint anchors only the chained head, never a waiting row', async () => {
    await append(140);
    const head = (await chainRows()).at(-1)!;
    await appendUnchained(141);
    const checkpoint = await get().ctx.audit.checkpointIfDue(db(), get().clock.now(), { every: 1, maxAgeMs: 0 });
    // Either nothing new to anchor (an earlier test anchored this head) or exactly the chained head.
    if (checkpoint) expect(checkpoint).toMatchObject({ headSeq: head.chain_seq, headHash: head.hash });
    const anchored = (await anchorNow())!;
    expect(anchored.headSeq).toBe(head.chain_seq! + 1);
  });
});
