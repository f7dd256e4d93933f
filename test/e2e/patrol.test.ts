// Issue 18 §1 in real Chromium against `npm start`'s own process with the demo data: at 375 px the
// demo grid worker starts a patrol, records a visit with a finding, turns the finding into a case
// (its number shown, the case there behind it) and finishes the patrol; the township's dispatcher
// then finds that patrol, its visit and the worker's coverage on the supervisors' page.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  apiCall as callApi,
  apiLogin as loginApi,
  browserSuite,
  chromiumMissing,
  expectCleanChinese,
  inCi,
  signIn,
  warnIfSkipped,
} from './support.ts';

warnIfSkipped();

interface PatrolList {
  items: { id: number; status: string; visitCount: number; workerName: string }[];
}

describe.skipIf(chromiumMissing && !inCi)('a grid worker’s patrol in Chromium', () => {
  const { base, url, open, pageErrors } = browserSuite();
  const apiCall = <T>(token: string, method: string, p: string, body?: unknown) =>
    callApi<T>(base(), token, method, p, body);

  async function signedIn(page: Page, username: string): Promise<void> {
    await page.goto(url('/login'));
    await signIn(page, username);
    await page.getByTestId('current-user').waitFor();
  }
  const fitsPhone = async (page: Page) =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  it('starts a patrol on a phone, records a visit, makes its finding a case and finishes', async () => {
    const page = await open({ mobile: true });
    await signedIn(page, 'gridworker');
    // The patrol page is a tab of the phone's bar.
    await page.getByTestId('tab-bar').getByText('巡查').click();
    await page.waitForURL(/\/patrol$/);
    await page.getByTestId('patrol-start').click();
    await page.getByTestId('patrol-finish').waitFor();
    expect(await page.getByTestId('patrol-status').innerText()).toContain('巡查中');
    await fitsPhone(page);

    await page.getByTestId('visit-place').fill('幸福小区3号楼201');
    await page.getByTestId('visit-met').fill('户主王建国');
    await page.getByTestId('visit-situation').fill('了解家庭近况，宣传反诈知识');
    await page.getByTestId('visit-finding').fill('楼上漏水淹了楼下，两户争吵多次未解决');
    await page.getByTestId('visit-save').click();
    const visit = page.getByTestId('visit');
    await expect.poll(() => visit.count()).toBe(1);
    expect(await visit.innerText()).toContain('楼上漏水淹了楼下');
    await expect.poll(() => page.getByTestId('patrol-summary').innerText()).toContain('走访 1 处');

    await page.getByTestId('visit-category').click();
    await page.keyboard.type('邻里纠纷');
    await page.locator('.ant-select-item-option').filter({ hasText: '邻里纠纷' }).first().click();
    await page.getByTestId('visit-to-case').click();
    const link = page.getByTestId('visit-case-link');
    await link.waitFor();
    const number = await link.innerText();
    expect(number).toMatch(/^\d{6}-\d{4}-[A-Z]?\d{6}$/);
    await fitsPhone(page);
    await expectCleanChinese(page, 'the patrol page on a phone');

    // The case exists with that number, in the worker's grid, from the patrol.
    const token = await loginApi(base(), 'gridworker');
    const found = await apiCall<{ items: { id: number; number: string; channel: string }[] }>(
      token,
      'GET',
      `/api/v1/cases?q=${encodeURIComponent(number)}`,
    );
    expect(found.items.find((c) => c.number === number)).toMatchObject({ channel: 'grid_patrol' });
    await link.click();
    await page.waitForURL(/\/cases\/\d+$/);
    await page.getByText(number).first().waitFor();
    await page.getByText('楼上漏水淹了楼下').first().waitFor();

    // Back on the patrol: the visit keeps its case; finishing asks once, then the patrol is over.
    await page.goto(url('/patrol'));
    await page.getByTestId('visit-case-link').waitFor();
    expect(await page.getByTestId('visit-case-link').innerText()).toBe(number);
    await page.getByTestId('patrol-finish').click();
    await page.getByTestId('patrol-finish-confirm').click();
    await page.getByTestId('patrol-finished').waitFor();
    await page.getByTestId('patrol-start').waitFor();
    expect(await page.getByTestId('patrol-summary').innerText()).toContain('走访 1 处');
    const mine = await apiCall<PatrolList>(token, 'GET', '/api/v1/patrols?mine=1');
    expect(mine.items[0]).toMatchObject({ status: 'finished', visitCount: 1 });
    await fitsPhone(page);
    await expectCleanChinese(page, 'a finished patrol on a phone');
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('shows the township the worker’s patrol, its visit and the month’s coverage', async () => {
    const page = await open();
    await signedIn(page, 'township');
    await page.goto(url('/patrols'));
    const table = page.getByTestId('patrol-table');
    await expect.poll(() => table.innerText()).toContain('城关街道网格员');
    await expect.poll(() => page.getByTestId('coverage-table').innerText()).toContain('城关街道网格员');
    await table.locator('tbody tr').filter({ hasText: '城关街道网格员' }).first().click();
    const detail = page.getByTestId('patrol-detail');
    await detail.waitFor();
    await expect.poll(() => detail.innerText()).toContain('幸福小区3号楼201');
    await expectCleanChinese(page, 'the supervisors’ patrol page');
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
