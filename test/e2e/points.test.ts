// Issue 19 §3 on a phone (375×812, touch, zh-CN) against `npm start`'s own process: the demo
// resident opens the 积分 tab, sees the points the demo earned it (a verified report, volunteer
// hours, a recognised deed) in its balance and ledger, redeems a reward of its community through
// the confirm step, and is shown the code to take to the counter; the balance drops by the cost,
// the stock by one; the community's counter checks the code once. Nothing scrolls sideways.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  apiCall,
  apiLogin,
  browserSuite,
  chromiumMissing,
  expectCleanChinese,
  inCi,
  signIn,
  warnIfSkipped,
} from './support.ts';

warnIfSkipped();

describe.skipIf(chromiumMissing && !inCi)('points on the residents’ page', () => {
  const { base, url, open, pageErrors } = browserSuite();

  async function phone(): Promise<Page> {
    const page = await open({ mobile: true });
    await page.setViewportSize({ width: 375, height: 812 });
    return page;
  }

  async function noSideways(page: Page, where: string): Promise<void> {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `horizontal scroll on ${where}`).toBeLessThanOrEqual(375);
  }

  it('shows the resident its points and redeems a reward for a code the counter checks once', async () => {
    const page = await phone();
    await page.goto(url('/m'));
    await signIn(page, 'resident');
    await page.getByTestId('report-description').waitFor();
    await page.getByRole('tab', { name: '积分' }).click();
    const balance = page.getByTestId('points-balance');
    await balance.waitFor();
    const before = Number(await balance.innerText());
    expect(before).toBeGreaterThan(0);
    await page.getByTestId('points-ledger').locator('summary').click();
    expect(await page.getByTestId('points-entry').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('points-ledger').innerText()).toContain('好人好事获表彰');
    await expectCleanChinese(page, 'the points tab');
    await noSideways(page, 'the points tab');

    // The cheapest reward the balance affords.
    const reward = page.getByTestId('points-reward').filter({ hasText: '理发券' });
    await reward.getByTestId('points-redeem').click();
    await reward.getByTestId('points-redeem-confirm').click();
    const notice = page.getByTestId('points-redeemed');
    await notice.waitFor();
    const code = /([A-Z2-9]{8})/.exec(await notice.innerText())![1]!;
    await expect.poll(async () => Number(await balance.innerText())).toBe(before - 10);
    expect(await page.getByTestId('points-codes').innerText()).toContain(code);
    // The rewards reload once the new balance is shown (the list is keyed by it): wait for that load.
    await expect.poll(async () => reward.innerText()).toContain('剩余 49 件');
    await noSideways(page, 'after redeeming');

    // The community's counter (the township centre's operator) hands it over once.
    const operator = await apiLogin(base(), 'operator');
    const checked = await apiCall<{ status: string; rewardName: string }>(
      base(),
      operator,
      'POST',
      '/api/v1/points/redemptions/check',
      { code },
    );
    expect(checked).toMatchObject({ status: 'handed_over', rewardName: '理发券' });
    await expect(apiCall(base(), operator, 'POST', '/api/v1/points/redemptions/check', { code })).rejects.toThrow(
      /422/,
    );
    expect(pageErrors).toEqual([]);
  });
});
