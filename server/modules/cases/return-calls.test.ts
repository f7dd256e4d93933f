// 回访 (issue 14): the queue of resolved cases waiting for a rating by phone, in the caller's area,
// the longest waiting first; each call recorded with its outcome; the rating then given on the call
// with the workflow's `rate`. Refused calls write nothing.
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase, buildUser, type BuiltCase, type BuiltUser } from '../../../test/support/factories.ts';

const INSIDE_GRID = '370702001001G01';
const OUTSIDE_GRID = '370702002001G01';
const LEAD = '370702001-dept-justice';
const OUTSIDE_LEAD = '370702002-dept-justice';
// Sessions time out while idle: the clock moves on by minutes, not hours.
const LATER = 60_000;

interface Attempt {
  id: number;
  at: string;
  outcome: string;
  note: string | null;
  byName: string;
  byRole: string;
}

interface QueueItem {
  caseId: number;
  number: string;
  status: string;
  version: number;
  resolvedAt: string;
  result: string | null;
  reporterName: string | null;
  reporterPhone: string;
  attempts: Attempt[];
}

interface ErrorJson {
  error: { code: string; details?: unknown };
}

describeEachDialect('return calls (回访)', (get) => {
  const queue = async (who: { token: string }, query = '') => {
    const res = await get().inject({ method: 'GET', url: `/api/v1/return-calls${query}`, token: who.token });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: QueueItem[]; nextCursor: string | null };
  };

  const call = (who: { token: string }, caseId: number, payload: Record<string, unknown>) =>
    get().inject({ method: 'POST', url: `/api/v1/cases/${caseId}/return-calls`, token: who.token, payload });

  const callsOf = (h: Harness, caseId: number) =>
    h.ctx.db.selectFrom('case_return_call').selectAll().where('case_id', '=', caseId).execute();

  const resolvedCase = (h: Harness, phone: string, at = INSIDE_GRID, lead = LEAD): Promise<BuiltCase> =>
    buildCase(h, { at, lead, status: 'resolved', reporter: { name: '王五', phone }, result: '已协调施工方停工' });

  it('lists the resolved, unrated cases of the area that left a number, the longest waiting first', async () => {
    const h = get();
    const operator = await buildUser(h, { role: 'operator', unit: '370702001-centre' });
    const dispatcher = await buildUser(h, { role: 'dispatcher', unit: '370702001-centre' });
    const outsideOperator = await buildUser(h, { role: 'operator', unit: '370702002-centre' });

    // Registered first but resolved last: the queue goes by when a case was resolved.
    const laterResolved = await buildCase(h, {
      at: INSIDE_GRID,
      lead: LEAD,
      status: 'in_progress',
      reporter: { name: '李四', phone: '13900002222' },
    });
    const earlierResolved = await resolvedCase(h, '13700001234');
    h.clock.advance(LATER);
    const handler = await buildUser(h, { role: 'department', unit: LEAD });
    const resolved = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${laterResolved.id}/actions`,
      token: handler.token,
      payload: { action: 'resolve', version: laterResolved.version, result: '已上门调解' },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const stillOpen = await buildCase(h, {
      at: INSIDE_GRID,
      lead: LEAD,
      status: 'in_progress',
      reporter: { name: '赵六', phone: '13600003333' },
    });
    const noNumber = await buildCase(h, { at: INSIDE_GRID, lead: LEAD, status: 'resolved' });
    const outside = await resolvedCase(h, '13500004444', OUTSIDE_GRID, OUTSIDE_LEAD);

    const listed = await queue(operator);
    expect(listed.items.map((i) => i.caseId)).toEqual([earlierResolved.id, laterResolved.id]);
    expect(listed.items.map((i) => i.caseId)).not.toContain(stillOpen.id);
    expect(listed.items.map((i) => i.caseId)).not.toContain(noNumber.id);
    expect(listed.items[0]).toMatchObject({
      caseId: earlierResolved.id,
      number: earlierResolved.number,
      status: 'resolved',
      version: earlierResolved.version,
      result: '已协调施工方停工',
      reporterName: '王五',
      reporterPhone: '137****1234',
      attempts: [],
    });
    expect(listed.items[1]!.resolvedAt > listed.items[0]!.resolvedAt).toBe(true);
    expect(JSON.stringify(listed)).not.toContain('13700001234');
    expect((await queue(dispatcher)).items.map((i) => i.caseId)).toEqual([earlierResolved.id, laterResolved.id]);
    expect((await queue(outsideOperator)).items.map((i) => i.caseId)).toEqual([outside.id]);

    // One at a time, then the next page from the cursor; a unit's area narrows the queue.
    const first = await queue(operator, '?limit=1');
    expect(first.items.map((i) => i.caseId)).toEqual([earlierResolved.id]);
    const second = await queue(operator, `?limit=1&cursor=${first.nextCursor}`);
    expect(second.items.map((i) => i.caseId)).toEqual([laterResolved.id]);
    expect(second.nextCursor).toBeNull();
    const township2 = await h.unit('370702002');
    expect((await queue(operator, `?unitId=${township2.id}`)).items).toEqual([]);

    const bad = await h.inject({ method: 'GET', url: '/api/v1/return-calls?cursor=abc', token: operator.token });
    expect(bad.statusCode).toBe(400);
  });

  it('records each call, lists it in the queue, and the operator rates the case on the call', async () => {
    const h = get();
    const operator = await buildUser(h, { role: 'operator', unit: '370702001-centre', displayName: '话务员小陈' });
    const c = await resolvedCase(h, '13700007777');

    const missed = await call(operator, c.id, { outcome: 'no_answer' });
    expect(missed.statusCode, missed.body).toBe(201);
    expect(missed.json()).toMatchObject({ outcome: 'no_answer', note: null, byName: '话务员小陈', byRole: 'operator' });
    h.clock.advance(LATER);
    const reached = await call(operator, c.id, { outcome: 'reached', note: '  群众表示问题已解决  ' });
    expect(reached.statusCode, reached.body).toBe(201);
    expect(reached.json()).toMatchObject({ outcome: 'reached', note: '群众表示问题已解决' });

    const item = (await queue(operator)).items.find((i) => i.caseId === c.id)!;
    expect(item.attempts.map((a) => [a.outcome, a.note, a.byName])).toEqual([
      ['no_answer', null, '话务员小陈'],
      ['reached', '群众表示问题已解决', '话务员小陈'],
    ]);
    expect(item.attempts[1]!.at > item.attempts[0]!.at).toBe(true);

    const audited = await h.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'details'])
      .where('subject_type', '=', 'case')
      .where('subject_id', '=', String(c.id))
      .where('action', '=', 'case.return_call')
      .execute();
    expect(audited.map((a) => a.outcome)).toEqual(['success', 'success']);
    expect(audited.map((a) => a.details).join()).not.toContain('群众表示');

    // The rating on the call is the workflow's rate, which the operator covering the case may take.
    const detail = await h.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, token: operator.token });
    const shown = detail.json() as { allowedActions: string[]; version: number };
    expect(shown.allowedActions).toContain('rate');
    const rated = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/actions`,
      token: operator.token,
      payload: { action: 'rate', version: item.version, rating: 'satisfied', comment: '回访：满意' },
    });
    expect(rated.statusCode, rated.body).toBe(200);
    expect((rated.json() as { status: string }).status).toBe('closed');
    expect((await queue(operator)).items.map((i) => i.caseId)).not.toContain(c.id);

    // Rated and closed: no longer waiting for a call.
    const late = await call(operator, c.id, { outcome: 'reached' });
    expect(late.statusCode, late.body).toBe(422);
    expect(late.json()).toMatchObject({ error: { code: 'RETURN_CALL_NOT_DUE', details: { status: 'closed' } } });
    expect(await callsOf(h, c.id)).toHaveLength(2);
  });

  it('refuses other roles (403), the outside area (404), an open case (422) and bad bodies (400), writing nothing', async () => {
    const h = get();
    const c = await resolvedCase(h, '13700008888');
    const open = await buildCase(h, {
      at: INSIDE_GRID,
      lead: LEAD,
      status: 'in_progress',
      reporter: { name: '赵六', phone: '13600003333' },
    });
    const users: Record<string, BuiltUser> = {
      department: await buildUser(h, { role: 'department', unit: LEAD }),
      grid_worker: await buildUser(h, { role: 'grid_worker', unit: INSIDE_GRID }),
      leader: await buildUser(h, { role: 'leader', unit: '370702001' }),
      mediator: await buildUser(h, { role: 'mediator', unit: '370702001-cmte-territorial' }),
    };
    const operator = await buildUser(h, { role: 'operator', unit: '370702001-centre' });
    const outsider = await buildUser(h, { role: 'operator', unit: '370702002-centre' });
    const auditedCalls = async () =>
      (
        await h.ctx.db
          .selectFrom('audit_log')
          .select('seq')
          .where('action', '=', 'case.return_call')
          .where('outcome', '=', 'success')
          .execute()
      ).length;
    const before = await auditedCalls();

    for (const [role, user] of Object.entries(users)) {
      const res = await call(user, c.id, { outcome: 'reached' });
      expect(res.statusCode, `${role}: ${res.body}`).toBe(403);
      expect((res.json() as ErrorJson).error.code).toBe('FORBIDDEN');
      const list = await h.inject({ method: 'GET', url: '/api/v1/return-calls', token: user.token });
      expect(list.statusCode, role).toBe(403);
    }
    const outside = await call(outsider, c.id, { outcome: 'reached' });
    expect(outside.statusCode, outside.body).toBe(404);
    expect((await call(operator, 999_999, { outcome: 'reached' })).statusCode).toBe(404);
    const notDue = await call(operator, open.id, { outcome: 'reached' });
    expect(notDue.statusCode, notDue.body).toBe(422);
    expect(notDue.json()).toMatchObject({ error: { code: 'RETURN_CALL_NOT_DUE', details: { status: 'in_progress' } } });
    for (const payload of [
      {},
      { outcome: 'answered' },
      { outcome: 'reached', note: '长'.repeat(501) },
      { outcome: 'reached', rating: 'satisfied' },
    ]) {
      const res = await call(operator, c.id, payload);
      expect(res.statusCode, `${JSON.stringify(payload).slice(0, 60)}: ${res.body}`).toBe(400);
      expect((res.json() as ErrorJson).error.code).toBe('VALIDATION_FAILED');
    }
    expect(await callsOf(h, c.id)).toEqual([]);
    expect(await callsOf(h, open.id)).toEqual([]);
    expect(await auditedCalls()).toBe(before);
    // A note of exactly 500 characters is fine.
    expect((await call(operator, c.id, { outcome: 'declined', note: '长'.repeat(500) })).statusCode).toBe(201);
  });
});
