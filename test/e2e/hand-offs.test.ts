// Issue 14's hand-off screens, in real Chromium on a 375×812 touch phone against `npm start`'s own
// process with the demo data: the court reads the agreement it is asked to confirm — its parties,
// terms and every signature checked against the signed text — and records its confirmation; a
// court refers a dispute and the committee receipts it, each step seen by both; the mediator
// records a session and the parties' signatures on the phone; a dispatcher schedules a public
// hearing with its notice and, once it has been held (the server restarted a day later on the same
// data), records who attended, its minutes and its outcome. On every page: no sideways scrolling,
// no English-only words in zh-CN, no raw error text, no script or CSP error.
import { mkdirSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  apiCall,
  apiLogin,
  chromiumMissing,
  dispatchedDispute,
  expectCleanChinese,
  inCi,
  launchChromium,
  requireChromium,
  signIn,
  startServer,
  stopServer,
  warnIfSkipped,
  type Server,
} from './support.ts';

warnIfSkipped();

const ARTIFACTS = path.join(import.meta.dirname, 'artifacts');
const PHONE = { width: 375, height: 812 };
/** A day after the suite's clock (support.ts's NOW): the hearing has been held by then. */
const NEXT_DAY = '2026-11-28T17:00:00+08:00';

describe.skipIf(chromiumMissing && !inCi)('the hand-off screens on a phone', () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let dataDir = '';
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const base = () => server!.url;
  const url = (p: string) => `${base()}${p}`;
  const call = <T>(token: string, method: string, p: string, body?: unknown) =>
    apiCall<T>(base(), token, method, p, body);

  beforeAll(async () => {
    requireChromium();
    dataDir = mkdtempSync(path.join(inject('runDir'), 'e2e-hand-'));
    server = await startServer({ CONCORD_DATA_DIR: dataDir });
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    if (server) await stopServer(server);
  }, 60_000);

  /** A 375×812 touch phone in zh-CN and Beijing time, signed in as `username`. */
  async function phone(username: string): Promise<Page> {
    const context = await browser!.newContext({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
      reducedMotion: 'reduce',
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text()))
        pageErrors.push(`${page.url()}: ${message.text()}`);
    });
    await page.goto(url('/login'));
    await signIn(page, username);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    return page;
  }

  /** Nothing on the page is wider than the phone: it never scrolls sideways. */
  async function fitsThePhone(page: Page, where: string): Promise<void> {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${where} scrolls sideways`).toBeLessThanOrEqual(PHONE.width);
  }

  /** A page read through: clean Chinese, and as wide as the phone. */
  async function check(page: Page, where: string): Promise<void> {
    await expectCleanChinese(page, where);
    await fitsThePhone(page, where);
  }

  /**
   * Taps the option of the select that is open now (closing drop-downs linger while they fade), and
   * waits for the drop-down to close, as a person would before the next field: the select takes the
   * focus back as it closes, and text typed into another field meanwhile went nowhere (a hearing's
   * agenda, filled at once, was found empty).
   */
  async function choose(page: Page, text: string): Promise<void> {
    await page.locator('.ant-select-item-option:visible', { hasText: text }).first().tap();
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
  }

  /** A dispute in mediation at the demo committee, with its file: the mediator accepted it. */
  async function disputeInMediation(description: string) {
    const created = await dispatchedDispute(base(), description);
    const mediator = await apiLogin(base(), 'mediator');
    const arriving = await call<{ version: number }>(mediator, 'GET', `/api/v1/cases/${created.id}`);
    await call(mediator, 'POST', `/api/v1/cases/${created.id}/actions`, {
      action: 'accept',
      version: arriving.version,
    });
    const file = await call<{ id: number; number: string }>(mediator, 'GET', `/api/v1/cases/${created.id}/mediation`);
    return { ...created, mediator, fileId: file.id, fileNumber: file.number };
  }

  type Party = { id: number; name: string; kind: string };
  /** The applicant (a person) and the respondent (a company), and a written agreement with two terms. */
  async function partiesAndAgreement(token: string, fileId: number): Promise<Party[]> {
    await call(token, 'POST', `/api/v1/mediations/${fileId}/parties`, {
      role: 'applicant',
      kind: 'person',
      name: '王五',
      idNumber: '370702198003051235',
      phone: '13800001111',
      address: '潍坊市潍城区城关街道和平小区5号楼201室',
    });
    await call(token, 'POST', `/api/v1/mediations/${fileId}/parties`, {
      role: 'respondent',
      kind: 'organisation',
      name: '潍坊市鸢都物业服务有限公司',
      representative: '刘经理',
      creditCode: '91370702MA3C4D5E6F',
      phone: '0536-8888888',
    });
    const file = await call<{ parties: Party[] }>(token, 'PUT', `/api/v1/mediations/${fileId}/agreement`, {
      form: 'written',
      facts: '2026年11月，物业公司施工队在王五家相邻墙体施工时造成墙体开裂、渗水。',
      issues: '维修责任与损失赔偿。',
      responsibilities: '物业公司对损坏负全部责任。',
      terms: ['物业公司于履行期限内修复王五家受损墙体。', '物业公司一次性赔偿王五其他损失人民币叁仟元整。'],
      performanceManner: '现场修复；银行转账',
      performanceDeadline: '2026-12-31',
    });
    return file.parties;
  }

  it('lets the court read the agreement it is asked to confirm, with its signatures, and record the confirmation', async () => {
    // A mediation through the API to an agreement in effect, sent for judicial confirmation.
    const dispute = await disputeInMediation('物业公司施工队损坏相邻墙体致楼下渗水，双方就赔偿多次协商未果');
    const { mediator, fileId } = dispute;
    const parties = await partiesAndAgreement(mediator, fileId);
    for (const p of parties) {
      await call(mediator, 'POST', `/api/v1/mediations/${fileId}/agreement/signatures`, {
        signer: 'party',
        partyId: p.id,
        method: p.kind === 'organisation' ? 'seal' : 'signature',
      });
    }
    await call(mediator, 'POST', `/api/v1/mediations/${fileId}/agreement/signatures`, { signer: 'mediator' });
    await call(mediator, 'POST', `/api/v1/mediations/${fileId}/agreement/signatures`, { signer: 'committee' });
    await call(mediator, 'POST', `/api/v1/mediations/${fileId}/agreement/effective`);
    await call(mediator, 'POST', `/api/v1/mediations/${fileId}/judicial-confirmation`, {});
    const verified = await call<{ textHash: string }>(mediator, 'GET', `/api/v1/mediations/${fileId}/agreement/verify`);

    // The court finds it among what it received, and opens it.
    const court = await phone('court');
    await court.goto(url('/referrals'));
    await court.getByTestId('referrals-page').waitFor();
    await check(court, 'the court’s hand-offs, sent');
    await court.getByRole('tab', { name: '收到的' }).tap();
    const row = court.locator('[data-testid=referral-row]', { hasText: dispute.number });
    await row.waitFor();
    expect(await row.getByTestId('referral-status').innerText()).toBe('待签收');
    expect(await row.innerText()).toContain('申请司法确认');
    await check(court, 'the court’s hand-offs, received');
    await row.getByTestId('referral-open').tap();
    await court.getByTestId('referral-page').waitFor();

    // The agreement: its parties, its terms, and each signature — who, how, when — against the text.
    const review = court.getByTestId('agreement-review');
    await review.waitFor();
    await expect.poll(() => court.getByTestId('review-verification').innerText()).toContain('协议文本与各方签署时一致');
    expect(await court.getByTestId('review-hash').inputValue()).toBe(verified.textHash);
    const partyTexts = await court.getByTestId('review-party').allInnerTexts();
    expect(partyTexts).toHaveLength(2);
    expect(partyTexts[0]).toContain('申请人');
    expect(partyTexts[0]).toContain('王五');
    expect(partyTexts[0]).not.toContain('370702198003051235'); // masked for the reader
    expect(partyTexts[1]).toContain('潍坊市鸢都物业服务有限公司');
    expect(await court.getByTestId('review-terms').locator('li').allInnerTexts()).toEqual([
      '物业公司于履行期限内修复王五家受损墙体。',
      '物业公司一次性赔偿王五其他损失人民币叁仟元整。',
    ]);
    const signatures = await court.getByTestId('review-signature').allInnerTexts();
    expect(signatures).toHaveLength(4);
    for (const [i, who] of [
      '王五',
      '潍坊市鸢都物业服务有限公司',
      '区联合人民调解委员会调解员',
      '潍城区联合人民调解委员会',
    ].entries()) {
      expect(signatures[i]).toContain(who);
      expect(signatures[i]).toContain('2026/11/27 09:00');
      expect(signatures[i]).toContain('与签署文本一致');
    }
    expect(signatures[0]).toContain('签名');
    expect(signatures[1]).toContain('盖章');
    await check(court, 'the agreement the court reads');
    mkdirSync(ARTIFACTS, { recursive: true });
    await court.screenshot({ path: path.join(ARTIFACTS, 'court-agreement-phone.png'), fullPage: true });

    // Receipt, then the ruling.
    await court.getByTestId('referral-receipt').tap();
    await expect.poll(() => court.getByTestId('referral-status').innerText()).toBe('已签收');
    expect(await court.getByTestId('referral-step-received').innerText()).toContain('潍城区人民法院立案庭');
    await court.getByTestId('referral-outcome').tap();
    await choose(court, '确认有效');
    await court
      .getByTestId('referral-result-text')
      .fill('（2026）鲁0702民特12号民事裁定书：调解协议合法有效，裁定确认');
    await court.getByTestId('referral-result-submit').tap();
    await expect.poll(() => court.getByTestId('referral-status').innerText()).toBe('已反馈');
    const returned = await court.getByTestId('referral-step-returned').innerText();
    expect(returned).toContain('确认有效');
    expect(returned).toContain('（2026）鲁0702民特12号');
    expect(await court.getByTestId('referral-result-card').count()).toBe(0);
    await check(court, 'the confirmed agreement');

    // The committee reads the answer on its side.
    const committee = await phone('mediator');
    await committee.goto(url('/referrals'));
    await committee.getByRole('tab', { name: '发出的' }).tap();
    const sent = committee.locator('[data-testid=referral-row]', { hasText: dispute.number });
    await expect.poll(() => sent.getByTestId('referral-status').innerText()).toBe('已反馈');
    expect(await sent.getByTestId('referral-step-returned').innerText()).toContain('确认有效');
    expect(await sent.getByTestId('referral-step-received').innerText()).toContain('潍城区人民法院立案庭');
    await check(committee, 'the committee’s hand-offs, sent');
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('lets a court refer a dispute and the committee receipt it, each step seen by both', async () => {
    const court = await phone('court');
    await court.goto(url('/referrals'));
    await court.getByTestId('referral-send').tap();
    await court.getByTestId('referral-send-form').waitFor();
    await court.getByTestId('referral-committee').tap();
    await court.keyboard.type('联合');
    await choose(court, '潍城区联合人民调解委员会');
    const reference = '（2026）鲁0702民诉前调345号';
    await court.getByTestId('referral-reference').fill(reference);
    await court.getByTestId('referral-deadline').fill('2026-12-30');
    await court.getByTestId('referral-category').tap();
    await court.keyboard.type('合同');
    await choose(court, '合同纠纷');
    await court.getByTestId('referral-description').fill('装修合同纠纷：业主拒付尾款，装修公司起诉，法院诉前委派调解');
    await court.getByTestId('referral-place').tap();
    await court.keyboard.type('城关街道');
    await choose(court, '城关街道（');
    await court.getByTestId('referral-party-name').fill('王五');
    await check(court, 'the referral form');
    await court.getByTestId('referral-send-submit').tap();
    await court.getByTestId('referral-page').waitFor();
    expect(await court.getByTestId('referral-status').innerText()).toBe('待签收');
    expect(await court.getByTestId('referral-step-sent').innerText()).toContain('潍城区人民法院立案庭');
    expect(await court.getByTestId('referral-step-received').innerText()).toContain('待潍城区联合人民调解委员会签收');
    await check(court, 'the referral sent');
    const referralPath = new URL(court.url()).pathname;

    // The committee receipts it by accepting the dispute, from its own list.
    const mediator = await phone('mediator');
    await mediator.goto(url('/referrals'));
    const row = mediator.locator('[data-testid=referral-row]', { hasText: reference });
    await row.waitFor();
    await check(mediator, 'the committee’s hand-offs, received');
    await row.getByTestId('referral-accept').tap();
    await expect.poll(() => row.getByTestId('referral-status').innerText()).toBe('已签收');
    expect(await row.getByTestId('referral-step-received').innerText()).toContain('区联合人民调解委员会调解员');

    // The court sees the receipt, and who gave it.
    await court.goto(url(referralPath));
    await expect.poll(() => court.getByTestId('referral-status').innerText()).toBe('已签收');
    expect(await court.getByTestId('referral-step-received').innerText()).toContain('区联合人民调解委员会调解员');
    await check(court, 'the referral receipted');
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('lets the mediator record a session and the parties’ signatures on the phone', async () => {
    const dispute = await disputeInMediation('两户因楼上漏水损坏楼下装修发生纠纷，多次协商未果');
    await partiesAndAgreement(dispute.mediator, dispute.fileId);

    const page = await phone('mediator');
    await page.goto(url(`/mediations/${dispute.fileId}`));
    await page.getByTestId('mediation-file').waitFor();
    expect(await page.getByTestId('mediation-number').innerText()).toBe(dispute.fileNumber);
    await check(page, 'the mediation file');

    // A session, with the phone's own date and time picker.
    await page.getByTestId('record-session').tap();
    await page.getByTestId('session-form').waitFor();
    await fitsThePhone(page, 'the session form');
    await page.getByTestId('session-held-at').fill('2026-11-27T08:30');
    expect(await page.getByTestId('session-attendees').innerText()).toContain('潍坊市鸢都物业服务有限公司');
    await page.getByTestId('session-record').fill('双方到场陈述渗水经过与损失；物业公司承认施工中损坏相邻墙体。');
    await page.getByTestId('session-agreed').fill('物业公司同意修复并赔偿');
    await expectCleanChinese(page, 'the session form');
    await page.getByTestId('session-form-submit').tap();
    await page.getByTestId('session-entry').waitFor();
    const session = await page.getByTestId('session-entry').innerText();
    expect(session).toContain('第 1 次调解');
    expect(session).toContain('2026/11/27 08:30');
    expect(session).toContain('物业公司承认施工中损坏相邻墙体');
    await check(page, 'the file with its session');

    // The parties sign: the applicant by fingerprint, the company by its seal.
    await page.locator('[data-testid=sign-party][data-party-name="王五"]').tap();
    await page.getByTestId('sign-method').getByText('按指印').tap();
    await fitsThePhone(page, 'the signing dialog');
    await page.getByTestId('party-sign-submit').tap();
    await expect.poll(() => page.getByTestId('signature-entry').count()).toBe(1);
    expect(await page.getByTestId('signature-entry').first().innerText()).toContain('王五 · 按指印');
    await page.locator('[data-testid=sign-party][data-party-name="潍坊市鸢都物业服务有限公司"]').tap();
    // A company seals by default; the phone asked for reduced motion, so the dialog opens at once,
    // without the zoom that would move its buttons under a finger.
    const dialog = page.locator('.ant-modal-wrap:visible');
    await dialog.waitFor();
    expect(await dialog.evaluate((wrap) => wrap.getAnimations({ subtree: true }).length)).toBe(0);
    expect(await page.getByTestId('sign-method').locator('.ant-radio-wrapper-checked').innerText()).toBe('盖章');
    await page.getByTestId('party-sign-submit').tap();
    await page.getByTestId('party-sign-submit').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('signature-entry').count()).toBe(2);
    expect(await page.getByTestId('signature-entry').nth(1).innerText()).toContain('潍坊市鸢都物业服务有限公司 · 盖章');
    await expect.poll(() => page.getByTestId('agreement-missing').innerText()).toBe('调解员签名、调委会盖章');
    await check(page, 'the file with the parties’ signatures');
    await page.screenshot({ path: path.join(ARTIFACTS, 'mediation-file-phone.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('lets a dispatcher schedule a hearing with its notice and, once held, record its minutes and outcome', async () => {
    const operator = await apiLogin(base(), 'operator');
    const grid = await call<{ items: { id: number }[] }>(operator, 'GET', '/api/v1/units?code=370702001001G01');
    const created = await call<{ id: number; number: string }>(operator, 'POST', '/api/v1/cases', {
      kind: 'dispute',
      categoryCode: 'DSP.COMPLEX',
      channel: 'window',
      description: '和平小区加装电梯，低层住户与高层住户意见对立，多次协商未果',
      unitId: grid.items[0]!.id,
      reporter: { name: '王五', phone: '13800001111' },
    });

    // From the case, 安排听证.
    const page = await phone('dispatcher');
    await page.goto(url(`/cases/${created.id}`));
    await page.getByTestId('case-hearings').waitFor();
    await check(page, 'the case with its hearings');
    await page.getByTestId('schedule-hearing').tap();
    await page.getByTestId('hearing-schedule').waitFor();
    await page.getByTestId('hearing-title').fill('和平小区加装电梯公开听证会');
    await page.getByTestId('hearing-when').fill('2026-11-28T14:30');
    await page.getByTestId('hearing-place').fill('城关街道办事处三楼会议室');
    await page.getByTestId('hearing-host').fill('城关街道综治中心主任赵某');
    // The caller comes in as a party; a residents' representative and a lawyer are invited.
    expect(await page.getByTestId('participant-name').first().inputValue()).toBe('王五');
    await page.getByTestId('participant-name').nth(1).fill('居民代表李某');
    await page.getByTestId('add-participant').tap();
    await page.getByTestId('participant-name').nth(2).fill('王律师');
    await page.getByTestId('participant-kind').nth(2).tap();
    await choose(page, '律师');
    await page.getByTestId('hearing-agenda').fill('一、介绍加装方案；二、高低层住户陈述；三、听证员评议');
    await page.getByTestId('draft-notice').tap();
    const draft = await page.getByTestId('hearing-notice-text').inputValue();
    expect(draft).toContain('关于召开和平小区加装电梯公开听证会的公告');
    expect(draft).toContain('一、听证时间：2026年11月28日 14:30');
    expect(draft).toContain('王律师（律师）');
    expect(draft).toContain('四、听证事项：一、介绍加装方案');
    await check(page, 'the hearing form');
    await page.getByTestId('hearing-submit').tap();

    // The hearing, with its notice; its minutes are not due before it is held.
    await page.getByTestId('hearing-page').waitFor();
    const hearingPath = new URL(page.url()).pathname;
    expect(await page.getByTestId('hearing-status').innerText()).toBe('待举行');
    expect(await page.getByTestId('hearing-when-text').innerText()).toBe('2026/11/28 14:30');
    expect(await page.getByTestId('hearing-participants').innerText()).toContain('王律师 · 律师');
    expect(await page.getByTestId('hearing-notice').innerText()).toContain(`事件编号：${created.number}`);
    expect(await page.getByTestId('record-hearing').count()).toBe(0);
    await page.getByTestId('cancel-hearing').waitFor();
    await check(page, 'the scheduled hearing');
    await page.getByTestId('print-notice').tap();
    const sheet = page.getByTestId('notice-sheet');
    await sheet.waitFor();
    expect(await sheet.innerText()).toContain('城关街道办事处三楼会议室');
    expect(await sheet.innerText()).toContain('潍城区综治中心');
    await check(page, 'the printable notice');
    await page.goto(url('/hearings'));
    await page.locator('[data-testid=hearing-item]', { hasText: '和平小区加装电梯公开听证会' }).waitFor();
    await check(page, 'the area’s hearings');
    expect(pageErrors).toEqual([]);

    // A day later (the server restarted with its clock on the next evening): the minutes are due.
    for (const context of contexts.splice(0)) await context.close();
    await stopServer(server!);
    server = undefined;
    server = await startServer({ CONCORD_DATA_DIR: dataDir, CONCORD_NOW: NEXT_DAY });
    const later = await phone('dispatcher');
    await later.goto(url('/hearings'));
    const item = later.locator('[data-testid=hearing-item]', { hasText: '和平小区加装电梯公开听证会' });
    await expect.poll(() => item.getByTestId('hearing-status').innerText()).toBe('待记录');
    await check(later, 'the hearings awaiting minutes');
    await item.getByTestId('hearing-link').tap();
    await later.getByTestId('hearing-page').waitFor();
    expect(new URL(later.url()).pathname).toBe(hearingPath);
    await later.getByTestId('record-hearing').tap();
    await later.getByTestId('hearing-record-form').waitFor();
    // The lawyer did not come; a resident who was not invited did.
    await later.getByTestId('hearing-present').getByText('王律师（律师）').tap();
    await later.getByTestId('hearing-others').tap();
    await later.keyboard.type('旁听群众张某');
    await later.keyboard.press('Enter');
    await later
      .getByTestId('hearing-minutes')
      .fill('听证会如期举行。高低层住户分别陈述意见，听证员就采光、噪声与补偿方案提问。');
    await later.getByTestId('hearing-outcome').fill('听证员多数意见：同意加装，由高层住户补偿低层住户');
    await check(later, 'the minutes form');
    await later.getByTestId('hearing-record-submit').tap();
    await later.getByTestId('hearing-minutes-card').waitFor();
    expect(await later.getByTestId('hearing-status').innerText()).toBe('已举行');
    expect(await later.getByTestId('hearing-attendees').innerText()).toBe('王五、居民代表李某、旁听群众张某');
    expect(await later.getByTestId('hearing-record-text').innerText()).toContain('听证员就采光、噪声与补偿方案提问');
    expect(await later.getByTestId('hearing-outcome-text').innerText()).toBe(
      '听证员多数意见：同意加装，由高层住户补偿低层住户',
    );
    expect(await later.getByTestId('record-hearing').count()).toBe(0);
    await check(later, 'the recorded hearing');
    await later.screenshot({ path: path.join(ARTIFACTS, 'hearing-phone.png'), fullPage: true });

    // The case shows it held, and its timeline has both steps.
    await later.getByTestId('hearing-case-link').tap();
    await later.getByTestId('case-hearings').waitFor();
    await expect
      .poll(() => later.getByTestId('case-hearings').getByTestId('hearing-status').innerText())
      .toBe('已举行');
    const token = await apiLogin(base(), 'dispatcher');
    const timeline = await call<{ timeline: { action: string }[] }>(token, 'GET', `/api/v1/cases/${created.id}`);
    expect(timeline.timeline.map((e) => e.action)).toEqual(
      expect.arrayContaining(['hearing_scheduled', 'hearing_held']),
    );
    await check(later, 'the case after the hearing');
    expect(pageErrors).toEqual([]);
  }, 420_000);
});
