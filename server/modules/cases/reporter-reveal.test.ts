// The caller's number in clear (issue 14): for the operator, dispatcher and mediator of the case,
// with a stated reason, audited without the number, and budgeted per account (429 + Retry-After);
// refused to roles whose work does not need it (403) and outside the area (404).
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase, buildUser, type BuiltUser } from '../../../test/support/factories.ts';
import { REVEAL_BUDGET, REVEAL_WINDOW_MS } from './use-cases/reveal-reporter.ts';

const PHONE = '13712345678';
const COMMITTEE = '370702001-cmte-territorial';

interface ErrorJson {
  error: { code: string; message: string; details?: unknown };
}

describeEachDialect('revealing the reporter’s number', (get) => {
  /** A case in 城关街道 with the reporter's number, led by the justice office, the committee assisting. */
  const reportedCase = (h: Harness) =>
    buildCase(h, {
      at: '370702001001G01',
      status: 'dispatched',
      lead: '370702001-dept-justice',
      assist: [COMMITTEE],
      reporter: { name: '王五', phone: PHONE },
    });

  const reveal = (who: { token: string }, caseId: number, payload: unknown = { reason: '回访核实办理结果' }) =>
    get().inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/reporter/reveal`,
      token: who.token,
      payload: payload as Record<string, unknown>,
    });

  const reveals = (h: Harness, caseId: number) =>
    h.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'case.reporter_reveal')
      .where('subject_id', '=', String(caseId))
      .orderBy('seq')
      .execute();

  it('shows the number to the operator, the dispatcher and the case’s mediator, audited with the reason, never the number', async () => {
    const h = get();
    const c = await reportedCase(h);
    const staff: BuiltUser[] = [
      await buildUser(h, { role: 'operator', unit: '370702001-centre' }),
      await buildUser(h, { role: 'dispatcher', unit: '370702001-centre' }),
      await buildUser(h, { role: 'mediator', unit: COMMITTEE }),
    ];
    for (const user of staff) {
      const res = await reveal(user, c.id);
      expect(res.statusCode, `${user.role}: ${res.body}`).toBe(200);
      expect(res.json()).toEqual({ phone: PHONE });
    }
    const audited = await reveals(h, c.id);
    expect(audited.map((a) => [a.actor_user_id, a.actor_role, a.outcome])).toEqual(
      staff.map((u) => [u.id, u.role, 'success']),
    );
    for (const row of audited) {
      expect(JSON.parse(row.details!)).toMatchObject({ caseId: c.id, reason: '回访核实办理结果' });
      expect(JSON.stringify(row)).not.toContain(PHONE);
      expect(JSON.stringify(row)).not.toContain(PHONE.slice(-4));
    }
    // The case itself still shows the number masked.
    const detail = await h.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, token: staff[0]!.token });
    expect((detail.json() as { reporter: { phone: string } }).reporter.phone).toBe('137****5678');
  });

  it('refuses the roles whose work does not need it (403) and actors outside the area (404), revealing nothing', async () => {
    const h = get();
    const c = await reportedCase(h);
    const refused: [BuiltUser, number][] = [
      [await buildUser(h, { role: 'department', unit: '370702001-dept-justice' }), 403],
      [await buildUser(h, { role: 'grid_worker', unit: '370702001001G01' }), 403],
      [await buildUser(h, { role: 'leader', unit: '370702001' }), 403],
      [await buildUser(h, { role: 'admin', unit: '370702001-centre' }), 403],
      [await buildUser(h, { role: 'operator', unit: '370702002-centre' }), 404],
      [await buildUser(h, { role: 'dispatcher', unit: '370702002-centre' }), 404],
      // A mediator of a committee that is not on the case does not see it.
      [await buildUser(h, { role: 'mediator', unit: '370702002-cmte-territorial' }), 404],
    ];
    for (const [user, status] of refused) {
      const res = await reveal(user, c.id);
      expect(res.statusCode, `${user.role} ${user.unitId}: ${res.body}`).toBe(status);
      expect((res.json() as ErrorJson).error.code).toBe(status === 403 ? 'FORBIDDEN' : 'NOT_FOUND');
      expect(res.body).not.toContain(PHONE);
    }
    // The resident who reported it reads their own case, but is no caller of anyone.
    const resident = await buildUser(h, { role: 'resident', unit: '370702001001' });
    const own = await buildCase(h, { by: resident, reporter: { name: '居民', phone: PHONE } });
    expect((await reveal(resident, own.id)).statusCode).toBe(403);
    expect(await reveals(h, c.id)).toEqual([]);
    expect(await reveals(h, own.id)).toEqual([]);
    // Each refusal is on record as a denial.
    const denials = await h.ctx.db
      .selectFrom('audit_log')
      .select('actor_user_id')
      .where('outcome', '=', 'denied')
      .where(
        'actor_user_id',
        'in',
        refused.map(([u]) => u.id),
      )
      .execute();
    expect(new Set(denials.map((d) => d.actor_user_id)).size).toBe(refused.length);
  });

  it('asks why: a reason of at least two characters, else 400 naming the field', async () => {
    const h = get();
    const c = await reportedCase(h);
    const operator = await buildUser(h, { role: 'operator', unit: '370702001-centre' });
    for (const payload of [{}, { reason: '' }, { reason: '查' }, { reason: '  查 ' }, { reason: 'x'.repeat(201) }]) {
      const res = await reveal(operator, c.id, payload);
      expect(res.statusCode, `${JSON.stringify(payload)}: ${res.body}`).toBe(400);
      const error = (res.json() as ErrorJson).error;
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(error.details)).toContain('reason');
    }
    expect(await reveals(h, c.id)).toEqual([]);
  });

  it(`allows ${REVEAL_BUDGET} reveals per account in ${REVEAL_WINDOW_MS / 60_000} minutes, then 429 with Retry-After`, async () => {
    const h = get();
    const c = await reportedCase(h);
    const operator = await buildUser(h, { role: 'operator', unit: '370702001-centre' });
    const other = await buildUser(h, { role: 'operator', unit: '370702001-centre' });
    for (let i = 0; i < REVEAL_BUDGET; i++) expect((await reveal(operator, c.id)).statusCode).toBe(200);
    const over = await reveal(operator, c.id);
    expect(over.statusCode, over.body).toBe(429);
    const error = (over.json() as ErrorJson).error;
    expect(error.code).toBe('REVEAL_BUDGET_EXCEEDED');
    expect(error.message).toMatch(/请 \d+ 分钟后再试/);
    expect(over.body).not.toContain(PHONE);
    const retryAfter = Number(over.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(REVEAL_WINDOW_MS / 1000);
    // Another account has its own budget; the refused reveal is not on record as one.
    expect((await reveal(other, c.id)).statusCode).toBe(200);
    expect(
      (await reveals(h, c.id)).filter((a) => a.actor_user_id === operator.id && a.outcome === 'success'),
    ).toHaveLength(REVEAL_BUDGET);
    // The next window opens.
    h.clock.advance(retryAfter * 1000);
    const again = await reveal(operator, c.id);
    expect(again.statusCode, again.body).toBe(200);
  });
});
