// Issue 16's third-party evaluator in real Chromium against `npm start`'s own process: the
// evaluator draws a sample of the county's cases closed in November from its workspace, then works
// the calling sheet on a phone (375 px): shows the first reporter's number (audited), records a
// reached call with an unsatisfied rating — it counts and moves the comparison — and goes on to the
// next case, recording an unanswered call there.
import { describe, expect, it } from 'vitest';
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

describe.skipIf(chromiumMissing && !inCi)('the third-party evaluator’s calling sheet', () => {
  const { base, url, open, pageErrors } = browserSuite();
  let sampleId = 0;

  it('An evaluator draws a sample of a unit’s closed cases for a month', async () => {
    const page = await open();
    await page.goto(url('/login'));
    await signIn(page, 'evaluator');
    await page.getByTestId('current-user').waitFor();
    await page.goto(url('/evaluation'));
    await page.getByTestId('evaluation-page').waitFor();

    await page.getByTestId('evaluation-unit').click();
    await page.keyboard.type('潍城区');
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '潍城区' })
      .first()
      .click();
    await page.getByTestId('evaluation-month').fill('2026-11');
    await page.getByTestId('evaluation-size').fill('3');
    await page.getByTestId('evaluation-seed').fill('20261127');
    await page.getByTestId('evaluation-draw').click();

    await page.waitForURL(/\/evaluation\/\d+$/);
    sampleId = Number(/\/evaluation\/(\d+)$/.exec(page.url())![1]);
    await expect.poll(() => page.getByTestId('evaluation-position').innerText()).toBe('第 1 / 3 件');
    await expectCleanChinese(page, 'the calling sheet');

    // The same seed draws the same cases: the API's answer for it lists the same case numbers.
    const token = await apiLogin(base(), 'evaluator');
    const shown = await apiCall<{ items: { number: string }[] }>(
      base(),
      token,
      'GET',
      `/api/v1/evaluation-samples/${sampleId}`,
    );
    const again = await apiCall<{ items: { number: string }[] }>(base(), token, 'POST', '/api/v1/evaluation-samples', {
      unitId: (await apiCall<{ items: { id: number }[] }>(base(), token, 'GET', '/api/v1/units?code=370702')).items[0]!
        .id,
      period: '2026-11',
      size: 3,
      seed: '20261127',
    });
    expect(again.items.map((i) => i.number)).toEqual(shown.items.map((i) => i.number));
    await expect
      .poll(() => page.getByTestId('evaluation-item').getAttribute('data-case-number'))
      .toBe(shown.items[0]!.number);
  }, 120_000);

  it('An evaluator on a phone reveals a number, records the calls one case after another, and sees them counted', async () => {
    expect(sampleId).toBeGreaterThan(0);
    const page = await open({ mobile: true });
    await page.goto(url('/login'));
    await signIn(page, 'evaluator');
    await page.getByTestId('current-user').waitFor();
    await page.goto(url(`/evaluation/${sampleId}`));
    await page.getByTestId('evaluation-sheet').waitFor();
    const first = await page.getByTestId('evaluation-item').getAttribute('data-case-number');

    // The masked number until asked; then the number, as a link a phone dials.
    await expect.poll(() => page.getByTestId('evaluation-caller').innerText()).toMatch(/1\d{2}\*{4}\d{4}/);
    await page.getByTestId('evaluation-reveal').click();
    const revealed = page.getByTestId('evaluation-revealed-phone');
    await revealed.waitFor();
    expect(await revealed.innerText()).toMatch(/^1\d{10}$/);
    expect(await revealed.getAttribute('href')).toMatch(/^tel:1\d{10}$/);

    // Reached, unsatisfied, not genuinely solved.
    await page.getByTestId('evaluation-reached').getByText('已接通', { exact: true }).click();
    await page.getByTestId('evaluation-rating').getByText('不满意', { exact: true }).click();
    await page.getByTestId('evaluation-solved').getByText('未解决', { exact: true }).click();
    await page.getByTestId('evaluation-comment').fill('群众反映问题仍未解决');
    await page.getByTestId('evaluation-save-call').click();
    const call = page.getByTestId('evaluation-call').first();
    await call.waitFor();
    expect(await call.innerText()).toContain('不满意');
    expect(await call.innerText()).toContain('计入');
    await expect.poll(() => page.getByTestId('evaluation-sampled-rate').innerText()).toBe('0.0%');

    // On to the next case: nobody answers.
    await page.getByTestId('evaluation-next').click();
    await expect.poll(() => page.getByTestId('evaluation-position').innerText()).toBe('第 2 / 3 件');
    expect(await page.getByTestId('evaluation-item').getAttribute('data-case-number')).not.toBe(first);
    await page.getByTestId('evaluation-reached').getByText('未接通', { exact: true }).click();
    await page.getByTestId('evaluation-save-call').click();
    await expect.poll(() => page.getByTestId('evaluation-call').count()).toBe(1);
    expect(await page.getByTestId('evaluation-call').innerText()).toContain('未接通');

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectCleanChinese(page, 'the calling sheet on a phone');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
