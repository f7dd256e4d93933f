// Issue 17's admin screens and the finding → mediation button in real Chromium against `npm start`:
// the administrator opens 系统管理 › 平安建设, reads each weight's meaning, sees the total refuse to
// save while it is not 100 and equal bounds flagged on their field, saves the weights, records a
// township's residents (empty fields flagged one by one) and sets a weekly screening schedule, all
// of which the API then answers; a grid worker on a 375-px phone hands a screening finding to the
// township's mediation committee with one click and sees the file's number.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
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

describe.skipIf(chromiumMissing && !inCi)('safety settings and finding to mediation', () => {
  const { base, url, open, pageErrors } = browserSuite({ CONCORD_DEMO_CASES: '0' });
  const apiCall = <T>(token: string, method: string, p: string, body?: unknown) =>
    callApi<T>(base(), token, method, p, body);

  async function signedIn(page: Page, username: string): Promise<void> {
    await page.goto(url('/login'));
    await signIn(page, username);
    await page.getByTestId('current-user').waitFor();
  }

  /** Types a region's name and picks the one of that official code (many townships share a name). */
  async function pickRegion(page: Page, testId: string, name: string, code: string): Promise<void> {
    await page.getByTestId(testId).click();
    await page.keyboard.type(name);
    await page.locator('.ant-select-item-option').filter({ hasText: code }).first().click();
  }

  it('lets the administrator edit the weights, residents and schedules with errors on their fields', async () => {
    const page = await open();
    await signedIn(page, 'admin');
    // Found from the safety index page, where whoever may edit them looks.
    await page.goto(url('/safety-index'));
    await page.getByTestId('safety-settings-link').click();
    await page.waitForURL((u) => u.pathname === '/admin/safety');
    // Two lazy chunks (the admin section, then the page) on a loaded machine.
    await page.getByTestId('safety-settings').waitFor({ timeout: 60_000 });
    const rows = page.locator('[data-testid^="safety-weight-"]');
    await expect.poll(() => rows.count()).toBe(8);
    expect(await page.getByTestId('safety-weight-screening_coverage').innerText()).toContain('按期完成排查的比例');
    const total = page.getByTestId('safety-weights-total');
    expect(await total.innerText()).toContain('100');
    const save = page.getByTestId('safety-weights-save');
    expect(await save.isEnabled()).toBe(true);

    // Weights that do not add up to 100: said under the table, and nothing can be saved.
    const weight = page.getByTestId('weight-disputes_per_10k');
    const before = Number(await weight.inputValue());
    await weight.fill(String(before + 5));
    await weight.press('Tab');
    await expect.poll(() => total.innerText()).toContain('须为 100');
    expect(await save.isEnabled()).toBe(false);
    // Equal bounds: flagged on that component's field.
    const best = page.getByTestId('best-repeat_share');
    const worst = await page.getByTestId('worst-repeat_share').inputValue();
    const bestBefore = await best.inputValue();
    await best.fill(worst);
    await best.press('Tab');
    await page.getByTestId('bounds-repeat_share-error').waitFor();
    await best.fill(bestBefore);
    await best.press('Tab');
    // Move the 5 points from one component to another and save.
    const other = page.getByTestId('weight-satisfaction_rate');
    const otherBefore = Number(await other.inputValue());
    await other.fill(String(otherBefore - 5));
    await other.press('Tab');
    await expect.poll(() => save.isEnabled()).toBe(true);
    await save.click();
    await page.locator('.ant-message-success').waitFor();
    const admin = await loginApi(base(), 'admin');
    const settings = await apiCall<{ components: { key: string; weight: number }[] }>(
      admin,
      'GET',
      '/api/v1/safety-index/settings',
    );
    expect(settings.components.find((c) => c.key === 'disputes_per_10k')!.weight).toBe(before + 5);
    expect(settings.components.find((c) => c.key === 'satisfaction_rate')!.weight).toBe(otherBefore - 5);

    // Residents: an empty form is refused field by field; then recorded.
    await page.getByTestId('population-save').click();
    await expect.poll(() => page.locator('.ant-form-item-explain-error').count()).toBe(3);
    await pickRegion(page, 'population-unit', '城关街道', '370702001');
    await page.getByTestId('population-count').fill('52000');
    await page.getByTestId('population-source').fill('街道统计');
    await page.getByTestId('population-save').click();
    await page.locator('.ant-message-success').filter({ hasText: '52000' }).waitFor();

    // A weekly schedule for a township.
    await pickRegion(page, 'schedule-unit', '南关街道', '370702002');
    await page.getByTestId('schedule-frequency').getByText('每周').click();
    await page.getByTestId('schedule-save').click();
    await page.locator('.ant-message-success').filter({ hasText: '南关街道' }).waitFor();
    const units = await apiCall<{ items: { id: number; name: string }[] }>(
      admin,
      'GET',
      `/api/v1/units?code=370702002`,
    );
    const coverage = await apiCall<{ items: { frequency: string | null }[] }>(
      admin,
      'GET',
      `/api/v1/screenings/coverage?withinUnitId=${units.items[0]!.id}`,
    );
    expect(coverage.items.length).toBeGreaterThan(0);
    expect(coverage.items.every((i) => i.frequency === 'weekly')).toBe(true);
    await expectCleanChinese(page, '/admin/safety');
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('hands a finding to the township committee from a phone in one click', async () => {
    const worker = await loginApi(base(), 'gridworker');
    const grid = await apiCall<{ items: { id: number }[] }>(worker, 'GET', '/api/v1/units?code=370702001001G01');
    const screening = await apiCall<{ id: number }>(worker, 'POST', '/api/v1/screenings', {
      unitId: grid.items[0]!.id,
      findings: [
        {
          parties: [{ name: '张三' }, { name: '李四' }],
          description: '两户因宅基地边界砌墙发生争执，多次口角',
          riskGrade: 'yellow',
          measures: '网格员上门劝导',
          responsiblePerson: '王网格',
        },
      ],
    });
    const page = await open({ mobile: true });
    await page.setViewportSize({ width: 375, height: 812 });
    await signedIn(page, 'gridworker');
    await page.goto(url(`/screenings/${screening.id}`));
    await page.getByTestId('finding').waitFor();
    await page.getByTestId('finding-category').click();
    await page.keyboard.type('邻里纠纷');
    await page.locator('.ant-select-item-option').filter({ hasText: '邻里纠纷' }).first().click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.getByTestId('finding-to-mediation').click();
    const made = page.getByTestId('finding-mediation');
    await made.waitFor();
    expect(await made.innerText()).toMatch(/城关街道人民调解委员会.*调〔\d{4}〕\d+号/);
    await page.getByTestId('finding-case-link').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // Reloaded, the finding still shows its file and offers neither button again.
    await page.reload();
    await page.getByTestId('finding-mediation').waitFor();
    expect(await page.getByTestId('finding-to-mediation').count()).toBe(0);
    await expectCleanChinese(page, 'a finding handed to mediation');
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
