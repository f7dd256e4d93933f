// Issue 17's 稳评 in real Chromium against `npm start`'s own process: a leader starts an assessment of
// a township's project, records every stage in order from the page — the public opinion linking a
// public hearing chosen from the list of the township's hearings, each stage with one file
// uploaded — makes the decision, adds a monitoring entry, and downloads the report, a .docx that
// names the hearing and every attached file under its stage.
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  apiCall,
  apiLogin,
  browserSuite,
  chromiumMissing,
  expectCleanChinese,
  inCi,
  signIn,
  warnIfSkipped,
} from './support.ts';

warnIfSkipped();

/** A one-page PDF: enough for the file store's content sniffing. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

const HEARING_TITLE = '城关街道老旧小区改造公开听证会';

async function docxText(body: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(body)).file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

describe.skipIf(chromiumMissing && !inCi)('a stability risk assessment (稳评) in Chromium', () => {
  const { base, url, open, pageErrors } = browserSuite();
  let townshipName: string;

  beforeAll(async () => {
    // A dispute in the township, and a public hearing on it convened in the mediation module.
    const dispatcher = await apiLogin(base(), 'dispatcher');
    const units = async (code: string) =>
      (
        await apiCall<{ items: { id: number; name: string }[] }>(
          base(),
          dispatcher,
          'GET',
          `/api/v1/units?code=${code}`,
        )
      ).items[0]!;
    townshipName = (await units('370702001')).name;
    const dispute = await apiCall<{ id: number }>(base(), dispatcher, 'POST', '/api/v1/cases', {
      kind: 'dispute',
      categoryCode: 'DSP.COMPLEX',
      channel: 'window',
      description: '老旧小区改造加装电梯，高低层住户意见分歧',
      unitId: (await units('370702001001G01')).id,
    });
    await apiCall(base(), dispatcher, 'POST', `/api/v1/cases/${dispute.id}/hearings`, {
      title: HEARING_TITLE,
      scheduledAt: '2026-12-03T02:00:00.000Z',
      place: '城关街道办事处三楼会议室',
      agenda: '一、介绍改造方案；二、住户陈述；三、听证员评议',
      participants: [{ name: '居民代表李某', kind: 'resident' }],
    });
  }, 120_000);

  /** Picks the option holding `text` in the antd Select of the form item labelled `label`. */
  async function choose(page: Page, label: string, text: string, type?: string) {
    const open = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';
    // The dropdown of the select before has closed: the one open now is this select's.
    await page.waitForFunction((selector) => document.querySelectorAll(selector).length === 0, open);
    const item = page.locator('.ant-form-item').filter({ has: page.locator(`label:text-is("${label}")`) });
    await item.locator('.ant-select-selector').click();
    if (type) await item.locator('input').fill(type);
    // An option clicked while the dropdown still slides in can be missed (the dropdown then stays
    // open): wait for the opening motion to end first, as a person's eye does.
    await page.waitForFunction((selector) => {
      const dropdown = document.querySelector(selector);
      return dropdown !== null && !/\bant-slide-up-(enter|appear)\b/.test(dropdown.className);
    }, open);
    await page.locator(open).locator('.ant-select-item-option').filter({ hasText: text }).first().click();
    await page.waitForFunction((selector) => document.querySelectorAll(selector).length === 0, open);
  }

  /** Fills the text box or number box of the form item labelled `label` (the `nth` of that label). */
  async function fill(page: Page, label: string, value: string, nth = 0) {
    const item = page
      .locator('.ant-form-item')
      .filter({ has: page.locator(`label:text-is("${label}")`) })
      .nth(nth);
    await item.locator('input, textarea').first().fill(value);
  }

  /** Records the stage due with the form's button and waits for the stage's card. */
  async function record(page: Page, stage: string) {
    await page.getByTestId('risk-record').click();
    await page.getByTestId(`risk-stage-${stage}`).first().waitFor();
  }

  /** Uploads one PDF to a stage from its card, and waits until it is listed there. */
  async function attach(page: Page, stage: string, name: string) {
    const input = page.getByTestId(`risk-attach-${stage}`).locator('input[type=file]');
    await input.setInputFiles({ name, mimeType: 'application/pdf', buffer: PDF });
    await expect
      .poll(() => page.getByTestId(`risk-attachments-${stage}`).first().innerText(), { timeout: 20_000 })
      .toContain(name);
  }

  it('A leader walks a file through every stage with a file each and a linked hearing, and gets the .docx', async () => {
    const page = await open();
    await page.goto(url('/login'));
    await signIn(page, 'leader');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(url('/risk-assessments'));
    await page.getByTestId('risk-list').waitFor();

    // 1. Scope: the decision to be assessed.
    await page.getByTestId('risk-start').click();
    await page.getByTestId('risk-start-form').waitFor();
    await fill(page, '评估事项', '城关街道老旧小区改造项目');
    await choose(page, '决策单位', townshipName, townshipName);
    await choose(page, '决策类型', '重大项目');
    await fill(page, '事项说明', '对城关街道12个老旧小区实施改造，涉及加装电梯、管网更新和停车位调整。');
    await page.getByTestId('risk-start-submit').click();
    await page.waitForURL(/\/risk-assessments\/\d+$/);
    await page.getByTestId('risk-file').waitFor();
    await attach(page, 'scope', '立项请示.pdf');

    // 2. Risk points.
    await page.getByTestId('risk-form-risk_points').waitFor();
    await fill(page, '风险点', '低层住户反对加装电梯，可能引发邻里冲突');
    await choose(page, '可能性', '高');
    await choose(page, '影响程度', '中');
    await fill(page, '防范化解措施', '逐户走访，制定补偿方案');
    await record(page, 'risk_points');
    await attach(page, 'risk_points', '风险排查表.pdf');

    // 3. Public opinion, with the hearing picked from the township's hearings.
    await page.getByTestId('risk-form-public_opinion').waitFor();
    await fill(page, '调查方式', '入户问卷与座谈会');
    await fill(page, '调查人数', '200');
    await fill(page, '支持', '150');
    await fill(page, '反对', '30');
    await fill(page, '中立', '20');
    await choose(page, '关联听证（可选）', HEARING_TITLE);
    await fill(page, '综合意见', '多数住户支持改造，反对意见集中在低层住户。');
    await record(page, 'public_opinion');
    expect(await page.getByTestId('risk-hearing-linked').innerText()).toContain(HEARING_TITLE);
    await attach(page, 'public_opinion', '民意调查问卷汇总.pdf');

    // 4. Expert review.
    await page.getByTestId('risk-form-expert_review').waitFor();
    await fill(page, '专家姓名', '王教授');
    await fill(page, '职称/领域', '城市规划专家');
    await fill(page, '论证意见', '方案可行，应完善补偿机制。');
    await fill(page, '综合意见', '专家组认为风险可控。');
    await record(page, 'expert_review');
    await attach(page, 'expert_review', '专家论证意见.pdf');

    // 5. The graded conclusion.
    await page.getByTestId('risk-form-conclusion').waitFor();
    await choose(page, '风险等级', '中');
    await fill(page, '理由', '主要风险集中在低层住户，采取补偿措施后可控。');
    await record(page, 'conclusion');
    await attach(page, 'conclusion', '评估结论.pdf');

    // 6. The decision (a leader's).
    await page.getByTestId('risk-form-decision').waitFor();
    await choose(page, '决策', '调整后实施');
    await fill(page, '理由', '完善低层住户补偿方案后实施。');
    await record(page, 'decision');
    await attach(page, 'decision', '决策会议纪要.pdf');

    // 7. Follow-up monitoring.
    await page.getByTestId('risk-form-monitoring').waitFor();
    await choose(page, '态势', '平稳');
    await fill(page, '监测情况', '开工首周住户情绪平稳，未发生聚集。');
    await record(page, 'monitoring');
    await attach(page, 'monitoring', '跟踪监测记录.pdf');
    await expectCleanChinese(page, 'the stability risk assessment');

    // The report, downloaded from the page: it names the hearing and each stage's file.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('risk-report').click()]);
    expect(download.suggestedFilename()).toMatch(/^社会稳定风险评估报告-\d+\.docx$/);
    const text = await docxText(await readFile((await download.path())!));
    expect(text).toContain(HEARING_TITLE);
    for (const name of [
      '立项请示.pdf',
      '风险排查表.pdf',
      '民意调查问卷汇总.pdf',
      '专家论证意见.pdf',
      '评估结论.pdf',
      '决策会议纪要.pdf',
      '跟踪监测记录.pdf',
    ]) {
      expect(text).toContain(name);
    }
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
