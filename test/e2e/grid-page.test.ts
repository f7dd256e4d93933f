// A grid's page (issue 18, ADR 0030) in real Chromium against `npm start` with the demo data: one
// demo house gets a point inside the demo grid; the township's dispatcher opens the grid's page and
// sees that house on the map, the houses without a point listed, the residents and the grid's cadres
// with their roles; at 375 px the grid worker opens their own grid from the patrol page and sees
// the same, on one screen width — all in Chinese.
import type { Page } from 'playwright-core';
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

interface BaseMap {
  features: { properties: { id: number; kind?: string }; geometry: { coordinates: number[][][][] } }[];
}

describe.skipIf(chromiumMissing && !inCi)('a grid’s page', () => {
  const { base, url, open, pageErrors } = browserSuite();
  const apiCall = <T>(token: string, method: string, p: string, body?: unknown) =>
    callApi<T>(base(), token, method, p, body);

  async function signedIn(page: Page, username: string): Promise<void> {
    await page.goto(url('/login'));
    await signIn(page, username);
    await page.getByTestId('current-user').waitFor();
  }

  /**
   * The demo grid worker's grid, with one of its houses given a point at the grid's middle and
   * another without a point (the demo places every house inside its grid).
   */
  async function placeAHouse(): Promise<{ gridId: number; address: string }> {
    const worker = await apiLogin(base(), 'gridworker');
    const houses = await apiCall<{ items: { id: number; address: string; unitId: number }[] }>(
      worker,
      'GET',
      '/api/v1/base-data/houses?limit=10',
    );
    const house = houses.items[0]!;
    const unplaced = houses.items.find((h) => h.unitId === house.unitId && h.id !== house.id)!;
    await apiCall(worker, 'PATCH', `/api/v1/base-data/houses/${unplaced.id}`, { lng: null, lat: null });
    const map = await apiCall<BaseMap>(worker, 'GET', `/api/v1/base-map?unitId=${house.unitId}`);
    const ring = map.features.find((f) => f.properties.id === house.unitId)!.geometry.coordinates[0]![0]!;
    const lng = ring.reduce((s, p) => s + p[0]!, 0) / ring.length;
    const lat = ring.reduce((s, p) => s + p[1]!, 0) / ring.length;
    await apiCall(worker, 'PATCH', `/api/v1/base-data/houses/${house.id}`, {
      lng: Number(lng.toFixed(6)),
      lat: Number(lat.toFixed(6)),
    });
    return { gridId: house.unitId, address: house.address };
  }

  /** The grid's houses with a point, by the API, and the page's dots must agree. */
  const placedCount = async (gridId: number) => {
    const worker = await apiLogin(base(), 'gridworker');
    const houses = await apiCall<{ items: { unitId: number; lng: number | null }[] }>(
      worker,
      'GET',
      '/api/v1/base-data/houses?limit=100',
    );
    return houses.items.filter((h) => h.unitId === gridId && h.lng !== null).length;
  };

  const checkPage = async (page: Page, address: string, placed: number) => {
    await page.getByTestId('grid-page').waitFor({ timeout: 60_000 });
    // The placed houses are dots on the map; the one without a point waits in the list under it.
    expect(placed).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('grid-map').locator('[data-house-points]').getAttribute('data-house-points'))
      .toBe(String(placed));
    await expect
      .poll(() => page.getByTestId('grid-map').locator('svg').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await page.getByTestId('grid-unplaced').innerText()).toContain('未标注位置的房屋');
    expect(await page.getByTestId('grid-houses').innerText()).toContain(address);
    const cadres = page.getByTestId('grid-cadre');
    await expect.poll(() => cadres.count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('grid-cadres').innerText()).toContain('联系干部');
  };

  it('shows the township’s dispatcher the grid’s houses on the map and its cadres', async () => {
    const { gridId, address } = await placeAHouse();
    const page = await open();
    await signedIn(page, 'township');
    await page.goto(url(`/grids/${gridId}`));
    await checkPage(page, address, await placedCount(gridId));
    // The dispatcher may assign a task to a cadre here.
    await page.getByTestId('cadre-task').waitFor();
    await expectCleanChinese(page, 'the grid page');
    expect(pageErrors).toEqual([]);
  });

  it('lets the grid worker open their own grid from the patrol page at 375 px', async () => {
    const worker = await apiLogin(base(), 'gridworker');
    const { gridId } = await placeAHouse();
    const houses = await apiCall<{ items: { address: string; lng: number | null }[] }>(
      worker,
      'GET',
      '/api/v1/base-data/houses?limit=10',
    );
    const placed = houses.items.find((h) => h.lng !== null)!;
    const page = await open({ mobile: true });
    await signedIn(page, 'gridworker');
    await page.goto(url('/patrol'));
    await page.getByTestId('my-grid-link').first().click();
    await page.waitForURL(/\/grids\/\d+$/);
    await checkPage(page, placed.address, await placedCount(gridId));
    expect(await page.getByTestId('grid-key-groups').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectCleanChinese(page, 'the grid page on a phone');
    expect(pageErrors).toEqual([]);
  });
});
