// npm run bench [-- --cases N] [--db sqlite|postgres] [--duration S] [--only rankings,public] [--processes N|1,2]
//   [--cpu-prof DIR]
// Seeds (or reuses) a database of N realistic cases, starts Concord, loads each scenario from a
// separate process, measures the machine's own ceilings (bare route, one durable insert), prints
// one table and writes it to bench/results/<date>-<db>.json and bench/README.md; then weighs the
// residents' page under Slow 4G (bench/page-weight.ts, also `npm run bench:web` alone).
// `--processes N` serves with CONCORD_WORKERS=N (PostgreSQL: N node:cluster workers on one port;
// ADR 0040); `--processes 1,2` runs the whole benchmark once per count, one after the other, and
// writes the tables side by side (bench/README.md, section `<db>-processes`).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { prepare } from './prepare.ts';
import { updateReadme } from './readme.ts';
import { startChild, startConcord, stopConcord } from '../scripts/start-command.ts';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000000' },
    db: { type: 'string', default: 'sqlite' },
    duration: { type: 'string', default: '10' },
    // Only these scenarios (and the ceilings); the results go to a README section of their own
    // (`<db>-only-<names>`), so that a partial run never replaces the full table.
    only: { type: 'string' },
    processes: { type: 'string', default: '1' },
    // A CPU profile of the server (node --cpu-prof) into this folder, written when it stops.
    'cpu-prof': { type: 'string' },
  },
});
const processCounts = values.processes.split(',').map((s) => Number(s.trim()));
if (processCounts.some((n) => !Number.isInteger(n) || n < 1 || n > 64)) {
  throw new Error(`--processes takes a count or counts separated by commas (1–64), got "${values.processes}"`);
}
const processes = processCounts[0]!;
const only = values.only ? new Set(values.only.split(',').map((s) => s.trim())) : null;
const cases = Number(values.cases);
/** More dispatched cases than the action scenario can accept in its time. */
const ACTION_CASES = 2000;
/** The suggestion scenario at a steady rate (issue 17's target). */
const SUGGESTIONS_AT_RATE = 'suggestions, 500 req/s';
const kind = values.db === 'postgres' ? 'postgres' : 'sqlite';
const duration = Number(values.duration);

/**
 * Peak resident memory so far (VmHWM), in MB, of a process and its children (the workers of a
 * cluster: their peaks added up, an upper bound of what they held together).
 */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    // No children file (an older kernel): the process alone.
  }
  return Math.round(kb / 1024) + children.reduce((sum, child) => sum + peakRssMb(child), 0);
}

interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  total: number;
}

async function load(scenario: Record<string, unknown>): Promise<LoadResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load.ts', JSON.stringify(scenario)], { cwd: root });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => process.stderr.write(c));
  await new Promise((resolve) => child.on('exit', resolve));
  return JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
}

async function api<T>(url: string, token: string | null, method = 'GET', body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The average of each grid boundary's corners, for the first grids of a unit whose middle the
 * server locates in a grid. */
async function pointsInGrids(base: string, token: string, unitId: number, count: number): Promise<[number, number][]> {
  const grids = await api<{ items: { coordinates: number[][][][] }[] }>(
    `${base}/api/v1/units/${unitId}/grid-geometries?limit=${count}`,
    token,
  );
  const points: [number, number][] = [];
  for (const grid of grids.items) {
    const ring = grid.coordinates[0]![0]!.slice(0, -1);
    const lng = ring.reduce((sum, p) => sum + p[0]!, 0) / ring.length;
    const lat = ring.reduce((sum, p) => sum + p[1]!, 0) / ring.length;
    const res = await fetch(`${base}/api/v1/grids/locate?lng=${lng}&lat=${lat}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.ok) points.push([lng, lat]);
  }
  if (points.length === 0) throw new Error('no grid of the unit holds the middle of its own boundary');
  return points;
}

/** The machine is shared: its load average (1, 5, 15 min) goes beside every measurement. */
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const dir = path.join(root, 'tmp', 'bench');
  process.stderr.write(`preparing ${kind} with ${cases.toLocaleString()} cases…\n`);
  const prepared = await prepare(kind, cases, dir);
  if (prepared.seedSeconds !== null) process.stderr.write(`seeded in ${prepared.seedSeconds.toFixed(1)} s\n`);

  const server = await startConcord(
    { ...prepared.env, CONCORD_WORKERS: String(processes) },
    undefined,
    values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values['cpu-prof'])}`] : [],
  );
  const base = server.url;
  const loadBeforeScenarios = loadAverage();
  const login = async (username: string) =>
    (await api<{ token: string }>(`${base}/api/v1/auth/login`, null, 'POST', { username, password: 'demo1234' })).token;
  const tokens = {
    operator: await login('operator'),
    dispatcher: await login('dispatcher'),
    township: await login('township'),
    leader: await login('leader'),
    department: await login('department'),
  };
  const unit = async (code: string) =>
    (await api<{ items: { id: number }[] }>(`${base}/api/v1/units?code=${code}`, tokens.dispatcher)).items[0]!.id;
  // Reports from points inside the county's grids (one per grid, in turn), so that intake
  // locates the grid and looks for duplicates nearby as a report from a phone does.
  const points = await pointsInGrids(base, tokens.dispatcher, await unit('370702'), 50);
  const housing = await unit('370702-dept-housing');
  const recent = await api<{ items: { id: number }[] }>(`${base}/api/v1/cases?limit=200`, tokens.dispatcher);
  const ids = recent.items.map((c) => c.id);
  // Cases the department may accept: dispatched to it as the lead unit. Each can be accepted
  // once, so the scenario sends each one request (pages of the department's own list).
  const acceptable: { id: number; version: number }[] = [];
  for (let cursor: string | null = null; acceptable.length < ACTION_CASES;) {
    const page: { items: { id: number; version: number; leadUnitId: number | null }[]; nextCursor: string | null } =
      await api(
        `${base}/api/v1/cases?status=dispatched&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        tokens.department,
      );
    acceptable.push(...page.items.filter((c) => c.leadUnitId === housing));
    cursor = page.nextCursor;
    if (cursor === null) break;
  }
  // A reused database loses them run by run (each run accepts up to ACTION_CASES).
  if (acceptable.length === 0)
    process.stderr.write('  no dispatched case of 370702-dept-housing left to accept: reseed to run `action`\n');

  const results: Record<string, LoadResult & { ratio?: number }> = {};
  /** The public results' first request, which computes the snapshot (ms). */
  let coldRankingsMs: number | null = null;
  let coldPublicMs: number | null = null;
  const common = { duration };
  /** The server's peak resident memory after each scenario: which one drives it. */
  const peakAfter: Record<string, number> = { start: peakRssMb(server.child.pid!) };
  /** `group`: the name `--only` knows it by (several rows of one scenario). */
  const run = async (name: string, scenario: Record<string, unknown>, group = name) => {
    if (only && !only.has(group)) return;
    process.stderr.write(`  ${name}…\n`);
    results[name] = await load({ ...common, ...scenario });
    peakAfter[name] = peakRssMb(server.child.pid!);
  };
  await run('intake', {
    url: `${base}/api/v1/cases`,
    method: 'POST',
    token: tokens.operator,
    connections: 32,
    uniqueIntake: true,
    locations: points.map(([lng, lat]) => ({ lng, lat })),
    body: {
      kind: 'complaint',
      categoryCode: 'CMP.NOISE',
      channel: 'hotline',
    },
  });
  await run('list', {
    url: `${base}/api/v1/cases?status=registered,dispatched,in_progress&limit=50`,
    method: 'GET',
    token: tokens.township,
    connections: 16,
  });
  await run('detail', {
    url: base,
    method: 'GET',
    token: tokens.dispatcher,
    connections: 16,
    paths: ids.map((id) => `/api/v1/cases/${id}`),
  });
  await run('search', {
    url: `${base}/api/v1/cases?q=${encodeURIComponent('噪音')}&limit=20`,
    method: 'GET',
    token: tokens.dispatcher,
    connections: 16,
  });
  await run('stats', {
    url: `${base}/api/v1/stats/cases?from=${encodeURIComponent('2026-11-01T00:00:00+08:00')}&to=${encodeURIComponent('2026-12-01T00:00:00+08:00')}`,
    method: 'GET',
    token: tokens.leader,
    connections: 8,
  });
  // Issue 16. A leader's township ranking of the county for the month (assessment's rankings,
  // kept for RANKINGS_MAX_AGE_SECONDS: ADR 0022), and the public results page's API, anonymous,
  // answered from its snapshot: one request first computes and keeps each (as the refresh job
  // does in production); their times are reported beside the table, the scenarios measure what
  // leaders and visitors get.
  const county = await unit('370702');
  const rankingsUrl = `${base}/api/v1/rankings?level=township&withinUnitId=${county}&period=2026-11`;
  const rankingsStarted = performance.now();
  const rankingsProbe = await fetch(rankingsUrl, { headers: { authorization: `Bearer ${tokens.leader}` } });
  if (!only || only.has('rankings')) coldRankingsMs = performance.now() - rankingsStarted;
  if (rankingsProbe.status === 200)
    await run('rankings', { url: rankingsUrl, method: 'GET', token: tokens.leader, connections: 8 });
  else process.stderr.write(`  GET /api/v1/rankings answered ${rankingsProbe.status}: rankings skipped\n`);
  const publicUrl = `${base}/api/v1/public/results`;
  if (!only || only.has('public')) {
    const started = performance.now();
    const first = await fetch(publicUrl);
    coldPublicMs = performance.now() - started;
    if (first.status !== 200) throw new Error(`GET /api/v1/public/results: ${first.status} ${await first.text()}`);
  }
  await run('public', { url: publicUrl, method: 'GET', token: '', connections: 8 });
  if (acceptable.length > 0)
    await run('action', {
      url: base,
      method: 'POST',
      token: tokens.department,
      connections: 8,
      duration: Math.min(duration, 5),
      // Every case once: a second accept of the same version would be a (correct) 409.
      amount: acceptable.length,
      paths: acceptable.map((c) => `/api/v1/cases/${c.id}/actions`),
      bodies: acceptable.map((c) => ({ action: 'accept', version: c.version })),
    });
  // issue 17: the suggestion the intake form asks for while the operator types. The models are
  // trained first (an administrator's request; the newest 200,000 cases), outside the measurement.
  // Not for a partial run without it: training takes minutes and would sit in its peak memory.
  // What serving costs, before the training run below adds its models and featurised texts (a
  // worker thread of this process: ~400 MB at 200,000 cases for a minute); the target is judged
  // on this, the peak with training is reported beside it.
  const servingRss = peakRssMb(server.child.pid!);
  let trained = false;
  if (!only || only.has('suggestions')) {
    trained = true;
    const admin = await login('admin');
    const asked = await api<{ run: { version: number } }>(`${base}/api/v1/suggestions/models`, admin, 'POST', {});
    const trainingStarted = performance.now();
    for (;;) {
      const models = await api<{ items: { version: number; status: string }[] }>(
        `${base}/api/v1/suggestions/models`,
        admin,
      );
      const status = models.items.find((m) => m.version === asked.run.version)?.status;
      if (status === 'ready' || status === 'failed') {
        process.stderr.write(
          `  suggestion models ${status} in ${((performance.now() - trainingStarted) / 1000).toFixed(0)} s\n`,
        );
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
  const suggestion = {
    url: `${base}/api/v1/suggestions`,
    method: 'POST',
    token: tokens.operator,
    connections: 16,
    body: {
      text: '城关街道某小区楼上住户每天深夜在家跺脚、拖动家具，噪音很大，多次沟通无果，双方发生争吵，请求社区调解',
    },
  };
  // As fast as 16 connections are answered: the throughput, and a p99 that is the queue the 16
  // build up behind each other.
  await run('suggestions', suggestion);
  // What a suggestion adds to the intake form, at a steady 500 requests a second: fifty times a
  // province's peak of intake (several hundred cases a minute after a storm) with a few
  // suggestions per report as the operator types.
  await run(SUGGESTIONS_AT_RATE, { ...suggestion, rate: 500 }, 'suggestions');
  const rss = peakRssMb(server.child.pid!);
  await stopConcord(server);
  // What the server printed (warnings; with CONCORD_SLOW_QUERY_MS, its statements and their times).
  writeFileSync(path.join(dir, 'server.log'), server.output());

  const ceiling = await startChild(
    ['--import', 'tsx', 'bench/ceiling-server.ts'],
    prepared.env,
    /ceiling listening: (http:\/\/\S+)/,
  );
  results['ceiling: bare route'] = await load({
    ...common,
    url: `${ceiling.url}/bare`,
    method: 'GET',
    token: 'x',
    connections: 32,
  });
  results['ceiling: durable insert'] = await load({
    ...common,
    url: `${ceiling.url}/durable`,
    method: 'POST',
    token: 'x',
    connections: 32,
    body: { a: 1 },
  });
  await stopConcord(ceiling);

  const durable = results['ceiling: durable insert'].requestsPerSecond;
  const bare = results['ceiling: bare route'].requestsPerSecond;
  for (const [name, r] of Object.entries(results)) {
    if (!name.startsWith('ceiling'))
      r.ratio = r.requestsPerSecond / (name === 'intake' || name === 'action' ? durable : bare);
  }
  const RSS_TARGET_MB = 250;
  const targets: Record<string, (r: LoadResult & { ratio?: number }) => boolean> = {
    // Issue 20's targets at 1M cases and 32 connections.
    intake: (r) => (r.ratio ?? 0) >= (kind === 'sqlite' ? 0.5 : 0.4) && r.p99 <= 50,
    list: (r) => r.p99 <= 20,
    detail: (r) => r.p99 <= 20,
    search: (r) => r.p99 <= 30,
    stats: (r) => r.p99 <= 20,
    rankings: (r) => r.p99 <= 50,
    public: (r) => r.p99 <= 50,
    // Added to the intake request it must cost ≤ 10 ms at p99 (issue 17): judged at a steady rate
    // far above the real one; the saturated run's p99 is reported beside it (bench/README.md).
    [SUGGESTIONS_AT_RATE]: (r) => r.p99 <= 10,
  };
  const date = new Date().toISOString().slice(0, 10);
  const rows = Object.entries(results).map(([name, r]) => ({
    scenario: name,
    rps: Math.round(r.requestsPerSecond),
    p50: r.p50,
    p99: r.p99,
    errors: r.errors,
    ratio:
      r.ratio === undefined
        ? ''
        : `${(r.ratio * 100).toFixed(0)}% of ${name === 'intake' || name === 'action' ? 'durable' : 'bare'}`,
    // No successful request, or any error, is a miss whatever the latency says.
    target: targets[name] ? (r.errors === 0 && r.total > 0 && targets[name](r) ? 'met' : 'missed') : '',
  }));
  const report = {
    date,
    db: kind,
    cases,
    processes,
    seedSeconds: prepared.seedSeconds,
    peakRssMb: rss,
    servingPeakRssMb: servingRss,
    peakRssMbAfter: peakAfter,
    loadAverage: { atStart: loadAtStart, beforeScenarios: loadBeforeScenarios, atEnd: loadAverage() },
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    durationSeconds: duration,
    publicSnapshotComputeMs: coldPublicMs === null ? null : Math.round(coldPublicMs),
    rankingsComputeMs: coldRankingsMs === null ? null : Math.round(coldRankingsMs),
    rows,
  };
  const table = [
    `| scenario | req/s | p50 ms | p99 ms | errors | ratio to ceiling | target |`,
    `|---|---|---|---|---|---|---|`,
    ...rows.map((r) => `| ${r.scenario} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.ratio} | ${r.target} |`),
  ].join('\n');
  process.stdout.write(
    `\n${kind}, ${cases.toLocaleString()} cases, peak RSS ${rss} MB, seed ${prepared.seedSeconds?.toFixed(1) ?? 'reused'} s\n${table}\n`,
  );
  mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  // The 1M run is the reference; other sizes are kept beside it, not over it.
  const size =
    (cases === 1_000_000 ? '' : `-${cases >= 1_000_000 ? `${cases / 1_000_000}M` : cases}`) +
    (only ? `-only-${[...only].sort().join('-')}` : '') +
    (processes > 1 ? `-${processes}-processes` : '');
  writeFileSync(
    path.join(root, 'bench', 'results', `${date}-${kind}${size}.json`),
    JSON.stringify(report, null, 2) + '\n',
  );
  const verdicts = [
    ...rows.filter((r) => r.target !== '').map((r) => [r.scenario, r.target === 'met'] as const),
    ['peak RSS', servingRss <= RSS_TARGET_MB] as const,
    ...(prepared.seedSeconds === null || cases !== 1_000_000
      ? []
      : [['seeding', prepared.seedSeconds <= 120] as const]),
  ];
  const named = (met: boolean) =>
    verdicts
      .filter(([, ok]) => ok === met)
      .map(([name]) => name)
      .join(', ') || 'none';
  await updateReadme(
    `${kind}${size}`,
    `### ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} — ${cases.toLocaleString()} cases${processes > 1 ? `, ${processes} processes` : ''}, ${date}\n\n${report.machine}; ${duration} s per scenario; load average (1 / 5 / 15 min) ${loadAtStart} at the start, ${loadBeforeScenarios} before the scenarios, ${report.loadAverage.atEnd} at the end (the machine is shared); peak server RSS ${servingRss} MB while serving (target ≤ ${RSS_TARGET_MB} MB: ${servingRss <= RSS_TARGET_MB ? 'met' : 'missed'})${trained ? `, ${rss} MB with the suggestion models' training run` : ''}; seeding ${prepared.seedSeconds === null ? 'reused an existing database' : `${prepared.seedSeconds.toFixed(0)} s (target ≤ 120 s at 1M: ${prepared.seedSeconds <= 120 ? 'met' : 'missed'})`}.\n\n${table}\n\nTargets met: ${named(true)}. Missed: ${named(false)}.${coldPublicMs === null ? '' : ` The public results' first request (before the scenario; it computes the snapshot unless one is kept) took ${Math.round(coldPublicMs)} ms.`}${coldRankingsMs === null ? '' : ` The rankings' first request (no kept table: computed while it waits) took ${Math.round(coldRankingsMs)} ms.`}\n`,
  );

  // The residents' page under Slow 4G (bench/page-weight.ts, `npm run bench:web`): its own server
  // on the demo data, in a process of its own; a missed page budget fails the run.
  if (only) return;
  process.stderr.write('page weight…\n');
  const web = spawn(process.execPath, ['--import', 'tsx', 'bench/page-weight.ts'], { cwd: root, stdio: 'inherit' });
  const webCode = await new Promise<number | null>((resolve) => web.on('exit', resolve));
  if (webCode !== 0) process.exitCode = 1;
}

interface SavedReport {
  processes?: number;
  peakRssMb: number;
  rows: { scenario: string; rps: number; p50: number; p99: number; errors: number }[];
}

/**
 * `--processes 1,2`: the benchmark once per count (each its own run of this script, so each
 * starts from a fresh server), then one table with the runs side by side.
 */
async function compareProcessCounts(): Promise<void> {
  const reports: { count: number; report: SavedReport }[] = [];
  for (const count of processCounts) {
    const args = process.argv.slice(2).filter((arg, i, all) => arg !== '--processes' && all[i - 1] !== '--processes');
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args, '--processes', String(count)], {
      cwd: root,
      stdio: 'inherit',
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`the run with ${count} process(es) failed (exit ${code})`);
    const date = new Date().toISOString().slice(0, 10);
    const size =
      (cases === 1_000_000 ? '' : `-${cases >= 1_000_000 ? `${cases / 1_000_000}M` : cases}`) +
      (only ? `-only-${[...only].sort().join('-')}` : '') +
      (count > 1 ? `-${count}-processes` : '');
    const file = path.join(root, 'bench', 'results', `${date}-${kind}${size}.json`);
    reports.push({ count, report: JSON.parse(readFileSync(file, 'utf8')) as SavedReport });
  }
  const scenarios = [...new Set(reports.flatMap((r) => r.report.rows.map((row) => row.scenario)))];
  const header = `| scenario | ${reports.map((r) => `${r.count} proc req/s | p99 ms`).join(' | ')} |`;
  const rule = `|---|${reports.map(() => '---|---').join('|')}|`;
  const lines = scenarios.map((scenario) => {
    const cells = reports.map(({ report }) => {
      const row = report.rows.find((r) => r.scenario === scenario);
      return row ? `${row.rps}${row.errors > 0 ? ` (${row.errors} errors)` : ''} | ${row.p99}` : '– | –';
    });
    return `| ${scenario} | ${cells.join(' | ')} |`;
  });
  const rss = `| peak RSS MB (all processes) | ${reports.map((r) => `${r.report.peakRssMb} | `).join(' | ')} |`;
  const table = [header, rule, ...lines, rss].join('\n');
  process.stdout.write(`\n${kind}, ${cases.toLocaleString()} cases, by process count\n${table}\n`);
  await updateReadme(
    `${kind}-processes`,
    `### ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} — ${cases.toLocaleString()} cases, ${processCounts.join(' vs ')} processes, ${new Date().toISOString().slice(0, 10)}\n\nThe same scenarios against CONCORD_WORKERS=${processCounts.join(', then ')} (each run's own table is in its section above).\n\n${table}\n`,
  );
}

(processCounts.length > 1 ? compareProcessCounts() : main()).catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
