// Issue 4's pages for the mediation file and issue 5's mediator workbench, in real Chromium against
// `npm start`'s own process with the demo data: by clicking, the mediator finds the demo disputes on
// the workbench, registers the file of one the committee handles without a file, then accepts a
// new dispute and mediates it to the end — two parties (one an organisation, numbers masked and
// revealed), a session, the agreement, every signature and the seal, in effect with the 30-day
// countdown, the .docx and the A4 page, judicial confirmation, a follow-up visit, the outcome —
// and sees the case resolved; the court answers the application on its 转办 page. On every page
// visited: no English-only words in zh-CN, no raw error text, no script or CSP error.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
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

const ARTIFACTS = path.join(import.meta.dirname, 'artifacts');
const FILE_NUMBER = /^潍城区联合调〔2026〕\d+号$/;

describe.skipIf(chromiumMissing && !inCi)('the mediation pages in Chromium', () => {
  // The default demo size: the committee has disputes in mediation, with files and one without.
  const { base, url, open, pageErrors } = browserSuite({ CONCORD_DEMO_CASES: '3000' });
  const call = <T>(token: string, method: string, p: string, body?: unknown) =>
    apiCall<T>(base(), token, method, p, body);

  async function signedIn(username: string): Promise<Page> {
    const page = await open();
    await page.goto(url('/login'));
    await signIn(page, username);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    return page;
  }

  /** A date (and time) typed into an Ant Design picker, committed with Enter. */
  async function pick(page: Page, testId: string, text: string): Promise<void> {
    const input = page.getByTestId(testId);
    await input.click();
    await input.fill(text);
    await input.press('Enter');
  }

  it('shows the demo mediator the committee’s disputes and registers the file of one without', async () => {
    const mediator = await signedIn('mediator');
    const files = mediator.getByTestId('panel-my-files');
    await files.getByTestId('mediation-link').first().waitFor();
    await expectCleanChinese(mediator, 'the mediator’s workbench');
    const numbers = await files.getByTestId('mediation-link').allInnerTexts();
    expect(numbers.length).toBeGreaterThan(0);
    for (const n of numbers) expect(n).toMatch(FILE_NUMBER);
    // Each open file says how many days are left (or how long it is overdue).
    const due = await files.locator('[data-testid=file-days-left], [data-testid=file-overdue]').allInnerTexts();
    expect(due).toHaveLength(numbers.length);
    for (const text of due) expect(text).toMatch(/^(剩余 \d+ 天|已超期 \d+ 天)$/);
    await mediator.getByTestId('panel-accept').waitFor();
    await mediator.getByTestId('panel-referrals').waitFor();

    // A demo file with its parties, a session and a draft agreement.
    await files.getByTestId('mediation-link').filter({ hasText: '〔2026〕1号' }).click();
    await mediator.getByTestId('mediation-file').waitFor();
    expect(await mediator.getByTestId('party-row').count()).toBe(2);
    await expect.poll(() => mediator.getByTestId('agreement-status').innerText()).toBe('待签署');
    expect(await mediator.getByTestId('session-entry').count()).toBe(1);
    await expectCleanChinese(mediator, 'a demo mediation file');

    // The dispute in mediation the demo left without a file: its case page offers 登记调解卷宗.
    const token = await apiLogin(base(), 'mediator');
    const me = await call<{ memberships: { unitId: number; role: string }[] }>(token, 'GET', '/api/v1/me');
    const committeeId = me.memberships.find((m) => m.role === 'mediator')!.unitId;
    const inProgress = await call<{ items: { id: number; leadUnitId: number | null; kind: string }[] }>(
      token,
      'GET',
      '/api/v1/cases?status=in_progress&limit=200',
    );
    let unfiled: number | undefined;
    for (const c of inProgress.items.filter((i) => i.leadUnitId === committeeId && i.kind === 'dispute')) {
      const res = await fetch(url(`/api/v1/cases/${c.id}/mediation`), {
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.status === 200 && (await res.json()) === null) unfiled = c.id;
    }
    expect(unfiled, 'a demo dispute in mediation without a file').toBeDefined();
    await mediator.goto(url(`/cases/${unfiled}`));
    await mediator.getByTestId('register-file').click();
    await mediator.waitForURL(/\/mediations\/\d+$/);
    await mediator.getByTestId('mediation-file').waitFor();
    expect(await mediator.getByTestId('mediation-number').innerText()).toMatch(FILE_NUMBER);
    await mediator.getByTestId('add-party').waitFor();
    await expectCleanChinese(mediator, 'a file registered by hand');
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('takes a dispute from acceptance to an agreement in effect and a resolved case, by clicking', async () => {
    // A window dispute, dispatched to the suggested committee through the API.
    const created = await dispatchedDispute(
      base(),
      '业主家中装修时物业公司施工队损坏相邻墙体，致楼下渗水，双方就赔偿多次协商未果',
    );

    // 1. The mediator accepts it from the workbench; accepting registers the file.
    const page = await signedIn('mediator');
    await page.getByTestId('panel-accept').getByRole('link', { name: created.number }).click();
    await page.getByTestId('case-detail').waitFor();
    await page.locator('[data-action=accept]').click();
    await page.getByTestId('action-submit').click();
    await expect.poll(() => page.getByTestId('case-status').first().innerText()).toBe('办理中');
    await page.getByTestId('open-file').click();
    await page.getByTestId('mediation-file').waitFor();
    const fileNumber = await page.getByTestId('mediation-number').innerText();
    expect(fileNumber).toMatch(FILE_NUMBER);
    expect(await page.getByTestId('file-deadline').innerText()).toContain('剩余 30 天');
    await expectCleanChinese(page, 'the new mediation file');

    // 2. Two parties: the applicant, and a company as the respondent.
    await page.getByTestId('add-party').click();
    const partyForm = page.getByTestId('party-form');
    await partyForm.waitFor();
    await expectCleanChinese(page, 'the party form');
    await page.getByTestId('party-name').fill('王五');
    await page.getByTestId('party-id-number').fill('370702198003051235');
    await page.getByTestId('party-phone-input').click(); // leaving the ID number fills birth date and gender
    await expect.poll(() => page.getByTestId('party-birth-date').inputValue()).toBe('1980-03-05');
    await partyForm.getByPlaceholder('如：汉族').fill('汉族');
    await page.getByTestId('party-phone-input').fill('13800001111');
    await page.getByTestId('party-address').fill('潍坊市潍城区城关街道和平小区5号楼201室');
    await page.getByTestId('party-form-submit').click();
    await page.locator('[data-testid=party-row][data-party-name="王五"]').waitFor();

    await page.getByTestId('add-party').click();
    await partyForm.waitFor();
    await page.getByTestId('party-kind').getByText('法人或其他组织').click();
    await page.getByTestId('party-name').fill('潍坊市鸢都物业服务有限公司');
    await page.getByTestId('party-representative').fill('刘经理');
    await page.getByTestId('party-credit-code').fill('91370702MA3C4D5E6F');
    await page.getByTestId('party-phone-input').fill('0536-8888888');
    await page.getByTestId('party-form-submit').click();
    const company = page.locator('[data-testid=party-row][data-party-name="潍坊市鸢都物业服务有限公司"]');
    await company.waitFor();
    expect(await company.innerText()).toContain('被申请人');

    // Numbers are masked; 查看 shows them in clear for a moment.
    const applicant = page.locator('[data-testid=party-row][data-party-name="王五"]');
    const maskedPhone = await applicant.getByTestId('party-phone').innerText();
    expect(maskedPhone).toContain('*');
    expect(await applicant.getByTestId('party-id').innerText()).toContain('*');
    await applicant.getByTestId('reveal-party').click();
    await expect.poll(() => applicant.getByTestId('party-phone').innerText()).toBe('13800001111');
    expect(await applicant.getByTestId('party-id').innerText()).toBe('370702198003051235');
    await expectCleanChinese(page, 'the parties');

    // 3. A session.
    await page.getByTestId('record-session').click();
    await page.getByTestId('session-form').waitFor();
    await expectCleanChinese(page, 'the session form');
    await pick(page, 'session-held-at', '2026-11-27 09:00');
    expect(await page.getByTestId('session-attendees').innerText()).toContain('潍坊市鸢都物业服务有限公司');
    await page.getByTestId('session-record').fill('双方陈述渗水经过与损失；物业公司承认施工中损坏相邻墙体。');
    await page.getByTestId('session-agreed').fill('物业公司同意修复并赔偿');
    await page.getByTestId('session-next-step').fill('起草调解协议');
    await page.getByTestId('session-form-submit').click();
    await page.getByTestId('session-entry').waitFor();
    expect(await page.getByTestId('session-entry').innerText()).toContain('第 1 次调解');

    // 4. The agreement, with two terms.
    await page.getByTestId('draft-agreement').click();
    await page.getByTestId('agreement-form').waitFor();
    await expectCleanChinese(page, 'the agreement editor');
    await page
      .getByTestId('agreement-facts')
      .fill('2026年11月，物业公司施工队在王五家相邻墙体施工时造成墙体开裂、渗水。');
    await page.getByTestId('agreement-issues').fill('维修责任与损失赔偿。');
    await page.getByTestId('agreement-responsibilities').fill('物业公司对损坏负全部责任。');
    await page.getByTestId('agreement-term').first().fill('物业公司于履行期限内修复王五家受损墙体。');
    await page.getByTestId('add-term').click();
    await page.getByTestId('agreement-term').nth(1).fill('物业公司一次性赔偿王五其他损失人民币叁仟元整。');
    await page.getByTestId('agreement-manner').fill('现场修复；银行转账');
    await pick(page, 'agreement-deadline', '2026-12-31');
    await page.getByTestId('agreement-form-submit').click();
    await expect.poll(() => page.getByTestId('agreement-status').innerText()).toBe('待签署');
    expect(await page.getByTestId('agreement-terms').locator('li').count()).toBe(2);
    await expect
      .poll(() => page.getByTestId('agreement-missing').innerText())
      .toBe('王五签名、潍坊市鸢都物业服务有限公司签名、调解员签名、调委会盖章');
    expect(await page.getByTestId('make-effective').isDisabled()).toBe(true);

    // 5. Each party, the mediator and the committee's seal.
    await page.locator('[data-testid=sign-party][data-party-name="王五"]').click();
    await page.getByTestId('party-sign-submit').click();
    await expect.poll(() => page.getByTestId('signature-entry').count()).toBe(1);
    // Signed: the terms and the parties are fixed, and the page says so.
    expect(await page.getByTestId('edit-agreement').isDisabled()).toBe(true);
    await page.getByTestId('agreement-locked').waitFor();
    expect(await page.getByTestId('add-party').count()).toBe(0);
    await page.locator('[data-testid=sign-party][data-party-name="潍坊市鸢都物业服务有限公司"]').click();
    await page.getByTestId('party-sign-submit').click(); // an organisation seals by default
    await expect.poll(() => page.getByTestId('signature-entry').count()).toBe(2);
    expect(await page.getByTestId('signature-entry').nth(1).innerText()).toContain('盖章');
    await page.getByTestId('sign-mediator').click();
    await expect.poll(() => page.getByTestId('signature-entry').count()).toBe(3);
    expect(await page.getByTestId('make-effective').isDisabled()).toBe(true);
    await page.getByTestId('sign-committee').click();
    await expect.poll(() => page.getByTestId('agreement-missing').innerText()).toBe('签名、盖章已齐全');
    await expectCleanChinese(page, 'the signed agreement');

    // 6. In effect: thirty days to apply for judicial confirmation.
    await page.getByTestId('make-effective').click();
    await expect.poll(() => page.getByTestId('agreement-status').innerText()).toBe('已生效');
    await expect.poll(() => page.getByTestId('confirmation-countdown').innerText()).toContain('30');
    expect(await page.getByTestId('confirmation-countdown').innerText()).toContain('2026/12/27');
    await expectCleanChinese(page, 'the agreement in effect');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'mediation-file.png'), fullPage: true });

    // 7. The .docx, and the A4 page in a window of its own.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-docx').click()]);
    expect(download.suggestedFilename()).toMatch(/^人民调解协议书-.+\.docx$/);
    const bytes = readFileSync(await download.path());
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.length).toBeGreaterThan(2000);
    const [printable] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByTestId('print-agreement').click(),
    ]);
    await expect.poll(() => printable.evaluate(() => document.body?.innerText ?? '')).toContain('人民调解协议书');
    const printed = await printable.evaluate(() => document.body.innerText);
    expect(printed).toContain(fileNumber.trim());
    expect(printed).toContain('370702198003051235'); // the legal document carries the numbers in clear
    await printable.close();

    // 8. Judicial confirmation, within the countdown.
    await page.getByTestId('apply-confirmation').click();
    await page.getByTestId('confirmation-form').waitFor();
    await expectCleanChinese(page, 'the judicial-confirmation form');
    await page.getByTestId('confirmation-form-submit').click();
    await expect.poll(() => page.getByTestId('referral-status').first().innerText()).toBe('待签收');
    expect(await page.getByTestId('apply-confirmation').count()).toBe(0);

    // 9. A follow-up visit, then the outcome, which resolves the case.
    await page.getByTestId('record-follow-up').click();
    await page.getByTestId('follow-up-note').fill('电话回访，墙体已开始修复');
    await page.getByTestId('follow-up-form-submit').click();
    await page.getByTestId('follow-up-entry').waitFor();
    await page.getByTestId('record-outcome').click();
    await page.getByTestId('outcome-form').waitFor();
    await expectCleanChinese(page, 'the outcome form');
    await page.getByTestId('outcome-note').fill('双方达成协议并已签署');
    await page.getByTestId('outcome-form-submit').click();
    await expect.poll(() => page.getByTestId('file-status').innerText()).toBe('已结案');
    expect(await page.getByTestId('file-case-status').innerText()).toBe('已办理待评价');
    expect(await page.getByTestId('file-outcome').innerText()).toBe('达成协议');
    // A concluded file: no more sessions, parties or outcome.
    expect(await page.getByTestId('record-session').count()).toBe(0);
    expect(await page.getByTestId('record-outcome').count()).toBe(0);
    await page.getByTestId('file-closed').waitFor();
    await expectCleanChinese(page, 'the concluded file');

    await page.getByTestId('file-case-link').click();
    await page.getByTestId('case-detail').waitFor();
    await expect.poll(() => page.getByTestId('case-status').first().innerText()).toBe('已办理待评价');
    expect(await page.getByTestId('case-result').innerText()).toContain(fileNumber.trim());
    await expectCleanChinese(page, 'the resolved case');

    // 10. The court receipts the application on its 转办 page and answers it.
    const court = await signedIn('court');
    await court.getByRole('menuitem', { name: '转办' }).click();
    await court.getByTestId('referrals-page').waitFor();
    await expectCleanChinese(court, 'the court’s hand-offs, sent');
    await court.getByRole('tab', { name: '收到的' }).click();
    const row = court.locator('[data-testid=referral-row]', { hasText: created.number });
    await row.getByTestId('referral-receipt').click();
    await expect.poll(() => row.getByTestId('referral-status').innerText()).toBe('已签收');
    await row.getByTestId('referral-answer').click();
    await court.getByTestId('referral-outcome').click();
    await court.locator('.ant-select-item-option', { hasText: '确认有效' }).click();
    await court.getByTestId('referral-result-text').fill('经审查，调解协议合法有效，裁定确认');
    await court.getByTestId('referral-result-submit').click();
    await expect.poll(() => row.getByTestId('referral-status').innerText()).toBe('已反馈');
    expect(await row.getByTestId('referral-result').innerText()).toContain('确认有效');
    await expectCleanChinese(court, 'the court’s hand-offs, received');

    // The mediator sees the court's answer on the file.
    await page.goBack();
    await page.getByTestId('mediation-file').waitFor();
    await page.reload();
    await expect.poll(() => page.getByTestId('referral-status').first().innerText()).toBe('已反馈');
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
