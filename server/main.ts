// Starts Concord: build the web console when needed, migrate, load reference data (and the demo
// in demo mode), listen. With PostgreSQL and CONCORD_WORKERS=N (ADR 0040) this process is the
// primary: it does the once-only work (build, migrations, seeding), then forks N workers with
// node:cluster that build the app and share one port, and restarts a worker that dies.
import cluster, { type Worker } from 'node:cluster';
import path from 'node:path';
import { loadConfig, ConfigError, type Config } from './config.ts';
import type { AppContext } from './context.ts';
import { buildApp, createContext } from './app.ts';
import { loadReferenceData } from './reference-data.ts';
import {
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  demoAccountsWithDemoPassword,
  demoPasswordRefusal,
  isProduction,
  seedDemo,
} from './demo/seed-demo.ts';
import { foldRollupDeltas, sweepDeadlines } from './modules/cases/index.ts';
import { raiseOverdueScreenings } from './modules/safety/index.ts';
import { deliverNotifications, notificationRouter } from './notifications.ts';
import { startRepeating, type RepeatingJob } from './platform/jobs.ts';
import { PROCESS_HOLDER, releaseLeases, underLease } from './platform/jobs/lease.ts';
import { busOf, PostgresBus } from './platform/bus/bus.ts';
import { scanWarnings } from './modules/warnings/index.ts';
import { scanOverdueReferrals } from './modules/psych/index.ts';

const WARNING_SCAN_MS = 3_600_000;
/** The dashboard's pending rollup deltas are folded this often (ADR 0039); reads are exact meanwhile. */
const ROLLUP_FOLD_MS = 2_000;
/** How often each process links committed audit rows (ADR 0038). */
const AUDIT_CHAIN_MS = 1000;
import { retrainIfDue, warmModels } from './modules/suggestions/index.ts';
import { onEnqueued } from './platform/outbox/outbox.ts';
import { anchorAuditChain } from './platform/audit/checkpoints.ts';
import { ensureWebBuild } from './platform/http/web-build.ts';
import { projectRoot } from './platform/paths.ts';
import { refreshDefaultSnapshots } from './modules/transparency/index.ts';

/** The web console's sources; its build is served from dist/ inside. */
const WEB_DIR = path.join(projectRoot, 'web');

/** Start-up refused for what an operator must fix first; printed as is, exit code 1. */
class StartRefused extends Error {}

async function main(): Promise<void> {
  const config = loadConfig();
  // NODE_ENV=production says production even when CONCORD_MODE says demo: the demo's accounts and
  // its relaxed second factor must never run there.
  if (isProduction(config.mode) && config.mode !== 'production') {
    throw new ConfigError(
      'NODE_ENV=production 时不能使用 CONCORD_MODE=demo（演示账号共用公开密码）；请删除 CONCORD_MODE 或设为 production / NODE_ENV=production with CONCORD_MODE=demo: the demo (accounts with one published password) never runs in production; unset CONCORD_MODE or set it to production',
    );
  }
  if (cluster.isWorker) return runWorker(config);
  if (config.workers > 1 && config.databaseUrl === undefined) {
    process.stdout.write(
      `SQLite 只能单进程运行，已忽略 CONCORD_WORKERS=${config.workers}（多进程请使用 PostgreSQL）/ SQLite runs in one process; CONCORD_WORKERS=${config.workers} ignored (several processes need PostgreSQL)\n`,
    );
  }
  await buildWebClient(config);
  if (config.workers > 1 && config.databaseUrl !== undefined) return runPrimary(config);
  return runSingle(config);
}

/** Before the app: a fresh clone has no build yet, and an edited client needs a new one. */
async function buildWebClient(config: Config): Promise<void> {
  if (!config.webClient) return;
  try {
    const took = await ensureWebBuild(WEB_DIR, (line) => process.stdout.write(`${line}\n`));
    if (took !== null) process.stdout.write(`网页客户端已构建 / web console built in ${(took / 1000).toFixed(1)} s\n`);
  } catch (error) {
    process.stderr.write(
      `网页客户端构建失败 / the web console could not be built: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
}

/**
 * The once-only work on a migrated database: refuse a production start with demo passwords, seed
 * the demo or load the reference data. Returns the line saying what was seeded, if anything.
 */
async function prepareData(config: Config, ctx: AppContext): Promise<string | undefined> {
  if (config.mode === 'production') {
    const exposed = await demoAccountsWithDemoPassword(ctx);
    if (exposed.length > 0) throw new StartRefused(demoPasswordRefusal(exposed));
  }
  if (config.seedDemo) {
    const seeded = await seedDemo(ctx);
    if (seeded.regionsLoaded || seeded.accounts > 0) {
      return `  演示数据已载入 / demo data loaded: ${seeded.grids} grids, ${seeded.accounts} accounts, ${seeded.cases} cases`;
    }
    return undefined;
  }
  await loadReferenceData(ctx);
  return undefined;
}

/**
 * The repeating jobs of one process. Each but the notifier runs under its lease (ADR 0040): with
 * several processes on one database, one process at a time runs it. The notifier runs in every
 * process: it claims each outbox message on its own, and more deliverers deliver sooner.
 */
function startJobs(
  config: Config,
  ctx: AppContext,
  logs: { error: (error: unknown, line: string) => void; notification: (line: Record<string, unknown>) => void },
): RepeatingJob[] {
  const jobs: RepeatingJob[] = [];
  // PostgreSQL's rollup triggers append deltas (ADR 0039); one process at a time folds them (an
  // advisory lock), so this runs in every process. Storage upkeep, like SQLite's checkpointer: it
  // runs even with the other jobs off (CONCORD_JOB_INTERVAL_MS=0, as the benchmark and the crash
  // test run), or the deltas a reader adds up would grow without bound. SQLite has none to fold.
  const onError = (name: string, error: unknown) => logs.error(error, `${name} failed`);
  if (ctx.dialect === 'postgres') {
    jobs.push(startRepeating('rollup-fold', ROLLUP_FOLD_MS, () => foldRollupDeltas(ctx.db, ctx.dialect), onError));
    // The audit chain is linked after commit (ADR 0038): part of the write path, not a background
    // chore, so it runs even with the other jobs off; woken shortly after this process's writes.
    // In every process: one links at a time (a try-lock), the others skip.
    const chainer = startRepeating('audit-chain', AUDIT_CHAIN_MS, () => ctx.audit.chainPending(ctx.db), onError);
    jobs.push(chainer);
    ctx.audit.onAppended(() => chainer.wake());
  }
  if (config.jobIntervalMs <= 0) return jobs;
  const leased = (name: string, intervalMs: number, run: () => Promise<unknown>) =>
    startRepeating(name, intervalMs, underLease(ctx.db, name, intervalMs, run), onError);
  const adapter = notificationRouter(ctx, logs.notification);
  jobs.push(leased('sweeper', config.jobIntervalMs, () => sweepDeadlines(ctx, config.autoCloseDays)));
  const notifier = startRepeating('notifier', config.jobIntervalMs, () => deliverNotifications(ctx, adapter), onError);
  jobs.push(notifier);
  // A message enqueued by this process wakes its notifier at once (a new assignment reaches the
  // inbox in well under the interval); messages of other processes wait for the interval.
  onEnqueued(() => notifier.wake());
  const anchor = () =>
    anchorAuditChain(ctx.db, ctx.audit, ctx.clock.now(), {
      file: config.auditCheckpointFile,
      every: config.auditCheckpointEvery,
      maxAgeMs: config.auditCheckpointMinutes * 60_000,
    });
  jobs.push(leased('audit-anchor', config.jobIntervalMs, anchor));
  // The public results page's default snapshots, kept fresh so no anonymous request computes them.
  jobs.push(leased('public-results', config.jobIntervalMs, () => refreshDefaultSnapshots(ctx)));
  jobs.push(leased('screening-overdue', config.jobIntervalMs, () => raiseOverdueScreenings(ctx)));
  // Issue 18 §7: an urgent psychological referral not contacted within 24 h is told to its team (once).
  jobs.push(leased('psych-overdue', config.jobIntervalMs, () => scanOverdueReferrals(ctx)));
  // Issue 17: hot spots and broken agreements (warnings module), hourly at most.
  jobs.push(leased('warnings-scan', Math.max(config.jobIntervalMs, WARNING_SCAN_MS), () => scanWarnings(ctx)));
  // The suggester retrains nightly (and trains a run requested while no job ran); checked every 10 minutes.
  jobs.push(leased('suggestions-retrain', 10 * 60_000, () => retrainIfDue(ctx)));
  return jobs;
}

/**
 * Builds the app, does `prepare` (a single process does the once-only work itself), starts the
 * jobs and listens: a single process or one worker of several.
 */
async function serve(
  config: Config,
  prepare?: (ctx: AppContext) => Promise<string | undefined>,
): Promise<{ url: string; ctx: AppContext; seededLine: string | undefined }> {
  const { app, ctx } = await buildApp(config, config.webClient ? { webClientDir: path.join(WEB_DIR, 'dist') } : {});
  let seededLine: string | undefined;
  try {
    seededLine = await prepare?.(ctx);
  } catch (error) {
    await app.close();
    throw error;
  }
  const bus = busOf(ctx.db);
  if (bus instanceof PostgresBus) {
    bus.onConnectionChange = (event, error) =>
      event === 'lost'
        ? app.log.warn({ err: error }, 'bus: LISTEN connection lost, reconnecting')
        : app.log.info('bus: LISTEN connection back; open streams re-count');
  }
  // Hear the other processes before answering anyone: no inbox change is missed after listen.
  await bus.ready();
  const jobs = startJobs(config, ctx, {
    error: (error, line) => app.log.error({ err: error }, line),
    notification: (line) => app.log.info(line, 'notification'),
  });
  const shutdown = (signal: string) => {
    app.log.info(`${signal}: shutting down`);
    Promise.all(jobs.map((job) => job.stop()))
      .then(() => releaseLeases(ctx.db, PROCESS_HOLDER).catch(() => undefined))
      .then(() => app.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  // The suggester's models are compiled now rather than by the first operator who types a report.
  warmModels(ctx);
  return { url: `http://localhost:${(app.server.address() as { port: number }).port}`, ctx, seededLine };
}

function printBanner(config: Config, url: string, dialect: string, seededLine: string | undefined): void {
  const processes = config.workers > 1 && dialect === 'postgres' ? `, processes: ${config.workers}` : '';
  const lines = [
    '',
    `Concord 已启动 / is running: ${url}   (database: ${dialect}, mode: ${config.mode}${processes})`,
    `  网页控制台 / web console: ${url}/    群众端 / resident page: ${url}/m`,
    `  API docs: ${url}/api/docs    health: ${url}/healthz`,
    ...(seededLine ? [seededLine] : []),
  ];
  if (config.mode === 'demo') {
    lines.push(`  演示账号 / demo accounts (password ${DEMO_PASSWORD}):`);
    for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.username.padEnd(11)} ${a.role.padEnd(12)} ${a.displayName}`);
  }
  process.stdout.write(lines.join('\n') + '\n\n');
}

async function runSingle(config: Config): Promise<void> {
  const { url, ctx, seededLine } = await serve(config, (ctx) => prepareData(config, ctx));
  printBanner(config, url, ctx.dialect, seededLine);
}

async function runWorker(config: Config): Promise<void> {
  const { url } = await serve(config);
  process.send?.({ concord: 'listening', url });
}

/** A worker that dies this soon after its start is restarted after a pause (no restart storm). */
const QUICK_DEATH_MS = 5_000;

async function runPrimary(config: Config): Promise<void> {
  const { ctx, database } = await createContext(config);
  let seededLine: string | undefined;
  try {
    seededLine = await prepareData(config, ctx);
  } finally {
    await database.close();
  }
  let stopping = false;
  let bannerShown = false;
  const listening = new Set<number>();
  const startedAt = new Map<number, number>();
  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
    worker.on('message', (message: { concord?: string; url?: string }) => {
      if (message.concord !== 'listening' || !message.url) return;
      listening.add(worker.id);
      if (!bannerShown && listening.size >= config.workers) {
        bannerShown = true;
        printBanner(config, message.url, 'postgres', seededLine);
      }
    });
  };
  cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
    listening.delete(worker.id);
    if (stopping) return;
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    process.stderr.write(
      `工作进程 ${worker.process.pid} 已退出（${signal ?? `code ${code}`}），正在重启 / worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another\n`,
    );
    if (lived < QUICK_DEATH_MS) setTimeout(fork, QUICK_DEATH_MS).unref();
    else fork();
  });
  for (let i = 0; i < config.workers; i++) fork();
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    let left = workers.length;
    if (left === 0) process.exit(0);
    for (const worker of workers) {
      worker.once('exit', () => {
        if (--left === 0) process.exit(0);
      });
      worker.process.kill('SIGTERM');
    }
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof StartRefused) {
    process.stderr.write(error.message);
  } else if (error instanceof ConfigError) {
    process.stderr.write(`配置错误 / configuration error: ${error.message}\n`);
  } else {
    process.stderr.write(
      `Concord failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
