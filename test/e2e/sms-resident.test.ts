// Issue 15's resident in real Chromium on a phone (375×812, touch) against `npm start`'s own process
// with its notifier running: a resident signs up on /m with the code from the SMS (read from the
// demo's local gateway, GET /api/v1/sms-outbox), reports, and finds the received SMS with the
// case's tracking code in the outbox; staff dispatch, accept and resolve the case through the API
// and the resolved SMS follows, whose link opens the case's progress on /m without an account. A
// visitor reports without an account, keeps the receipt's tracking code and follows the case by it.
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  apiCall,
  apiLogin,
  browserSuite,
  chromiumMissing,
  expectCleanChinese,
  inCi,
  warnIfSkipped,
} from './support.ts';

warnIfSkipped();

// gcoord is CommonJS whose typings describe an ES default export (as in server/modules/org/geo.ts).
const gcoord = createRequire(import.meta.url)('gcoord') as typeof import('gcoord').default;

const PHONE = '13905364321';
const MASKED = '139****4321';
const DESCRIPTION = '小区北门的路灯坏了两个星期，晚上出入很不安全，请尽快修理';
const RESULT = '已安排维修人员更换北门路灯灯具，经夜间检查已恢复照明';
const GRID_CODE = '370702001001G01';

/** The tracking code's runs of letters are no English: allowed on a zh-CN page beside the usual words. */
const codeWords = (code: string) => new Set(['English', 'Word', ...(code.match(/[A-Za-z]{4,}/g) ?? [])]);

interface SmsItem {
  id: number;
  phoneMasked: string;
  template: string;
  text: string;
}

describe.skipIf(chromiumMissing && !inCi)('a resident by SMS code, on a phone', () => {
  // The notifier delivers the outbox every 300 ms, so each SMS reaches the local gateway.
  const { base, url, open, pageErrors } = browserSuite({ CONCORD_JOB_INTERVAL_MS: '300' });
  const call = <T>(token: string, method: string, p: string, body?: unknown) =>
    apiCall<T>(base(), token, method, p, body);

  async function phone(): Promise<Page> {
    const page = await open({ mobile: true });
    await page.setViewportSize({ width: 375, height: 812 });
    return page;
  }

  async function noSideways(page: Page, where: string): Promise<void> {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `horizontal scroll on ${where}`).toBeLessThanOrEqual(375);
  }

  /** The newest SMS of `template` to the masked phone, once the notifier has sent it. */
  async function sms(admin: string, masked: string, template: string, containing = ''): Promise<SmsItem> {
    let found: SmsItem | undefined;
    await expect
      .poll(
        async () => {
          const { items } = await call<{ items: SmsItem[] }>(admin, 'GET', '/api/v1/sms-outbox?limit=200');
          found = items.find((m) => m.phoneMasked === masked && m.template === template && m.text.includes(containing));
          return found !== undefined;
        },
        { timeout: 20_000, interval: 300 },
      )
      .toBe(true);
    return found!;
  }

  it('signs a resident up by SMS code, who reports and gets the received and later the resolved SMS', async () => {
    const admin = await apiLogin(base(), 'admin');
    const page = await phone();
    await page.goto(url('/m'));
    await page.getByTestId('sms-phone').waitFor();
    await expectCleanChinese(page, 'the SMS sign-in form');
    await noSideways(page, 'the SMS sign-in form');

    await page.getByTestId('sms-phone').fill(PHONE);
    await page.getByTestId('sms-send').click();
    // The button counts down until another code may be asked for.
    await expect.poll(() => page.getByTestId('sms-send').innerText()).toMatch(/\d+ 秒后重新获取/);
    expect(await page.getByTestId('sms-send').isDisabled()).toBe(true);
    const codeSms = await sms(admin, MASKED, 'login_code');
    const code = /\d{6}/.exec(codeSms.text)![0];
    await noSideways(page, 'the SMS sign-in form with its countdown');

    // A wrong code first: refused, said in Chinese.
    await page.getByTestId('sms-code').fill(code === '000000' ? '000001' : '000000');
    await page.getByTestId('sms-submit').click();
    await expect.poll(() => page.getByTestId('sms-error').innerText()).toContain('验证码错误');
    await page.getByTestId('sms-code').fill(code);
    await page.getByTestId('sms-submit').click();
    await page.getByTestId('report-description').waitFor();
    await expectCleanChinese(page, 'the report form of a resident signed up by SMS');
    await noSideways(page, 'the report form');

    await page.getByTestId('category-select').selectOption({ label: '物业服务投诉' });
    await page.getByTestId('report-description').fill(DESCRIPTION);
    await page.getByTestId('report-submit').click();
    await page.getByTestId('report-done').waitFor();
    const number = await page.getByTestId('reported-number').innerText();
    const trackingCode = (await page.getByTestId('tracking-code').innerText()).trim();
    expect(number).toMatch(/^370702-2026-\d{6}$/);
    expect(trackingCode).toMatch(/^[0-9A-Z]{8,}$/);
    await expectCleanChinese(page, 'the receipt', codeWords(trackingCode));
    await noSideways(page, 'the receipt');

    // The received SMS, to the account's phone, with the number and the tracking code.
    const received = await sms(admin, MASKED, 'case_received', trackingCode);
    expect(received.text).toContain(number);

    // Staff handle it through the API.
    const dispatcher = await apiLogin(base(), 'dispatcher');
    const department = await apiLogin(base(), 'department');
    const { items: found } = await call<{ items: { id: number; number: string }[] }>(
      dispatcher,
      'GET',
      `/api/v1/cases?q=${encodeURIComponent(number)}`,
    );
    const caseId = found.find((c) => c.number === number)!.id;
    const housing = await call<{ items: { id: number }[] }>(
      dispatcher,
      'GET',
      '/api/v1/units?code=370702-dept-housing',
    );
    const act = async (token: string, body: Record<string, unknown>) => {
      const now = await call<{ version: number }>(dispatcher, 'GET', `/api/v1/cases/${caseId}`);
      await call(token, 'POST', `/api/v1/cases/${caseId}/actions`, { version: now.version, ...body });
    };
    await act(dispatcher, { action: 'dispatch', leadUnitId: housing.items[0]!.id, note: '请住建局核查' });
    await act(department, { action: 'accept' });
    await act(department, { action: 'resolve', result: RESULT });

    // The resolved SMS, with the link that opens the case's progress by its tracking code.
    const resolved = await sms(admin, MASKED, 'case_resolved', trackingCode);
    const link = /\/m#track=[0-9A-Za-z-]+/.exec(resolved.text)?.[0];
    expect(link, resolved.text).toBe(`/m#track=${trackingCode}`);

    const visitor = await phone();
    await visitor.goto(url(link!));
    await visitor.getByTestId('track-result').waitFor();
    expect(await visitor.getByTestId('track-result-number').innerText()).toBe(number);
    expect(await visitor.getByTestId('case-status').innerText()).toBe('已办理待评价');
    await expectCleanChinese(visitor, 'the case opened from the SMS link');
    await noSideways(visitor, 'the case opened from the SMS link');

    // Signing in again with the same phone reuses the account: the case is among "my reports".
    await page.getByTestId('sign-out').click();
    await page.getByRole('tab', { name: '我要反映' }).click();
    await page.getByTestId('sms-phone').waitFor();
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('takes a report without an account and follows it by the receipt’s tracking code', async () => {
    // The phone's own position (WGS84, as a GPS gives it), inside the demo grid.
    const dispatcher = await apiLogin(base(), 'dispatcher');
    const grid = (await call<{ items: { id: number }[] }>(dispatcher, 'GET', `/api/v1/units?code=${GRID_CODE}`))
      .items[0]!;
    const located = await call<{ bbox: [number, number, number, number] }>(
      dispatcher,
      'GET',
      `/api/v1/units/${grid.id}/geometry`,
    );
    let point: [number, number] | null = null;
    const [minLng, minLat, maxLng, maxLat] = located.bbox;
    for (let i = 1; i < 10 && !point; i++) {
      for (let j = 1; j < 10 && !point; j++) {
        const lng = minLng + ((maxLng - minLng) * i) / 10;
        const lat = minLat + ((maxLat - minLat) * j) / 10;
        const res = await fetch(`${base()}/api/v1/grids/locate?lng=${lng}&lat=${lat}`, {
          headers: { authorization: `Bearer ${dispatcher}` },
        });
        if (res.ok && ((await res.json()) as { id: number }).id === grid.id) point = [lng, lat];
      }
    }
    expect(point).not.toBeNull();
    const [lng, lat] = gcoord.transform<[number, number]>(point!, gcoord.GCJ02, gcoord.WGS84);

    const page = await phone();
    await page.context().grantPermissions(['geolocation', 'clipboard-read', 'clipboard-write'], { origin: base() });
    await page.context().setGeolocation({ longitude: lng, latitude: lat, accuracy: 10 });
    await page.goto(url('/m'));
    await page.getByTestId('report-anonymously').click();
    await page.getByTestId('public-report-form').waitFor();
    await expectCleanChinese(page, 'the report without an account');
    await noSideways(page, 'the report without an account');
    await page.getByTestId('public-category-select').selectOption({ label: '物业服务投诉' });
    await page.getByTestId('public-description').fill('小区垃圾站三天没有清运，气味很大，蚊蝇很多');
    await page.getByTestId('public-locate').click();
    await page.getByTestId('public-located').waitFor();
    await page.getByTestId('public-submit').click();
    await page.getByTestId('public-report-done').waitFor();
    const number = await page.getByTestId('reported-number').innerText();
    const trackingCode = (await page.getByTestId('tracking-code').innerText()).trim();
    expect(number).toMatch(/^370702-2026-\d{6}$/);
    await page.getByTestId('copy-tracking-code').click();
    await expect.poll(() => page.getByTestId('copy-tracking-code').innerText()).toBe('已复制');
    await expectCleanChinese(page, 'the receipt of a report without an account', codeWords(trackingCode));
    await noSideways(page, 'the receipt of a report without an account');

    await page.getByRole('tab', { name: '进度查询' }).click();
    await page.getByTestId('track-code').fill(trackingCode.toLowerCase());
    await page.getByTestId('track-submit').click();
    await page.getByTestId('track-result').waitFor();
    expect(await page.getByTestId('track-result-number').innerText()).toBe(number);
    expect(await page.getByTestId('case-status').innerText()).toBe('待分拨');
    await noSideways(page, 'the case followed by its tracking code');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
