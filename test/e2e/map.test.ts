// Issue 14, item 3 ("a real map, offline"), in real Chromium against `npm start`'s own process:
// the dispatcher's map draws 潍城区's boundaries (every grid, each township named) from the data
// Concord serves, with the cases of GET /api/v1/map/cases on it, a pin per case in its status
// colour and a red ring when overdue; a pin opens its case; the map is saved as a screenshot. At
// 375×812 with touch the page does not scroll sideways, the cases cluster when all statuses are
// shown and a tapped bubble zooms in. In the intake form an operator takes the phone's location
// (GPS, converted to GCJ-02), then taps the map, reads the grid the point falls in, submits, and
// the case is registered at that point in that grid.
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page, Response } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CaseStatus } from '../../common/case-state.ts';
import { toGcj02 } from '../../server/modules/org/geo.ts';
import { OVERDUE_RING, pinColour } from '../../web/src/features/map/pin-colours.ts';
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

const ARTIFACTS = path.join(import.meta.dirname, 'artifacts');

warnIfSkipped();

interface MapAnswer {
  type: 'FeatureCollection';
  total: number;
  clustered: boolean;
  features: {
    geometry: { coordinates: [number, number] };
    properties:
      | { kind: 'case'; id: number; number: string; title: string; status: CaseStatus; overdue: boolean }
      | { kind: 'cluster'; count: number; statuses: Record<string, number> };
  }[];
}

type CasePin = Extract<MapAnswer['features'][number]['properties'], { kind: 'case' }>;

const isMapAnswer = (response: Response) =>
  response.url().includes('/api/v1/map/cases') && response.request().method() === 'GET' && response.status() === 200;

/** The query of a map request. */
const queryOf = (response: Response) => new URL(response.url()).searchParams;

describe.skipIf(chromiumMissing && !inCi)('the case map in Chromium', () => {
  const { base, url, open, pageErrors } = browserSuite();

  const apiCall = <T>(token: string, method: string, p: string, body?: unknown) =>
    callApi<T>(base(), token, method, p, body);

  async function signedIn(page: Page, username: string): Promise<void> {
    await page.goto(url('/login'));
    await signIn(page, username);
    await page.getByTestId('current-user').waitFor();
  }

  /** The fill and stroke of every path the map's SVG draws. */
  const mapPaths = (page: Page) =>
    page
      .getByTestId('case-map')
      .locator('svg path')
      .evaluateAll((nodes) => nodes.map((n) => ({ fill: n.getAttribute('fill'), stroke: n.getAttribute('stroke') })));

  /** The texts the map's SVG draws (labels of regions, counts of clusters). */
  const mapTexts = (page: Page) =>
    page
      .getByTestId('case-map')
      .locator('svg text')
      .evaluateAll((nodes) => nodes.map((n) => n.textContent ?? ''));

  /**
   * The centre of a drawn shape with `fill`, among those that are on top at their centre (a pin
   * partly hidden under another would take the other's click).
   */
  const topmostShape = (page: Page, fills: string[], tag = 'path') =>
    page
      .getByTestId('case-map')
      .locator(`svg ${tag}`)
      .evaluateAll((nodes, wanted) => {
        for (const node of nodes) {
          if (!wanted.includes(node.getAttribute('fill') ?? '')) continue;
          const box = node.getBoundingClientRect();
          const x = box.left + box.width / 2;
          const y = box.top + box.height / 2;
          if (box.width > 0 && document.elementFromPoint(x, y) === node) return { x, y };
        }
        return null;
      }, fills);

  it('draws the county’s boundaries with the cases of /api/v1/map/cases on them, and a pin opens its case', async () => {
    const page = await open();
    await signedIn(page, 'dispatcher');
    const token = await loginApi(base(), 'dispatcher');
    const county = (await apiCall<{ items: { id: number }[] }>(token, 'GET', '/api/v1/units?code=370702')).items[0]!;
    const townships = await apiCall<{ items: { name: string }[] }>(
      token,
      'GET',
      `/api/v1/units?level=township&type=region&within=${county.id}&limit=100`,
    );
    const grids = await apiCall<{ items: unknown[] }>(
      token,
      'GET',
      `/api/v1/units/${county.id}/grid-geometries?limit=500`,
    );
    expect(townships.items.length).toBeGreaterThan(3);
    expect(grids.items.length).toBe(260);

    const answered = page.waitForResponse(isMapAnswer);
    await page.getByRole('menuitem', { name: '地图' }).click();
    await page.waitForURL(/\/map$/);
    const answer = (await (await answered).json()) as MapAnswer;
    const query = queryOf(await answered);
    expect(query.get('unitId')).toBe(String(county.id));
    expect(query.get('bbox')).toMatch(/^[\d.]+,[\d.]+,[\d.]+,[\d.]+$/);
    expect(query.get('status')).toBe('registered,dispatched,in_progress');
    const pins = answer.features.map((f) => f.properties).filter((p): p is CasePin => p.kind === 'case');
    expect(answer.clustered).toBe(false);
    expect(pins.length).toBeGreaterThan(10);
    expect(pins.length).toBe(answer.total);

    // The base layer: every township named on the map, at least one drawn shape per grid.
    await expect
      .poll(() => mapTexts(page))
      .toEqual(expect.arrayContaining(townships.items.map((township) => township.name)));
    // The pins: as many of each status colour as the API sent cases of that status, and a red
    // ring for each overdue one.
    const byStatus = new Map<string, number>();
    for (const pin of pins) byStatus.set(pinColour(pin.status), (byStatus.get(pinColour(pin.status)) ?? 0) + 1);
    await expect
      .poll(async () => {
        const drawn = await mapPaths(page);
        return [...byStatus.keys()].map((fill) => drawn.filter((p) => p.fill === fill).length);
      })
      .toEqual([...byStatus.values()]);
    const drawn = await mapPaths(page);
    expect(drawn.filter((p) => p.stroke === OVERDUE_RING).length).toBe(pins.filter((p) => p.overdue).length);
    const boundaries = drawn.filter((p) => !byStatus.has(p.fill ?? ''));
    expect(boundaries.length).toBeGreaterThanOrEqual(grids.items.length);
    expect(await page.getByTestId('map-total').locator('.ant-statistic-content-value').innerText()).toBe(
      String(answer.total),
    );
    await expectCleanChinese(page, 'the case map');

    // The picture: saved beside the other browser tests' screenshots, and more than a blank page.
    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = path.join(ARTIFACTS, 'map.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(60_000);

    // A pin: its tooltip names the case, a click opens it.
    // (Asked again until the map has settled: ECharts may still be moving its shapes into place.)
    let at: { x: number; y: number } | null = null;
    await expect
      .poll(async () => (at = await topmostShape(page, [...byStatus.keys()])), {
        message: 'a pin not covered by another',
        timeout: 10_000,
      })
      .not.toBeNull();
    await page.mouse.move(at!.x, at!.y);
    const tooltip = page.locator('.case-map-tooltip').filter({ hasText: /370702-2026-/ });
    await expect.poll(() => tooltip.count()).toBeGreaterThan(0);
    const tipped = /370702-2026-[A-Z]?\d{6}/.exec(await tooltip.first().innerText())![0];
    const pin = pins.find((p) => p.number === tipped);
    expect(pin, `${tipped} is a case the API sent`).toBeDefined();
    await page.mouse.click(at!.x, at!.y);
    await page.waitForURL(new RegExp(`/cases/${pin!.id}$`));
    await page.getByText(pin!.number).first().waitFor();
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('fits a 375-px phone, clusters all the cases, and zooms in on a tapped bubble', async () => {
    const page = await open({ mobile: true });
    await page.setViewportSize({ width: 375, height: 812 });
    await signedIn(page, 'dispatcher');
    const first = page.waitForResponse(isMapAnswer);
    await page.goto(url('/map'));
    await first;
    await expect.poll(async () => (await mapPaths(page)).length).toBeGreaterThan(260);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // Every status: more cases than a phone's zoom shows one by one, so the server clusters them.
    const all = page.waitForResponse((r) => isMapAnswer(r) && !queryOf(r).has('status'));
    // The select's clear button (shown without hovering on a touch screen) empties it: every status.
    await page.getByTestId('map-status').locator('.ant-select-clear').click({ force: true });
    const allResponse = await all;
    const clustered = (await allResponse.json()) as MapAnswer;
    expect(clustered.clustered).toBe(true);
    const counts = clustered.features.map((f) => (f.properties.kind === 'cluster' ? f.properties.count : 1));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(clustered.total);
    // Each bubble shows its count.
    await expect
      .poll(() => mapTexts(page))
      .toEqual(expect.arrayContaining(counts.filter((c) => c > 1).map((c) => String(c))));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // A tap on the biggest bubble zooms in there: the next question is for a smaller box at a higher zoom.
    const biggest = String(Math.max(...counts));
    const label = page
      .getByTestId('case-map')
      .locator('svg text', { hasText: new RegExp(`^${biggest}$`) })
      .first();
    const box = (await label.boundingBox())!;
    const zoomed = page.waitForResponse((r) => isMapAnswer(r) && r.url() !== allResponse.url());
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    const after = queryOf(await zoomed);
    const before = queryOf(allResponse);
    expect(Number(after.get('zoom'))).toBeGreaterThan(Number(before.get('zoom')));
    const width = (q: URLSearchParams) => {
      const [minLng, , maxLng] = q.get('bbox')!.split(',').map(Number);
      return maxLng! - minLng!;
    };
    expect(width(after)).toBeLessThan(width(before) / 2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('registers a case at the point tapped on the intake map, in the grid it shows', async () => {
    const page = await open({ mobile: true });
    await page.setViewportSize({ width: 375, height: 812 });
    await signedIn(page, 'operator');
    await page.goto(url('/intake'));
    const picker = page.getByTestId('point-picker-map');
    // The base layer is drawn before anything is picked.
    await expect.poll(() => picker.locator('svg text').count()).toBeGreaterThan(3);
    await expect.poll(() => picker.locator('svg path').count()).toBeGreaterThanOrEqual(260);
    expect(await page.getByTestId('point-picker-grid').innerText()).toBe('尚未选择位置');

    await page.getByTestId('category-select').click();
    await page.keyboard.type('物业服务');
    await page.locator('.ant-select-item-option', { hasText: '物业服务投诉' }).click();
    await page.getByTestId('intake-description').fill('小区东门路灯坏了一个多月，夜里出行不便');

    // "Use my location": the browser's GPS fix (WGS84) becomes a GCJ-02 point, the map closes in
    // on it and names the grids around it.
    const token = await loginApi(base(), 'operator');
    const gps = { longitude: 119.02, latitude: 36.7 };
    await page.context().grantPermissions(['geolocation'], { origin: base() });
    await page.context().setGeolocation(gps);
    await page.getByTestId('point-picker-gps').click();
    const [gpsLng, gpsLat] = toGcj02(gps.longitude, gps.latitude, 'wgs84');
    const coords = page.getByTestId('point-picker-coords');
    await expect.poll(() => coords.innerText()).toBe(`经度 ${gpsLng.toFixed(6)}，纬度 ${gpsLat.toFixed(6)}`);
    const gpsGrid = await apiCall<{ name: string }>(
      token,
      'GET',
      `/api/v1/grids/locate?lng=${gps.longitude}&lat=${gps.latitude}&crs=wgs84`,
    );
    await expect.poll(() => page.getByTestId('point-picker-grid').innerText()).toContain(gpsGrid.name);
    await expect.poll(() => picker.locator('svg text').allTextContents()).toContain(gpsGrid.name);

    // A tap a little off the middle of the map moves the point there.
    await picker.scrollIntoViewIfNeeded();
    const box = (await picker.boundingBox())!;
    await page.touchscreen.tap(box.x + box.width * 0.42, box.y + box.height * 0.62);
    await expect.poll(() => coords.innerText()).not.toContain(gpsLng.toFixed(6));
    const [lng, lat] = (/经度 ([\d.]+)，纬度 ([\d.]+)/.exec(await coords.innerText()) ?? []).slice(1).map(Number);
    expect(lng).toBeGreaterThan(118);
    expect(lat).toBeGreaterThan(36);
    const grid = await apiCall<{ id: number; name: string }>(
      token,
      'GET',
      `/api/v1/grids/locate?lng=${lng}&lat=${lat}&crs=gcj02`,
    );
    await expect.poll(() => page.getByTestId('point-picker-grid').innerText()).toContain(`所在网格：${grid.name}`);

    // No unit chosen: the point alone places the case.
    const created = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/cases') && r.request().method() === 'POST' && r.status() === 201,
    );
    await page.getByTestId('intake-submit').click();
    const { id, trackingCode } = (await (await created).json()) as { id: number; trackingCode: string };
    // The receipt gives the reporter's tracking code with the number (issue 15).
    await expect.poll(() => page.getByTestId('intake-tracking-code').innerText()).toContain(trackingCode);
    const detail = await apiCall<{ gridId: number | null; location: { lng: number; lat: number; crs: string } | null }>(
      token,
      'GET',
      `/api/v1/cases/${id}`,
    );
    expect(detail.location).not.toBeNull();
    expect(detail.location!.lng).toBeCloseTo(lng!, 6);
    expect(detail.location!.lat).toBeCloseTo(lat!, 6);
    expect(detail.gridId).toBe(grid.id);
    // The form is ready for the next call: the point is cleared.
    await expect.poll(() => page.getByTestId('point-picker-grid').innerText()).toBe('尚未选择位置');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
