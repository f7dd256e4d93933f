// Issue 14's staff on a phone, in real Chromium at 375 × 812 with touch, against `npm start`'s own
// process: the grid worker reports a problem with two camera photos (one a 4000 × 3000 photo over
// the server's 10 MB limit, carrying its GPS position in EXIF) and a point on the map, sees the
// grid before submitting, and the case holds both photos, shrunk, and the place; the grid worker
// settles another case on the spot with photos before and after; and for every demo staff account
// no page of its menu scrolls sideways at 375 px.
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { isRole } from '../../common/roles.ts';
import { consoleEntries, splitTabs } from '../../web/src/app/console-nav.ts';
import { MESSAGES } from '../../web/src/shared/messages.ts';
import { jpegSize, withExifGps, type Gps } from './jpeg-exif.ts';
import {
  apiCall as callApi,
  apiLogin as loginApi,
  browserSuite,
  chromiumMissing,
  expectCleanChinese,
  inCi,
  networkSettled,
  signIn,
  tokenOf,
  warnIfSkipped,
} from './support.ts';

// gcoord is CommonJS whose typings describe an ES default export (as in server/modules/org/geo.ts).
const gcoord = createRequire(import.meta.url)('gcoord') as typeof import('gcoord').default;

const WIDTH = 375;
const STAFF_ACCOUNTS = [
  'dispatcher',
  'operator',
  'department',
  'gridworker',
  'mediator',
  'court',
  'leader',
  'evaluator',
  'township',
  'admin',
];
const ADMIN_TABS = ['/admin/org', '/admin/categories', '/admin/calendar', '/admin/users', '/admin/audit'];
const GRID_CODE = '370702001001G01';
/** The server refuses uploads above this (MAX_ATTACHMENT_BYTES): the big photo must exceed it. */
const SERVER_LIMIT = 10 * 1024 * 1024;

interface Attachment {
  id: number;
  fileName: string;
  mediaType: string;
  size: number;
  stage: string;
  location: { lng: number; lat: number; crs: string } | null;
}

warnIfSkipped();

describe.skipIf(chromiumMissing && !inCi)('the console on a phone (375 × 812, touch)', () => {
  const { base, url, open, pageErrors } = browserSuite();
  const apiCall = <T>(token: string, method: string, p: string, body?: unknown) =>
    callApi<T>(base(), token, method, p, body);

  async function phone(): Promise<Page> {
    const page = await open({ mobile: true });
    await page.setViewportSize({ width: WIDTH, height: 812 });
    return page;
  }

  async function signedIn(username: string): Promise<Page> {
    const page = await phone();
    await page.goto(url('/login'));
    await signIn(page, username);
    await page.getByTestId('current-user').waitFor();
    return page;
  }

  /** Everything loaded and drawn: no request in flight (the inbox's event stream aside), no spinner. */
  async function settled(page: Page): Promise<void> {
    await networkSettled(page);
    await expect.poll(() => page.locator('.ant-spin-spinning').count(), { timeout: 30_000 }).toBe(0);
  }

  /** How far the page reaches to the right, and the elements sticking out (for the message). */
  async function overflow(page: Page): Promise<{ width: number; culprits: string[] }> {
    return page.evaluate((limit) => {
      const culprits: string[] = [];
      for (const node of document.body.querySelectorAll('*')) {
        const box = node.getBoundingClientRect();
        if (box.width > 0 && box.right > limit + 0.5 && culprits.length < 5) {
          const name = `${node.tagName.toLowerCase()}.${[...node.classList].join('.')}`;
          culprits.push(`${name} (${Math.round(box.left)}…${Math.round(box.right)})`);
        }
      }
      return { width: document.documentElement.scrollWidth, culprits };
    }, WIDTH);
  }

  /**
   * The demo grid worker's grid and two points inside it (GCJ-02), as the server's own locate finds
   * them: the middle of its bounding box (where the map, fitted to the worker's one grid, has its
   * centre) and another, where the photo was taken.
   */
  async function theGrid(token: string): Promise<{ id: number; name: string; centre: Gps; elsewhere: Gps }> {
    const grid = (
      await apiCall<{ items: { id: number; name: string }[] }>(token, 'GET', `/api/v1/units?code=${GRID_CODE}`)
    ).items[0]!;
    const geometry = await apiCall<{ bbox: [number, number, number, number] }>(
      token,
      'GET',
      `/api/v1/units/${grid.id}/geometry`,
    );
    const [minLng, minLat, maxLng, maxLat] = geometry.bbox;
    const at = (fx: number, fy: number): Gps => ({
      lng: minLng + (maxLng - minLng) * fx,
      lat: minLat + (maxLat - minLat) * fy,
    });
    const inGrid = async (point: Gps) => {
      const res = await fetch(`${base()}/api/v1/grids/locate?lng=${point.lng}&lat=${point.lat}&crs=gcj02`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return res.ok && ((await res.json()) as { id: number }).id === grid.id;
    };
    const centre = at(0.5, 0.5);
    expect(await inGrid(centre), 'the middle of the demo grid lies in it').toBe(true);
    for (const [fx, fy] of [
      [0.3, 0.3],
      [0.7, 0.7],
      [0.3, 0.7],
      [0.7, 0.3],
      [0.5, 0.25],
      [0.25, 0.5],
    ] as const) {
      const elsewhere = at(fx, fy);
      if (await inGrid(elsewhere)) return { ...grid, centre, elsewhere };
    }
    throw new Error('no second point found inside the grid');
  }

  /**
   * A JPEG drawn by the page's own canvas: `noise` makes it as heavy as a real photo of foliage
   * (a 4000 × 3000 one is well over 10 MB at full quality), else a few smooth bands.
   */
  async function makeJpeg(page: Page, width: number, height: number, noise: boolean): Promise<Buffer> {
    const dataUrl = await page.evaluate(
      ({ width, height, noise }) => {
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = height;
        const context = canvas.getContext('2d')!;
        if (noise) {
          const image = context.createImageData(width, height);
          const data = image.data;
          let seed = 12345;
          for (let i = 0; i < data.length; i += 4) {
            seed = (seed * 1103515245 + 12345) & 0x7fffffff;
            data[i] = seed & 255;
            data[i + 1] = (seed >> 8) & 255;
            data[i + 2] = (seed >> 16) & 255;
            data[i + 3] = 255;
          }
          context.putImageData(image, 0, 0);
        } else {
          for (let band = 0; band < 6; band += 1) {
            context.fillStyle = `hsl(${band * 60}, 60%, 50%)`;
            context.fillRect(0, (band * height) / 6, width, height / 6);
          }
        }
        return canvas.toDataURL('image/jpeg', noise ? 0.97 : 0.9);
      },
      { width, height, noise },
    );
    return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  }

  async function attachmentsOf(token: string, caseId: number): Promise<Attachment[]> {
    return (await apiCall<{ items: Attachment[] }>(token, 'GET', `/api/v1/cases/${caseId}/attachments`)).items;
  }

  async function downloaded(token: string, caseId: number, attachmentId: number): Promise<Buffer> {
    const res = await fetch(`${base()}/api/v1/cases/${caseId}/attachments/${attachmentId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  }

  it('lets the grid worker report a problem with two photos and the point on the map', async () => {
    const token = await loginApi(base(), 'gridworker');
    const grid = await theGrid(token);
    const whereTaken = grid.elsewhere;
    const page = await signedIn('gridworker');

    // The phone frame: a bottom tab bar, no side menu, nothing wider than the screen.
    const tabBar = page.getByTestId('tab-bar');
    await tabBar.waitFor();
    expect(await page.locator('.ant-layout-sider').count()).toBe(0);
    expect(await tabBar.innerText()).toContain('上报');
    await settled(page);
    // One compact header line: the short title, the search icon, the inbox bell and the user menu side by side.
    const header = page.locator('[data-layout="phone"] > header');
    const line = await header.evaluate((h) => {
      const box = h.getBoundingClientRect();
      return {
        height: box.height,
        parts: [...h.children].map((c) => {
          const r = c.getBoundingClientRect();
          return { top: r.top - box.top, bottom: r.bottom - box.top, right: r.right };
        }),
      };
    });
    expect(line.height, 'one 48-px line and its 1-px border').toBeLessThanOrEqual(49);
    expect(line.parts.length).toBe(4);
    for (const part of line.parts) {
      expect(part.top).toBeGreaterThanOrEqual(0);
      expect(part.bottom).toBeLessThanOrEqual(line.height);
      expect(part.right).toBeLessThanOrEqual(WIDTH);
    }
    await expect.poll(() => page.getByTestId('header-search-open').isVisible()).toBe(true);
    expect((await overflow(page)).width).toBeLessThanOrEqual(WIDTH);
    await expectCleanChinese(page, 'the grid worker’s workbench on a phone');

    const big = withExifGps(await makeJpeg(page, 4000, 3000, true), gcoordToWgs(whereTaken));
    const small = await makeJpeg(page, 1200, 900, false);
    expect(big.length, 'the big photo is over the server’s limit as taken').toBeGreaterThan(SERVER_LIMIT);

    await tabBar.getByText('上报', { exact: true }).click();
    await page.getByTestId('report-page').waitFor();
    await expectCleanChinese(page, 'the report form');
    await page.getByTestId('category-select').click();
    await page.keyboard.type('占道');
    await page.locator('.ant-select-item-option', { hasText: '占道经营' }).click();
    await page.getByTestId('report-description').fill('幸福路与和平街路口有流动摊贩占道经营，影响车辆通行');
    await page.getByTestId('report-photos-camera').setInputFiles([
      { name: 'IMG_4032.jpg', mimeType: 'image/jpeg', buffer: big },
      { name: 'IMG_4033.jpg', mimeType: 'image/jpeg', buffer: small },
    ]);
    const previews = page.getByTestId('report-photos-preview');
    await expect.poll(() => previews.count(), { timeout: 60_000 }).toBe(2);
    expect(await previews.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-gps')))).toEqual(['yes', 'no']);
    // The big photo's position is offered as the place, and its grid shown before submitting.
    const coords = page.getByTestId('point-picker-coords');
    await expect.poll(() => coords.innerText()).toContain(whereTaken.lng.toFixed(4));
    await expect.poll(() => page.getByTestId('point-picker-grid').innerText()).toContain(grid.name);
    // Moved on the map: a tap in the middle of the grid worker's grid places the point there.
    await page.getByTestId('point-picker-map').scrollIntoViewIfNeeded();
    await settled(page);
    await page.getByTestId('point-picker-map').tap();
    await expect.poll(() => coords.innerText()).not.toContain(whereTaken.lng.toFixed(4));
    await expect.poll(() => page.getByTestId('point-picker-grid').innerText()).toContain(grid.name);
    const picked = /([\d.]+)\D+([\d.]+)/.exec(await coords.innerText())!;
    const chosen = { lng: Number(picked[1]), lat: Number(picked[2]) };
    expect(chosen.lng).toBeCloseTo(grid.centre.lng, 3);
    expect(chosen.lat).toBeCloseTo(grid.centre.lat, 3);
    expect(await page.getByTestId('report-use-photo-location').count(), 'the photo’s place stays on offer').toBe(1);
    expect((await overflow(page)).width).toBeLessThanOrEqual(WIDTH);

    await page.getByTestId('report-submit').click();
    await page.getByTestId('report-done').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('report-photos-sent').innerText()).toContain('2');
    expect(await page.getByTestId('report-photos-failed').count()).toBe(0);
    const caseId = Number(await page.getByTestId('report-done').getAttribute('data-case-id'));
    const number = /\d{6}-\d{4}-[A-Z]?\d{6}/.exec(await page.getByTestId('report-number').innerText())![0];
    await expectCleanChinese(page, 'the report confirmation');
    // 我的上报 lists it first, as a card.
    await tabBar.getByText('我的上报', { exact: true }).click();
    const first = page.getByTestId('my-reports').getByTestId('case-card').first();
    await expect.poll(() => first.getByTestId('case-link').innerText()).toBe(number);
    expect((await overflow(page)).width).toBeLessThanOrEqual(WIDTH);
    await expectCleanChinese(page, 'my reports');

    const record = await apiCall<{ gridId: number; channel: string; location: { lng: number; lat: number } | null }>(
      token,
      'GET',
      `/api/v1/cases/${caseId}`,
    );
    expect(record.gridId).toBe(grid.id);
    expect(record.channel).toBe('grid_patrol');
    expect(record.location!.lng).toBeCloseTo(chosen.lng, 5);
    expect(record.location!.lat).toBeCloseTo(chosen.lat, 5);
    const attachments = await attachmentsOf(token, caseId);
    expect(attachments.map((a) => a.stage)).toEqual(['report', 'report']);
    for (const attachment of attachments) {
      expect(attachment.mediaType).toBe('image/jpeg');
      const size = jpegSize(await downloaded(token, caseId, attachment.id));
      expect(Math.max(size.width, size.height), attachment.fileName).toBeLessThanOrEqual(1600);
    }
    const bigOne = attachments.find((a) => a.fileName === 'IMG_4032.jpg')!;
    expect(jpegSize(await downloaded(token, caseId, bigOne.id))).toEqual({ width: 1600, height: 1200 });
    expect(bigOne.size).toBeLessThan(SERVER_LIMIT / 4);
    expect(bigOne.location!.lng).toBeCloseTo(whereTaken.lng, 4);
    expect(attachments.find((a) => a.fileName === 'IMG_4033.jpg')!.location).toBeNull();

    // The staff case page shows where it was reported, on the base map, and the two photos.
    await page.goto(url(`/cases/${caseId}`));
    const point = page.getByTestId('case-point').getByTestId('point-view');
    await point.waitFor();
    await point.scrollIntoViewIfNeeded();
    const shown = ((await point.locator('[role="img"]').getAttribute('aria-label')) ?? '').match(/\d+\.\d+/g) ?? [];
    expect(shown.map(Number)).toHaveLength(2);
    expect(Number(shown[0])).toBeCloseTo(chosen.lng, 5);
    expect(Number(shown[1])).toBeCloseTo(chosen.lat, 5);
    await expect
      .poll(() => point.evaluate((el) => [...el.querySelectorAll('svg text')].map((t) => t.textContent ?? '')), {
        timeout: 20_000,
      })
      .toContain('城关街道'); // the township of the grid worker's grid, 370702001001G01
    expect(await point.innerText()).not.toContain('底图未能载入');
    const photos = page.getByTestId('photo-gallery').locator('[data-attachment-id] img');
    await expect.poll(() => photos.count()).toBe(2);
    await expect
      .poll(() => photos.evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth > 0)))
      .toEqual([true, true]);
    expect((await overflow(page)).width).toBeLessThanOrEqual(WIDTH);
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('lets the grid worker settle a case on the spot with photos before and after, then add a result photo', async () => {
    const token = await loginApi(base(), 'gridworker');
    const created = await apiCall<{ id: number; number: string }>(token, 'POST', '/api/v1/cases', {
      kind: 'complaint',
      categoryCode: 'CMP.POLLUTION',
      channel: 'grid_patrol',
      description: '小区门口垃圾桶满溢，垃圾散落路面',
    });
    const page = await signedIn('gridworker');
    const card = page.locator(`[data-testid=panel-grid] [data-testid=case-card][data-case-id="${created.id}"]`);
    await card.getByTestId('solve-link').click();
    await page.getByTestId('solve-page').waitFor();
    await settled(page);
    await expectCleanChinese(page, 'the on-the-spot form');
    const before = await makeJpeg(page, 3000, 2000, false);
    const after = await makeJpeg(page, 2000, 3000, false);
    await page
      .getByTestId('solve-before-camera')
      .setInputFiles([{ name: 'before.jpg', mimeType: 'image/jpeg', buffer: before }]);
    await page.getByTestId('solve-result').fill('已联系环卫清运满溢垃圾，路面清扫干净');
    await page
      .getByTestId('solve-after-camera')
      .setInputFiles([{ name: 'after.jpg', mimeType: 'image/jpeg', buffer: after }]);
    await expect.poll(() => page.getByTestId('solve-after-preview').count()).toBe(1);
    expect((await overflow(page)).width).toBeLessThanOrEqual(WIDTH);
    await page.getByTestId('solve-submit').click();
    await page.getByTestId('solve-done').waitFor({ timeout: 60_000 });
    // The case's photos by stage, and a result photo added after it is resolved.
    const gallery = page.getByTestId('photo-gallery');
    await expect
      .poll(() =>
        gallery.getByTestId('gallery-stage').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-stage'))),
      )
      .toEqual(['before', 'after']);
    await expectCleanChinese(page, 'the case solved on the spot');
    const result = await makeJpeg(page, 1600, 1200, false);
    await page
      .getByTestId('gallery-add-camera')
      .setInputFiles([{ name: 'result.jpg', mimeType: 'image/jpeg', buffer: result }]);
    await page.getByTestId('gallery-send').click();
    await expect
      .poll(() =>
        gallery.getByTestId('gallery-stage').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-stage'))),
      )
      .toEqual(['before', 'after', 'result']);
    await expect.poll(() => gallery.locator('[data-attachment-id] img').count()).toBe(3);
    // Every preview is drawn (the image loads with the session), not a broken icon.
    await expect
      .poll(() =>
        gallery
          .locator('[data-attachment-id] img')
          .evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth > 0)),
      )
      .toEqual([true, true, true]);
    expect((await overflow(page)).width).toBeLessThanOrEqual(WIDTH);

    // The case page shows the same photos by stage.
    await page
      .getByTestId('solve-done')
      .getByRole('link', { name: /查看事件|查 看 事 件/ })
      .click();
    await page.getByTestId('case-detail').waitFor();
    await settled(page);
    await expect
      .poll(() =>
        page
          .getByTestId('photo-gallery')
          .getByTestId('gallery-stage')
          .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-stage'))),
      )
      .toEqual(['before', 'after', 'result']);
    expect((await overflow(page)).width).toBeLessThanOrEqual(WIDTH);

    const record = await apiCall<{ status: string; result: string }>(token, 'GET', `/api/v1/cases/${created.id}`);
    expect(record.status).toBe('resolved');
    expect(record.result).toBe('已联系环卫清运满溢垃圾，路面清扫干净');
    const attachments = await attachmentsOf(token, created.id);
    expect(attachments.map((a) => `${a.stage}:${a.fileName}`).sort()).toEqual([
      'after:after.jpg',
      'before:before.jpg',
      'result:result.jpg',
    ]);
    const afterSize = jpegSize(await downloaded(token, created.id, attachments.find((a) => a.stage === 'after')!.id));
    expect(afterSize).toEqual({ width: 1067, height: 1600 });
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('scrolls no page of the menu, nor a case, sideways at 375 px, for every staff account', async () => {
    const wide: string[] = [];
    for (const username of STAFF_ACCOUNTS) {
      const page = await signedIn(username);
      const token = await tokenOf(page);
      const me = await apiCall<{ memberships: { role: string }[] }>(token, 'GET', '/api/v1/me');
      const roles = me.memberships.map((m) => m.role).filter(isRole);
      const entries = consoleEntries(roles);
      // The tab bar holds the first entries, "more" the rest.
      const tabBar = page.getByTestId('tab-bar');
      await tabBar.waitFor();
      const { tabs } = splitTabs(entries);
      const shown = await tabBar
        .locator('[data-path]')
        .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-path')));
      expect(shown, username).toEqual(tabs.map((entry) => entry.path));
      expect(await tabBar.innerText()).toContain(MESSAGES['phone.nav.more'].zh);
      // "More" holds the rest of the menu, and the language and sign-out.
      const { more } = splitTabs(entries);
      await page.getByTestId('tab-more').tap();
      const sheet = page.getByTestId('more-menu');
      await sheet.waitFor();
      const offered = await sheet
        .locator('[data-path]')
        .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-path')));
      expect(offered, username).toEqual(more.map((entry) => entry.path));
      expect(await sheet.getByTestId('sign-out').isVisible()).toBe(true);
      expect(await sheet.getByTestId('language-switch').isVisible()).toBe(true);
      if (more.length > 0) {
        await sheet.locator(`[data-path="${more[0]!.path}"]`).tap();
        await page.waitForURL((at) => at.pathname.startsWith(more[0]!.path));
      } else {
        await page.keyboard.press('Escape');
      }

      // The menu's pages, the administration's tabs, and a case the account sees (the page most
      // menus lead to).
      const visible = await apiCall<{ items: { id: number }[] }>(token, 'GET', '/api/v1/cases?limit=1');
      const pages = [
        ...entries.map((entry) => entry.path),
        ...(roles.includes('admin') ? ADMIN_TABS : []),
        ...visible.items.map((item) => `/cases/${item.id}`),
      ];
      for (const path of pages) {
        await page.goto(url(path));
        await tabBar.waitFor();
        await settled(page);
        const { width, culprits } = await overflow(page);
        if (width > WIDTH) wide.push(`${username} ${path}: ${width} px — ${culprits.join(', ')}`);
      }
      await page.context().close();
    }
    expect(wide).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 600_000);
});

function gcoordToWgs(point: Gps): Gps {
  const [lng, lat] = gcoord.transform<[number, number]>([point.lng, point.lat], gcoord.GCJ02, gcoord.WGS84);
  return { lng, lat };
}
