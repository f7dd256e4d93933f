// Races a user would hit: a client library that retries, or a double-clicked "register" button,
// sends the same Idempotency-Key many times at once; exactly one case may come of it.
// (Conflicting actions on one case and two sweepers are in cases.test.ts and deadlines.test.ts.)
//
// The one right answer: every request gets 201 and the same case. The key is claimed by the first
// statement of the case's transaction and bound to the case before that transaction commits
// (idempotency.ts), so no other request can ever see it "in flight": on PostgreSQL a duplicate's
// insert of the key waits on the first's row lock and then finds the key bound; on SQLite the
// transactions take the one connection in turn. A duplicate therefore either replays the stored
// first response or, arriving between the commit and the storing of that response, is shown the
// committed case — the same body either way.
import { expect, it } from 'vitest';
import { describeEachDialect } from './support/harness.ts';
import { buildUser } from './support/factories.ts';

interface Answer {
  id: number;
  number: string;
}

describeEachDialect('the same Idempotency-Key from 30 clients at once', (get) => {
  it('creates exactly one case and answers all 30 with it; a retry replays it', async () => {
    const h = get();
    const { token } = await buildUser(h, { role: 'operator', unit: '370702-centre' });
    const unit = await h.unit('370702001001');
    const description = `同一幂等键并发提交：楼上装修噪音扰民 ${Date.now().toString(36)}`;
    const send = () =>
      h.inject({
        method: 'POST',
        url: '/api/v1/cases',
        token,
        headers: { 'idempotency-key': 'race-once' },
        payload: { kind: 'complaint', categoryCode: 'CMP.NOISE', channel: 'hotline', description, unitId: unit.id },
      });

    const answers = await Promise.all(Array.from({ length: 30 }, send));

    expect(
      answers.map((a) => a.statusCode),
      answers.map((a) => `${a.statusCode} ${a.body.slice(0, 200)}`).join('\n'),
    ).toEqual(Array.from({ length: 30 }, () => 201));
    const first = answers[0]!.json() as Answer;
    for (const answer of answers) expect(answer.json()).toEqual(first);

    const rows = await h.ctx.db
      .selectFrom('case_record')
      .select(['id', 'number'])
      .where('description', '=', description)
      .execute();
    expect(rows).toEqual([{ id: first.id, number: first.number }]);

    const retry = await send();
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first);
    const registered = await h.ctx.db
      .selectFrom('audit_log')
      .select('seq')
      .where('action', '=', 'case.register')
      .where('subject_id', '=', String(first.id))
      .execute();
    expect(registered).toHaveLength(1);
  });
});
