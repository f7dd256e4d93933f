// Issue 19 §6–§7 in real Chromium against `npm start`'s own process with the demo data, at 375 px: the
// township publishes a first-claim service project (through the API, as its console would); the demo
// social organisation's account (shegong) claims it in the residents' app, reports progress to
// completion; the demo resident sees the notices of where they live and rates the project once; the
// township's console lists it completed with the rating. A volunteer's round on phones too: the
// resident signs up to the demo team's activity, the team's lead (shegong) logs the hours on its
// roster in /m, and the resident sees them.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiCall, apiLogin, browserSuite, chromiumMissing, inCi, signIn, warnIfSkipped } from './support.ts';

warnIfSkipped();

describe.skipIf(chromiumMissing && !inCi)('community participation in Chromium', () => {
  const { base, url, open, pageErrors } = browserSuite();

  const fitsPhone = async (page: Page) =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  async function communityTab(page: Page, username: string): Promise<void> {
    await page.goto(url('/m#community'));
    await signIn(page, username);
    await page.getByTestId('m-community').waitFor();
  }

  it('a social organisation claims a service project on a phone, reports it done, and a resident rates it', async () => {
    const township = await apiLogin(base(), 'township');
    const unit = await apiCall<{ items: { id: number }[] }>(base(), township, 'GET', '/api/v1/units?code=370702001');
    const title = '社区助老理发服务';
    const published = await apiCall<{ id: number }>(base(), township, 'POST', '/api/v1/service-projects', {
      unitId: unit.items[0]!.id,
      title,
      description: '每月为行动不便的老人上门理发一次',
      awardMode: 'first_claim',
    });

    // The social organisation's account: claims it, then reports progress to completion.
    const org = await open({ mobile: true });
    await communityTab(org, 'shegong');
    const card = org.getByTestId('m-project').filter({ hasText: title });
    await card.waitFor();
    expect(await card.getByTestId('m-project-status').innerText()).toBe('征集中');
    const claim = card.getByTestId('m-project-apply');
    expect(await claim.innerText()).toContain('以“潍城区阳光社工服务中心”认领');
    await fitsPhone(org);
    await claim.click();
    await expect.poll(() => card.getByTestId('m-project-status').innerText()).toBe('实施中');
    expect(await card.getByTestId('m-project-awardee').innerText()).toContain('潍城区阳光社工服务中心');
    await card.getByTestId('m-progress-percent').fill('100');
    await card.getByTestId('m-progress-note').fill('已为 32 位老人上门理发');
    await card.getByTestId('m-progress-send').click();
    await expect.poll(() => card.getByTestId('m-project-status').innerText()).toBe('已完成');
    await fitsPhone(org);

    // The demo resident of the township's first community: the notices of where they live, then the rating.
    const resident = await open({ mobile: true });
    await communityTab(resident, 'resident');
    await resident.getByTestId('m-notice').filter({ hasText: '医保缴费通知' }).waitFor();
    const rated = resident.getByTestId('m-project').filter({ hasText: title });
    await rated.getByTestId('m-rate-project').waitFor();
    await fitsPhone(resident);
    await rated.locator('[data-score="4"]').click();
    await rated.getByTestId('m-rate-comment').fill('师傅很耐心');
    await rated.getByTestId('m-rate-send').click();
    await expect.poll(() => rated.getByTestId('m-my-rating').innerText()).toBe('我的评价：4 星');
    expect(await rated.getByTestId('m-rate-project').count()).toBe(0);
    expect(await rated.innerText()).toContain('居民评价 4 分（1 人）');
    await fitsPhone(resident);

    // Through the API, as the township sees it: completed, rated once.
    const seen = await apiCall<{ status: string; ratingCount: number; ratings: { comment: string | null }[] }>(
      base(),
      township,
      'GET',
      `/api/v1/service-projects/${published.id}`,
    );
    expect(seen).toMatchObject({ status: 'completed', ratingCount: 1, ratings: [{ comment: '师傅很耐心' }] });
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('a volunteer signs up on a phone and the team lead logs the hours from its roster', async () => {
    const volunteer = await open({ mobile: true });
    await communityTab(volunteer, 'resident');
    const activity = volunteer.getByTestId('m-activity').filter({ hasText: '敬老院义务劳动' });
    await activity.getByTestId('m-sign-up').click();
    await expect.poll(() => activity.getByTestId('m-my-hours').innerText()).toBe('已报名，时长待登记');

    const lead = await open({ mobile: true });
    await communityTab(lead, 'shegong');
    const led = lead.getByTestId('m-activity').filter({ hasText: '敬老院义务劳动' });
    await led.getByTestId('m-lead-open').click();
    const row = led.getByTestId('m-lead-volunteer').filter({ hasText: '张三' });
    await row.getByTestId('m-lead-hours').fill('2.5');
    await row.getByTestId('m-lead-log').click();
    await expect.poll(() => row.innerText()).toContain('已登记 2.5 小时');
    expect(await row.getByTestId('m-lead-log').count()).toBe(0);
    await fitsPhone(lead);

    await volunteer.reload();
    await volunteer.getByTestId('m-community').waitFor();
    await expect.poll(() => activity.getByTestId('m-my-hours').innerText()).toBe('我的服务时长：2.5 小时');
    await fitsPhone(volunteer);
    expect(pageErrors).toEqual([]);
  });
});
