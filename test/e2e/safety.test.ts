// Issue 17 §3–4 in real Chromium against `npm start`'s own process with the demo data: the
// dispatcher's map with the 平安指数 layer fills each township by its grade's colour (saved as
// docs/img/safety-index-map.png); at 375 px a grid worker records a screening with one finding
// and turns it into a case with one click; the safety index page shows the components whose
// contributions add up to the score shown.
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SAFETY_GRADE_COLOURS } from '../../common/safety.ts';
import {
  apiCall as callApi,
  apiLogin as loginApi,
  browserSuite,
  chromiumMissing,
  expectCleanChinese,
  inCi,
  root,
  signIn,
  warnIfSkipped,
} from './support.ts';

warnIfSkipped();

interface Ranking {
  period: string;
  items: { unitId: number; unitName: string; score: number; grade: string }[];
}

describe.skipIf(chromiumMissing && !inCi)('the safety index and the screening ledgers in Chromium', () => {
  const { base, url, open, pageErrors } = browserSuite();

  const apiCall = <T>(token: string, method: string, p: string, body?: unknown) =>
    callApi<T>(base(), token, method, p, body);

  async function signedIn(page: Page, username: string): Promise<void> {
    await page.goto(url('/login'));
    await signIn(page, username);
    await page.getByTestId('current-user').waitFor();
  }

  /** The fills of every shape the map's SVG draws. */
  const mapFills = (page: Page) =>
    page
      .getByTestId('case-map')
      .locator('svg path')
      .evaluateAll((nodes) => nodes.map((n) => (n.getAttribute('fill') ?? '').toLowerCase()));

  it('fills each township on the map with its safety index grade colour, with a legend', async () => {
    const page = await open();
    await signedIn(page, 'dispatcher');
    const token = await loginApi(base(), 'dispatcher');
    const county = (await apiCall<{ items: { id: number }[] }>(token, 'GET', '/api/v1/units?code=370702')).items[0]!;
    const ranking = await apiCall<Ranking>(
      token,
      'GET',
      `/api/v1/safety-index?withinUnitId=${county.id}&level=township`,
    );
    expect(ranking.items.length).toBeGreaterThan(3);
    const grades = new Set(ranking.items.map((item) => item.grade));
    // The demo county's townships do not all score alike: the map has something to tell apart.
    expect(grades.size).toBeGreaterThan(1);

    await page.goto(url('/map'));
    const before = await (async () => {
      await expect.poll(async () => (await mapFills(page)).length).toBeGreaterThan(260);
      return mapFills(page);
    })();
    for (const grade of grades) expect(before).not.toContain(SAFETY_GRADE_COLOURS[grade]!.toLowerCase());

    await page.getByTestId('map-safety').click();
    const legend = page.getByTestId('safety-legend-item');
    await expect.poll(() => legend.count()).toBe(ranking.items.length);
    // The legend: each township with the colour of the grade the API gives it.
    const shown = await legend.evaluateAll((nodes) =>
      nodes.map((n) => ({
        unitId: Number(n.getAttribute('data-unit')),
        grade: n.getAttribute('data-grade'),
        colour: n.getAttribute('data-colour'),
        text: n.textContent ?? '',
      })),
    );
    for (const item of ranking.items) {
      const entry = shown.find((s) => s.unitId === item.unitId);
      expect(entry, item.unitName).toBeDefined();
      expect(entry!.grade).toBe(item.grade);
      expect(entry!.colour).toBe(SAFETY_GRADE_COLOURS[item.grade]);
      expect(entry!.text).toContain(item.unitName);
    }
    // The map: every grade's colour fills shapes, as many grades as the townships have, and the
    // township shapes of each grade in proportion (at least one shape per township of that grade).
    await expect
      .poll(async () => {
        const fills = await mapFills(page);
        return [...grades].map((g) => fills.filter((f) => f === SAFETY_GRADE_COLOURS[g]!.toLowerCase()).length > 0);
      })
      .toEqual([...grades].map(() => true));
    const fills = await mapFills(page);
    for (const grade of grades) {
      const townships = ranking.items.filter((item) => item.grade === grade).length;
      expect(fills.filter((f) => f === SAFETY_GRADE_COLOURS[grade]!.toLowerCase()).length).toBeGreaterThanOrEqual(
        townships,
      );
    }
    // No colour of a grade no township has.
    for (const [grade, colour] of Object.entries(SAFETY_GRADE_COLOURS)) {
      if (!grades.has(grade)) expect(fills).not.toContain(colour.toLowerCase());
    }
    await expectCleanChinese(page, 'the safety index map');

    mkdirSync(path.join(root, 'docs', 'img'), { recursive: true });
    const shot = path.join(root, 'docs', 'img', 'safety-index-map.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(60_000);
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('lets a grid worker record a screening with a finding on a phone and make it a case in one click', async () => {
    const page = await open({ mobile: true });
    await page.setViewportSize({ width: 375, height: 812 });
    await signedIn(page, 'gridworker');
    await page.goto(url('/screenings'));
    await page.getByTestId('screening-form').waitFor();
    await page.getByTestId('finding-add').click();
    await page.getByTestId('finding-parties').fill('张三，李四');
    await page.getByTestId('finding-description').fill('两户因楼道堆放杂物发生争执，多次口角');
    await page.getByTestId('finding-grade').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '橙色' }).click();
    await page.getByTestId('finding-measures').fill('网格员上门劝导，约双方周末协商');
    await page.getByTestId('finding-responsible').fill('王网格');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.getByTestId('screening-submit').click();

    await page.waitForURL(/\/screenings\/\d+$/);
    const finding = page.getByTestId('finding');
    await expect.poll(() => finding.count()).toBe(1);
    expect(await finding.innerText()).toContain('张三、李四');
    expect(await finding.innerText()).toContain('橙色');
    await page.getByTestId('finding-category').click();
    await page.keyboard.type('邻里纠纷');
    await page.locator('.ant-select-item-option').filter({ hasText: '邻里纠纷' }).first().click();
    await page.getByTestId('finding-to-case').click();
    const link = page.getByTestId('finding-case-link');
    await link.waitFor();
    const number = await link.innerText();
    expect(number).toMatch(/^\d{6}-\d{4}-[A-Z]?\d{6}$/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectCleanChinese(page, 'a screening on a phone');

    // The case exists with that number, and the link opens it.
    await link.click();
    await page.waitForURL(/\/cases\/\d+$/);
    await page.getByText(number).first().waitFor();
    // The ledger lists the screening with its one finding.
    await page.goto(url('/screenings'));
    await expect.poll(() => page.getByTestId('screening-list').innerText()).toContain('发现 1 条');
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('shows a township’s components, whose contributions add up to the score shown', async () => {
    const page = await open();
    await signedIn(page, 'dispatcher');
    await page.goto(url('/safety-index'));
    const children = page.getByTestId('safety-child');
    await expect.poll(() => children.count()).toBeGreaterThan(3);
    const township = await children.first().innerText();
    await children.first().click();
    await page.waitForURL(/\/safety-index\?unit=\d+&period=\d{4}-\d{2}$/);
    await expect
      .poll(() => page.getByTestId('safety-page').locator('.ant-card-head-title').innerText())
      .toContain(township);
    const contributions = page.getByTestId('safety-contribution');
    await expect.poll(() => contributions.count()).toBe(8);
    const values = (await contributions.allInnerTexts()).map(Number);
    const score = Number(await page.getByTestId('safety-score').locator('.ant-statistic-content-value').innerText());
    expect(score).toBeGreaterThan(0);
    const sum = values.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - score)).toBeLessThan(0.011);
    expect(await page.getByTestId('safety-sum').innerText()).toContain(score.toFixed(2));
    await page.getByTestId('safety-trend').locator('canvas').waitFor();
    await expectCleanChinese(page, 'the safety index page');
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('shows the dispatcher the month’s screening coverage, the units not screened first', async () => {
    const page = await open();
    await signedIn(page, 'dispatcher');
    const token = await loginApi(base(), 'dispatcher');
    const coverage = await apiCall<{ period: string; units: number; screened: number; items: { screened: boolean }[] }>(
      token,
      'GET',
      '/api/v1/screenings/coverage',
    );
    expect(coverage.units).toBeGreaterThan(coverage.screened);
    await page.goto(url('/screenings'));
    await expect
      .poll(() => page.getByTestId('coverage-summary').innerText())
      .toBe(`${coverage.period}：${coverage.screened}/${coverage.units} 个网格/村社区已排查`);
    const rows = page.getByTestId('screening-coverage').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(Math.min(20, coverage.items.length));
    // Unscreened first: the first page's first row is one of them.
    expect(await rows.first().innerText()).toContain('未排查');
    await expectCleanChinese(page, 'the screening coverage');
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
