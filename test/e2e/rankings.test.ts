// The rankings page in real Chromium: a leader sees the county's townships ranked for the month,
// opens a township's figures and follows them to the cases behind them.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  apiCall as callApi,
  apiLogin as loginApi,
  browserSuite,
  chromiumMissing,
  inCi,
  signIn,
  warnIfSkipped,
} from './support.ts';

warnIfSkipped();

describe.skipIf(chromiumMissing && !inCi)('the rankings page', () => {
  const { base, url, open, pageErrors } = browserSuite();
  let township = { id: 0, name: '' };
  let number = '';

  beforeAll(async () => {
    const operator = await loginApi(base(), 'operator');
    const grid = await callApi<{ items: { id: number }[] }>(
      base(),
      operator,
      'GET',
      '/api/v1/units?code=370702001001G01',
    );
    const unit = await callApi<{ items: { id: number; name: string }[] }>(
      base(),
      operator,
      'GET',
      '/api/v1/units?code=370702001',
    );
    township = unit.items[0]!;
    const created = await callApi<{ number: string }>(base(), operator, 'POST', '/api/v1/cases', {
      kind: 'complaint',
      categoryCode: 'CMP.NOISE',
      channel: 'window',
      description: '排名测试：夜间施工噪音扰民',
      unitId: grid.items[0]!.id,
    });
    number = created.number;
  }, 120_000);

  it('opens a township’s figures from the ranking and follows them to its cases', async () => {
    const page = await open();
    await page.goto(url('/login'));
    await signIn(page, 'leader');
    // Signed in first: a navigation racing the login lands back on the login page.
    await page.getByTestId('current-user').waitFor();
    await page.goto(url('/rankings'));
    // The period: the quarter holding the fixed clock's day (2026-11-27 → 2026-Q4).
    await page.getByTestId('period-kind').click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '季度' })
      .click();
    await page.waitForURL(/period=2026-Q4/);
    const unit = page.locator(`[data-testid="rankings-unit"][data-unit-id="${township.id}"]`);
    await unit.waitFor();
    await unit.click();
    const detail = page.getByTestId('rankings-detail');
    await detail.getByTestId('figure-all').waitFor();
    const figure = Number(await detail.getByTestId('figure-all').textContent());
    expect(figure).toBeGreaterThanOrEqual(1);
    await detail.getByTestId('figure-all').click();
    await page.waitForURL(/\/cases\?/);
    const address = new URL(page.url());
    expect(address.searchParams.get('unitId')).toBe(String(township.id));
    expect(Date.parse(address.searchParams.get('from')!)).toBe(Date.parse('2026-10-01T00:00:00+08:00'));
    expect(Date.parse(address.searchParams.get('to')!)).toBe(Date.parse('2027-01-01T00:00:00+08:00'));
    await page.getByText(number).first().waitFor();
    // Every case behind the figure, page after page: exactly as many as the figure says.
    const more = page.getByTestId('cases-load-more');
    const rows = page.getByTestId('case-link');
    for (;;) {
      await expect.poll(() => page.locator('.ant-spin-spinning').count(), { timeout: 30_000 }).toBe(0);
      if (!(await more.isVisible())) break;
      const before = await rows.count();
      await more.click();
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(before);
    }
    expect(await rows.count()).toBe(figure);
    expect(pageErrors).toEqual([]);
  });
});
