// 队伍建设 in real Chromium against `npm start`: the administrator opens the demo grid worker's
// record, adds a training whose certificate expired before today (the server's fixed clock), sees
// it flagged 已过期 on the record, then finds the person under 证书已过期 in the staff list and in
// 证书到期提醒 — all in Chinese.
import { describe, expect, it } from 'vitest';
import {
  apiCall as callApi,
  apiLogin,
  browserSuite,
  chromiumMissing,
  expectCleanChinese,
  inCi,
  signIn,
  warnIfSkipped,
} from './support.ts';

warnIfSkipped();

describe.skipIf(chromiumMissing && !inCi)('workforce', () => {
  const { base, url, open, pageErrors } = browserSuite({ CONCORD_DEMO_CASES: '0' });
  const apiCall = <T>(token: string, method: string, p: string, body?: unknown) =>
    callApi<T>(base(), token, method, p, body);

  it('flags a training certificate that expired before today on the record and in the lists', async () => {
    const admin = await apiLogin(base(), 'admin');
    const candidates = await apiCall<{ items: { userId: number; unitId: number; name: string }[] }>(
      admin,
      'GET',
      `/api/v1/workforce/candidates?q=${encodeURIComponent('城关街道网格员')}`,
    );
    const worker = candidates.items.find((c) => c.name === '城关街道网格员')!;
    const staff = await apiCall<{ id: number }>(admin, 'POST', '/api/v1/workforce/staff', {
      userId: worker.userId,
      unitId: worker.unitId,
      post: 'grid_worker_full',
      duties: '入户走访\n矛盾排查',
    });

    // The worker visits a house of their grid this month: the record's coverage counts it.
    const gridworker = await apiLogin(base(), 'gridworker');
    const grid = (await apiCall<{ items: { id: number }[] }>(admin, 'GET', '/api/v1/units?code=370702001001G01'))
      .items[0]!;
    // A house of the grid in the base data (the browser tests' demo has none of its own).
    const house = await apiCall<{ id: number; address: string }>(admin, 'POST', '/api/v1/base-data/houses', {
      address: `潍城区城关街道覆盖测试路 ${Date.now() % 100_000} 号`,
      unitId: grid.id,
      kind: 'residential',
    });
    const started = await fetch(`${base()}/api/v1/patrols`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gridworker}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const patrolId = started.ok
      ? ((await started.json()) as { id: number }).id
      : ((await started.json()) as { error: { details: { patrolId: number } } }).error.details.patrolId;
    await apiCall(gridworker, 'POST', `/api/v1/patrols/${patrolId}/visits`, {
      placeKind: 'household',
      place: house.address,
      houseId: house.id,
      met: '户主',
      situation: '入户走访',
    });

    const page = await open();
    await page.goto(url('/login'));
    await signIn(page, 'admin');
    await page.getByTestId('current-user').waitFor();
    await page.goto(url(`/workforce/staff/${staff.id}`));
    await page.getByTestId('staff-record').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('training-table').innerText()).toContain('暂无培训记录');
    const november = page.getByTestId('performance-table').locator('tr', { hasText: '2026-11' });
    await expect.poll(() => november.getByTestId('coverage-cell').innerText()).toMatch(/%\s*\((\d+)\/(\d+)\)$/);
    const [, visited, houses] = /\((\d+)\/(\d+)\)$/.exec(await november.getByTestId('coverage-cell').innerText())!;
    expect(Number(visited)).toBeGreaterThanOrEqual(1);
    expect(Number(houses)).toBeGreaterThanOrEqual(Number(visited));

    // The server's today is 2026-11-27 (CONCORD_NOW): a certificate valid until 2026-10-31 has lapsed.
    await page.getByTestId('training-course').fill('网格员岗前培训');
    await page.getByTestId('training-hours').fill('16');
    await page.getByTestId('training-date').fill('2024-11-01');
    await page.getByTestId('training-certificate').fill('WG-2024-0007');
    await page.getByTestId('training-expiry').fill('2026-10-31');
    await page.getByTestId('training-save').click();
    await page.locator('.ant-message-success').waitFor();

    const trainings = page.getByTestId('training-table');
    await expect.poll(() => trainings.innerText()).toContain('WG-2024-0007');
    expect(await trainings.getByTestId('certificate-expired').innerText()).toBe('已过期');
    // The person's own flag, beside the name.
    expect(await page.getByTestId('staff-record').locator('h3').getByTestId('certificate-expired').count()).toBe(1);
    await expectCleanChinese(page, 'the staff record');

    // The staff list filtered to expired certificates shows them, flagged.
    await page.goto(url('/workforce?certificate=expired'));
    const table = page.getByTestId('staff-table');
    await expect.poll(() => table.innerText(), { timeout: 30_000 }).toContain('城关街道网格员');
    expect(await table.getByTestId('certificate-expired').count()).toBeGreaterThanOrEqual(1);
    await expectCleanChinese(page, 'the staff list');

    // And under 证书到期提醒, with the days since it lapsed.
    await page.getByRole('tab', { name: '证书到期提醒' }).click();
    const alerts = page.getByTestId('certificate-table');
    await expect.poll(() => alerts.innerText(), { timeout: 30_000 }).toContain('WG-2024-0007');
    expect(await alerts.innerText()).toContain('-27');
    expect(pageErrors).toEqual([]);
  });
});
