// Issue 14's residents' page (/m) in real Chromium on a phone (375×812, touch) against `npm start`'s
// own process: the demo resident sees a resolved case with its result, the unit that gave it and
// the steps, rates it "basically satisfied" with a comment through the confirm step and sees the
// rating; reports a problem with two photos; a visitor without an account follows the case by its
// number and the last four digits of the phone, and learns what happened, not which units inside
// took part. The page loads none of the console's code, and never scrolls sideways.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  CONSOLE_MODULE,
  RESIDENT_BUDGET_BYTES,
  describeFirstScreen,
  measureResidentFirstScreen,
} from './bundle-budget.ts';
import {
  apiCall,
  apiLogin,
  browserSuite,
  chromiumMissing,
  expectCleanChinese,
  inCi,
  root,
  signIn,
  warnIfSkipped,
} from './support.ts';

warnIfSkipped();

// gcoord is CommonJS whose typings describe an ES default export (as in server/modules/org/geo.ts).
const gcoord = createRequire(import.meta.url)('gcoord') as typeof import('gcoord').default;

const ARTIFACTS = path.join(import.meta.dirname, 'artifacts');
const PHONE = '13912346789';
const DESCRIPTION = '小区三号楼电梯连续一周停运，物业一直没有安排维修，老人上下楼很困难';
const RESULT = '已约谈物业公司，三号楼电梯已更换主板并通过特种设备检验，恢复运行';
const COMMENT = '电梯修好了，希望以后物业能及时维修';
const HOUSING = '潍城区住房和城乡建设局';
/** The demo resident's community's grid. */
const GRID_CODE = '370702001001G01';
/** A 2×2 PNG: the server takes photos by their bytes, not their names. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

describe.skipIf(chromiumMissing && !inCi)('the residents’ page on a phone', () => {
  const { base, url, open, pageErrors } = browserSuite();
  const call = <T>(token: string, method: string, p: string, body?: unknown) =>
    apiCall<T>(base(), token, method, p, body);

  /** A phone: 375×812, touch, zh-CN. */
  async function phone(): Promise<Page> {
    const page = await open({ mobile: true });
    await page.setViewportSize({ width: 375, height: 812 });
    return page;
  }

  /** A screenshot of the whole page in test/e2e/artifacts/, to look at. */
  async function keep(page: Page, name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, `resident-${name}.png`), fullPage: true });
  }

  async function noSideways(page: Page, where: string): Promise<void> {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `horizontal scroll on ${where}`).toBeLessThanOrEqual(375);
  }

  /** The resident's complaint about a lift, dispatched to housing, accepted and resolved, through the API. */
  async function resolvedCase(): Promise<{ id: number; number: string }> {
    const resident = await apiLogin(base(), 'resident');
    const dispatcher = await apiLogin(base(), 'dispatcher');
    const department = await apiLogin(base(), 'department');
    const created = await call<{ id: number; number: string }>(resident, 'POST', '/api/v1/cases', {
      kind: 'complaint',
      categoryCode: 'CMP.PROPERTY_SERVICE',
      channel: 'web',
      description: DESCRIPTION,
      reporter: { name: '张三', phone: PHONE },
    });
    const housing = await call<{ items: { id: number }[] }>(
      dispatcher,
      'GET',
      '/api/v1/units?code=370702-dept-housing',
    );
    const act = async (token: string, body: Record<string, unknown>) => {
      const now = await call<{ version: number }>(dispatcher, 'GET', `/api/v1/cases/${created.id}`);
      await call(token, 'POST', `/api/v1/cases/${created.id}/actions`, { version: now.version, ...body });
    };
    await act(dispatcher, { action: 'dispatch', leadUnitId: housing.items[0]!.id, note: '请住建局牵头核查' });
    await act(department, { action: 'accept' });
    await act(department, { action: 'resolve', result: RESULT });
    // The department's photo of the repaired lift, filed as the result (contract 7).
    const form = new FormData();
    form.append('stage', 'result');
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'lift-repaired.png');
    const uploaded = await fetch(`${base()}/api/v1/cases/${created.id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${department}` },
      body: form,
    });
    expect(uploaded.status, await uploaded.text()).toBe(201);
    return created;
  }

  /** A point (GCJ-02) inside the resident's grid, as the server's own locate finds it. */
  async function pointInGrid(): Promise<{ name: string; id: number; lng: number; lat: number }> {
    const token = await apiLogin(base(), 'dispatcher');
    const grid = (
      await call<{ items: { id: number; name: string }[] }>(token, 'GET', `/api/v1/units?code=${GRID_CODE}`)
    ).items[0]!;
    const geometry = await call<{ bbox: [number, number, number, number] }>(
      token,
      'GET',
      `/api/v1/units/${grid.id}/geometry`,
    );
    const [minLng, minLat, maxLng, maxLat] = geometry.bbox;
    for (const f of [0.5, 0.4, 0.6, 0.3, 0.7]) {
      const lng = minLng + (maxLng - minLng) * f;
      const lat = minLat + (maxLat - minLat) * f;
      const res = await fetch(`${base()}/api/v1/grids/locate?lng=${lng}&lat=${lat}&crs=gcj02`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.ok && ((await res.json()) as { id: number }).id === grid.id) return { ...grid, lng, lat };
    }
    throw new Error('no point found inside the grid');
  }

  it('keeps the /m first screen within 200 KB of compressed JavaScript, the map and photo tools lazy', () => {
    // web/dist was built by the server's start (beforeAll) from the current sources.
    const report = measureResidentFirstScreen(path.join(root, 'web', 'dist'));
    process.stdout.write(`${describeFirstScreen(report)}\n`);
    expect(report.totalGzipped).toBeLessThanOrEqual(RESIDENT_BUDGET_BYTES);
    expect(report.lazy.some((f) => f.includes('point-field'))).toBe(true);
    expect(report.lazy.some((f) => f.includes('photo-picker'))).toBe(true);
    expect(report.lazy.some((f) => f.startsWith('assets/app-'))).toBe(true);
  });

  it('lets the resident see the result and the steps, rate with a comment through a confirm step, and see the rating', async () => {
    const created = await resolvedCase();
    const page = await phone();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(url('/m'));
    await page.getByTestId('sms-phone').waitFor();
    await expectCleanChinese(page, 'the residents’ page, signed out');
    await noSideways(page, 'the sign-in form');
    // The page fetched its first-screen scripts and nothing else: none of the console's code.
    const firstScreen = measureResidentFirstScreen(path.join(root, 'web', 'dist'));
    expect([...new Set(scripts)].sort()).toEqual(firstScreen.scripts.map((s) => `/${s.name}`).sort());
    const manifest = JSON.parse(
      readFileSync(path.join(root, 'web', 'dist', '.vite', 'manifest.json'), 'utf8'),
    ) as Record<string, { file: string }>;
    expect(scripts).not.toContain(`/${manifest[CONSOLE_MODULE]!.file}`);

    await signIn(page, 'resident');
    await page.getByTestId('report-description').waitFor();
    await page.getByRole('tab', { name: '我的事件' }).click();
    const card = page.locator(`[data-testid=my-case][data-case-number="${created.number}"]`);
    await card.waitFor();
    await expectCleanChinese(page, 'the resident’s cases');
    await noSideways(page, 'the resident’s cases');
    expect(await card.getByTestId('case-status').innerText()).toBe('已办理待评价');
    expect(await card.getByTestId('case-result').innerText()).toContain(RESULT);
    expect(await card.getByTestId('case-result-unit').innerText()).toContain(HOUSING);
    // The result's photo, opened by the session's cookie like any image.
    const resultPhoto = card.getByTestId('result-photos').locator('img');
    expect(await resultPhoto.count()).toBe(1);
    await resultPhoto.scrollIntoViewIfNeeded();
    await expect.poll(() => resultPhoto.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2);
    await card.getByTestId('case-steps').locator('summary').click();
    const steps = await card.getByTestId('case-step').allInnerTexts();
    expect(steps.join('\n')).toContain('办理完毕');
    expect(
      steps.find((s) => s.includes(RESULT)),
      'the reply on its step',
    ).toContain(HOUSING);
    // Internal notes stay with the staff.
    expect(await page.evaluate(() => document.body.innerText)).not.toContain('请住建局牵头核查');

    // Choose, comment, look at what will be sent, go back, then confirm.
    await card.locator('[data-rating=basically_satisfied]').click();
    expect(await card.locator('[data-rating=basically_satisfied]').getAttribute('aria-checked')).toBe('true');
    await card.getByTestId('rate-comment').fill(COMMENT);
    await card.getByTestId('rate-next').click();
    const confirm = card.getByTestId('rate-confirm-step');
    expect(await confirm.getByTestId('rate-confirm-rating').innerText()).toBe('基本满意');
    expect(await confirm.innerText()).toContain(COMMENT);
    await expectCleanChinese(page, 'the rating’s confirm step');
    await keep(page, 'rate-confirm');
    await noSideways(page, 'the rating’s confirm step');
    // Nothing is sent before the confirmation.
    const resident = await apiLogin(base(), 'resident');
    expect((await call<{ rating: string | null }>(resident, 'GET', `/api/v1/my/cases/${created.id}`)).rating).toBe(
      null,
    );
    await card.getByTestId('rate-back').click();
    expect(await card.getByTestId('rate-comment').inputValue()).toBe(COMMENT);
    await card.getByTestId('rate-next').click();
    await card.getByTestId('rate-confirm').click();

    await page.getByTestId('rate-thanks').waitFor();
    await expect.poll(() => card.getByTestId('case-status').innerText()).toBe('已办结');
    const rating = await card.getByTestId('case-rating').innerText();
    expect(rating).toContain('基本满意');
    expect(rating).toContain(COMMENT);
    expect(await card.locator('[data-action=rate]').count()).toBe(0);
    await expectCleanChinese(page, 'the rated case');
    await keep(page, 'rated');
    await noSideways(page, 'the rated case');
    const stored = await call<{ rating: string; status: string; timeline: { action: string; reply?: string }[] }>(
      resident,
      'GET',
      `/api/v1/my/cases/${created.id}`,
    );
    expect(stored).toMatchObject({ rating: 'basically_satisfied', status: 'closed' });
    expect(stored.timeline.find((e) => e.action === 'rate')?.reply).toBe(COMMENT);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('lets the resident report a problem with two photos and the point of their location', async () => {
    const grid = await pointInGrid();
    const page = await phone();
    // The phone's GPS says where the resident stands (WGS84, as a GPS gives it).
    const [lng, lat] = gcoord.transform<[number, number]>([grid.lng, grid.lat], gcoord.GCJ02, gcoord.WGS84);
    await page.context().grantPermissions(['geolocation'], { origin: base() });
    await page.context().setGeolocation({ longitude: lng, latitude: lat, accuracy: 10 });
    await page.goto(url('/m'));
    await signIn(page, 'resident');
    await page.getByTestId('report-description').waitFor();
    await expectCleanChinese(page, 'the report form');
    await noSideways(page, 'the report form');
    await page.getByTestId('category-select').selectOption({ label: '物业服务投诉' });
    await page.getByTestId('report-description').fill('小区东门路灯坏了一个多月，晚上出入很不安全');
    await page.getByTestId('report-phone').fill(PHONE);

    // The map picker loads when asked for; "use my location" places the point and names its grid.
    await page.getByTestId('place-point').check();
    await page.getByTestId('point-picker').waitFor();
    await page.getByTestId('point-picker-gps').click();
    await expect.poll(() => page.getByTestId('point-picker-grid').innerText()).toContain(grid.name);
    // The base map is drawn for a resident too (GET /api/v1/base-map): the township and the grid
    // around the point carry their names, and no "底图未能载入" notice shows.
    const mapWords = () =>
      page
        .getByTestId('point-picker-map')
        .evaluate((el) => [...el.querySelectorAll('svg text')].map((t) => t.textContent ?? ''));
    await expect.poll(mapWords, { timeout: 15_000 }).toContain('城关街道');
    await expect.poll(mapWords, { timeout: 15_000 }).toContain(grid.name);
    expect(await page.getByTestId('point-picker').innerText()).not.toContain('底图未能载入');
    await noSideways(page, 'the map picker');

    await page.getByTestId('photo-input').setInputFiles([
      { name: 'lamp-1.png', mimeType: 'image/png', buffer: PNG },
      { name: 'lamp-2.png', mimeType: 'image/png', buffer: PNG },
    ]);
    await expect.poll(() => page.getByTestId('photo-picker').locator('img').count()).toBe(2);
    await noSideways(page, 'the report form with photos');
    await keep(page, 'report');
    await page.getByTestId('report-submit').click();
    const number = (await page.getByTestId('reported-number').innerText()).trim();
    expect(await page.getByTestId('report-done').innerText()).not.toContain('未能上传');
    await expectCleanChinese(page, 'the report confirmation');

    const resident = await apiLogin(base(), 'resident');
    const mine = await call<{
      items: {
        id: number;
        number: string;
        location: { lng: number; lat: number } | null;
        attachments: { fileName: string; stage: string }[];
      }[];
    }>(resident, 'GET', '/api/v1/my/cases');
    const reported = mine.items.find((c) => c.number === number)!;
    // Shrunk in the browser to JPEG, filed as what was reported.
    expect(reported.attachments.map((a) => [a.fileName, a.stage]).sort()).toEqual([
      ['lamp-1.jpg', 'report'],
      ['lamp-2.jpg', 'report'],
    ]);
    expect(reported.location!.lng).toBeCloseTo(grid.lng, 4);
    expect(reported.location!.lat).toBeCloseTo(grid.lat, 4);
    const staff = await call<{ gridId: number }>(
      await apiLogin(base(), 'dispatcher'),
      'GET',
      `/api/v1/cases/${reported.id}`,
    );
    expect(staff.gridId).toBe(grid.id);

    // The report's photos are on the resident's case.
    await page.getByRole('tab', { name: '我的事件' }).click();
    const card = page.locator(`[data-testid=my-case][data-case-number="${number}"]`);
    await expect.poll(() => card.getByTestId('report-photos').locator('img').count()).toBe(2);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('sends a resident who signs in at the console’s /login to the residents’ page, loaded as a page of its own', async () => {
    const page = await phone();
    await page.goto(url('/login'));
    await signIn(page, 'resident');
    await page.waitForURL((u) => u.pathname === '/m');
    await page.getByTestId('report-description').waitFor();
    // The residents' page's own frame, not the console's (whose menu and Ant Design stay behind).
    expect(await page.getByRole('tab', { name: '我的事件' }).count()).toBe(1);
    expect(await page.locator('.ant-layout, .ant-menu').count()).toBe(0);
    await noSideways(page, 'the residents’ page after signing in at /login');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('lets a visitor without an account follow a case by its number and the last four digits', async () => {
    const created = await resolvedCase();
    const page = await phone();
    await page.goto(url('/m'));
    await page.getByRole('tab', { name: '进度查询' }).click();
    await page.getByTestId('track-by-number').click();
    await page.getByTestId('track-number').fill(created.number);
    await page.getByTestId('track-last4').fill('0000');
    await page.getByTestId('track-submit').click();
    await expect.poll(() => page.getByTestId('error-alert').innerText()).toContain('未找到该事件');

    await page.getByTestId('track-last4').fill(PHONE.slice(-4));
    await page.getByTestId('track-submit').click();
    const result = page.getByTestId('track-result');
    await expect.poll(() => result.getByTestId('case-status').innerText()).toBe('已办理待评价');
    const steps = await result.getByTestId('track-step').allInnerTexts();
    expect(steps).toHaveLength(4);
    expect(steps[0]).toContain('办理完毕');
    expect(steps[0]).toContain(HOUSING);
    // What happened, not who inside did it, nor what anyone wrote.
    const text = await result.innerText();
    for (const inside of ['综治中心', RESULT, DESCRIPTION.slice(0, 8), '张三']) expect(text).not.toContain(inside);
    await expectCleanChinese(page, 'the tracking result');
    await keep(page, 'track');
    await noSideways(page, 'the tracking result');

    // The language switch stays, and English reads English.
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByRole('tab', { name: 'Follow a case' }).count()).toBe(1);
    expect(await result.getByTestId('case-status').innerText()).toBe('Resolved, awaiting rating');
    await noSideways(page, 'the tracking result in English');
    // Every word of the page's own is English now; only the case's data (its category) stays Chinese.
    const english = await page.getByTestId('track-form').innerText();
    expect(english).not.toMatch(/[\u4e00-\u9fff]/);
    await keep(page, 'track-en');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
