// Issue 18 §7 心理服务转介 in real Chromium at 375 × 812 with touch, against `npm start`'s own
// process: the demo grid worker opens 心理转介 from the phone's menu, refers a person (name, phone,
// reason, 紧急) and sees the referral sent to 潍城区心理服务队 with the phone masked; the team's member
// (`psych`) finds it in the team's list on a phone, shows the number, records the first contact with
// the assessment 高, and the referral reads 跟进中 · 高 — while the leader over the county gets 404.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  apiLogin,
  browserSuite,
  chromiumMissing,
  expectCleanChinese,
  inCi,
  networkSettled,
  signIn,
  warnIfSkipped,
} from './support.ts';

const WIDTH = 375;

warnIfSkipped();

describe.skipIf(chromiumMissing && !inCi)('psychological referral on a phone (375 × 812)', () => {
  const { base, url, open, pageErrors } = browserSuite();

  async function signedIn(username: string): Promise<Page> {
    const page = await open({ mobile: true });
    await page.setViewportSize({ width: WIDTH, height: 812 });
    await page.goto(url('/login'));
    await signIn(page, username);
    await page.getByTestId('current-user').waitFor();
    return page;
  }

  /** Opens 心理转介 the way a phone user does: the tab bar's "more", then the entry. */
  async function openFromMenu(page: Page): Promise<void> {
    await page.getByTestId('tab-more').click();
    await page.getByTestId('more-menu').locator('[data-path="/psych-referrals"]').click();
    await page.waitForURL(/\/psych-referrals$/);
    await networkSettled(page);
  }

  it(
    'lets a grid worker refer a person and the team record contact and an assessment',
    { timeout: 240_000 },
    async () => {
      const worker = await signedIn('gridworker');
      await openFromMenu(worker);
      await worker.getByTestId('psych-new').click();
      await worker.getByTestId('psych-refer').waitFor();
      await worker.getByTestId('psych-person-name').fill('陈某某');
      await worker.getByTestId('psych-phone').fill('13912345678');
      await worker.getByTestId('psych-reason').fill('家庭纠纷调解后独自在家，情绪低落，多次说活着没意思');
      await worker.getByTestId('psych-urgency-urgent').click();
      await worker.getByTestId('psych-submit').click();

      await worker.waitForURL(/\/psych-referrals\/\d+$/);
      const id = Number(new URL(worker.url()).pathname.split('/').pop());
      await expect.poll(() => worker.getByTestId('psych-person').textContent()).toBe('陈某某');
      expect(await worker.getByTestId('psych-phone-value').textContent()).toBe('139****5678');
      expect(await worker.getByTestId('psych-status').textContent()).toBe('待联系');
      const workerText = await worker.evaluate(() => document.body.innerText);
      expect(workerText).toContain('潍城区心理服务队');
      // The referrer neither reveals the number nor records contact.
      expect(await worker.getByTestId('psych-reveal').count()).toBe(0);
      expect(await worker.getByTestId('psych-contact-card').count()).toBe(0);
      await expectCleanChinese(worker, 'the referral as its referrer sees it');
      expect(await worker.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);

      // The leader over the county does not know it exists.
      const leader = await apiLogin(base(), 'leader');
      const res = await fetch(`${base()}/api/v1/psych-referrals/${id}`, {
        headers: { authorization: `Bearer ${leader}` },
      });
      expect(res.status).toBe(404);

      const team = await signedIn('psych');
      await openFromMenu(team);
      const row = team.getByTestId('psych-row').filter({ hasText: '陈某某' });
      await row.first().waitFor();
      expect(await row.first().textContent()).toContain('紧急');
      await row.first().click();
      await team.waitForURL(new RegExp(`/psych-referrals/${id}$`));
      await team.getByTestId('psych-contact-card').waitFor();
      expect(await team.getByTestId('psych-reason-text').textContent()).toContain('活着没意思');

      await team.getByTestId('psych-reveal').click();
      await expect.poll(() => team.getByTestId('psych-phone-value').textContent()).toBe('13912345678');

      await team.getByTestId('psych-contact-assessment').click();
      await team.locator('.ant-select-item-option').filter({ hasText: /^高$/ }).click();
      await team.getByTestId('psych-contact-note').fill('电话联系本人，约定明日上门面谈');
      await team.getByTestId('psych-contact-save').click();

      await expect.poll(() => team.getByTestId('psych-status').textContent()).toBe('跟进中');
      expect(await team.getByTestId('psych-assessment').textContent()).toBe('高');
      expect(await team.getByTestId('psych-contacted-at').textContent()).toContain('潍城区心理服务队队员');
      await team.getByTestId('psych-follow-ups').waitFor();
      await expectCleanChinese(team, 'the referral as the team works it');
      expect(await team.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
      expect(pageErrors).toEqual([]);
    },
  );
});
