// Issue 16's public results page (/public) in real Chromium on a phone (375 px, zh-CN) against
// `npm start`'s own process with the demo data: anyone, without signing in, sees the county's
// figures, the townships ranked, the trend, the rising categories and a few resolved cases — and
// neither the page nor its API shows any phone number, ID number, name or address the database
// holds, even where a handler typed the reporter's data into a case's title and result. The page
// never scrolls sideways; /m and the sign-in page link to it.
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import type { AppContext } from '../../server/context.ts';
import { openDatabase, type DatabaseHandle } from '../../server/platform/db/database.ts';
import { loadDataKey, PersonalDataCipher } from '../../server/platform/crypto/personal-data.ts';
import { parsePeriod } from '../../common/period.ts';
import type { DB } from '../../server/schema.ts';
import { plantPersonalData, storedPersonalData, type PersonalData } from '../support/personal-data.ts';
import { testDataKey } from '../support/env.ts';
import { browserSuite, chromiumMissing, expectCleanChinese, inCi, warnIfSkipped } from './support.ts';

warnIfSkipped();

describe.skipIf(chromiumMissing && !inCi)('the public results page on a phone', () => {
  const dataDir = mkdtempSync(path.join(inject('runDir'), 'e2e-public-'));
  const env = { CONCORD_DATA_DIR: dataDir, CONCORD_DATA_KEY: testDataKey, CONCORD_DEMO_CASES: '600' };
  const { base, url, open, pageErrors } = browserSuite(env);

  /** The server's own database, opened beside it as the modules open it. */
  function serverDatabase(): { ctx: AppContext; handle: DatabaseHandle<DB> } {
    const config = loadConfig({ ...process.env, ...env, CONCORD_MODE: 'demo' });
    const handle = openDatabase<DB>({ url: config.databaseUrl, sqlitePath: config.sqlitePath });
    const cipher = new PersonalDataCipher(loadDataKey({ configured: config.dataKey, dataDir, demo: true }));
    return { ctx: { db: handle.db, dialect: handle.dialect, cipher } as unknown as AppContext, handle };
  }

  let secrets: PersonalData;

  async function phone(): Promise<Page> {
    const page = await open({ mobile: true });
    await page.setViewportSize({ width: 375, height: 812 });
    return page;
  }

  function expectNoPersonalData(text: string, where: string) {
    for (const secret of [...secrets.names, ...secrets.phones, ...secrets.idNumbers, ...secrets.addresses]) {
      expect(text.includes(secret), `${where} shows ${secret}`).toBe(false);
    }
    expect(text, `${where}: a phone or ID number`).not.toMatch(/(?<![\d.])1[3-9]\d{9}(?!\d)|\d{17}[\dXx]/);
  }

  it('shows the county’s results without login, and nothing personal', async () => {
    // Before anyone asks (the snapshot is computed on the first request): a careless handler typed
    // reporters' names, phones, ID numbers and addresses into last month's results.
    const { ctx, handle } = serverDatabase();
    try {
      const county = await ctx.db
        .selectFrom('org_unit')
        .select(['id', 'path'])
        .where('code', '=', '370702')
        .executeTakeFirstOrThrow();
      expect(await plantPersonalData(ctx, county, parsePeriod('2026-10')!)).toBeGreaterThan(5);
      secrets = await storedPersonalData(ctx);
    } finally {
      await handle.close();
    }
    expect(secrets.phones.length).toBeGreaterThan(50);
    expect(secrets.names.length).toBeGreaterThan(50);
    expect(secrets.idNumbers.length).toBeGreaterThan(0);

    const api = await fetch(`${base()}/api/v1/public/results`);
    expect(api.status).toBe(200);
    const body = await api.text();
    expect(body).toContain('潍城区');
    expectNoPersonalData(body, 'GET /api/v1/public/results');

    const page = await phone();
    await page.goto(url('/public'));
    await page.getByTestId('area-results').waitFor();
    await expectCleanChinese(page, 'the public results page');
    expect(await page.title()).toBe('诉求办理结果公开');
    await expect.poll(() => page.getByTestId('figure-received').innerText()).toMatch(/^[1-9]\d*$/);
    expect(await page.getByTestId('figure-satisfaction').innerText()).toMatch(/%$/);
    expect(await page.getByTestId('ranking').locator('tbody tr').count()).toBeGreaterThan(3);
    expect(await page.getByTestId('ranking').locator('tbody tr').first().locator('td').first().innerText()).toBe('1');
    expect(await page.getByTestId('trend-chart').locator('rect').count()).toBe(12);
    expect(await page.getByTestId('cases').locator('li').count()).toBe(5);
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toContain('乡镇（街道）排名');
    expect(text).toContain('办结案例');
    // Decisions of the residents' consultations are followed publicly until done (issue 19 §1).
    const followUp = page.getByTestId('public-follow-up').filter({ hasText: '老旧楼道照明改造' });
    await followUp.waitFor();
    expect(await followUp.innerText()).toContain('由街道统一更换楼道声控照明');
    expect(await followUp.getByTestId('public-follow-up-progress').innerText()).toBe('已完成 60%');
    // The cases shown are the ones with personal data typed in, scrubbed.
    expect(text).toContain('某某');
    expectNoPersonalData(text, '/public');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, 'horizontal scroll on /public').toBeLessThanOrEqual(375);
    // A page of its own: no console (Ant Design) on it.
    expect(await page.locator('[class*="ant-"]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('narrows to a township and to another period', async () => {
    const page = await phone();
    await page.goto(url('/public'));
    await page.getByTestId('area-results').waitFor();
    const township = await page.getByTestId('ranking').locator('tbody tr th').first().innerText();
    await page.getByTestId('area').selectOption({ label: township });
    await expect.poll(() => page.locator('.p-area-title').innerText()).toContain(township);
    await expect.poll(() => page.locator('tr.p-current').count()).toBe(1);
    await page.getByTestId('period').selectOption('2026-Q3');
    await expect.poll(() => page.locator('.p-area-title').innerText()).toContain('2026年第3季度');
    const text = await page.evaluate(() => document.body.innerText);
    expectNoPersonalData(text, `/public for ${township}, 2026-Q3`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    expect(pageErrors).toEqual([]);
  });

  it('is linked from the residents’ page and the sign-in page', async () => {
    const page = await phone();
    await page.goto(url('/m'));
    await page.getByTestId('public-results-link').click();
    await page.getByTestId('area-results').waitFor();
    expect(new URL(page.url()).pathname).toBe('/public');

    await page.goto(url('/login'));
    await page.getByTestId('public-results-link').click();
    await page.getByTestId('area-results').waitFor();
    expect(new URL(page.url()).pathname).toBe('/public');
    expect(pageErrors).toEqual([]);
  });
});
