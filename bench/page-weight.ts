// npm run bench:web [-- --runs N] [--base http://host:port]
// The residents' page (/m) on a phone over a slow mobile network: starts Concord as `npm start`
// does (or uses --base), opens /m in Debian's Chromium at 375×812 with the cache disabled and the
// network throttled to Chrome DevTools' "Slow 4G" preset, and measures, for a visitor, a signed-in
// resident and the follow-a-case form:
//   - the compressed JavaScript transferred before the first screen is usable (the sum of
//     Network.loadingFinished encodedDataLength over scripts, as served: brotli or gzip);
//   - first contentful paint (performance.getEntriesByName('first-contentful-paint')).
// Each against its budget (issue 14: 200 KB, 3 s) as a ratio; the median of --runs page loads.
// Writes bench/results/<date>-page-weight.json and the section of bench/README.md; exits 1 when
// a budget is missed. A benchmark, not a test: the machine is shared, so the load average is
// printed beside the figures.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { startConcord, stopConcord, type StartedConcord } from '../scripts/start-command.ts';
import { updateReadme } from './readme.ts';

const root = path.resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Chrome DevTools' "Slow 4G" preset (called "Fast 3G" before May 2024), as DevTools defines it in
 * front_end/core/sdk/NetworkManager.ts (Slow4GConditions): download 1.6 Mbit/s × 0.9 =
 * 180,000 bytes/s, upload 750 kbit/s × 0.9 = 84,375 bytes/s, latency 150 ms × 3.75 = 562.5 ms
 * (the target RTT of 150 ms scaled to what request-level throttling needs to match it).
 */
const SLOW_4G = {
  offline: false,
  downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9,
  uploadThroughput: ((750 * 1000) / 8) * 0.9,
  latency: 150 * 3.75,
} as const;

/** Issue 14: the /m first screen within 200 KB of compressed JavaScript and a first paint within 3 s. */
const BUDGETS = { javaScriptBytes: 200 * 1024, firstContentfulPaintMs: 3000 } as const;

interface Scenario {
  name: string;
  path: string;
  /** What is on the screen once it is usable. */
  firstScreen: string;
  /** Signed in as this demo account before the page loads. */
  account?: string;
}

const SCENARIOS: Scenario[] = [
  // The visitor's sign-in form asks for a phone number and an SMS code first (a password is one tap away).
  { name: '/m, visitor (sign-in form)', path: '/m', firstScreen: '[data-testid=sms-phone]' },
  {
    name: '/m, resident (report form)',
    path: '/m',
    firstScreen: '[data-testid=report-description]',
    account: 'resident',
  },
  // Followed by its tracking code first (by case number and phone is the other tab).
  { name: '/m#track, visitor (follow a case)', path: '/m#track', firstScreen: '[data-testid=track-code]' },
];

interface Script {
  url: string;
  bytes: number;
  encoding: string;
}

interface Load {
  /** Scripts finished before the first screen was usable. */
  scripts: Script[];
  javaScriptBytes: number;
  /** Every script fetched until the network was quiet (the lazy ones a first screen asks for). */
  javaScriptBytesUntilIdle: number;
  firstContentfulPaintMs: number | null;
  firstScreenMs: number;
}

function launch(): Promise<Browser> {
  // The flags of test/e2e/support.ts's launchChromium.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo1234' }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

async function loadOnce(browser: Browser, base: string, scenario: Scenario): Promise<Load> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  try {
    if (scenario.account) {
      // The session a resident who signed in before keeps (web/src/shared/session-store.ts).
      const token = await login(base, scenario.account);
      await context.addInitScript((t) => localStorage.setItem('concord.session', JSON.stringify({ token: t })), token);
    }
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const scripts = new Map<string, { url: string; encoding: string }>();
    const finished = new Map<string, Script>();
    cdp.on('Network.responseReceived', (event) => {
      const { response } = event;
      if (event.type === 'Script' || /javascript/i.test(response.mimeType)) {
        const encoding = Object.entries(response.headers).find(([name]) => name.toLowerCase() === 'content-encoding');
        scripts.set(event.requestId, { url: response.url, encoding: String(encoding?.[1] ?? 'identity') });
      }
    });
    cdp.on('Network.loadingFinished', (event) => {
      const script = scripts.get(event.requestId);
      if (script) finished.set(event.requestId, { ...script, bytes: event.encodedDataLength });
    });
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);

    await page.goto(`${base}${scenario.path}`, { waitUntil: 'commit', timeout: 60_000 });
    // The first frame that shows the first screen, timed in the page (from navigation start).
    const shown = await page.waitForFunction(
      (selector) => (document.querySelector(selector) ? performance.now() : false),
      scenario.firstScreen,
      { polling: 'raf', timeout: 60_000 },
    );
    const firstScreenMs = (await shown.jsonValue()) as number;
    // Network events arrive before the result of a later command on the same connection.
    const before = [...finished.values()];
    await page.waitForLoadState('networkidle', { timeout: 60_000 });
    const firstContentfulPaintMs = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    );
    const sum = (list: Script[]) => list.reduce((total, s) => total + s.bytes, 0);
    return {
      scripts: before.map((s) => ({ ...s, url: new URL(s.url).pathname })),
      javaScriptBytes: sum(before),
      javaScriptBytesUntilIdle: sum([...finished.values()]),
      firstContentfulPaintMs,
      firstScreenMs,
    };
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '3' }, base: { type: 'string' } },
  });
  const runs = Math.max(1, Number(values.runs));
  const loadAtStart = loadAverage();
  let server: StartedConcord | undefined;
  let dataDir: string | undefined;
  let base = values.base;
  if (!base) {
    mkdirSync(path.join(root, 'tmp'), { recursive: true });
    dataDir = mkdtempSync(path.join(root, 'tmp', 'bench-web-'));
    process.stderr.write('starting Concord (it builds the web client when stale)…\n');
    server = await startConcord({
      CONCORD_DATA_DIR: dataDir,
      CONCORD_DEMO_CASES: '300',
      CONCORD_JOB_INTERVAL_MS: '0',
      LOG_LEVEL: 'warn',
    });
    base = server.url;
  }
  const browser = await launch();
  const rows = [];
  try {
    for (const scenario of SCENARIOS) {
      process.stderr.write(`  ${scenario.name}…\n`);
      const loads: Load[] = [];
      for (let i = 0; i < runs; i++) loads.push(await loadOnce(browser, base, scenario));
      const fcps = loads.map((l) => l.firstContentfulPaintMs);
      const javaScriptBytes = median(loads.map((l) => l.javaScriptBytes));
      const fcp = fcps.every((f): f is number => f !== null) ? Math.round(median(fcps)) : null;
      rows.push({
        scenario: scenario.name,
        javaScriptBytes,
        javaScriptRatio: javaScriptBytes / BUDGETS.javaScriptBytes,
        javaScriptBytesUntilIdle: median(loads.map((l) => l.javaScriptBytesUntilIdle)),
        firstContentfulPaintMs: fcp,
        firstContentfulPaintRatio: fcp === null ? null : fcp / BUDGETS.firstContentfulPaintMs,
        firstScreenMs: Math.round(median(loads.map((l) => l.firstScreenMs))),
        runs: loads.map((l) => ({
          javaScriptBytes: l.javaScriptBytes,
          firstContentfulPaintMs: l.firstContentfulPaintMs === null ? null : Math.round(l.firstContentfulPaintMs),
          firstScreenMs: Math.round(l.firstScreenMs),
        })),
        scripts: loads[0]!.scripts,
      });
    }
  } finally {
    await browser.close();
    if (server) await stopConcord(server);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }

  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const met = (ratio: number | null) => ratio !== null && ratio <= 1;
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${os.cpus().length} cores, Node ${process.version}, Chromium at ${CHROMIUM}`;
  const table = [
    '| page | JS before first screen | ratio of 200 KB | first contentful paint | ratio of 3 s | first screen | JS until idle |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${kb(r.javaScriptBytes)} | ${r.javaScriptRatio.toFixed(2)} ${met(r.javaScriptRatio) ? 'met' : 'missed'} | ${r.firstContentfulPaintMs ?? '—'} ms | ${r.firstContentfulPaintRatio?.toFixed(2) ?? '—'} ${met(r.firstContentfulPaintRatio) ? 'met' : 'missed'} | ${r.firstScreenMs} ms | ${kb(r.javaScriptBytesUntilIdle)} |`,
    ),
  ].join('\n');
  const encodings = [...new Set(rows.flatMap((r) => r.scripts.map((s) => s.encoding)))].join(', ');
  const summary = `Slow 4G (${SLOW_4G.downloadThroughput / 1000} kB/s down, ${SLOW_4G.uploadThroughput / 1000} kB/s up, ${SLOW_4G.latency} ms latency), cache disabled, 375×812; median of ${runs} loads; scripts served as ${encodings}; ${machine}; load average (1 / 5 / 15 min) ${loadAtStart} at the start, ${loadAverage()} at the end (the machine is shared).`;
  process.stdout.write(`\n${summary}\n\n${table}\n`);
  const first = rows[0]!;
  process.stdout.write(
    `\nscripts before the first screen of ${first.scenario}:\n${first.scripts.map((s) => `  ${s.url}  ${kb(s.bytes)} (${s.encoding})`).join('\n')}\n`,
  );

  const report = { date, budgets: BUDGETS, network: { preset: 'Slow 4G', ...SLOW_4G }, runs, summary, rows };
  mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  const file = path.join(root, 'bench', 'results', `${date}-page-weight.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  const missed = rows.filter((r) => !met(r.javaScriptRatio) || !met(r.firstContentfulPaintRatio));
  await updateReadme(
    'web',
    `### Page weight — /m under Slow 4G, ${date}\n\n${summary}\n\n${table}\n\nBudgets ${missed.length === 0 ? 'met' : `missed on ${missed.map((r) => r.scenario).join(', ')}`}.\n`,
  );
  process.stdout.write(`\nwrote ${path.relative(root, file)}\n`);
  if (missed.length > 0) {
    process.stderr.write(`budget missed: ${missed.map((r) => r.scenario).join(', ')}\n`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `bench:web failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
