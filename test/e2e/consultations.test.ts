// Issue 19 §1 on a phone (375 px): the demo resident opens the 议事 tab of /m, finds the demo
// community's open topic, votes once (secret ballot) and is told so; the result stays hidden until
// the close; the page never scrolls sideways.
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

  it('lets the demo resident vote once on an open topic of its community', async () => {
    const page = await phone();
    await page.goto(url('/m#consult'));
    await signIn(page, 'resident');
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
    expect(pageErrors).toEqual([]);
  });
});
