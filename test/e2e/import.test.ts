// The 12345 work-order import page (issue 15) in real Chromium on a phone (375 px): the operator
// picks an .xlsx, sees each row's verdict (ready / rejected with the reason in Chinese), confirms,
// and gets the created cases as links; the page itself never scrolls sideways (the table does).
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { workOrder, workOrderXlsx } from '../support/work-orders.ts';
import { browserSuite, chromiumMissing, expectCleanChinese, inCi, signIn, warnIfSkipped } from './support.ts';

const WIDTH = 375;

warnIfSkipped();

describe.skipIf(chromiumMissing && !inCi)('the 12345 work-order import page', () => {
  const { url, open, pageErrors } = browserSuite();

  async function expectNoSideways(page: Page, where: string): Promise<void> {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${where} scrolls sideways`).toBeLessThanOrEqual(WIDTH);
  }

  it('previews, imports, and links the created cases', async () => {
    const page = await open({ mobile: true });
    await page.setViewportSize({ width: WIDTH, height: 812 });
    await page.goto(url('/login'));
    await signIn(page, 'operator');
    await page.getByTestId('current-user').waitFor();
    await page.goto(url('/cases/import'));

    // Digits, as 12345 work-order numbers are (hex letters would read as English on the page).
    const run = String(randomBytes(4).readUInt32BE(0));
    const file = await workOrderXlsx([
      workOrder(`E${run}-1`),
      workOrder(`E${run}-2`, { 诉求分类: '外星人入侵' }),
      workOrder(`E${run}-3`, { 诉求分类: '占道经营', 诉求内容: '早市摊贩占用人行道，行人只能走机动车道' }),
    ]);
    await page.locator('input[type=file]').setInputFiles({
      name: '工单.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: file,
    });

    const rows = page.getByTestId('import-rows').locator('tbody tr[data-status]');
    await expect
      .poll(() => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status'))))
      .toEqual(['ready', 'rejected', 'ready']);
    expect(await rows.nth(1).innerText()).toContain('未知的诉求分类「外星人入侵」');
    // The file's own name (工单.xlsx) heads the preview.
    await expectCleanChinese(page, 'the import preview', new Set(['English', 'xlsx']));
    await expectNoSideways(page, 'the import preview');

    await page.getByTestId('import-confirm').tap();
    await page.getByTestId('import-done').waitFor();
    expect(await page.getByTestId('import-done').innerText()).toContain('已导入 2 行，1 行未导入');
    await expect
      .poll(() => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status'))))
      .toEqual(['created', 'rejected', 'created']);
    await expectNoSideways(page, 'the import result');

    const link = rows.nth(0).locator('a');
    const number = await link.innerText();
    expect(number).toMatch(/^370702-\d{4}-\d{6}$/);
    await link.tap();
    await page.waitForURL(/\/cases\/\d+$/);
    await expect.poll(() => page.evaluate(() => document.body.innerText)).toContain(number);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
