// Issue 5, items 5 and 7, in real Chromium against `npm start`'s own process: the administrator
// opens the org tree down to the grids of 潍城区, the case map drawn on the real boundaries,
// changes a category's time limit, marks a day as a holiday and makes it ordinary again, creates
// an account with a unit and role, disables and enables it, and finds all of it in the audit log.
// A dispatcher has no administration menu and reads a Chinese refusal at an /admin address.
// On every page visited: no English-only words in the zh-CN locale, no raw error, no script or
// Content-Security-Policy error.
import type { Page } from 'playwright-core';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../server/demo/seed-demo.ts';
import { BUDGET_BYTES, measureBundle } from './bundle-budget.ts';
import {
  browserSuite,
  chromiumMissing,
  expectCleanChinese as expectCleanPage,
  inCi,
  root,
  signIn as submitSignIn,
  tokenOf,
  warnIfSkipped,
} from './support.ts';

const NEW_USER = 'liwei';

warnIfSkipped();

/**
 * Latin words allowed on a zh-CN page: the language switch names English in English, and account
 * names are identifiers people type, not words of the interface.
 */
const ALLOWED_LATIN = new Set(['English', ...DEMO_ACCOUNTS.map((a) => a.username), NEW_USER]);

describe.skipIf(chromiumMissing && !inCi)('the administration pages in Chromium', () => {
  const { url, open, pageErrors } = browserSuite();

  /** A GET with a token, answering the status with the body (refusals included). */
  async function apiCall<T>(token: string, method: string, p: string): Promise<{ status: number; body: T }> {
    const res = await fetch(url(p), { method, headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async function signIn(page: Page, username: string): Promise<void> {
    await page.goto(url('/login'));
    await submitSignIn(page, username);
    await page.getByTestId('current-user').waitFor();
  }

  /** The shared reading check with account names allowed, and no error alert on the page. */
  async function expectCleanChinese(page: Page, where: string): Promise<void> {
    await expectCleanPage(page, where, ALLOWED_LATIN);
    expect(await page.getByTestId('error-alert').count(), `error shown on ${where}`).toBe(0);
  }

  /** The option of an open Select whose text contains `text`. */
  const option = (page: Page, text: string) =>
    page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text });

  it('loads the map and each administration tab as chunks of their own, within the budget', () => {
    const report = measureBundle(path.join(root, 'web', 'dist'));
    const pages = ['map-page', 'admin-section', 'org-tree-page', 'categories-page', 'calendar-page'];
    for (const name of [...pages, 'users-page', 'audit-page']) {
      expect(
        report.files.some((f) => f.name.startsWith(name)),
        `${name} is a chunk`,
      ).toBe(true);
    }
    expect(report.totalGzipped).toBeLessThan(BUDGET_BYTES);
  });

  it('lets the administrator run the org tree, map, categories, calendar, users and audit log', async () => {
    const admin = await open();
    await signIn(admin, 'admin');
    const token = await tokenOf(admin);

    // 1. The org tree, from the province down to the grids of 潍城区.
    await admin.getByRole('menuitem', { name: '管理' }).click();
    await admin.waitForURL(/\/admin\/org$/);
    await admin.locator('[data-unit-code="3707"]').waitFor();
    for (const code of ['3707', '370702', '370702001', '370702001001']) {
      const node = admin.locator('.ant-tree-treenode', { has: admin.locator(`[data-unit-code="${code}"]`) });
      await node.locator('.ant-tree-switcher').click();
    }
    await admin.locator('[data-unit-code="370702001001G01"]').waitFor();
    await admin.locator('[data-unit-code="370702"]').click();
    const gridTable = admin.getByTestId('grid-table');
    await expect.poll(() => gridTable.locator('tbody tr.ant-table-row').count()).toBe(100);
    expect(await gridTable.innerText()).toContain('曹家巷网格');
    expect(await admin.getByTestId('unit-details').innerText()).toContain('370702');
    await expectCleanChinese(admin, 'the org tree');
    // The search opens the tree at a unit found by name.
    await admin.getByTestId('org-search').click();
    await admin.keyboard.type('增福堂网格');
    await option(admin, '增福堂网格').click();
    await expect.poll(() => admin.getByTestId('unit-details').innerText()).toContain('370702001002G01');
    await admin.locator('.ant-tree-treenode-selected [data-unit-code="370702001002G01"]').waitFor();

    // 2. The case map: the county's grids on their boundaries, the open cases on them.
    await admin.getByRole('menuitem', { name: '地图' }).click();
    const caseMap = admin.getByTestId('case-map');
    await expect.poll(() => caseMap.locator('svg path').count(), { timeout: 60_000 }).toBeGreaterThan(260);
    const gridCount = admin.getByTestId('map-grid-count').locator('.ant-statistic-content-value');
    expect(await gridCount.innerText()).toBe('260');
    const openFigure = admin.getByTestId('map-total').locator('.ant-statistic-content-value');
    const openCases = await apiCall<{ items: unknown[] }>(
      token,
      'GET',
      '/api/v1/cases?status=registered,dispatched,in_progress&limit=200',
    );
    await expect
      .poll(async () => Number((await openFigure.innerText()).replace(/\D/g, '')))
      .toBe(openCases.body.items.length);
    expect(await admin.getByTestId('map-in-view-case').count()).toBeGreaterThan(0);
    expect(await admin.getByRole('heading', { level: 3 }).first().innerText()).toContain('潍城区');
    await expectCleanChinese(admin, 'the grid map');

    // 3. A category's time limit, changed by the province administrator and saved.
    await admin.getByRole('menuitem', { name: '管理' }).click();
    await admin.getByTestId('admin-tab-categories').click();
    const row = admin.locator('tr[data-row-key="DSP.NEIGHBOUR"]');
    expect(await row.getByTestId('handle-days-cell').innerText()).toBe('15 个工作日');
    await expectCleanChinese(admin, 'the categories');
    await row.getByTestId('category-edit').click();
    await admin.getByTestId('handle-days').fill('20');
    await expectCleanChinese(admin, 'the category form');
    await admin.getByTestId('category-save').click();
    await expect.poll(() => row.getByTestId('handle-days-cell').innerText()).toBe('20 个工作日');
    const categories = await apiCall<{ items: { code: string; handleDays: number }[] }>(
      token,
      'GET',
      '/api/v1/categories',
    );
    expect(categories.body.items.find((c) => c.code === 'DSP.NEIGHBOUR')?.handleDays).toBe(20);
    await admin.reload();
    await expect.poll(() => row.getByTestId('handle-days-cell').innerText()).toBe('20 个工作日');

    // 4. A day marked as a holiday, then made ordinary again.
    await admin.goto(url('/admin/calendar?month=2026-12'));
    const day = admin.locator('[data-day="2026-12-08"]');
    await day.waitFor();
    expect(await day.getAttribute('data-kind')).toBe('');
    await expectCleanChinese(admin, 'the holiday calendar');
    await day.click();
    await admin.getByTestId('calendar-name').fill('测试假日');
    await expectCleanChinese(admin, 'the holiday form');
    await admin.getByTestId('calendar-save').click();
    await expect.poll(() => day.getAttribute('data-kind')).toBe('holiday');
    expect(await day.innerText()).toContain('休 测试假日');
    expect(await admin.getByTestId('calendar-list').innerText()).toContain('测试假日');
    const marked = await apiCall<{ items: { day: string; kind: string }[] }>(
      token,
      'GET',
      '/api/v1/calendar?year=2026',
    );
    expect(marked.body.items).toContainEqual({ day: '2026-12-08', kind: 'holiday', name: '测试假日' });
    await day.click();
    await admin.getByTestId('calendar-clear').click();
    await expect.poll(() => day.getAttribute('data-kind')).toBe('');
    expect(await admin.getByTestId('calendar-list').innerText()).not.toContain('测试假日');

    // 5. An account with a unit and role, disabled and enabled again.
    await admin.getByRole('menuitem', { name: '管理' }).click();
    await admin.getByTestId('admin-tab-users').click();
    await admin.locator('tr[data-username="dispatcher"]').waitFor();
    await expectCleanChinese(admin, 'the users');
    await admin.getByTestId('user-create').click();
    await admin.getByTestId('user-username').fill(NEW_USER);
    await admin.getByTestId('user-display-name').fill('李伟');
    await admin.getByTestId('user-unit').click();
    await admin.keyboard.type('潍城区综治中心');
    await option(admin, '潍城区综治中心').click();
    await admin.getByTestId('user-role').click();
    await option(admin, '调度员').click();
    await expectCleanChinese(admin, 'the new account form');
    await admin.getByTestId('user-create-submit').click();
    await admin.getByTestId('temporary-password').waitFor();
    await admin.getByTestId('temporary-close').click();
    await admin.getByTestId('temporary-password').waitFor({ state: 'hidden' });
    const account = admin.locator(`tr[data-username="${NEW_USER}"]`);
    await expect.poll(() => account.getByTestId('membership').innerText()).toContain('潍城区综治中心 · 调度员');
    expect(await account.getByTestId('user-status').innerText()).toContain('正常');
    await expectCleanChinese(admin, 'the users with the new account');
    await account.getByTestId('user-disable').click();
    await admin.getByTestId('confirm-ok').click();
    await expect.poll(() => account.getByTestId('user-status').innerText()).toContain('已停用');
    await account.getByTestId('user-enable').click();
    await expect.poll(() => account.getByTestId('user-status').innerText()).toContain('正常');
    const users = await apiCall<{ items: { username: string; disabled: boolean; memberships: { role: string }[] }[] }>(
      token,
      'GET',
      `/api/v1/users?q=${NEW_USER}`,
    );
    expect(users.body.items).toMatchObject([
      { username: NEW_USER, disabled: false, memberships: [{ role: 'dispatcher' }] },
    ]);

    // 6. All of it in the audit log, newest first, and the filter by action.
    await admin.getByTestId('admin-tab-audit').click();
    const actions = () => admin.getByTestId('audit-action-cell').allInnerTexts();
    await expect
      .poll(actions)
      .toEqual(
        expect.arrayContaining([
          '修改事件类别',
          '设置节假日或调休',
          '恢复普通日期',
          '新建用户',
          '停用账号',
          '启用账号',
        ]),
      );
    const listed = await actions();
    expect(listed.indexOf('启用账号')).toBeLessThan(listed.indexOf('停用账号'));
    expect(listed.indexOf('停用账号')).toBeLessThan(listed.indexOf('新建用户'));
    // The subjects' names come from a load of their own (the categories), beside the entries'.
    await expect.poll(() => admin.getByTestId('audit-table').innerText()).toContain('事件类别 · 邻里纠纷');
    await expectCleanChinese(admin, 'the audit log');
    await admin.getByTestId('audit-action').click();
    await admin.keyboard.type('停用账号');
    await option(admin, '停用账号').click();
    await expect.poll(actions).toEqual(['停用账号']);
    await expectCleanChinese(admin, 'the filtered audit log');
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('offers the dispatcher no administration and refuses its addresses in Chinese', async () => {
    const dispatcher = await open();
    await signIn(dispatcher, 'dispatcher');
    await dispatcher.getByRole('menuitem', { name: '工作台' }).waitFor();
    expect(await dispatcher.getByRole('menuitem', { name: '管理' }).count()).toBe(0);
    for (const address of ['/admin', '/admin/users', '/admin/calendar', '/admin/audit']) {
      await dispatcher.goto(url(address));
      const refusal = dispatcher.getByTestId('refusal');
      await refusal.waitFor();
      expect(await refusal.innerText()).toContain('无权访问');
      expect(await refusal.innerText()).toContain('仅供管理员使用');
      await expectCleanChinese(dispatcher, `${address} for the dispatcher`);
    }
    // The API refuses as well, in both languages.
    const refused = await apiCall<{ error: { code: string; message: string } }>(
      await tokenOf(dispatcher),
      'GET',
      '/api/v1/users',
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/^[^A-Za-z]+ \/ /);

    // The dispatcher's own county on the map.
    await dispatcher.getByRole('menuitem', { name: '地图' }).click();
    await expect
      .poll(() => dispatcher.getByTestId('case-map').locator('svg path').count(), { timeout: 60_000 })
      .toBeGreaterThan(260);
    await expectCleanChinese(dispatcher, 'the map for the dispatcher');

    // A department handler has no map: the address says so.
    const department = await open();
    await signIn(department, 'department');
    expect(await department.getByRole('menuitem', { name: '地图' }).count()).toBe(0);
    await department.goto(url('/map'));
    await department.getByTestId('refusal').waitFor();
    await expectCleanChinese(department, 'the map for a department');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
