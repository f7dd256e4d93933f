// Issue 17's suggester in real Chromium against `npm start`'s own process (its heap capped at
// 256 MB; the training runs in a worker thread of its own): the administrator retrains from the
// 智能分派模型 page and follows the run to a ready version with its macro-F1; the operator types a
// report at intake and picks a suggested category, which fills the category field; the
// dispatcher's dispatch dialog offers the lead units the centre's history suggests.
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

interface Run {
  version: number;
  status: string;
  category: { examples: number; evaluation: { macroF1: number } | null };
  leadUnit: { examples: number; evaluation: { macroF1: number } | null };
}

/** A chip reads "<name> <percent>%". */
const CHIP = /^(.+) (\d{1,3})%$/;

warnIfSkipped();

describe.skipIf(chromiumMissing && !inCi)('the category and lead-unit suggester', () => {
  const { base, url, open, pageErrors } = browserSuite();
  const apiCall = <T>(token: string, method: string, p: string, body?: unknown) =>
    callApi<T>(base(), token, method, p, body);

  async function signedIn(username: string, path: string): Promise<Page> {
    const page = await open();
    await page.goto(url('/login'));
    await signIn(page, username);
    await page.getByTestId('current-user').waitFor();
    await page.goto(url(path));
    return page;
  }

  /** The chips of `testId`, each as its name and confidence. */
  async function chips(page: Page, testId: string): Promise<{ name: string; percent: number }[]> {
    const texts = await page.getByTestId(`${testId}-chip`).allInnerTexts();
    return texts.map((text) => {
      const match = CHIP.exec(text.trim());
      expect(match, `a chip with its confidence: ${text}`).not.toBeNull();
      return { name: match![1]!, percent: Number(match![2]) };
    });
  }

  it('retrains from the admin page and shows the ready version with its macro-F1', async () => {
    const page = await signedIn('admin', '/admin/suggestion-models');
    await page.getByTestId('suggestion-models-page').waitFor();
    await expect.poll(() => page.getByTestId('suggestion-models').innerText()).toContain('尚无训练的模型');
    await expectCleanChinese(page, 'the suggestion models page');

    await page.getByTestId('suggestion-retrain').click();
    const admin = await loginApi(base(), 'admin');
    const runs = async () => (await apiCall<{ items: Run[] }>(admin, 'GET', '/api/v1/suggestions/models')).items;
    // A run was asked for.
    await expect.poll(async () => (await runs()).length).toBe(1);
    const [requested] = await runs();
    const row = page.getByTestId(`suggestion-model-${requested!.version}`);
    // The page follows the run by itself until it is ready (no reload).
    await expect
      .poll(() => row.getByTestId('suggestion-model-status').innerText(), { timeout: 120_000, interval: 1000 })
      .toBe('可用');
    await expect.poll(() => page.getByTestId('suggestion-progress').count()).toBe(0);
    await expect.poll(() => page.getByTestId('suggestion-retrain').isEnabled()).toBe(true);

    const [ready] = await runs();
    expect(ready).toMatchObject({ version: requested!.version, status: 'ready' });
    expect(ready!.category.examples).toBeGreaterThan(100);
    expect(ready!.category.evaluation).not.toBeNull();
    expect(ready!.leadUnit.evaluation).not.toBeNull();
    expect(await row.getByTestId('suggestion-model-category-f1').innerText()).toBe(
      ready!.category.evaluation!.macroF1.toFixed(3),
    );
    expect(await row.getByTestId('suggestion-model-lead-unit-f1').innerText()).toBe(
      ready!.leadUnit.evaluation!.macroF1.toFixed(3),
    );
    expect(await row.getByTestId('suggestion-model-size').innerText()).toBe(
      ready!.category.examples.toLocaleString('zh-CN'),
    );
    // Trained "today" on the server's clock (CONCORD_NOW, 2026-11-27), in Beijing time.
    expect(await row.getByTestId('suggestion-model-trained-at').innerText()).toMatch(/^2026\/11\/27 \d{2}:\d{2}$/);
    await expectCleanChinese(page, 'the suggestion models page with a version');
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('suggests categories with their confidence at intake; a click fills the category', async () => {
    const page = await signedIn('operator', '/intake');
    await page.getByTestId('intake-submit').waitFor();
    await page.getByTestId('intake-description').fill('幸福小区附近烧烤店深夜噪音扰民，影响居民休息');
    const suggested = page.getByTestId('suggested-categories');
    await suggested.waitFor({ timeout: 30_000 });
    const found = await chips(page, 'suggested-categories');
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThanOrEqual(3);
    expect(found[0]!.name).toContain('噪');
    for (const chip of found) {
      expect(chip.percent).toBeGreaterThanOrEqual(0);
      expect(chip.percent).toBeLessThanOrEqual(100);
    }
    expect(found.map((c) => c.percent)).toEqual([...found.map((c) => c.percent)].sort((a, b) => b - a));

    await expect.poll(() => page.getByTestId('category-select').innerText()).not.toContain(found[0]!.name);
    await page.getByTestId('suggested-categories-chip').first().click();
    await expect.poll(() => page.getByTestId('category-select').innerText()).toContain(found[0]!.name);
    await expect
      .poll(() => page.getByTestId('suggested-categories-chip').first().getAttribute('class'))
      .toContain('ant-tag-checkable-checked');
    await expectCleanChinese(page, 'intake with suggestions');
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('offers suggested lead units in the dispatch dialog', async () => {
    const operator = await loginApi(base(), 'operator');
    const grid = await apiCall<{ items: { id: number }[] }>(operator, 'GET', '/api/v1/units?code=370702001001G01');
    const fresh = await apiCall<{ id: number }>(operator, 'POST', '/api/v1/cases', {
      kind: 'complaint',
      categoryCode: 'CMP.NOISE',
      channel: 'window',
      description: '工地夜间施工噪音严重，凌晨还在打桩，无法入睡',
      unitId: grid.items[0]!.id,
    });
    const page = await signedIn('dispatcher', `/cases/${fresh.id}`);
    await page.locator('[data-action=dispatch]').click();
    await page.getByTestId('suggested-lead-units').waitFor({ timeout: 30_000 });
    const found = await chips(page, 'suggested-lead-units');
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThanOrEqual(3);
    for (const chip of found) {
      expect(chip.name, 'a unit by its name').toMatch(/[\u4e00-\u9fff]{2,}/);
      expect(chip.percent).toBeLessThanOrEqual(100);
    }
    const last = found.at(-1)!;
    await page.getByTestId('suggested-lead-units-chip').last().click();
    await expect.poll(() => page.getByTestId('unit-select').innerText()).toContain(last.name);
    await expectCleanChinese(page, 'the dispatch dialog with suggestions');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
