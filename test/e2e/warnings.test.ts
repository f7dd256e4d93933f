// Issue 17's warnings inbox in real Chromium against `npm start`: cases arrive through the API (a
// report with words of escalation, three calls from one phone); the district dispatcher opens
// /warnings and finds the red warning first with its one-sentence reason and a link to its case,
// acknowledges it in the dialog, and sees it change state; the case page lists the warning too. On a
// 375 × 812 phone the district leader reads the same inbox as cards: nothing wider than the screen,
// each card's reason, case and actions on it, and an action's dialog opens and fits.
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
}

describe.skipIf(chromiumMissing && !inCi)('the warnings inbox', () => {
  const { base, url, open, pageErrors } = browserSuite({ CONCORD_DEMO_CASES: '0' });
  const apiCall = <T>(token: string, method: string, p: string, body?: unknown) =>
    callApi<T>(base(), token, method, p, body);

  it('shows the red warning first with its reason and case, and acknowledges it', async () => {
    const operator = await loginApi(base(), 'operator');
    const grid = await apiCall<{ items: { id: number }[] }>(operator, 'GET', '/api/v1/units?code=370702001001G01');
    const report = (description: string, phone?: string) =>
      apiCall<Created>(operator, 'POST', '/api/v1/cases', {
        kind: 'complaint',
        categoryCode: 'CMP.NOISE',
        channel: 'hotline',
        description,
        unitId: grid.items[0]!.id,
        ...(phone ? { reporter: { name: '赵先生', phone } } : {}),
      });
    for (let i = 0; i < 3; i++) await report(`楼上装修噪音持续到深夜（第${i + 1}次反映）`, '13912345678');
    const red = await report('邻居因噪音问题发生争吵，一方扬言要报复，还说要去拉横幅');

    const page = await open();
    await page.goto(url('/login'));
    await signIn(page, 'dispatcher');
    await page.getByTestId('current-user').waitFor();
    await page.goto(url('/warnings'));
    await page.getByTestId('warning-row').first().waitFor();
    await expectCleanChinese(page, '/warnings');

    const rows = page.getByTestId('warning-row');
    expect(await rows.first().getAttribute('data-level')).toBe('red');
    const first = rows.first();
    expect(await first.getByTestId('warning-explanation').innerText()).toContain('“报复”');
    expect(await first.getByTestId('warning-case-link').innerText()).toBe(red.number);
    const repeat = rows.filter({ hasText: '同一来电号码30天内已反映3件事件' });
    expect(await repeat.count()).toBe(1);
    expect(await repeat.getAttribute('data-level')).toBe('orange');

    await first.getByTestId('warning-acknowledge').click();
    await page.getByTestId('warning-note').fill('已联系网格员上门核实');
    await page.getByTestId('warning-action-ok').click();
    await expect
      .poll(() =>
        page.getByTestId('warning-row').filter({ hasText: red.number }).getByTestId('warning-status').innerText(),
      )
      .toBe('已知悉');

    // The case page shows the warning it is part of.
    await page.getByTestId('warning-row').filter({ hasText: red.number }).getByTestId('warning-case-link').click();
    await page.waitForURL((u) => u.pathname === `/cases/${red.id}`);
    await page.getByTestId('case-warnings').waitFor();
    expect(await page.getByTestId('case-warning').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('fits a 375-px phone: cards with their reason, cases and reachable actions', async () => {
    const page = await open({ mobile: true });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(url('/login'));
    await signIn(page, 'leader');
    await page.getByTestId('current-user').waitFor();
    await page.goto(url('/warnings'));
    const cards = page.getByTestId('warning-row');
    await cards.first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // Cards, not a table that scrolls sideways.
    expect(await page.locator('.ant-table').count()).toBe(0);
    expect(await cards.count()).toBeGreaterThanOrEqual(2);
    expect(await cards.first().getAttribute('data-level')).toBe('red');
    const first = cards.first();
    expect(await first.getByTestId('warning-explanation').innerText()).toContain('“报复”');
    await first.getByTestId('warning-case-link').waitFor();

    // Every card's reason and action buttons lie inside the screen's width.
    for (const card of await cards.all()) {
      for (const part of [card.getByTestId('warning-explanation'), ...(await card.locator('button').all())]) {
        const box = await part.boundingBox();
        expect(box).not.toBeNull();
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(375);
      }
    }
    // An action opens its dialog, which fits too.
    const repeat = cards.filter({ hasText: '同一来电号码30天内已反映3件事件' });
    const action = repeat.locator('button').first();
    await action.scrollIntoViewIfNeeded();
    await action.click();
    await page.getByTestId('warning-action-ok').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const ok = await page.getByTestId('warning-action-ok').boundingBox();
    expect(ok!.x + ok!.width).toBeLessThanOrEqual(375);
    await expectCleanChinese(page, '/warnings on a phone');
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
