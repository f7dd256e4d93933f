// Issue 18 §3 in real Chromium against `npm start`'s own process: the administrator opens
// 系统管理 › 组织架构 at the village 曹家巷, creates a grid under it, renames it, then draws a
// boundary over the neighbouring 曹家巷网格 and reads the refusal in Chinese naming that grid.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, chromiumMissing, inCi, signIn as submitSignIn, warnIfSkipped } from './support.ts';

warnIfSkipped();

/** 曹家巷网格's boundary (data/weicheng-grids.json), shrunk about its middle: inside it, so over it. */
const CAOJIAXIANG: [number, number][] = [
  [118.941652, 36.622343],
  [118.947408, 36.616576],
  [118.958292, 36.61586],
  [118.958292, 36.624368],
  [118.942552, 36.624368],
];
const cx = CAOJIAXIANG.reduce((s, p) => s + p[0], 0) / CAOJIAXIANG.length;
const cy = CAOJIAXIANG.reduce((s, p) => s + p[1], 0) / CAOJIAXIANG.length;
const OVERLAPPING = CAOJIAXIANG.map(
  ([x, y]) => `${(cx + (x - cx) * 0.6).toFixed(6)},${(cy + (y - cy) * 0.6).toFixed(6)}`,
).join('\n');

describe.skipIf(chromiumMissing && !inCi)('the org tree editor in Chromium', () => {
  const { url, open } = browserSuite();

  const option = (page: Page, text: string) =>
    page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text });

  it('creates a grid, renames it, and shows an overlap refusal in Chinese', async () => {
    const admin = await open();
    await admin.goto(url('/login'));
    await submitSignIn(admin, 'admin');
    await admin.getByTestId('current-user').waitFor();
    await admin.goto(url('/admin/org'));

    // Open the tree at 曹家巷网格, then choose its village.
    await admin.getByTestId('org-search').click();
    await admin.keyboard.type('曹家巷网格');
    await option(admin, '曹家巷网格').click();
    await admin.locator('[data-unit-code="370702001001"]').click();
    await expect.poll(() => admin.getByTestId('unit-details-name').innerText()).toBe('曹家巷居委会');

    // 新建下级: a basic grid (the dialog's first kind under a village).
    await admin.getByTestId('unit-create').click();
    await admin.getByTestId('unit-create-name').fill('曹家巷试点网格');
    await admin.getByTestId('unit-create-save').click();
    const created = admin.locator('[data-testid="org-node"]', { hasText: '曹家巷试点网格' });
    await created.waitFor();
    await created.click();
    await expect.poll(() => admin.getByTestId('unit-details-name').innerText()).toBe('曹家巷试点网格');
    expect(await admin.getByTestId('unit-details').innerText()).toContain('基础网格');

    // 改名.
    await admin.getByTestId('unit-rename').click();
    await admin.getByTestId('unit-rename-name').fill('曹家巷二号网格');
    await admin.getByTestId('unit-rename-save').click();
    await expect.poll(() => admin.getByTestId('unit-details-name').innerText()).toBe('曹家巷二号网格');
    await admin.locator('[data-testid="org-node"]', { hasText: '曹家巷二号网格' }).waitFor();
    await expect.poll(() => admin.getByTestId('unit-history').innerText()).toContain('改名');

    // 编辑边界 over 曹家巷网格: refused, naming it, in Chinese; the dialog stays open.
    await admin.getByTestId('unit-geometry').click();
    await admin.getByTestId('unit-geometry-vertices').fill(OVERLAPPING);
    await admin.getByTestId('unit-geometry-save').click();
    const refusal = admin.getByTestId('dialog-error');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('边界与网格「曹家巷网格」重叠');
    expect(await admin.getByTestId('unit-geometry-vertices').isVisible()).toBe(true);
  }, 240_000);
});
