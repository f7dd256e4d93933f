// Issue 15's done-when line: "a staff member sees a new assignment in the inbox without reloading".
// Real Chromium against `npm start`'s own process with the notifier running every 2 s (it is also
// woken right after a commit that enqueued messages): the demo department handler (区住建局) has
// the inbox open when the dispatcher, through the API, sends a new case to that bureau; the bell's
// count rises and the notice appears without a reload, and opening it leads to the case and counts
// it read. On a phone the bell sits in the one-line header.
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

interface Created {
  id: number;
  number: string;
  version: number;
}

const unreadOf = async (page: Page) => Number(await page.getByTestId('inbox-bell').getAttribute('data-unread'));

describe.skipIf(chromiumMissing && !inCi)('the staff inbox', () => {
  const { base, url, open, pageErrors } = browserSuite({ CONCORD_JOB_INTERVAL_MS: '2000', CONCORD_DEMO_CASES: '0' });
  const apiCall = <T>(token: string, method: string, p: string, body?: unknown) =>
    callApi<T>(base(), token, method, p, body);

  /** A new case at the window, dispatched by the district dispatcher to the housing bureau. */
  async function dispatchToHousing(description: string): Promise<Created> {
    const operator = await loginApi(base(), 'operator');
    const dispatcher = await loginApi(base(), 'dispatcher');
    const grid = await apiCall<{ items: { id: number }[] }>(operator, 'GET', '/api/v1/units?code=370702001001G01');
    const housing = await apiCall<{ items: { id: number }[] }>(
      operator,
      'GET',
      '/api/v1/units?code=370702-dept-housing',
    );
    const created = await apiCall<Created>(operator, 'POST', '/api/v1/cases', {
      kind: 'complaint',
      categoryCode: 'CMP.PROPERTY_SERVICE',
      channel: 'window',
      description,
      unitId: grid.items[0]!.id,
    });
    const triage = await apiCall<{ version: number }>(dispatcher, 'GET', `/api/v1/cases/${created.id}`);
    await apiCall(dispatcher, 'POST', `/api/v1/cases/${created.id}/actions`, {
      action: 'dispatch',
      version: triage.version,
      leadUnitId: housing.items[0]!.id,
    });
    return created;
  }

  it('shows a new assignment in the bell and the inbox without reloading', async () => {
    const page = await open();
    await page.goto(url('/login'));
    await signIn(page, 'department');
    await page.getByTestId('current-user').waitFor();
    // The stream has answered once the bell carries a count.
    await expect.poll(() => page.getByTestId('inbox-bell').getAttribute('data-unread')).toMatch(/^\d+$/);
    await page.getByTestId('inbox-bell').click();
    await page.waitForURL((u) => u.pathname === '/inbox');
    await expectCleanChinese(page, '/inbox');
    const before = await unreadOf(page);
    // A mark that a reload would wipe out.
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });

    const created = await dispatchToHousing('小区二次供水水箱长期未清洗，自来水发黄有异味');
    await expect.poll(() => unreadOf(page), { timeout: 15_000 }).toBe(before + 1);
    const item = page.getByTestId('inbox-item').filter({ hasText: created.number });
    await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(1);
    expect(await item.getAttribute('data-unread')).toBe('true');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    // The sentence names the case and its category, never what the reporter wrote.
    const title = (await item.getByTestId('inbox-item-title').innerText()).trim();
    expect(title).toContain('新派单');
    expect(title).not.toContain('水箱');

    await item.getByTestId('inbox-item-title').click();
    await page.waitForURL((u) => u.pathname === `/cases/${created.id}`);
    await expect.poll(() => unreadOf(page)).toBe(before);
    await expectCleanChinese(page, `/cases/${created.id}`);
    expect(pageErrors).toEqual([]);
  });

  it('keeps the bell in the phone header, live as on a desk', async () => {
    const page = await open({ mobile: true });
    await page.goto(url('/login'));
    await signIn(page, 'department');
    await page.getByTestId('current-user').waitFor();
    const bell = page.getByTestId('inbox-bell');
    await expect.poll(() => bell.getAttribute('data-unread')).toMatch(/^\d+$/);
    expect(await bell.isVisible()).toBe(true);
    const before = await unreadOf(page);
    const created = await dispatchToHousing('楼道声控灯损坏一个月无人维修，夜间上下楼摔倒风险大');
    await expect.poll(() => unreadOf(page), { timeout: 15_000 }).toBe(before + 1);
    // Mark everything read on the inbox page: the bell goes to zero.
    await bell.click();
    await page.waitForURL((u) => u.pathname === '/inbox');
    await expect.poll(() => page.getByTestId('inbox-item').filter({ hasText: created.number }).count()).toBe(1);
    await page.getByTestId('inbox-read-all').click();
    await expect.poll(() => unreadOf(page)).toBe(0);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    expect(pageErrors).toEqual([]);
  });
});
