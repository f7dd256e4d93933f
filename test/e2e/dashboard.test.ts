// The dashboard in real Chromium: a leader picks a period (kept in the address), then follows
// figures — received, overdue, satisfied — to the case list, which lists exactly as many cases as
// each figure says; the monthly report is the chosen period's; on a phone the page fits 375 px.
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, chromiumMissing, inCi, signIn, warnIfSkipped } from './support.ts';

warnIfSkipped();

/** Every row of the case list, page after page. */
async function listedCases(page: Page): Promise<number> {
  const more = page.getByTestId('cases-load-more');
  const rows = page.getByTestId('case-link');
  for (;;) {
    await expect.poll(() => page.locator('.ant-spin-spinning').count(), { timeout: 30_000 }).toBe(0);
    if (!(await more.isVisible())) break;
    const before = await rows.count();
    await more.click();
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(before);
  }
  return rows.count();
}

describe.skipIf(chromiumMissing && !inCi)('the dashboard', () => {
  const { url, open, pageErrors } = browserSuite();
  // The quarter holding the fixed clock's day (2026-11-27 → 2026-Q4), from 2026-10-01 in Beijing.
  const QUARTER_FROM = new Date('2026-10-01T00:00:00+08:00').toISOString();
  const QUARTER_TO = new Date('2027-01-01T00:00:00+08:00').toISOString();

  it('follows figures of a chosen period to exactly the cases behind them', async () => {
    const page = await open();
    await page.goto(url('/login'));
    await signIn(page, 'leader');
    await page.getByTestId('current-user').waitFor();
    await page.goto(url('/dashboard'));
    await page.getByTestId('period-kind').click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '季度' })
      .click();
    await page.waitForURL(/period=2026-Q4/);
    // A reload keeps the period.
    await page.reload();
    const quarterly = `[href*="from=${encodeURIComponent(QUARTER_FROM)}"][href*="to=${encodeURIComponent(QUARTER_TO)}"]`;
    await page.locator(`[data-testid="cases-total"]${quarterly}`).waitFor();

    const figures = [
      { testId: 'cases-total', kpi: null },
      { testId: 'cases-overdue', kpi: 'overdue' },
      { testId: 'cases-satisfaction-numerator', kpi: 'satisfied' },
      { testId: 'cases-response-numerator', kpi: 'responded' },
    ];
    const seen: number[] = [];
    for (const { testId, kpi } of figures) {
      const link = page.getByTestId(testId);
      const figure = Number((await link.innerText()).replace(/\D/g, ''));
      seen.push(figure);
      await link.click();
      await page.waitForURL(/\/cases\?/);
      const address = new URL(page.url());
      expect(address.searchParams.get('from')).toBe(QUARTER_FROM);
      expect(address.searchParams.get('to')).toBe(QUARTER_TO);
      expect(address.searchParams.get('kpi')).toBe(kpi);
      expect(await listedCases(page), testId).toBe(figure);
      await page.goBack();
      await page.waitForURL(/\/dashboard\?period=2026-Q4/);
      await page.locator(`[data-testid="cases-total"]${quarterly}`).waitFor();
    }
    // Figures with cases in them: the comparison above could have failed.
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen.filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);

    // A category's figure: the list of that category in the period.
    const category = page.locator('[data-testid^="cases-category-"]').first();
    const categoryFigure = Number(await category.innerText());
    await category.click();
    await page.waitForURL(/categoryCode=/);
    expect(await listedCases(page)).toBe(categoryFigure);
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('writes the monthly report for the period on screen, not the current month', async () => {
    const page = await open();
    await page.goto(url('/login'));
    await signIn(page, 'leader');
    await page.getByTestId('current-user').waitFor();
    // The fixed clock's month is 2026-11; the leader looks at October.
    await page.goto(url('/dashboard?period=2026-10'));
    await page.getByTestId('cases-total').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('monthly-report').click()]);
    const zip = await JSZip.loadAsync(readFileSync(await download.path()));
    const text = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(text).toContain('2026年10月');
    expect(text).not.toContain('2026年11月');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('fits a phone’s 375 px', async () => {
    const page = await open({ mobile: true });
    await page.goto(url('/login'));
    await signIn(page, 'leader');
    await page.getByTestId('current-user').waitFor();
    await page.goto(url('/dashboard?period=2026-11'));
    await page.getByTestId('cases-total').waitFor();
    await page.getByTestId('period-kind').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
