// What the browser tests share: Concord started as `npm start` starts it (a child process on its
// own SQLite directory with a fixed clock and demo data, building the console when stale), Debian's
// Chromium through playwright-core, and the checks every visited page must pass.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import { startConcord, stopConcord, type StartedConcord } from '../../scripts/start-command.ts';
import { TRACKING_ALPHABET, TRACKING_CODE_LENGTH } from '../../server/modules/cases/tracking-code.ts';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumMissing = !existsSync(CHROMIUM);
export const inCi = process.env.CI === 'true';
export const NOW = '2026-11-27T09:00:00+08:00';
export const DEMO_PASSWORD = 'demo1234';

/** Words of four or more Latin letters allowed on a zh-CN page: the language switch names English in English. */
const ALLOWED_LATIN = new Set(['English', 'Word']);

export type Server = StartedConcord;

/** This file's browsers and servers, for what a failed test leaves behind (below). */
const launchedBrowsers = new Set<Browser>();
const startedServers = new Set<Server>();

/**
 * A failed browser test leaves what it saw: each open page's address, a screenshot and its text
 * (test/e2e/artifacts/failed/), and the end of each server's output (errors are logged at warn),
 * printed with the failure. A step that timed out says only what it waited for; this says what
 * was on the screen instead (an error alert, a page that never loaded, a server error).
 */
afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  const dir = path.join(import.meta.dirname, 'artifacts', 'failed');
  mkdirSync(dir, { recursive: true });
  const name = `${path.basename(task.file.name, '.test.ts')}-${task.name}`
    .replace(/[^\p{L}\p{N}-]+/gu, '-')
    .slice(0, 120);
  const lines: string[] = [`What the failed test "${task.name}" left:`];
  let n = 0;
  for (const browser of launchedBrowsers) {
    for (const context of browser.contexts()) {
      for (const page of context.pages()) {
        const file = path.join(dir, `${name}-${++n}`);
        // Each part on its own: a page whose renderer crashed has no screenshot or text, but its
        // requests and errors still say what happened.
        const read = async <T>(what: () => Promise<T>, fallback: T): Promise<[T, string | null]> => {
          try {
            return [await what(), null];
          } catch (error) {
            return [fallback, (error as Error).message.split('\n')[0]!];
          }
        };
        const [, shotFailed] = await read(
          () => page.screenshot({ path: `${file}.png`, fullPage: true, timeout: 10_000 }),
          null,
        );
        const [text, textFailed] = await read(() => page.evaluate(() => document.body?.innerText ?? ''), '');
        // The page's last requests with their answers, and its errors: a request that failed or
        // was refused, a chunk that did not load, a crash.
        const [requests] = await read(
          async () =>
            Promise.all(
              (await page.requests()).slice(-20).map(async (request) => {
                const response = await request.response().catch(() => null);
                const answer = response?.status() ?? request.failure()?.errorText ?? 'no answer';
                return `${request.method()} ${new URL(request.url()).pathname} → ${answer}`;
              }),
            ),
          [] as string[],
        );
        const [errors] = await read(
          async () => [
            ...(await page.pageErrors()).map((error) => `page error: ${error.message}`),
            ...(await page.consoleMessages())
              .filter((message) => message.type() === 'error')
              .map((message) => `console: ${message.text()}`),
          ],
          [] as string[],
        );
        const unread = [
          ...(shotFailed ? [`no screenshot: ${shotFailed}`] : []),
          ...(textFailed ? [`no text: ${textFailed}`] : []),
        ];
        writeFileSync(
          `${file}.txt`,
          [page.url(), '', text, '', 'requests:', ...requests, '', 'errors:', ...errors, ...unread].join('\n'),
        );
        lines.push(
          `  page ${n}: ${page.url()} (${file}.txt${shotFailed ? '' : ', .png'})`,
          `    ${text.replace(/\s+/g, ' ').slice(0, 600)}`,
          ...[...requests.slice(-8), ...errors.slice(-8), ...unread].map((line) => `    ${line}`),
        );
      }
    }
  }
  for (const server of startedServers) {
    lines.push(
      `  server ${server.url}, the end of its output:`,
      ...server
        .output()
        .slice(-3_000)
        .split('\n')
        .map((l) => `    ${l}`),
    );
  }
  process.stderr.write(`${lines.join('\n')}\n`);
}, 60_000);

export function warnIfSkipped(): void {
  if (chromiumMissing && !inCi) {
    process.stdout.write(
      `\n!!! ${CHROMIUM} not found: the browser tests of the web console are SKIPPED (apt-get install chromium).\n\n`,
    );
  }
}

export function requireChromium(): void {
  if (chromiumMissing) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: under CI=true the browser tests must run (.ci/run installs Debian's chromium).`,
    );
  }
}

export async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const server = await startConcord({
    CONCORD_NOW: NOW,
    CONCORD_DATA_DIR: mkdtempSync(path.join(inject('runDir'), 'e2e-')),
    CONCORD_DEMO_CASES: '300',
    CONCORD_JOB_INTERVAL_MS: '0',
    LOG_LEVEL: 'warn',
    ...env,
  });
  startedServers.add(server);
  return server;
}

export async function stopServer(server: Server): Promise<void> {
  startedServers.delete(server);
  await stopConcord(server);
}

/** What a browser-test file works with: Concord and Chromium, started for its tests. */
export interface BrowserSuite {
  /** The server's address, once started. */
  base: () => string;
  url: (path: string) => string;
  /** A new zh-CN page (a fresh context), its errors collected in `pageErrors`. */
  open: (options?: { mobile?: boolean }) => Promise<Page>;
  pageErrors: string[];
}

/**
 * Inside a `describe`: starts Concord (`npm start`'s way, with `env`) and Chromium before the
 * tests and closes both after them.
 */
export function browserSuite(env: Record<string, string> = {}): BrowserSuite {
  let server: Server | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  beforeAll(async () => {
    requireChromium();
    server = await startServer(env);
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    if (server) await stopServer(server);
  }, 60_000);
  return {
    base: () => server!.url,
    url: (p) => `${server!.url}${p}`,
    open: (options = {}) => openPage(browser!, contexts, pageErrors, options),
    pageErrors,
  };
}

export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({
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
  launchedBrowsers.add(browser);
  browser.on('disconnected', () => launchedBrowsers.delete(browser));
  return browser;
}

/** A JSON call with a Bearer token; any failure throws with the body. */
export async function apiCall<T>(base: string, token: string, method: string, p: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function apiLogin(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status, username).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/**
 * A dispute about water damage brought to 潍城区's window (`operator`), dispatched by `dispatcher`
 * to the committee the case suggests (the county's joint committee, where `mediator` works).
 */
export async function dispatchedDispute(base: string, description: string): Promise<{ id: number; number: string }> {
  const operator = await apiLogin(base, 'operator');
  const dispatcher = await apiLogin(base, 'dispatcher');
  const grid = await apiCall<{ items: { id: number }[] }>(base, operator, 'GET', '/api/v1/units?code=370702001001G01');
  const created = await apiCall<{ id: number; number: string }>(base, operator, 'POST', '/api/v1/cases', {
    kind: 'dispute',
    categoryCode: 'DSP.COMPLEX',
    channel: 'window',
    description,
    unitId: grid.items[0]!.id,
    reporter: { name: '王五', phone: '13800001111' },
  });
  const triage = await apiCall<{ version: number; suggestedLeadUnit: { id: number } }>(
    base,
    dispatcher,
    'GET',
    `/api/v1/cases/${created.id}`,
  );
  await apiCall(base, dispatcher, 'POST', `/api/v1/cases/${created.id}/actions`, {
    action: 'dispatch',
    version: triage.version,
    leadUnitId: triage.suggestedLeadUnit.id,
  });
  return created;
}

/**
 * A page in a zh-CN, Beijing-time context; uncaught errors and Content-Security-Policy refusals
 * are collected in `pageErrors` (tests expect it empty).
 */
export async function openPage(
  browser: Browser,
  contexts: BrowserContext[],
  pageErrors: string[],
  options: { mobile?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
    reducedMotion: 'reduce',
    ...(options.mobile
      ? { viewport: { width: 375, height: 760 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
      : { viewport: { width: 1366, height: 900 } }),
  });
  contexts.push(context);
  context.on('page', (page) => watch(page, pageErrors));
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

/**
 * Requests in flight per page, but for the console's event streams: the header's bell keeps
 * GET /api/v1/inbox/stream open (read with fetch, so Playwright's `networkidle`, which leaves out
 * only EventSource requests, would never come on a console page).
 */
const inFlight = new WeakMap<Page, Set<Request>>();
const EVENT_STREAM = /\/api\/v1\/inbox\/stream$/;

export function trackRequests(page: Page): Set<Request> {
  let pending = inFlight.get(page);
  if (pending) return pending;
  const requests = new Set<Request>();
  pending = requests;
  inFlight.set(page, requests);
  page.on('request', (request) => {
    if (!EVENT_STREAM.test(new URL(request.url()).pathname)) requests.add(request);
  });
  page.on('requestfinished', (request) => requests.delete(request));
  page.on('requestfailed', (request) => requests.delete(request));
  return requests;
}

/**
 * The page has loaded and no request but an event stream has been in flight for 500 ms: what
 * `waitForLoadState('networkidle')` means, for pages that keep a stream open. A page not tracked
 * from its start is tracked from now on (its earlier requests are waited for by their spinners).
 */
export async function networkSettled(page: Page, timeout = 30_000): Promise<void> {
  const pending = trackRequests(page);
  await page.waitForLoadState('load');
  const deadline = Date.now() + timeout;
  let quietSince = Date.now();
  while (Date.now() - quietSince < 500) {
    if (Date.now() > deadline)
      throw new Error(`requests still in flight: ${[...pending].map((r) => r.url()).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (pending.size > 0) quietSince = Date.now();
  }
}

function watch(page: Page, pageErrors: string[]): void {
  trackRequests(page);
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
      pageErrors.push(`${page.url()}: ${message.text()}`);
    }
  });
}

export async function signIn(page: Page, username: string): Promise<void> {
  // The residents' page offers the SMS code first; its password form is a link away.
  const usePassword = page.getByTestId('use-password');
  await page.getByTestId('login-username').or(usePassword).first().waitFor();
  if (await usePassword.isVisible()) await usePassword.click();
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
}

export async function tokenOf(page: Page): Promise<string> {
  const raw = await page.evaluate(() => localStorage.getItem('concord.session'));
  return (JSON.parse(raw!) as { token: string }).token;
}

/**
 * What a zh-CN user reads on the page: Chinese, numbers, codes; never English words or raw errors.
 * `allowedLatin`: words of four or more Latin letters that may appear (account names, say).
 */
export async function expectCleanChinese(
  page: Page,
  where: string,
  allowedLatin: ReadonlySet<string> = ALLOWED_LATIN,
): Promise<void> {
  await networkSettled(page);
  await expect.poll(() => page.locator('.ant-spin-spinning').count(), { timeout: 30_000 }).toBe(0);
  const text = await page.evaluate(() => document.body.innerText);
  // A case's tracking code (ten capitals and digits of its alphabet) is a code, not an English word.
  const codes = new RegExp(`(?<![A-Za-z0-9])[${TRACKING_ALPHABET}]{${TRACKING_CODE_LENGTH}}(?![A-Za-z0-9])`, 'g');
  const english = (text.replace(codes, ' ').match(/[A-Za-z]{4,}/g) ?? []).filter((word) => !allowedLatin.has(word));
  expect(english, `English-only words on ${where}`).toEqual([]);
  expect(text, `raw error on ${where}`).not.toMatch(/\{"|"code"|Error:|\bat \S+:\d+|undefined|NaN|\[object/);
  expect(text.length, `empty page at ${where}`).toBeGreaterThan(10);
}
