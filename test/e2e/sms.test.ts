// Issue 15, SMS, in real Chromium against `npm start` in demo mode: a case reported with a phone
// reaches the demo's SMS outbox with its number and tracking code; a simulated TD reply stops the
// phone; the administrator's template editor refuses a placeholder the template cannot fill; a
// dispatcher opts in to red cards by SMS on the settings page. Every page reads as clean Chinese.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../server/demo/seed-demo.ts';
import {
  apiCall,
  apiLogin,
  browserSuite,
  chromiumMissing,
  expectCleanChinese,
  inCi,
  signIn as submitSignIn,
  tokenOf,
  warnIfSkipped,
} from './support.ts';

import { SMS_TEMPLATE_PLACEHOLDERS } from '../../common/sms-templates.ts';

warnIfSkipped();

/** Identifiers an administrator types in a template ({number}) and the demo's account names. */
const ALLOWED_LATIN = new Set([
  'English',
  ...DEMO_ACCOUNTS.map((a) => a.username),
  // Every template's placeholders, from the one list of them.
  ...Object.values(SMS_TEMPLATE_PLACEHOLDERS).flat(),
]);

describe.skipIf(chromiumMissing && !inCi)('SMS in Chromium', () => {
  // The notifier runs every second, so what the API enqueues reaches the outbox while we look.
  const { base, url, open, pageErrors } = browserSuite({ CONCORD_JOB_INTERVAL_MS: '1000' });

  async function signIn(page: Page, username: string): Promise<void> {
    await page.goto(url('/login'));
    await submitSignIn(page, username);
    await page.getByTestId('current-user').waitFor();
  }

  it('shows the received SMS in the outbox, stops the phone on TD, and guards the templates', async () => {
    const operator = await apiLogin(base(), 'operator');
    const grid = await apiCall<{ items: { id: number }[] }>(
      base(),
      operator,
      'GET',
      '/api/v1/units?code=370702001001G01',
    );
    const created = await apiCall<{ id: number; number: string; trackingCode: string }>(
      base(),
      operator,
      'POST',
      '/api/v1/cases',
      {
        kind: 'complaint',
        categoryCode: 'CMP.NOISE',
        channel: 'window',
        description: '楼下商铺夜间噪音扰民，多次沟通无果',
        unitId: grid.items[0]!.id,
        reporter: { name: '孙七', phone: '13766668888' },
      },
    );

    const admin = await open();
    await signIn(admin, 'admin');
    await admin.goto(url('/admin/sms-outbox'));
    const row = admin.locator('tr', { hasText: created.number });
    await expect
      .poll(
        async () => {
          await admin.getByTestId('sms-outbox-refresh').click();
          return row.count();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(1);
    const text = await row.getByTestId('sms-outbox-text').innerText();
    expect(text).toContain(`编号${created.number}`);
    expect(text).toContain(`查询码${created.trackingCode}`);
    expect(await row.innerText()).toContain('137****8888');
    expect(await row.innerText()).not.toContain('13766668888');
    // Tracking codes are codes, not words: the ones the outbox shows may appear.
    const shown = await apiCall<{ items: { text: string }[] }>(
      base(),
      await tokenOf(admin),
      'GET',
      '/api/v1/sms-outbox?limit=200',
    );
    const codes = shown.items.flatMap((item) => item.text.match(/[0-9A-Za-z]{4,}/g) ?? []);
    await expectCleanChinese(admin, '/admin/sms-outbox', new Set([...ALLOWED_LATIN, ...codes]));

    // The resident answers TD: the phone is unsubscribed.
    await row.getByRole('button', { name: '模拟回复' }).click();
    await admin.getByTestId('sms-reply-content').fill(' td ');
    await admin.getByTestId('sms-reply-send').click();
    await admin.getByText('该号码已退订').waitFor();

    // A placeholder the template cannot fill is refused in the dialog; a good text is saved.
    await admin.goto(url('/admin/sms-templates'));
    await admin.getByTestId('sms-template-edit-case_received').click();
    const field = admin.getByTestId('sms-template-text');
    await field.fill('您的问题已受理，编号{number}，电话{phone}');
    await admin.getByTestId('sms-template-save').click();
    await admin.getByText('不能使用占位符 {phone}').waitFor();
    await field.fill('【某某县矛盾纠纷调处中心】已受理，编号{number}，查询码{trackingCode}。');
    await admin.getByTestId('sms-template-save').click();
    await admin.getByText('模板已保存').waitFor();
    await admin
      .getByTestId('sms-template-row-text')
      .filter({ hasText: '已受理，编号{number}，查询码{trackingCode}。' })
      .waitFor();
    await expectCleanChinese(admin, '/admin/sms-templates', ALLOWED_LATIN);
  }, 180_000);

  it('lets a dispatcher opt in to red cards by SMS on the settings page', async () => {
    const dispatcher = await open();
    await signIn(dispatcher, 'dispatcher');
    await dispatcher.getByRole('menuitem', { name: '个人设置' }).click();
    await dispatcher.getByTestId('sms-alerts').waitFor();
    await dispatcher.getByLabel('红牌：已超过办理时限').check();
    await dispatcher.getByTestId('sms-alerts-phone').fill('1391234');
    await dispatcher.getByTestId('sms-alerts-save').click();
    await dispatcher.getByText('请填写 11 位手机号码').waitFor();
    await dispatcher.getByTestId('sms-alerts-phone').fill('13912345678');
    await dispatcher.getByTestId('sms-alerts-save').click();
    await dispatcher.getByText('当前：139****5678，如需更换请重新填写').waitFor();
    await expectCleanChinese(dispatcher, '/settings', ALLOWED_LATIN);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
