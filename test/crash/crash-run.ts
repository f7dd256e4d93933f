// The crash test's engine, shared by `npm run test:crash` (10 kills) and test/crash.test.ts (3 in CI):
// a real server process takes intake load from concurrent clients and is killed with SIGKILL at a
// random moment; before each restart the SQLite file must pass its integrity check, after it every
// case that was ever acknowledged (201) must be there with its number, and the audit chain must
// verify. Requests whose answer was lost are retried with their Idempotency-Key and must not
// create a second case.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { isDeepStrictEqual, promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import type { DB } from '../../server/schema.ts';
import type { Db } from '../../server/context.ts';
import { openDatabase } from '../../server/platform/db/database.ts';
import {
  expectedRollups,
  loadCases,
  storedRollupsWithPending,
} from '../../server/modules/cases/stats-checks.testing.ts';
import { startArguments } from '../../scripts/start-command.ts';
import { requestJson } from '../../scripts/request-json.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const execFileAsync = promisify(execFile);

export const CRASH_NOW = '2026-11-27T09:00:00+08:00';
const UNIT_CODE = '370702001001';
/** Starts the description (and so the title) of every case the load generator files. */
const MARKER = '崩溃测试';

export interface CrashTarget {
  dialect: 'sqlite' | 'postgres';
  /** The server's and the CLI's environment: DATABASE_URL or CONCORD_SQLITE_PATH / CONCORD_DATA_DIR. */
  env: Record<string, string>;
  /** The SQLite file, checked with PRAGMA integrity_check after each kill. */
  sqlitePath?: string;
}

export interface CrashOptions {
  kills: number;
  /** Concurrent intake clients. */
  clients?: number;
  /** The kill comes this long (uniformly random, ms) after the round's first acknowledged case. */
  killWindowMs?: [number, number];
  seed?: number;
  log?: (line: string) => void;
}

export interface RoundReport {
  round: number;
  killAfterMs: number;
  acknowledged: number;
  unanswered: number;
  /** Unanswered requests whose retry created or replayed the case. */
  recovered: number;
  /** …of which the case had been committed before the kill (the retry found it). */
  committedBeforeKill: number;
  startMs: number;
  integrity: string;
  auditRows: number;
  /** 'equal': the dashboard's rollups (with the deltas not yet folded) are what the case rows say; else how not. */
  rollups: string;
}

export interface CrashReport {
  dialect: string;
  seed: number;
  rounds: RoundReport[];
  acknowledged: number;
  failures: string[];
  elapsedMs: number;
}

/** mulberry32: a small seeded generator, so a failing run can be replayed with its seed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Server {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
  output: () => string;
}

function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, startArguments(), {
    cwd: root,
    // API only: the crash loop measures intake, not the web console's build.
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', CONCORD_WEB_CLIENT: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within 120 s:\n${output}`));
    }, 120_000);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      const match = /is running: (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!.replace('localhost', '127.0.0.1'), exited, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited during start (${child.exitCode ?? child.signalCode}):\n${output}`));
    });
  });
}

interface Acknowledged {
  id: number;
  number: string;
  key: string;
}

interface Pending {
  key: string;
  body: unknown;
}

function errorCode(body: unknown): string | undefined {
  return (body as { error?: { code?: string } } | null)?.error?.code;
}

/** Sends intake requests from `clients` loops until `stop` is set; any failure to connect ends a loop. */
async function intakeLoad(
  url: string,
  token: string,
  unitId: number,
  round: number,
  clients: number,
  state: { stop: boolean; onAck: () => void },
  acknowledged: Acknowledged[],
  unanswered: Pending[],
  failures: string[],
): Promise<void> {
  const client = async (c: number) => {
    for (let n = 0; !state.stop; n++) {
      const key = `crash-r${round}-c${c}-n${n}`;
      const body = {
        kind: 'complaint',
        categoryCode: 'CMP.NOISE',
        channel: 'hotline',
        description: `${MARKER}：夜间施工噪音扰民，第 ${round} 轮第 ${c} 路第 ${n} 件`,
        unitId,
      };
      let res: { status: number; body: unknown };
      try {
        res = await requestJson(`${url}/api/v1/cases`, {
          method: 'POST',
          token,
          body,
          headers: { 'idempotency-key': key },
        });
      } catch {
        // The server died with this request: it may or may not have been committed.
        unanswered.push({ key, body });
        return;
      }
      if (res.status === 201) {
        const created = res.body as { id: number; number: string };
        acknowledged.push({ id: created.id, number: created.number, key });
        state.onAck();
      } else {
        failures.push(`round ${round}: intake ${key} answered ${res.status} ${JSON.stringify(res.body)}`);
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
}

function integrityCheck(file: string): string {
  // Read-only, as a backup tool would open it after a power cut; it reads the WAL the dead process left.
  const database = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const rows = database.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join('; ');
  } finally {
    database.close();
  }
}

/**
 * The rollup property (issue 20): what the dashboard reads — the rollup rows plus the deltas a fold
 * has not reached — equals what the KPI rules make of the case rows, read in one snapshot.
 */
async function rollupsAgree(env: Record<string, string>): Promise<string> {
  const handle = openDatabase<DB>(
    env.DATABASE_URL ? { url: env.DATABASE_URL, poolSize: 1 } : { sqlitePath: env.CONCORD_SQLITE_PATH! },
  );
  try {
    const compare = async (db: Db) => {
      const expected = expectedRollups(await loadCases(db));
      const stored = await storedRollupsWithPending(db);
      const differing = (['status', 'category', 'open'] as const).flatMap((table) => {
        const keys = new Set([...Object.keys(expected[table]), ...Object.keys(stored[table])]);
        return [...keys]
          .filter((key) => !isDeepStrictEqual(expected[table][key], stored[table][key]))
          .map(
            (key) =>
              `${table} ${key}: rows say ${JSON.stringify(expected[table][key] ?? null)}, rollups ${JSON.stringify(stored[table][key] ?? null)}`,
          );
      });
      return differing.length === 0
        ? ('equal' as const)
        : `${differing.length} differ, e.g. ${differing.slice(0, 3).join('; ')}`;
    };
    const transaction = handle.db.transaction();
    return await (
      handle.dialect === 'postgres' ? transaction.setIsolationLevel('repeatable read') : transaction
    ).execute((trx) => compare(trx));
  } finally {
    await handle.close();
  }
}

async function auditVerify(env: Record<string, string>): Promise<{ ok: boolean; rows: number; output: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, ['bin/concord.mjs', 'audit', 'verify'], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    const match = /audit chain OK: (\d+) rows verified/.exec(stdout);
    return { ok: match !== null, rows: match ? Number(match[1]) : 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, rows: 0, output: `${e.stdout ?? ''}${e.stderr ?? e.message}` };
  }
}

/** Runs with bounded concurrency, in order of the input. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

export async function runCrashTest(target: CrashTarget, options: CrashOptions): Promise<CrashReport> {
  const began = Date.now();
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = seeded(seed);
  const clients = options.clients ?? 6;
  const [minKill, maxKill] = options.killWindowMs ?? [0, 1500];
  const log = options.log ?? (() => undefined);
  const env = {
    CONCORD_MODE: 'demo',
    CONCORD_NOW: CRASH_NOW,
    CONCORD_DEMO_CASES: '0',
    CONCORD_JOB_INTERVAL_MS: '0',
    LOG_LEVEL: 'warn',
    ...target.env,
  };
  const failures: string[] = [];
  const rounds: RoundReport[] = [];
  const acknowledged: Acknowledged[] = [];
  log(`crash test on ${target.dialect}: ${options.kills} kills, ${clients} clients, seed ${seed}`);

  let server = await startServer(env);
  try {
    const login = await requestJson(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      body: { username: 'operator', password: 'demo1234' },
    });
    if (login.status !== 200) throw new Error(`operator login failed: ${login.status} ${JSON.stringify(login.body)}`);
    const token = (login.body as { token: string }).token;
    const units = await requestJson(`${server.url}/api/v1/units?code=${UNIT_CODE}`, { token });
    const unitId = (units.body as { items?: { id: number }[] }).items?.[0]?.id;
    if (unitId === undefined) throw new Error(`unit ${UNIT_CODE} not found: ${JSON.stringify(units.body)}`);

    for (let round = 1; round <= options.kills; round++) {
      const killAfterMs = Math.round(minKill + random() * (maxKill - minKill));
      const ackedBefore = acknowledged.length;
      const unanswered: Pending[] = [];
      let killTimer: NodeJS.Timeout | undefined;
      const victim = server;
      const state = {
        stop: false,
        onAck: () => {
          // The clock starts at the round's first acknowledged case, so every kill lands under load.
          killTimer ??= setTimeout(() => victim.child.kill('SIGKILL'), killAfterMs);
        },
      };
      const load = intakeLoad(server.url, token, unitId, round, clients, state, acknowledged, unanswered, failures);
      const guard = setTimeout(() => victim.child.kill('SIGKILL'), 30_000);
      await victim.exited;
      clearTimeout(guard);
      clearTimeout(killTimer);
      state.stop = true;
      await load;
      if (victim.child.signalCode !== 'SIGKILL') {
        failures.push(`round ${round}: the server exited by itself (${victim.child.exitCode}):\n${victim.output()}`);
      }

      let integrity = 'n/a (PostgreSQL)';
      if (target.sqlitePath) {
        integrity = integrityCheck(target.sqlitePath);
        if (integrity !== 'ok') failures.push(`round ${round}: PRAGMA integrity_check: ${integrity}`);
      }

      const restartAt = Date.now();
      server = await startServer(env);
      const startMs = Date.now() - restartAt;
      // The CLI walks the chain beside the checks below (it only reads).
      const audited = auditVerify(env);

      // Every case ever acknowledged is there with the number it was given.
      await eachLimited([...acknowledged], 8, async (ack) => {
        const res = await requestJson(`${server.url}/api/v1/cases/${ack.id}`, { token });
        const number = (res.body as { number?: string }).number;
        if (res.status !== 200 || number !== ack.number) {
          failures.push(
            `round ${round}: acknowledged case ${ack.id} (${ack.number}, key ${ack.key}) → ${res.status} ${number ?? JSON.stringify(res.body)}`,
          );
        }
      });

      // A client whose answer was lost retries with the same key: it gets one case, never a second.
      const newestBeforeRetries = await newestCaseId(server.url, token);
      let recovered = 0;
      let committedBeforeKill = 0;
      await eachLimited(unanswered, 8, async (pending) => {
        const res = await requestJson(`${server.url}/api/v1/cases`, {
          method: 'POST',
          token,
          body: pending.body,
          headers: { 'idempotency-key': pending.key },
        });
        if (res.status === 201) {
          const created = res.body as { id: number; number: string };
          acknowledged.push({ id: created.id, number: created.number, key: pending.key });
          recovered++;
          if (created.id <= newestBeforeRetries) committedBeforeKill++;
        } else {
          failures.push(
            `round ${round}: retry of unanswered ${pending.key} → ${res.status} ${errorCode(res.body) ?? JSON.stringify(res.body)}`,
          );
        }
      });

      const audit = await audited;
      if (!audit.ok) failures.push(`round ${round}: audit verify: ${audit.output.trim()}`);
      const rollups = await rollupsAgree(env);
      if (rollups !== 'equal') failures.push(`round ${round}: dashboard rollups: ${rollups}`);

      const line: RoundReport = {
        round,
        killAfterMs,
        acknowledged: acknowledged.length - ackedBefore - recovered,
        unanswered: unanswered.length,
        recovered,
        committedBeforeKill,
        startMs,
        integrity,
        auditRows: audit.rows,
        rollups,
      };
      rounds.push(line);
      log(
        `  kill ${round}/${options.kills}: ${killAfterMs} ms after first ack, ${line.acknowledged} acknowledged, ` +
          `${line.unanswered} unanswered (${recovered} recovered by retry, ${committedBeforeKill} of them committed ` +
          `before the kill), integrity ${integrity}, ` +
          `restart ${startMs} ms, audit ${audit.ok ? `OK (${audit.rows} rows)` : 'BROKEN'}, ` +
          `rollups ${rollups === 'equal' ? 'equal to the case rows' : 'DIFFERENT'}`,
      );
    }

    // No case was created twice: every acknowledged id and number is distinct.
    const ids = new Set(acknowledged.map((a) => a.id));
    const numbers = new Set(acknowledged.map((a) => a.number));
    if (ids.size !== acknowledged.length || numbers.size !== acknowledged.length) {
      failures.push(`acknowledged ${acknowledged.length} cases but only ${ids.size} ids and ${numbers.size} numbers`);
    }
    // …and the database holds exactly those cases: none without an answer, none twice for one key.
    const list = await countCases(server.url, token);
    if (list !== acknowledged.length) {
      failures.push(`the database holds ${list} crash-test cases, ${acknowledged.length} were acknowledged`);
    }
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  return {
    dialect: target.dialect,
    seed,
    rounds,
    acknowledged: acknowledged.length,
    failures,
    elapsedMs: Date.now() - began,
  };
}

/** The id of the newest case the operator sees (0 when none). */
async function newestCaseId(url: string, token: string): Promise<number> {
  const res = await requestJson(`${url}/api/v1/cases?limit=1`, { token });
  return (res.body as { items?: { id: number }[] }).items?.[0]?.id ?? 0;
}

/** Counts the crash-test cases through the list API (the template holds none of its own). */
async function countCases(url: string, token: string): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const query: string = `limit=200&categoryCode=CMP.NOISE${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await requestJson(`${url}/api/v1/cases?${query}`, { token });
    const page = res.body as { items: { title: string }[]; nextCursor: string | null };
    count += page.items.filter((c) => c.title.includes(MARKER)).length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}
