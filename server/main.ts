// Starts Concord: build the web console when needed, migrate, load reference data (and the demo
// in demo mode), listen.
import path from 'node:path';
import { loadConfig, ConfigError } from './config.ts';
import { buildApp } from './app.ts';
import { loadReferenceData } from './reference-data.ts';
import {
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  demoAccountsWithDemoPassword,
  demoPasswordRefusal,
  isProduction,
  seedDemo,
} from './demo/seed-demo.ts';
import { sweepDeadlines } from './modules/cases/index.ts';
import { raiseOverdueScreenings } from './modules/safety/index.ts';
import { deliverNotifications, notificationRouter } from './notifications.ts';
import { startRepeating, type RepeatingJob } from './platform/jobs.ts';
import { scanWarnings } from './modules/warnings/index.ts';
import { scanOverdueReferrals } from './modules/psych/index.ts';

const WARNING_SCAN_MS = 3_600_000;
/** How often each process links committed audit rows (ADR 0038). */
const AUDIT_CHAIN_MS = 1000;
import { retrainIfDue } from './modules/suggestions/index.ts';
import { onEnqueued } from './platform/outbox/outbox.ts';
import { anchorAuditChain } from './platform/audit/checkpoints.ts';
import { ensureWebBuild } from './platform/http/web-build.ts';
import { refreshDefaultSnapshots } from './modules/transparency/index.ts';

/** The web console's sources; its build is served from dist/ inside. */
const WEB_DIR = path.resolve(import.meta.dirname, '..', 'web');

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
  // Before the app: a fresh clone has no build yet, and an edited client needs a new one.
  if (config.webClient) {
    try {
      const took = await ensureWebBuild(WEB_DIR, (line) => process.stdout.write(`${line}\n`));
      if (took !== null)
        process.stdout.write(`网页客户端已构建 / web console built in ${(took / 1000).toFixed(1)} s\n`);
    } catch (error) {
      process.stderr.write(
        `网页客户端构建失败 / the web console could not be built: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
  }
  const { app, ctx } = await buildApp(config, config.webClient ? { webClientDir: path.join(WEB_DIR, 'dist') } : {});
  if (config.mode === 'production') {
    const exposed = await demoAccountsWithDemoPassword(ctx);
    if (exposed.length > 0) {
      await app.close();
      throw new StartRefused(demoPasswordRefusal(exposed));
    }
  }
  let seededLine: string | undefined;
  if (config.seedDemo) {
    const seeded = await seedDemo(ctx);
    if (seeded.regionsLoaded || seeded.accounts > 0) {
      seededLine = `  演示数据已载入 / demo data loaded: ${seeded.grids} grids, ${seeded.accounts} accounts, ${seeded.cases} cases`;
    }
  } else {
    await loadReferenceData(ctx);
  }
  const jobs: RepeatingJob[] = [];
  const onError = (name: string, error: unknown) => app.log.error({ err: error }, `${name} failed`);
  if (ctx.dialect === 'postgres') {
    // The audit chain is linked after commit (ADR 0038): part of the write path, not a background
    // chore, so it runs even with the other jobs off; woken shortly after this process's writes.
    const chainer = startRepeating('audit-chain', AUDIT_CHAIN_MS, () => ctx.audit.chainPending(ctx.db), onError);
    jobs.push(chainer);
    ctx.audit.onAppended(() => chainer.wake());
  }
  if (config.jobIntervalMs > 0) {
    const adapter = notificationRouter(ctx, (line) => app.log.info(line, 'notification'));
    jobs.push(
      startRepeating('sweeper', config.jobIntervalMs, () => sweepDeadlines(ctx, config.autoCloseDays), onError),
    );
    const notifier = startRepeating(
      'notifier',
      config.jobIntervalMs,
      () => deliverNotifications(ctx, adapter),
      onError,
    );
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
    jobs.push(startRepeating('audit-anchor', config.jobIntervalMs, anchor, onError));
    // The public results page's default snapshots, kept fresh so no anonymous request computes them.
    jobs.push(startRepeating('public-results', config.jobIntervalMs, () => refreshDefaultSnapshots(ctx), onError));
    jobs.push(startRepeating('screening-overdue', config.jobIntervalMs, () => raiseOverdueScreenings(ctx), onError));
    // Issue 18 §7: an urgent psychological referral not contacted within 24 h is told to its team (once).
    jobs.push(startRepeating('psych-overdue', config.jobIntervalMs, () => scanOverdueReferrals(ctx), onError));
    // Issue 17: hot spots and broken agreements (warnings module), hourly at most.
    jobs.push(
      startRepeating(
        'warnings-scan',
        Math.max(config.jobIntervalMs, WARNING_SCAN_MS),
        () => scanWarnings(ctx),
        onError,
      ),
    );
    // The suggester retrains nightly (and trains a run requested while no job ran); checked every 10 minutes.
    jobs.push(startRepeating('suggestions-retrain', 10 * 60_000, () => retrainIfDue(ctx), onError));
  }
  const shutdown = (signal: string) => {
    app.log.info(`${signal}: shutting down`);
    Promise.all(jobs.map((job) => job.stop()))
      .then(() => app.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${(app.server.address() as { port: number }).port}`;
  const lines = [
    '',
    `Concord 已启动 / is running: ${url}   (database: ${ctx.dialect}, mode: ${config.mode})`,
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
