// The streaming replica for reading (issue 20 §4, ADR 0041), against a real hot standby that this
// file creates with scripts/pg-replica.sh on a free port and deletes afterwards. PostgreSQL only: the
// embedded SQLite file has no replica (its refusal is in server/config.unit.test.ts). Never
// skipped: a machine that cannot run a standby fails here, with the script's reason.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type FreshDatabase, type Harness } from './support/harness.ts';
import { buildCase } from './support/factories.ts';
import { adminUrl } from './support/env.ts';

const run = promisify(execFile);
const SCRIPT = path.resolve(import.meta.dirname, '..', 'scripts', 'pg-replica.sh');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function replicaScript(command: string, port: number): Promise<string> {
  try {
    const { stdout } = await run('bash', [SCRIPT, command], {
      // A standby of the server the tests use (TEST_DATABASE_URL, else 127.0.0.1:5432).
      env: {
        PG_PRIMARY_HOST: new URL(adminUrl()).hostname,
        PG_PRIMARY_PORT: new URL(adminUrl()).port || '5432',
        ...process.env,
        PG_REPLICA_PORT: String(port),
      },
      timeout: 240_000,
    });
    return stdout;
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(
      `scripts/pg-replica.sh ${command} failed on port ${port}; the replica test needs a local hot standby:\n${stderr ?? ''}${stdout ?? ''}`,
    );
  }
}

/** The fresh database's URL with the standby's port. */
function onReplica(database: FreshDatabase, port: number): string {
  const url = new URL(database.url!);
  url.port = String(port);
  return url.toString();
}

async function until(what: string, test: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the streaming replica for reading [postgres]', () => {
  let port = 0;
  let started = false;
  /** Sessions straight to the standby, per database: to see, pause and resume its replay. */
  const standbys = new Map<string, pg.Client>();
  const opened: (Harness & { close(): Promise<void> })[] = [];
  const logged: string[] = [];

  async function app(maxLagSeconds: number) {
    const h = await startHarness('postgres', {
      configFor: (database) => ({ databaseReplicaUrl: onReplica(database, port), replicaMaxLagSeconds: maxLagSeconds }),
      replicaLog: (state, detail) => logged.push(`${state}: ${detail}`),
    });
    opened.push(h);
    // The database was created on the primary a moment ago: it appears on the standby once replayed.
    let client: pg.Client | undefined;
    await until('the fresh database on the standby', async () => {
      const attempt = new pg.Client({ connectionString: onReplica(h.database, port) });
      try {
        await attempt.connect();
        client = attempt;
        return true;
      } catch {
        return false;
      }
    });
    standbys.set(h.database.url!, client!);
    return h;
  }

  const standbyOf = (h: Harness) => standbys.get(h.database.url!)!;
  const replica = (h: Harness) => h.ctx.replica!;
  const onStandby = async (h: Harness, id: number) => {
    const { rows } = await standbyOf(h).query<{ n: number }>(
      'select count(*)::int as n from case_record where id = $1',
      [id],
    );
    return rows[0]!.n === 1;
  };
  /** Until the replica is found fresh (the first checks may see it a few milliseconds behind). */
  const fresh = (h: Harness) =>
    until('the replica found fresh', async () => {
      await replica(h).check();
      return replica(h).status.state === 'fresh';
    });
  const search = async (h: Harness, token: string, q: string) => {
    const res = await h.inject({ method: 'GET', url: `/api/v1/cases?q=${encodeURIComponent(q)}`, token });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: { id: number }[] }).items.map((item) => item.id);
  };
  const dashboardTotal = async (h: Harness, token: string) => {
    const res = await h.inject({ method: 'GET', url: '/api/v1/stats/cases', token });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { total: number }).total;
  };
  const pauseReplay = async (h: Harness) => {
    await standbyOf(h).query('select pg_wal_replay_pause()');
    await until('replay paused', async () => {
      const { rows } = await standbyOf(h).query<{ s: string }>('select pg_get_wal_replay_pause_state() as s');
      return rows[0]!.s === 'paused';
    });
  };
  const resumeReplay = (h: Harness) => standbyOf(h).query('select pg_wal_replay_resume()');

  beforeAll(async () => {
    port = await freePort();
    await replicaScript('start', port);
    started = true;
  }, 300_000);

  afterAll(async () => {
    for (const client of standbys.values()) await client.end().catch(() => undefined);
    for (const h of opened) await h.close();
    if (started) await replicaScript('destroy', port);
  }, 120_000);

  it('reads a case written through the API on the primary from the replica once replayed, and a stale answer while replay is paused', async () => {
    const h = await app(60);
    const leader = await h.login('leader');
    const admin = await h.login('admin');
    const first = await buildCase(h, { description: '副本测试：第一件，楼道堆物' });
    await until('the first case replayed', () => onStandby(h, first.id));
    await fresh(h);

    const before = { ...replica(h).counts };
    expect(await search(h, leader, first.number)).toContain(first.id);
    expect(replica(h).counts.replica).toBe(before.replica + 1);
    expect(replica(h).counts.primary).toBe(before.primary);
    const total = await dashboardTotal(h, leader);

    // Proof that those reads came from the standby: with its replay paused, a case written now on
    // the primary is missing from the leader's search and dashboard until replay resumes.
    await pauseReplay(h);
    try {
      const second = await buildCase(h, { description: '副本测试：第二件，噪音' });
      const rows = await h.ctx.db.selectFrom('case_record').select('id').where('id', '=', second.id).execute();
      expect(rows).toHaveLength(1);
      await replica(h).check();
      expect(await search(h, leader, second.number)).not.toContain(second.id);
      expect(await dashboardTotal(h, leader)).toBe(total);
      // The writer reads its own write back: from the primary.
      expect(await search(h, admin, second.number)).toContain(second.id);

      await resumeReplay(h);
      await until('the second case replayed', () => onStandby(h, second.id));
      await fresh(h);
      const at = { ...replica(h).counts };
      expect(await search(h, leader, second.number)).toContain(second.id);
      expect(await dashboardTotal(h, leader)).toBe(total + 1);
      expect(replica(h).counts.replica).toBe(at.replica + 2);
    } finally {
      await resumeReplay(h);
    }
  }, 180_000);

  it('sends reads to the primary when the replica lags beyond the bound, and back once it catches up', async () => {
    const h = await app(2);
    const leader = await h.login('leader');
    await fresh(h);

    await pauseReplay(h);
    try {
      const late = await buildCase(h, { description: '副本测试：滞后时写入' });
      // More than the 2 s bound without the standby replaying anything.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await replica(h).check();
      expect(replica(h).status.state).toBe('lagging');
      const before = { ...replica(h).counts };
      expect(await search(h, leader, late.number)).toContain(late.id);
      expect(replica(h).counts.primary).toBe(before.primary + 1);
      expect(replica(h).counts.replica).toBe(before.replica);
      expect(logged.some((line) => line.startsWith('lagging: '))).toBe(true);

      await resumeReplay(h);
      await fresh(h);
      const after = { ...replica(h).counts };
      expect(await search(h, leader, late.number)).toContain(late.id);
      expect(replica(h).counts.replica).toBe(after.replica + 1);
    } finally {
      await resumeReplay(h);
    }
  }, 180_000);

  it('keeps the dashboard answering from the primary when the replica is stopped', async () => {
    const h = await app(60);
    const leader = await h.login('leader');
    await fresh(h);
    const total = await dashboardTotal(h, leader);

    for (const client of standbys.values()) await client.end().catch(() => undefined);
    standbys.clear();
    await replicaScript('stop', port);
    // The first dashboard after the stop, still believing the replica fresh, is answered (its
    // connection taken from the primary); the check then finds the replica down.
    const made = await buildCase(h, { description: '副本测试：副本停止后写入' });
    expect(await dashboardTotal(h, leader)).toBe(total + 1);
    await replica(h).check();
    expect(replica(h).status.state).toBe('unreachable');
    const before = { ...replica(h).counts };
    expect(await dashboardTotal(h, leader)).toBe(total + 1);
    expect(await search(h, leader, made.number)).toContain(made.id);
    expect(replica(h).counts.primary).toBe(before.primary + 2);
    expect(logged.some((line) => line.startsWith('unreachable: '))).toBe(true);
  }, 180_000);
});
