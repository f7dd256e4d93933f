// Races a user would hit: a client library that retries, or a double-clicked "register" button,
// sends the same Idempotency-Key many times at once; exactly one case may come of it.
// (Conflicting actions on one case and two sweepers are in cases.test.ts and deadlines.test.ts.)
import { expect, it } from 'vitest';
import { describeEachDialect } from './support/harness.ts';

interface Answer {
  id?: number;
  number?: string;
  error?: { code: string; details?: { code?: string } };
}

describeEachDialect('the same Idempotency-Key from 30 clients at once', (get) => {
  it('creates exactly one case; every answer is that case or "still in flight"; a retry replays it', async () => {
    const h = get();
    const token = await h.login('operator');
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

    const created = answers.filter((a) => a.statusCode === 201).map((a) => a.json() as Answer);
    const inFlight = answers.filter((a) => a.statusCode === 409).map((a) => a.json() as Answer);
    expect(created.length + inFlight.length, answers.map((a) => `${a.statusCode} ${a.body}`).join('\n')).toBe(30);
    expect(created.length).toBeGreaterThan(0);
    expect(new Set(created.map((c) => c.id)).size).toBe(1);
    expect(new Set(created.map((c) => c.number)).size).toBe(1);
    for (const refused of inFlight) expect(refused.error?.details?.code).toBe('IDEMPOTENCY_IN_FLIGHT');

    const rows = await h.ctx.db
      .selectFrom('case_record')
      .select(['id', 'number'])
      .where('description', '=', description)
      .execute();
    expect(rows).toEqual([{ id: created[0]!.id, number: created[0]!.number }]);

    const retry = await send();
    expect(retry.statusCode).toBe(201);
    expect((retry.json() as Answer).id).toBe(created[0]!.id);
    const registered = await h.ctx.db
      .selectFrom('audit_log')
      .select('seq')
      .where('action', '=', 'case.register')
      .where('subject_id', '=', String(created[0]!.id))
      .execute();
    expect(registered).toHaveLength(1);
  });
});
