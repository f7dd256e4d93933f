// Issue 19 §4 in real Chromium against `npm start`'s own process with the demo data: a false report
// recorded for a registry person, the district dispatcher finds it under 信用记录, files the
// person's objection at the window and corrects the score — the page then shows version 2 with
// version 1 still in the history; a department's menu has no 信用记录 and the record's address
// shows it nothing.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  apiCall,
  apiLogin,
  browserSuite,
  chromiumMissing,
  dispatchedDispute,
  inCi,
  networkSettled,
  signIn,
  warnIfSkipped,
} from './support.ts';

warnIfSkipped();

describe.skipIf(chromiumMissing && !inCi)('credit records in Chromium', () => {
  const { base, url, open, pageErrors } = browserSuite();

  async function signedIn(page: Page, username: string): Promise<void> {
    await page.goto(url('/login'));
    await signIn(page, username);
    await page.getByTestId('current-user').waitFor();
  }

  it('records, objects and corrects with the history kept, hidden from a department', async () => {
    const dispatcherToken = await apiLogin(base(), 'dispatcher');
    const operatorToken = await apiLogin(base(), 'operator');
    const grid = await apiCall<{ items: { id: number }[] }>(
      base(),
      operatorToken,
      'GET',
      '/api/v1/units?code=370702001001G01',
    );
    const person = await apiCall<{ id: number }>(base(), operatorToken, 'POST', '/api/v1/people', {
      name: '陈小二',
      unitId: grid.items[0]!.id,
    });
    const reported = await dispatchedDispute(base(), '举报楼下商户占道经营，经核实并无此事');
    const record = await apiCall<{ id: number }>(base(), dispatcherToken, 'POST', '/api/v1/credit/records', {
      subjectKind: 'person',
      subjectId: person.id,
      sourceKind: 'false_report',
      sourceId: reported.id,
      note: '经核实系虚假举报',
    });

    const dispatcher = await open();
    await signedIn(dispatcher, 'dispatcher');
    await dispatcher.getByRole('menuitem', { name: '信用记录' }).click();
    await dispatcher.waitForURL(/\/credit$/);
    await dispatcher.getByTestId('credit-row').filter({ hasText: '陈小二' }).first().click();
    await dispatcher.waitForURL(new RegExp(`/credit/${record.id}$`));
    expect(await dispatcher.getByTestId('credit-score').innerText()).toBe('-20');

    await dispatcher.getByTestId('credit-object').click();
    await dispatcher.getByTestId('credit-objection-reason').fill('当事人称举报时认错了商户，并非故意');
    await dispatcher.getByTestId('credit-objection-ok').click();
    await dispatcher.getByTestId('credit-objection').first().waitFor();
    await dispatcher.getByTestId('credit-decide').click();
    await dispatcher.getByTestId('credit-decision').getByText('更正').click();
    await dispatcher.getByTestId('credit-decision-score').fill('-5');
    await dispatcher.getByTestId('credit-decision-note').fill('系误认，非故意，减轻扣分');
    await dispatcher.getByTestId('credit-decision-ok').click();
    await expect.poll(() => dispatcher.getByTestId('credit-score').innerText()).toBe('-5');
    const versions = dispatcher.getByTestId('credit-version');
    expect(await versions.count()).toBe(2);
    expect(await versions.nth(0).innerText()).toContain('系误认，非故意，减轻扣分');
    expect(await versions.nth(1).innerText()).toContain('经核实系虚假举报');
    expect(await dispatcher.getByTestId('credit-objection').first().innerText()).toContain('已更正');

    const department = await open();
    await signedIn(department, 'department');
    expect(await department.getByRole('menuitem', { name: '信用记录' }).count()).toBe(0);
    await department.goto(url(`/credit/${record.id}`));
    await networkSettled(department);
    expect(await department.getByTestId('credit-score').count()).toBe(0);
    expect(await department.getByText('陈小二').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
