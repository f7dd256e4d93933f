// Issue 18 §3 in real Chromium against `npm start`'s own process: the administrator opens
// 系统管理 › 组织架构 at the village 曹家巷, creates a grid under it, renames it, then draws a
// boundary over the neighbouring 曹家巷网格 and reads the refusal in Chinese naming that grid; then
// draws boundaries on the map by clicking: a basic grid over 曹家巷网格 (named live, then refused
// by the server, naming it) and a school grid inside the township (stored, read back by the API).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  apiCall,
  apiLogin,
  browserSuite,
  chromiumMissing,
  inCi,
  signIn as submitSignIn,
  warnIfSkipped,
} from './support.ts';

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
  const { base, url, open } = browserSuite();

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

  /** Opens the tree at 曹家巷居委会 (the village of 曹家巷网格). */
  async function openVillage(admin: Page) {
    await admin.goto(url('/admin/org'));
    await admin.getByTestId('org-search').click();
    await admin.keyboard.type('曹家巷网格');
    await option(admin, '曹家巷网格').click();
    await admin.locator('[data-unit-code="370702001001"]').click();
    await expect.poll(() => admin.getByTestId('unit-details-name').innerText()).toBe('曹家巷居委会');
  }

  /** Creates a grid under the open village and selects it. */
  async function createGrid(admin: Page, name: string, domain?: string) {
    await admin.getByTestId('unit-create').click();
    if (domain) {
      await admin.getByTestId('unit-create-domain').click();
      await option(admin, domain).click();
    }
    await admin.getByTestId('unit-create-name').fill(name);
    await admin.getByTestId('unit-create-save').click();
    const created = admin.locator('[data-testid="org-node"]', { hasText: name });
    await created.waitFor();
    await created.click();
    await expect.poll(() => admin.getByTestId('unit-details-name').innerText()).toBe(name);
  }

  /** The middle of 曹家巷网格's name on the drawing map (ECharts puts a region's label inside it). */
  async function neighbourLabel(admin: Page): Promise<{ x: number; y: number }> {
    const map = admin.getByTestId('polygon-drawer-map');
    const label = map.locator('text', { hasText: /^曹家巷网格$/ });
    await label.first().waitFor();
    // The dialog opens with a zoom: measure once the label has stopped moving.
    let last = '';
    for (;;) {
      const box = (await label.first().boundingBox())!;
      const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      if (JSON.stringify(at) === last) return at;
      last = JSON.stringify(at);
      await admin.waitForTimeout(300);
    }
  }

  /** Clicks a square of four vertices around a point, 12 px from it. */
  async function clickSquare(admin: Page, at: { x: number; y: number }) {
    for (const [dx, dy] of [
      [-12, -12],
      [12, -12],
      [12, 12],
      [-12, 12],
    ] as const) {
      await admin.mouse.click(at.x + dx, at.y + dy);
    }
    await expect.poll(() => admin.getByTestId('polygon-drawer-count').innerText()).toContain('4');
  }

  it('draws a grid on the map by clicking: an overlap is named and refused, a school grid is stored', async () => {
    const admin = await open();
    await admin.goto(url('/login'));
    await submitSignIn(admin, 'admin');
    await admin.getByTestId('current-user').waitFor();
    await openVillage(admin);

    // A basic grid drawn over 曹家巷网格: the live check names it, the server refuses it, naming it.
    await createGrid(admin, '曹家巷绘制网格');
    await admin.getByTestId('unit-geometry').click();
    const centre = await neighbourLabel(admin);
    await clickSquare(admin, centre);
    // Undo, clear and a click on a vertex: a fifth point undone, the first removed then put back.
    await admin.mouse.click(centre.x + 40, centre.y);
    await expect.poll(() => admin.getByTestId('polygon-drawer-count').innerText()).toContain('5');
    await admin.getByTestId('polygon-drawer-undo').click();
    await expect.poll(() => admin.getByTestId('polygon-drawer-count').innerText()).toContain('4');
    await admin.mouse.click(centre.x - 12, centre.y - 12);
    await expect.poll(() => admin.getByTestId('polygon-drawer-count').innerText()).toContain('3');
    await admin.mouse.click(centre.x - 12, centre.y - 12);
    await expect.poll(() => admin.getByTestId('polygon-drawer-count').innerText()).toContain('4');
    expect((await admin.getByTestId('unit-geometry-vertices').inputValue()).trim().split('\n')).toHaveLength(4);
    await expect
      .poll(() => admin.getByTestId('polygon-drawer-check').innerText())
      .toContain('边界与网格「曹家巷网格」重叠');
    await admin.getByTestId('unit-geometry-save').click();
    const refusal = admin.getByTestId('dialog-error');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('边界与网格「曹家巷网格」重叠');
    await admin.getByTestId('polygon-drawer-clear').click();
    await expect.poll(() => admin.getByTestId('polygon-drawer-count').innerText()).toContain('0');
    await admin.getByRole('button', { name: /取\s*消/ }).click();
    await admin.getByTestId('polygon-drawer').waitFor({ state: 'detached' });

    // A school grid (dedicated grids lie over basic ones) drawn inside the township: stored.
    await openVillage(admin);
    await createGrid(admin, '曹家巷小学网格', '教育');
    await admin.getByTestId('unit-geometry').click();
    await clickSquare(admin, await neighbourLabel(admin));
    await expect.poll(() => admin.getByTestId('polygon-drawer-check').getAttribute('data-state')).toBe('ok');
    const typed = (await admin.getByTestId('unit-geometry-vertices').inputValue())
      .trim()
      .split('\n')
      .map((line) => line.split(',').map(Number) as [number, number]);
    expect(typed).toHaveLength(4);
    await admin.getByTestId('unit-geometry-save').click();
    await admin.getByTestId('polygon-drawer').waitFor({ state: 'detached' });
    await expect.poll(() => admin.getByTestId('unit-history').innerText()).toContain('修改边界');

    const token = await apiLogin(base(), 'admin');
    const found = await apiCall<{ items: { id: number; name: string }[] }>(
      base(),
      token,
      'GET',
      `/api/v1/units?q=${encodeURIComponent('曹家巷小学网格')}`,
    );
    const school = found.items.find((u) => u.name === '曹家巷小学网格')!;
    const stored = await apiCall<{ type: string; coordinates: [number, number][][][] }>(
      base(),
      token,
      'GET',
      `/api/v1/units/${school.id}/geometry`,
    );
    const ring = stored.coordinates[0]![0]!;
    expect(ring).toHaveLength(5);
    const key = (p: [number, number]) => `${p[0]},${p[1]}`;
    expect(ring.slice(0, 4).map(key).sort()).toEqual(typed.map(key).sort());
  }, 240_000);
});
