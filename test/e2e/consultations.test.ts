// Issue 19 on a phone (375 px), the resident's whole round: the demo resident signs in, opens the
// 议事 tab of /m, finds the demo community's open topic, votes once (secret ballot) and is told so;
// the result stays hidden until the close; the 积分 tab then shows the points the vote earned (the
// balance up by the rule's 2 points, a 参与议事投票 entry), and the resident redeems a reward with
// them and is shown the counter's code. The page never scrolls sideways.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, chromiumMissing, expectCleanChinese, inCi, signIn, warnIfSkipped } from './support.ts';

warnIfSkipped();

describe.skipIf(chromiumMissing && !inCi)('consultations on the residents’ page', () => {
  const { url, open, pageErrors } = browserSuite();

  async function phone(): Promise<Page> {
    const page = await open({ mobile: true });
    await page.setViewportSize({ width: 375, height: 812 });
    return page;
  }

  it('lets the demo resident vote once on an open topic of its community, earn points and redeem them', async () => {
    const page = await phone();
    await page.goto(url('/m#points'));
    await signIn(page, 'resident');
    // The balance before taking part.
    await page.locator('#r-tab-points').click();
    const balance = page.getByTestId('points-balance');
    await balance.waitFor();
    const before = Number(await balance.innerText());

    await page.getByTestId('r-tab-consult').or(page.locator('#r-tab-consult')).first().click();
    const item = page.getByTestId('consult-item').filter({ hasText: '社区广场舞时间调整' });
    await item.click();
    const topic = page.getByTestId('consult-topic');
    expect(await topic.getByTestId('consult-status').innerText()).toBe('协商中');
    await topic.getByTestId('consult-option').first().check();
    await topic.getByTestId('consult-vote').click();
    await topic.getByTestId('consult-voted').waitFor();
    expect(await topic.getByTestId('consult-voted').innerText()).toContain('您已投票');
    // The result is shown only after the close.
    expect(await topic.getByTestId('consult-votes').count()).toBe(0);
    expect(await topic.getByTestId('consult-vote').count()).toBe(0);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    await expectCleanChinese(page, '议事');

    // The vote earned points: the 积分 tab shows them in the balance and the ledger.
    await page.locator('#r-tab-points').click();
    await expect.poll(async () => Number(await balance.innerText())).toBe(before + 2);
    await page.getByTestId('points-ledger').locator('summary').click();
    expect(await page.getByTestId('points-entry').filter({ hasText: '参与议事投票' }).count()).toBe(1);
    // …and they are spent on a reward of the community, for a code taken to the counter.
    const reward = page.getByTestId('points-reward').filter({ hasText: '理发券' });
    await reward.getByTestId('points-redeem').click();
    await reward.getByTestId('points-redeem-confirm').click();
    const code = /([A-Z2-9]{8})/.exec(await page.getByTestId('points-redeemed').innerText())![1]!;
    await expect.poll(async () => Number(await balance.innerText())).toBe(before + 2 - 10);
    expect(await page.getByTestId('points-codes').innerText()).toContain(code);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(pageErrors).toEqual([]);
  });
});
