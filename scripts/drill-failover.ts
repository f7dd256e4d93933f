// npm run drill:failover [-- --clients 8] [--before 8] [--after 10] [--give-up 90] [--target 30] [--keep]
// The failover drill (issue 20 §5, ADR 0042): sets up pg_auto_failover on this machine (installs
// Debian's postgresql-<major>-auto-failover when pg_autoctl is missing) — a monitor and two nodes
// under a temporary directory, run as the postgres account — starts Concord on a multi-host
// DATABASE_URL, sends intake load, kills the primary's postmaster with SIGKILL and reports how long
// intake took to come back and how many acknowledged cases the new primary lacks. Everything it
// started is torn down at the end, also on failure or Ctrl-C. Exit 0: target met; 1: missed;
// 2: the drill could not run.
import { requestJson } from './request-json.ts';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { HostSelector, parsePostgresUrl } from '../server/platform/db/multi-host.ts';
import {
  DRILL_USAGE,
  parseDrillArgs,
  reportLine,
  targetMisses,
  type DrillOptions,
  type DrillResult,
} from './drill-failover-report.ts';
import { startConcord, stopConcord, type StartedConcord } from './start-command.ts';

const DRILL_NOW = '2026-11-27T09:00:00+08:00';
const UNIT_CODE = '370702001001';
const DATABASE = 'concord';
const log = (line: string) => console.log(`[drill ${new Date().toISOString().slice(11, 19)}] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class DrillCannotRun extends Error {}

// ---------------------------------------------------------------------------------------------
// pg_autoctl, installed if missing, run as the postgres account (it refuses root)

function postgresMajor(): string {
  const dirs = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').filter((d) => /^\d+$/.test(d))
    : [];
  const major = dirs.sort((a, b) => Number(b) - Number(a))[0];
  if (!major)
    throw new DrillCannotRun('no PostgreSQL server under /usr/lib/postgresql (Debian: apt-get install postgresql)');
  return major;
}

function hasPgAutoctl(): boolean {
  return spawnSync('pg_autoctl', ['--version'], { stdio: 'ignore' }).status === 0;
}

function ensurePgAutoctl(major: string): void {
  if (hasPgAutoctl()) return;
  const pkg = `postgresql-${major}-auto-failover`;
  if (process.getuid?.() !== 0)
    throw new DrillCannotRun(`pg_autoctl is missing; install it as root: apt-get install -y ${pkg}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => {
    log(`pg_autoctl is missing: apt-get install -y --no-install-recommends ${pkg}`);
    return spawnSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], { stdio: 'inherit', env }).status;
  };
  if (install() !== 0) {
    log('apt-get update (the package lists may be stale)');
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    if (install() !== 0) throw new DrillCannotRun(`apt-get could not install ${pkg}`);
  }
  if (!hasPgAutoctl()) throw new DrillCannotRun(`${pkg} is installed but pg_autoctl is not on PATH`);
}

interface Cluster {
  dir: string;
  major: string;
  env: Record<string, string>;
  ports: { monitor: number; nodes: [number, number] };
  /** The pg_autoctl services this drill started (each in its own process group). */
  services: ChildProcess[];
}

/** pg_autoctl as the postgres account when run as root, with the drill's own config and data homes. */
function autoctlCommand(cluster: Cluster, args: string[]): [string, string[]] {
  const envArgs = Object.entries(cluster.env).map(([k, v]) => `${k}=${v}`);
  if (process.getuid?.() === 0) return ['runuser', ['-u', 'postgres', '--', 'env', ...envArgs, 'pg_autoctl', ...args]];
  return ['env', [...envArgs, 'pg_autoctl', ...args]];
}

function autoctl(cluster: Cluster, args: string[]): string {
  const [command, commandArgs] = autoctlCommand(cluster, args);
  return execFileSync(command, commandArgs, { cwd: cluster.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Starts `pg_autoctl create … --run` in the background, its output in `<name>.log`. */
function startService(cluster: Cluster, name: string, args: string[]): void {
  const [command, commandArgs] = autoctlCommand(cluster, args);
  const out = openSync(path.join(cluster.dir, `${name}.log`), 'a');
  const child = spawn(command, commandArgs, { cwd: cluster.dir, detached: true, stdio: ['ignore', out, out] });
  cluster.services.push(child);
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function freePorts(from: number, count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let port = from; ports.length < count && port < from + 100; port++) {
    if (await isPortFree(port)) ports.push(port);
  }
  if (ports.length < count) throw new DrillCannotRun(`fewer than ${count} free ports from ${from}`);
  return ports;
}

async function createCluster(options: DrillOptions, dir: string, major: string): Promise<Cluster> {
  const [monitor, node1, node2] = await freePorts(options.basePort, 3);
  const bin = `/usr/lib/postgresql/${major}/bin`;
  const cluster: Cluster = {
    dir,
    major,
    env: {
      PATH: `${bin}:/usr/local/bin:/usr/bin:/bin`,
      PG_CONFIG: `${bin}/pg_config`,
      // pg_autoctl keeps its configuration and state under these: inside the drill's directory,
      // so nothing is left in the postgres account's home.
      XDG_CONFIG_HOME: path.join(dir, 'config'),
      XDG_DATA_HOME: path.join(dir, 'share'),
      XDG_RUNTIME_DIR: path.join(dir, 'run'),
    },
    ports: { monitor: monitor!, nodes: [node1!, node2!] },
    services: [],
  };
  log(`monitor on port ${monitor}, nodes on ${node1} and ${node2}, under ${dir}`);
  startService(cluster, 'monitor', [
    'create', 'monitor', '--pgdata', path.join(dir, 'monitor'), '--pgport', String(monitor),
    '--hostname', '127.0.0.1', '--auth', 'trust', '--no-ssl', '--run',
  ]); // prettier-ignore
  await waitFor('the monitor', 60, async () => (await monitorQuery(cluster, 'select 1')) !== null);
  const monitorUri = `postgres://autoctl_node@127.0.0.1:${monitor}/pg_auto_failover?sslmode=disable`;
  for (const [index, port] of cluster.ports.nodes.entries()) {
    const name = `node${index + 1}`;
    startService(cluster, name, [
      'create', 'postgres', '--pgdata', path.join(dir, name), '--pgport', String(port), '--hostname', '127.0.0.1',
      '--name', name, '--auth', 'trust', '--no-ssl', '--dbname', DATABASE, '--monitor', monitorUri, '--run',
    ]); // prettier-ignore
    // One at a time: the first registered becomes the primary.
    await waitFor(`${name} to register`, 120, async () => (await clusterState(cluster)).some((n) => n.name === name));
  }
  await waitFor('a primary and a secondary', 300, async () => {
    const state = await clusterState(cluster);
    const primary = state.find((n) => n.reported === 'primary' && n.assigned === 'primary');
    // pg_basebackup of the secondary waits for a spread checkpoint on the primary: ask for one now.
    const starting = state.find((n) => n.reported === 'wait_primary' || n.reported === 'single');
    if (starting) await nodeQuery(starting.port, 'checkpoint').catch(() => undefined);
    return primary !== undefined && state.some((n) => n.reported === 'secondary' && n.assigned === 'secondary');
  });
  return cluster;
}

interface NodeState {
  name: string;
  port: number;
  reported: string;
  assigned: string;
}

async function monitorQuery(cluster: Cluster, text: string): Promise<pg.QueryResult | null> {
  const client = new pg.Client({
    connectionString: `postgres://autoctl_node@127.0.0.1:${cluster.ports.monitor}/pg_auto_failover?sslmode=disable`,
    connectionTimeoutMillis: 2000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await client.query(text);
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `pg_autoctl show state`, read from the monitor. */
async function clusterState(cluster: Cluster): Promise<NodeState[]> {
  const result = await monitorQuery(
    cluster,
    `select nodename, nodeport, current_group_state::text as reported, assigned_group_state::text as assigned
       from pgautofailover.current_state('default') order by node_id`,
  );
  return (result?.rows ?? []).map((r: { nodename: string; nodeport: number; reported: string; assigned: string }) => ({
    name: r.nodename,
    port: r.nodeport,
    reported: r.reported,
    assigned: r.assigned,
  }));
}

async function nodeQuery<R extends pg.QueryResultRow>(
  port: number,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({
    connectionString: `postgres://postgres@127.0.0.1:${port}/${DATABASE}?sslmode=disable`,
    connectionTimeoutMillis: 3000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function waitFor(what: string, seconds: number, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  log(`waiting for ${what}…`);
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return;
    await sleep(500);
  }
  throw new DrillCannotRun(`${what}: not within ${seconds} s`);
}

function postmasterPid(cluster: Cluster, name: string): number {
  const pid = Number(readFileSync(path.join(cluster.dir, name, 'postmaster.pid'), 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 1) throw new DrillCannotRun(`no postmaster pid for ${name}`);
  return pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the nodes and the monitor this drill started, then anything of theirs still running. */
async function destroyCluster(cluster: Cluster): Promise<void> {
  for (const name of ['node1', 'node2', 'monitor']) {
    if (!existsSync(path.join(cluster.dir, name))) continue;
    try {
      autoctl(cluster, ['stop', '--pgdata', path.join(cluster.dir, name), '--immediate']);
    } catch {
      // Not running (or never created): the checks below make sure.
    }
  }
  const exited = cluster.services.map(
    (child) =>
      new Promise<void>((resolve) =>
        child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
      ),
  );
  const timeout = sleep(15_000).then(() => 'timeout' as const);
  if ((await Promise.race([Promise.all(exited), timeout])) === 'timeout') {
    for (const child of cluster.services) {
      // Each service runs in its own process group, started by this drill.
      if (child.pid && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
  }
  for (const name of ['node1', 'node2', 'monitor']) {
    const pidFile = path.join(cluster.dir, name, 'postmaster.pid');
    if (!existsSync(pidFile)) continue;
    const pid = postmasterPid(cluster, name);
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
}

// ---------------------------------------------------------------------------------------------
// Concord and the intake load

interface Acknowledged {
  id: number;
  number: string;
  key: string;
  /** performance.now() when the 201 arrived. */
  at: number;
}

/**
 * What each node and the monitor say, sampled every 200 ms from the kill on and logged when it
 * changes (seconds after the kill): which node accepted writes, and whether it waited for a standby
 * then, is what tells how an acknowledged case can be missing from the new primary.
 */
async function watchCluster(cluster: Cluster, killedAt: number, stop: () => boolean): Promise<void> {
  const last = new Map<string, string>();
  const note = (who: string, what: string) => {
    if (last.get(who) === what) return;
    last.set(who, what);
    log(`  +${((performance.now() - killedAt) / 1000).toFixed(1)} s ${who}: ${what}`);
  };
  while (!stop()) {
    const states = await clusterState(cluster).catch(() => [] as NodeState[]);
    note('monitor', states.map((n) => `${n.name} ${n.reported}/${n.assigned}`).join(', ') || 'no answer');
    await Promise.all(
      cluster.ports.nodes.map(async (port, index) => {
        const rows = await nodeQuery<{ recovery: boolean; names: string }>(
          port,
          `select pg_is_in_recovery() as recovery, current_setting('synchronous_standby_names') as names`,
        ).catch(() => null);
        const row = rows?.[0];
        note(
          `node${index + 1}`,
          row ? `${row.recovery ? 'standby' : 'read-write'}, synchronous_standby_names=${row.names || "''"}` : 'down',
        );
      }),
    );
    await sleep(200);
  }
}

interface LoadState {
  stop: boolean;
  killedAt: number | null;
  /**
   * performance.now() of the first 201 for a case first sent after the kill: a new case committed
   * on the new primary (a retry of an earlier key can be answered from a read alone).
   */
  recoveredAt: number | null;
  acknowledged: Acknowledged[];
  failed: number;
  failuresAfterRecovery: number;
  statuses: Map<string, number>;
  /** When (s after the kill) and how requests sent after the recovery failed. */
  lateFailures: string[];
}

/** The drill's requests: an Idempotency-Key when given, and 10 s at most (a switch is under way). */
function requestDrill(url: string, init: { method?: string; token?: string; body?: unknown; key?: string }) {
  const { key, ...rest } = init;
  return requestJson(url, { ...rest, timeoutMs: 10_000, ...(key ? { headers: { 'idempotency-key': key } } : {}) });
}

/**
 * `clients` loops each filing cases one after another. A request that fails (an error status, no
 * answer, a timeout) is sent again with the same Idempotency-Key until it is acknowledged, as a
 * phone app would, so a case is acknowledged at most once whatever happened to the first attempt.
 */
async function intakeLoad(base: string, token: string, unitId: number, clients: number, state: LoadState) {
  const client = async (c: number) => {
    for (let n = 0; !state.stop; n++) {
      const key = `drill-c${c}-n${n}`;
      const body = {
        kind: 'complaint',
        categoryCode: 'CMP.NOISE',
        channel: 'hotline',
        description: `故障切换演练：夜间施工噪音扰民，第 ${c} 路第 ${n} 件`,
        unitId,
      };
      const firstSentAt = performance.now();
      while (!state.stop) {
        const sentAt = performance.now();
        let status: string;
        try {
          const res = await requestDrill(`${base}/api/v1/cases`, { method: 'POST', token, body, key });
          if (res.status === 201) {
            const created = res.body as { id: number; number: string };
            state.acknowledged.push({ id: created.id, number: created.number, key, at: performance.now() });
            if (state.killedAt !== null && firstSentAt > state.killedAt && state.recoveredAt === null) {
              state.recoveredAt = performance.now();
            }
            break;
          }
          status = `${res.status} ${(res.body as { error?: { code?: string } })?.error?.code ?? ''}`.trim();
        } catch (error) {
          status = (error as Error).name === 'TimeoutError' ? 'timeout' : 'no answer';
        }
        state.failed++;
        if (state.recoveredAt !== null && sentAt > state.recoveredAt) {
          state.failuresAfterRecovery++;
          state.lateFailures.push(`${status} at +${((sentAt - state.killedAt!) / 1000).toFixed(1)} s`);
        }
        state.statuses.set(status, (state.statuses.get(status) ?? 0) + 1);
        await sleep(200);
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
}

async function startConcordOn(cluster: Cluster, dir: string): Promise<StartedConcord> {
  const [p1, p2] = cluster.ports.nodes;
  const databaseUrl = `postgresql://postgres@127.0.0.1:${p1},127.0.0.1:${p2}/${DATABASE}?target_session_attrs=read-write&sslmode=disable`;
  log(`starting Concord (npm start's command) with DATABASE_URL=${databaseUrl}`);
  return startConcord({
    DATABASE_URL: databaseUrl,
    CONCORD_MODE: 'demo',
    CONCORD_NOW: DRILL_NOW,
    CONCORD_DEMO_CASES: '0',
    CONCORD_JOB_INTERVAL_MS: '0',
    CONCORD_WEB_CLIENT: 'off',
    CONCORD_DATA_DIR: path.join(dir, 'concord-data'),
    CONCORD_DATA_KEY: randomBytes(32).toString('base64'),
    // Errors only: what a 5xx was is summarised at the end, from concord.log.
    LOG_LEVEL: 'error',
  });
}

// ---------------------------------------------------------------------------------------------

async function drill(options: DrillOptions, dir: string, cluster: { current: Cluster | null }): Promise<DrillResult> {
  const major = postgresMajor();
  ensurePgAutoctl(major);
  const created = await createCluster(options, dir, major);
  cluster.current = created;

  const before = await clusterState(created);
  const primary = before.find((n) => n.reported === 'primary')!;
  const [sync] = await nodeQuery<{ sc: string; names: string }>(
    primary.port,
    `select current_setting('synchronous_commit') as sc, current_setting('synchronous_standby_names') as names`,
  );
  log(`primary ${primary.name}; synchronous_commit=${sync!.sc}, synchronous_standby_names=${sync!.names || "''"}`);
  if (!sync!.names || sync!.sc === 'off' || sync!.sc === 'local') {
    // Without a synchronous standby a commit acknowledged by the primary may never reach the
    // secondary, and "0 lost" would be luck.
    throw new DrillCannotRun('the primary does not wait for its standby (synchronous replication is off)');
  }

  const concord = await startConcordOn(created, dir);
  try {
    const login = await requestDrill(`${concord.url}/api/v1/auth/login`, {
      method: 'POST',
      body: { username: 'operator', password: 'demo1234' },
    });
    if (login.status !== 200) throw new DrillCannotRun(`operator login failed: ${login.status}`);
    const token = (login.body as { token: string }).token;
    const units = await requestDrill(`${concord.url}/api/v1/units?code=${UNIT_CODE}`, { token });
    const unitId = (units.body as { items?: { id: number }[] }).items?.[0]?.id;
    if (unitId === undefined) throw new DrillCannotRun(`unit ${UNIT_CODE} not found`);

    const state: LoadState = {
      stop: false,
      killedAt: null,
      recoveredAt: null,
      acknowledged: [],
      failed: 0,
      failuresAfterRecovery: 0,
      statuses: new Map(),
      lateFailures: [],
    };
    log(
      `intake load: ${options.clients} clients for ${options.before} s, then SIGKILL to ${primary.name}'s postmaster`,
    );
    const load = intakeLoad(concord.url, token, unitId, options.clients, state);
    await sleep(options.before * 1000);
    const ackedBeforeKill = state.acknowledged.length;
    if (ackedBeforeKill === 0) throw new DrillCannotRun('no case acknowledged before the kill');
    const pid = postmasterPid(created, primary.name);
    process.kill(pid, 'SIGKILL');
    state.killedAt = performance.now();
    log(`killed postmaster ${pid} of ${primary.name} (${ackedBeforeKill} cases acknowledged so far)`);
    const watching = watchCluster(created, state.killedAt, () => state.stop);

    const giveUpAt = state.killedAt + options.giveUp * 1000;
    while (state.recoveredAt === null && performance.now() < giveUpAt) await sleep(100);
    if (state.recoveredAt !== null) {
      log(
        `intake back after ${((state.recoveredAt - state.killedAt) / 1000).toFixed(1)} s; ${options.after} s more load`,
      );
      await sleep(options.after * 1000);
    }
    state.stop = true;
    await load;
    await watching;

    // The new primary, found as Concord finds it; every acknowledged case must be there.
    const after = await clusterState(created);
    const url = parsePostgresUrl(
      `postgresql://postgres@127.0.0.1:${created.ports.nodes[0]},127.0.0.1:${created.ports.nodes[1]}/${DATABASE}?target_session_attrs=read-write&sslmode=disable`,
    );
    const newPrimary = await new HostSelector(url).select();
    // By id and number: after a failover a number can be given again, to another case.
    const present = await nodeQuery<{ id: number; number: string }>(
      newPrimary.port,
      'select id, number from case_record where id = any($1::int[])',
      [state.acknowledged.map((a) => a.id)],
    );
    const found = new Set(present.map((r) => `${r.id} ${r.number}`));
    const lost = state.acknowledged.filter((a) => !found.has(`${a.id} ${a.number}`));
    for (const missing of lost.slice(0, 20))
      log(
        `  lost: ${missing.number} (key ${missing.key}, id ${missing.id}), acknowledged at ` +
          `${((missing.at - state.killedAt) / 1000).toFixed(1)} s after the kill`,
      );
    const distinct = new Set(state.acknowledged.map((a) => a.number)).size;
    if (distinct !== state.acknowledged.length) {
      log(`${state.acknowledged.length} acknowledgements name only ${distinct} case numbers: a number was given twice`);
    }
    if (state.lateFailures.length > 0)
      log(`failed after intake was back: ${state.lateFailures.slice(0, 10).join(', ')}`);
    log(`states after: ${after.map((n) => `${n.name} ${n.reported}/${n.assigned}`).join(', ')}`);
    log(
      `${state.acknowledged.length} cases acknowledged (${ackedBeforeKill} before the kill); ${state.failed} failed requests ` +
        `(${[...state.statuses].map(([s, c]) => `${s} ×${c}`).join(', ') || 'none'}), all retried with their key`,
    );
    return {
      recoveredSeconds: state.recoveredAt === null ? null : (state.recoveredAt - state.killedAt) / 1000,
      lost: lost.length,
      acknowledged: state.acknowledged.length,
      failedRequests: state.failed,
      failuresAfterRecovery: state.failuresAfterRecovery,
      primaryBefore: primary.name,
      primaryAfter: after.find((n) => n.port === newPrimary.port)?.name ?? `127.0.0.1:${newPrimary.port}`,
    };
  } finally {
    await stopConcord(concord);
    writeFileSync(path.join(dir, 'concord.log'), concord.output());
    summariseServerErrors(concord.output());
  }
}

/** The server's logged 5xx causes, counted (pino's JSON lines at level error). */
function summariseServerErrors(output: string): void {
  const causes = new Map<string, number>();
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { err?: { type?: string; code?: string; message?: string } };
      if (!entry.err) continue;
      const cause = `${entry.err.type ?? 'Error'}${entry.err.code ? ` ${entry.err.code}` : ''}: ${(entry.err.message ?? '').slice(0, 120)}`;
      causes.set(cause, (causes.get(cause) ?? 0) + 1);
    } catch {
      // Not a log line.
    }
  }
  for (const [cause, count] of [...causes].sort((a, b) => b[1] - a[1]).slice(0, 8))
    log(`  server: ${count} × ${cause}`);
}

async function main(): Promise<number> {
  let options: DrillOptions;
  try {
    options = parseDrillArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\nusage: ${DRILL_USAGE}`);
    return 2;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'concord-failover-'));
  for (const sub of ['config', 'share', 'run']) mkdirSync(path.join(dir, sub));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    for (const sub of ['', 'config', 'share', 'run']) chownSync(path.join(dir, sub), uid, gid);
  }
  const cluster: { current: Cluster | null } = { current: null };
  let tornDown = false;
  const tearDown = async () => {
    if (tornDown) return;
    tornDown = true;
    log('tearing down the cluster');
    if (cluster.current) await destroyCluster(cluster.current);
    if (options.keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = () => {
    void tearDown().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  log(`load average at start: ${load()}`);
  try {
    const result = await drill(options, dir, cluster);
    log(`primary ${result.primaryBefore} → ${result.primaryAfter}; load average: ${load()}`);
    console.log(reportLine(result));
    const misses = targetMisses(result, options);
    if (result.failuresAfterRecovery > 0)
      log(`note: ${result.failuresAfterRecovery} requests failed after intake was back`);
    for (const miss of misses) console.log(`✗ ${miss}`);
    return misses.length === 0 ? 0 : 1;
  } catch (error) {
    console.error(`the drill could not run: ${(error as Error).message}`);
    if (cluster.current) {
      for (const name of ['monitor', 'node1', 'node2']) {
        const file = path.join(dir, `${name}.log`);
        if (existsSync(file))
          console.error(
            `--- last lines of ${name}.log\n${readFileSync(file, 'utf8').split('\n').slice(-15).join('\n')}`,
          );
      }
    }
    return 2;
  } finally {
    await tearDown();
  }
}

process.exitCode = await main();
