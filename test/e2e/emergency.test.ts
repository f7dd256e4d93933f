// Issue 18 §6 in real Chromium against `npm start`'s own process with the demo data, at 375 px: the
// county leader declares a flood emergency over the demo county on a phone, the demo grid worker
// sees the banner, opens its grid's door-to-door list and marks two households (one visited, one in
// need), the leader's board — open all along — shows its figures change without a reload, the demo
// resident's page shows the notice, then the leader stands the emergency down and downloads the
// report, a .docx with the need in it.
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, chromiumMissing, inCi, signIn, warnIfSkipped } from './support.ts';

warnIfSkipped();

describe.skipIf(chromiumMissing && !inCi)('emergency mode in Chromium', () => {
  const { url, open, pageErrors } = browserSuite();

  async function signedIn(page: Page, username: string): Promise<void> {
    await page.goto(url('/login'));
    await signIn(page, username);
    await page.getByTestId('current-user').waitFor();
  }
  const fitsPhone = async (page: Page) =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  it('declares, marks two households on a phone, moves the board, stands down and downloads the report', async () => {
    const leader = await open({ mobile: true });
    await signedIn(leader, 'leader');
    await leader.goto(url('/emergencies'));
    await leader.getByTestId('emergency-declare').click();
    await leader.getByTestId('emergency-unit').click();
    await leader
      .locator('.ant-select-item-option')
      .filter({ hasText: /^潍城区$/ })
      .first()
      .click();
    await leader.getByTestId('emergency-instructions').fill('低洼地带群众立即转移，网格员逐户走访');
    await leader.getByTestId('emergency-declare-ok').click();
    await leader.waitForURL(/\/emergencies\/\d+$/);
    const emergencyId = Number(/\/emergencies\/(\d+)$/.exec(leader.url())![1]);
    await leader.getByTestId('emergency-figures').waitFor();
    expect(await leader.getByTestId('figure-visited').innerText()).toBe('0');
    expect(await leader.getByTestId('emergency-headline').innerText()).toContain('防汛');
    await fitsPhone(leader);

    // The grid worker: the banner with the instructions, a link to its list.
    const worker = await open({ mobile: true });
    await signedIn(worker, 'gridworker');
    const banner = worker.getByTestId('emergency-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('低洼地带群众立即转移');
    await banner.getByTestId('emergency-banner-link').click();
    await worker.waitForURL(new RegExp(`/emergencies/${emergencyId}$`));
    const items = worker.getByTestId('emergency-item');
    await items.first().waitFor();
    expect(await items.count()).toBeGreaterThanOrEqual(2);
    await fitsPhone(worker);

    const first = items.nth(0);
    await first.getByTestId('mark-reached').click();
    await expect.poll(() => first.getByTestId('emergency-item-result').count()).toBe(1);
    const second = items.nth(1);
    await second.getByTestId('emergency-item-note').fill('老人行动不便，需要协助转移');
    await second.getByTestId('mark-need').click();
    await expect.poll(() => second.getByTestId('emergency-item-result').count()).toBe(1);
    expect(await second.getByTestId('emergency-item-result').innerText()).toContain('有需求');
    await fitsPhone(worker);

    // The leader's board, untouched, refreshes itself: two visited, one need.
    await expect.poll(() => leader.getByTestId('figure-visited').innerText(), { timeout: 20_000 }).toBe('2');
    expect(await leader.getByTestId('figure-needs').innerText()).toBe('1');
    await leader.getByTestId('emergency-needs').getByText('老人行动不便，需要协助转移').waitFor();
    await fitsPhone(leader);

    // The residents' page (/m) of the demo resident, inside the county: the notice with the instructions.
    const resident = await open({ mobile: true });
    await resident.goto(url('/m'));
    await signIn(resident, 'resident');
    const notice = resident.getByTestId('emergency-notice');
    await notice.waitFor();
    expect(await notice.innerText()).toContain('低洼地带群众立即转移');
    await fitsPhone(resident);

    // Stand-down with a summary; the report downloads and is a .docx holding the need.
    await leader.getByTestId('emergency-stand-down').click();
    await leader.getByTestId('emergency-summary').fill('险情解除，群众已返回');
    await leader.getByTestId('emergency-stand-down-ok').click();
    await expect.poll(() => leader.getByTestId('emergency-status').innerText()).toBe('已解除');
    const [download] = await Promise.all([
      leader.waitForEvent('download'),
      leader.getByTestId('emergency-report').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const zip = await JSZip.loadAsync(readFileSync(await download.path()));
    const text = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(text).toContain('防汛应急处置报告');
    expect(text).toContain('老人行动不便，需要协助转移');
    expect(text).toContain('险情解除，群众已返回');
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
