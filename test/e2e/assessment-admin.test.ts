// The assessment admin (系统管理 → 考核方案) in real Chromium: the administrator reads the scheme in
// force, adds a version with a changed weight, and the scores of a finished period keep their
// stored version until the recompute (confirmed, spinning) scores them by the new one; the
// rankings page names the new version too.
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

describe.skipIf(chromiumMissing && !inCi)('the assessment admin', () => {
  const { base, url, open, pageErrors } = browserSuite();

  it('adds a scheme version with a changed weight, and recompute scores the period by it', async () => {
    const page = await open();
    await page.goto(url('/login'));
    await signIn(page, 'admin');
    await page.getByTestId('current-user').waitFor();
    // October is over by the fixed clock (2026-11-27): its scores are stored on first reading.
    await page.goto(url('/admin/assessment?level=township&period=2026-10'));
    const current = page.getByTestId('assessment-current-version');
    await current.waitFor();
    const before = Number(await current.textContent());
    expect(before).toBeGreaterThanOrEqual(1);
    const scheme = page.getByTestId('assessment-scores-scheme');
    await expect.poll(() => scheme.getAttribute('data-version'), { timeout: 30_000 }).toBe(String(before));
    await expectCleanChinese(page, '/admin/assessment');

    // The form is prefilled from the version in force: change one weight, name it, date it October.
    await page.locator('#name').fill('加重按时签收');
    // Enter in a field does not create the version (only the button does): one version at the end.
    await page.locator('#name').press('Enter');
    await page.locator('#weights_acceptedOnTime').fill('40');
    // Typed into the open calendar, whose Enter takes the date; an Enter before the calendar has
    // opened would submit the form itself (a second version once the button is clicked too).
    await page.locator('#effectiveFrom').click();
    const calendar = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
    await calendar.waitFor();
    await page.locator('#effectiveFrom').fill('2026-10-01');
    await page.locator('#effectiveFrom').press('Enter');
    await calendar.waitFor({ state: 'hidden' });
    await page.getByTestId('assessment-create').click();

    const next = before + 1;
    await expect.poll(() => current.textContent(), { timeout: 30_000 }).toBe(String(next));
    await expect.poll(() => page.getByTestId('assessment-weight-acceptedOnTime').textContent()).toContain('40');
    await expect(page.getByTestId('assessment-versions').getByText('加重按时签收').count()).resolves.toBe(1);

    // The stored October scores keep the old version until recomputed.
    await expect.poll(() => scheme.getAttribute('data-version'), { timeout: 30_000 }).toBe(String(before));
    await page.getByTestId('assessment-recompute').click();
    await page.getByTestId('assessment-recompute-ok').click();
    const result = page.getByTestId('assessment-recompute-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.textContent()).toContain(`第 ${next} 版`);
    await expect.poll(() => scheme.getAttribute('data-version'), { timeout: 30_000 }).toBe(String(next));
    expect(await page.getByTestId('assessment-scores-table').locator('tbody tr').count()).toBeGreaterThan(0);

    // The rankings of November (scored by the version in force since October) name it too.
    const token = await apiLogin(base(), 'admin');
    const schemes = await apiCall<{ items: { name: string }[] }>(base(), token, 'GET', '/api/v1/assessment-schemes');
    expect(schemes.items.filter((s) => s.name === '加重按时签收')).toHaveLength(1);
    const county = await apiCall<{ items: { id: number }[] }>(base(), token, 'GET', '/api/v1/units?code=370702');
    await page.goto(url(`/rankings?level=township&period=2026-11&withinUnitId=${county.items[0]!.id}`));
    await expect
      .poll(() => page.getByTestId('rankings-scheme').textContent(), { timeout: 30_000 })
      .toContain(`第 ${next} 版`);
    expect(pageErrors).toEqual([]);
  });
});
