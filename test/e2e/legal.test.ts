// Issue 17's legal library in real Chromium against `npm start`'s own process: a mediator opens a
// mediation file, picks two articles from the library by searching in Chinese (调解依据), saves
// them, sees them on the file, and the 人民调解协议书 prints them; the library page finds and
// shows an article with its version and source.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  apiCall,
  apiLogin,
  browserSuite,
  chromiumMissing,
  dispatchedDispute,
  expectCleanChinese,
  inCi,
  signIn,
  warnIfSkipped,
} from './support.ts';

warnIfSkipped();

describe.skipIf(chromiumMissing && !inCi)('the legal library and the citation picker in Chromium', () => {
  const { base, url, open, pageErrors } = browserSuite();
  const call = <T>(token: string, method: string, p: string, body?: unknown) =>
    apiCall<T>(base(), token, method, p, body);
  let fileId: number;

  beforeAll(async () => {
    // A dispute dispatched to the committee, accepted by its mediator, with parties and a draft agreement.
    const created = await dispatchedDispute(base(), '两户因排水管道改造发生相邻纠纷，楼下住户家中渗水');
    const mediator = await apiLogin(base(), 'mediator');
    const current = await call<{ version: number }>(mediator, 'GET', `/api/v1/cases/${created.id}`);
    await call(mediator, 'POST', `/api/v1/cases/${created.id}/actions`, { action: 'accept', version: current.version });
    const file = await call<{ id: number }>(mediator, 'GET', `/api/v1/cases/${created.id}/mediation`);
    fileId = file.id;
    for (const [role, name] of [
      ['applicant', '王五'],
      ['respondent', '赵六'],
    ] as const) {
      await call(mediator, 'POST', `/api/v1/mediations/${fileId}/parties`, { role, kind: 'person', name });
    }
    await call(mediator, 'PUT', `/api/v1/mediations/${fileId}/agreement`, {
      form: 'written',
      facts: '赵六改造排水管道，堵塞王五家排水，双方争执。',
      issues: '排水管道恢复及损失承担。',
      responsibilities: '赵六负主要责任。',
      terms: ['赵六于五日内恢复排水管道。'],
      performanceManner: '赵六自行施工，社区监督',
      performanceDeadline: '2026-12-31',
    });
  }, 120_000);

  async function signedIn(username: string, path: string): Promise<Page> {
    const page = await open();
    await page.goto(url('/login'));
    await signIn(page, username);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(url(path));
    return page;
  }

  /** Searches the picker and cites the result whose title holds `label`. */
  async function cite(page: Page, words: string, label: string) {
    const picker = page.getByTestId('citation-picker');
    await picker.getByTestId('legal-search').fill(words);
    await picker.getByTestId('legal-search').press('Enter');
    const result = picker.getByTestId('legal-result').filter({ hasText: label }).first();
    await result.waitFor();
    await result.getByTestId('citation-add').click();
    await expect.poll(() => picker.getByTestId('citation-chosen').innerText()).toContain(label);
  }

  it('A mediator cites two articles found by Chinese words, and the agreement prints them', async () => {
    const page = await signedIn('mediator', `/mediations/${fileId}`);
    await page.getByTestId('mediation-file').waitFor();
    await page.getByTestId('cite-articles').click();
    await page.getByTestId('citation-picker').waitFor();
    await expectCleanChinese(page, 'the citation picker');
    await cite(page, '排水 便利', '第二百九十条');
    await cite(page, '明法析理', '第二十一条');
    await page.getByTestId('citation-save').click();
    await page.getByTestId('citation-picker').waitFor({ state: 'detached' });

    const cited = page.getByTestId('legal-basis');
    await expect.poll(() => cited.count()).toBe(2);
    expect(await cited.nth(0).innerText()).toContain('《中华人民共和国民法典》第二百九十条');
    expect(await cited.nth(1).innerText()).toContain('《中华人民共和国人民调解法》第二十一条');

    // The agreement as the A4 page prints what was cited.
    const token = await apiLogin(base(), 'mediator');
    const html = await (
      await fetch(url(`/api/v1/mediations/${fileId}/agreement.html`), { headers: { authorization: `Bearer ${token}` } })
    ).text();
    expect(html).toContain('依据《中华人民共和国民法典》第二百九十条和《中华人民共和国人民调解法》第二十一条的规定。');
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('The library page finds 相邻 and shows the article with its version and source', async () => {
    const page = await signedIn('operator', '/legal');
    await page.getByTestId('legal-library').waitFor();
    await page.getByTestId('legal-search').fill('相邻关系的原则');
    await page.getByTestId('legal-search').press('Enter');
    const first = page.getByTestId('legal-result').first();
    await expect.poll(() => first.innerText()).toContain('第二百八十八条');
    expect(await first.locator('mark').count()).toBeGreaterThan(0);
    await first.getByTestId('legal-open').click();
    const article = page.getByTestId('legal-article');
    await article.waitFor();
    expect(await article.innerText()).toContain(
      '不动产的相邻权利人应当按照有利生产、方便生活、团结互助、公平合理的原则',
    );
    expect(await article.innerText()).toContain('flk.npc.gov.cn');
    await expectCleanChinese(page, 'the legal library');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
