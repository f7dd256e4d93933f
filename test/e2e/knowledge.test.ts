// Issue 15's operator tools in real Chromium against `npm start`'s own process: an operator finds
// an article while recording a call and closes the call with a direct answer (直接答复), after a
// look at the caller's earlier cases and their ratings (来电历史, the number never in the address);
// the knowledge base in a drawer on a phone; the administrator's list with review dates.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
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

/** A caller no demo case was reported from. */
const CALLER = '13655550277';
const ARTICLE = '人民调解不收费';

warnIfSkipped();

describe.skipIf(chromiumMissing && !inCi)('the operator’s knowledge base and direct answer', () => {
  const { base, url, open, pageErrors } = browserSuite();
  const apiCall = <T>(token: string, method: string, p: string, body?: unknown) =>
    callApi<T>(base(), token, method, p, body);
  let earlier: { id: number; number: string };

  beforeAll(async () => {
    // An earlier call from the same number, answered directly and rated satisfied on the return call.
    const operator = await loginApi(base(), 'operator');
    const grid = await apiCall<{ items: { id: number }[] }>(operator, 'GET', '/api/v1/units?code=370702001001G01');
    const found = await apiCall<{ items: { id: number; title: string }[] }>(
      operator,
      'GET',
      `/api/v1/knowledge?q=${encodeURIComponent('法律援助')}`,
    );
    earlier = await apiCall<{ id: number; number: string; version: number }>(operator, 'POST', '/api/v1/cases', {
      kind: 'inquiry',
      categoryCode: 'INQ.LEGAL',
      channel: 'hotline',
      description: '来电咨询被拖欠工资能否申请法律援助',
      unitId: grid.items[0]!.id,
      reporter: { name: '孙八', phone: CALLER },
      directAnswer: { articleId: found.items[0]!.id, answer: '追索劳动报酬申请法律援助不受经济困难条件限制。' },
    });
    const current = await apiCall<{ version: number }>(operator, 'GET', `/api/v1/cases/${earlier.id}`);
    await apiCall(operator, 'POST', `/api/v1/cases/${earlier.id}/actions`, {
      action: 'rate',
      version: current.version,
      rating: 'satisfied',
    });
  }, 120_000);

  /** The option of an open Select whose text contains `text`. */
  const option = (page: Page, text: string) =>
    page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text })
      .first();

  async function operatorAt(path: string, mobile = false): Promise<{ page: Page; addresses: string[] }> {
    const page = await open({ mobile });
    const addresses: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) addresses.push(frame.url());
    });
    await page.goto(url('/login'));
    await signIn(page, 'operator');
    await page.getByTestId('current-user').waitFor();
    await page.goto(url(path));
    return { page, addresses };
  }

  it('An operator finds an article while recording a call and closes the call with a direct answer', async () => {
    const { page, addresses } = await operatorAt('/intake');
    await page.getByTestId('intake-submit').waitFor();

    // The call: a question about 人民调解 from a caller who called before.
    await page.getByTestId('category-select').click();
    await page.keyboard.type('政策');
    await option(page, '政策咨询').click();
    await page.getByTestId('intake-description').fill('来电咨询：和邻居的纠纷想申请人民调解，问要不要交费');
    await page.getByTestId('region-select').click();
    await page.keyboard.type('城关街道');
    await option(page, '城关街道').click();
    await page.getByLabel('反映人姓名').fill('孙八');
    await page.getByTestId('intake-phone').fill(CALLER);

    // 来电历史: the purpose first (audited), then the earlier case with its status and rating.
    await page.getByTestId('caller-history').click();
    await page.getByTestId('purpose-input').fill('来电人核实历史诉求');
    await page.getByTestId('purpose-submit').click();
    const history = page.getByTestId('caller-history-drawer');
    await expect.poll(() => history.getByTestId('caller-history-item').count()).toBe(1);
    const item = await history.getByTestId('caller-history-item').innerText();
    expect(item).toContain(earlier.number);
    expect(item).toContain('满意');
    await expectCleanChinese(page, 'the caller history');
    await page.locator('.ant-drawer-close').click();
    await history.waitFor({ state: 'hidden' });

    // The knowledge base, searched while the call goes on.
    const panel = page.getByTestId('knowledge-panel');
    await panel.getByTestId('knowledge-search').fill('调解收费吗');
    await panel.getByTestId('knowledge-search').press('Enter');
    const result = panel.getByTestId('knowledge-result').filter({ hasText: ARTICLE });
    await result.first().waitFor();
    expect(await result.first().locator('mark').count()).toBeGreaterThan(0);
    await result.first().click();
    const drawer = page.getByTestId('article-drawer');
    await expect.poll(() => drawer.getByTestId('article-body').innerText()).toContain('不收取任何费用');
    await expectCleanChinese(page, 'an article');

    // 直接答复: the answer is filled from the article, edited, confirmed; the case is resolved at once.
    await drawer.getByTestId('direct-answer').click();
    const answer = page.getByTestId('direct-answer-text');
    await expect.poll(() => answer.inputValue()).toContain('不收取任何费用');
    await answer.fill('人民调解不收费，可到所在社区人民调解委员会申请，也可到街道调委会。');
    const created = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/cases') && r.request().method() === 'POST' && r.status() === 201,
    );
    await page.getByTestId('direct-answer-confirm').click();
    const body = (await (await created).json()) as { id: number; status: string };
    expect(body.status).toBe('resolved');
    await expect.poll(() => page.getByTestId('intake-created').innerText()).toContain('已直接答复并办结');

    // The case page: 受理 then 直接答复, the answer citing the article.
    await page.getByTestId('intake-created').locator('a').first().click();
    await expect.poll(() => page.getByTestId('case-detail').getAttribute('data-case-id')).toBe(String(body.id));
    const timeline = await page.getByTestId('timeline-entry').allInnerTexts();
    expect(timeline.join('\n')).toContain('直接答复');
    expect(timeline.join('\n')).toContain(`《${ARTICLE}》`);
    await expectCleanChinese(page, 'the directly answered case');

    // The caller's number never went into an address of the page.
    expect(addresses.filter((a) => a.includes(CALLER) || a.includes(CALLER.slice(-4)))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('opens the knowledge base in a drawer on a phone, without scrolling sideways', async () => {
    const { page } = await operatorAt('/intake', true);
    await page.getByTestId('knowledge-open').click();
    const input = page.getByTestId('knowledge-search');
    await input.fill('物业费');
    await input.press('Enter');
    const result = page.getByTestId('knowledge-result').filter({ hasText: '物业费' });
    await result.first().waitFor();
    await result.first().click();
    await expect.poll(() => page.getByTestId('article-body').innerText()).toContain('物业');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    await expectCleanChinese(page, 'an article on a phone');
    expect(pageErrors).toEqual([]);
  });

  it('lets the administrator see the articles due for review first and write a new one', async () => {
    const page = await open();
    await page.goto(url('/login'));
    await signIn(page, 'admin');
    await page.getByTestId('current-user').waitFor();
    await page.goto(url('/admin/knowledge'));
    const list = page.getByTestId('knowledge-admin');
    await expect.poll(() => list.getByTestId('review-overdue').count()).toBeGreaterThanOrEqual(2);
    await expectCleanChinese(page, 'the knowledge admin page');

    await list.getByTestId('knowledge-new').click();
    await page.getByTestId('knowledge-title').fill('区法律援助中心新址');
    await page.getByTestId('knowledge-body').fill('区法律援助中心迁至区综治中心一楼，工作日办公。');
    await page.getByTestId('knowledge-review-due').fill('2027-06-30');
    await page.getByTestId('knowledge-save').click();
    await expect.poll(() => list.innerText()).toContain('区法律援助中心新址');
    expect(pageErrors).toEqual([]);
  });
});
