// Issue 18 §1 completed (ADR 0031) in real Chromium against `npm start` with the demo data: at
// 375 px the demo grid worker starts a patrol and records a visit to a house of its grid (base
// data) with a photo taken on the spot (its EXIF position sent apart); the phone's track arrives;
// the township's dispatcher then sees the day's patrols on the map and, choosing this one, its track
// drawn as a line with the visit, the photo in the detail, and the coverage rate of the grid.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  apiCall as callApi,
  apiLogin as loginApi,
  browserSuite,
  chromiumMissing,
  expectCleanChinese,
  inCi,
  NOW,
  signIn,
  warnIfSkipped,
} from './support.ts';
import { withExifGps } from './jpeg-exif.ts';

warnIfSkipped();

interface Detail {
  id: number;
  pointCount: number;
  visits: { id: number; houseId: number | null; photos: { id: number; lng: number | null }[] }[];
}

describe.skipIf(chromiumMissing && !inCi)('a visit’s photo and the patrol on the map, in Chromium', () => {
  const { base, url, open, pageErrors } = browserSuite();
  const apiCall = <T>(token: string, method: string, p: string, body?: unknown) =>
    callApi<T>(base(), token, method, p, body);

  async function signedIn(page: Page, username: string): Promise<void> {
    await page.goto(url('/login'));
    await signIn(page, username);
    await page.getByTestId('current-user').waitFor();
  }
  const fitsPhone = async (page: Page) =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  /** A small JPEG drawn by the page's canvas, with the GPS position a phone camera writes. */
  async function photo(page: Page): Promise<Buffer> {
    const dataUrl = await page.evaluate(() => {
      const canvas = document.createElement('canvas');
      canvas.width = 800;
      canvas.height = 600;
      const context = canvas.getContext('2d')!;
      for (let band = 0; band < 6; band += 1) {
        context.fillStyle = `hsl(${band * 60}, 60%, 50%)`;
        context.fillRect(0, band * 100, 800, 100);
      }
      return canvas.toDataURL('image/jpeg', 0.9);
    });
    return withExifGps(Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'), { lng: 119.1, lat: 36.7 });
  }

  let patrolId = 0;

  it('records a visit to a house of the grid with a photo on a phone', async () => {
    const page = await open({ mobile: true });
    await signedIn(page, 'gridworker');
    await page.goto(url('/patrol'));
    await page.getByTestId('patrol-start').click();
    await page.getByTestId('patrol-finish').waitFor();

    // A house of the grid from the base data; its address fills the place.
    await page.getByTestId('visit-house').click();
    await page.locator('.ant-select-item-option').first().click();
    await expect.poll(() => page.getByTestId('visit-place').inputValue()).not.toBe('');
    await page.getByTestId('visit-met').fill('户主李大姐');
    await page.getByTestId('visit-situation').fill('独居老人，身体状况良好');
    await page.getByTestId('visit-finding').fill('楼道堆放杂物，存在消防隐患');
    // Checked in where the worker stands (allowed only now: the track's own watch stays off).
    await page.context().grantPermissions(['geolocation'], { origin: base() });
    await page.context().setGeolocation({ latitude: 36.7012, longitude: 119.1006 });
    await page.getByTestId('visit-check-in').click();
    await expect.poll(() => page.getByTestId('visit-check-in').innerText()).toContain('已签到');
    await page
      .getByTestId('visit-new-photo-camera')
      .setInputFiles([{ name: 'IMG_5001.jpg', mimeType: 'image/jpeg', buffer: await photo(page) }]);
    const preview = page.getByTestId('visit-new-photo-preview');
    await preview.waitFor();
    expect(await preview.getAttribute('data-gps')).toBe('yes');
    await fitsPhone(page);
    await page.getByTestId('visit-save').click();
    const shown = page.getByTestId('visit').getByTestId('visit-photo');
    await expect.poll(() => shown.count(), { timeout: 30_000 }).toBe(1);
    await expect
      .poll(() => shown.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);
    await fitsPhone(page);
    await expectCleanChinese(page, 'a visit with a photo on a phone');

    const token = await loginApi(base(), 'gridworker');
    const mine = await apiCall<{ items: { id: number }[] }>(token, 'GET', '/api/v1/patrols?mine=1&status=open');
    patrolId = mine.items[0]!.id;
    // The phone's GPS track (the headless browser has none): points of the last minute, in WGS84.
    const now = Date.parse(NOW);
    await apiCall(token, 'POST', `/api/v1/patrols/${patrolId}/track`, {
      points: [50, 40, 30, 20, 10].map((s, i) => ({
        lat: 36.7 + i * 0.0008,
        lng: 119.1 + i * 0.0004,
        at: new Date(now - s * 1000).toISOString(),
        accuracy: 8,
      })),
    });
    const detail = await apiCall<Detail>(token, 'GET', `/api/v1/patrols/${patrolId}`);
    expect(detail.pointCount).toBe(5);
    expect(detail.visits[0]!.houseId).not.toBeNull();
    expect(detail.visits[0]!.photos).toHaveLength(1);
    expect(detail.visits[0]!.photos[0]!.lng).not.toBeNull();
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('shows the township the day’s patrols on the map and the chosen one’s track, photo and coverage', async () => {
    const page = await open();
    await signedIn(page, 'township');
    await page.goto(url('/patrols'));
    const map = page.getByTestId('patrol-track-map').first();
    await map.waitFor();
    await expect.poll(async () => Number(await map.getAttribute('data-patrols'))).toBeGreaterThan(0);
    const table = page.getByTestId('patrol-table');
    await expect.poll(() => table.innerText()).toContain('城关街道网格员');
    await table.locator(`tbody tr[data-row-key="${patrolId}"]`).click();
    // The day's map highlights the chosen patrol; the detail draws its own track and visit.
    await expect.poll(() => map.getAttribute('data-chosen')).toBe(String(patrolId));
    expect(await map.getAttribute('data-chosen-points')).toBe('5');
    const detail = page.getByTestId('patrol-detail');
    await detail.waitFor();
    const own = detail.getByTestId('patrol-track-map');
    await own.waitFor();
    expect(await own.getAttribute('data-chosen-points')).toBe('5');
    expect(await own.getAttribute('data-visits')).toBe('1');
    // The track is a drawn line (an SVG path in the blue of the chosen patrol).
    await expect.poll(() => own.locator('svg path[stroke="#1677ff"]').count()).toBeGreaterThan(0);
    await expect.poll(() => detail.getByTestId('visit-photo').count()).toBe(1);
    await expect.poll(() => page.getByTestId('coverage-table').innerText()).toContain('%');
    await expectCleanChinese(page, 'the supervisors’ patrol map');
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
