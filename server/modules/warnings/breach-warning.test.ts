// agreement_breach raised by the follow-up itself, on both databases: a mediator records at a
// follow-up visit that an effective agreement is broken, and the dispatcher's inbox has the warning
// in that same moment — no scan run — with the case behind it; a second broken visit updates the
// same warning instead of adding one, and a visit that finds it kept raises nothing.
import { expect, it } from 'vitest';
import { effectiveAgreement } from '../../../test/support/mediation.ts';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';

interface Warning {
  id: number;
  kind: string;
  caseIds: number[];
  explanation: string;
  raiseCount: number;
}

describeEachDialect('agreement_breach at the follow-up', (get) => {
  const tokens: Record<string, string> = {};
  const call = async (h: Harness, username: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    h.inject({ method, url, token: (tokens[username] ??= await h.login(username)), ...(payload ? { payload } : {}) });
  const ok = async <T>(p: Promise<{ statusCode: number; body: string; json: () => unknown }>, status = 200) => {
    const res = await p;
    expect(res.statusCode, res.body).toBe(status);
    return res.json() as T;
  };

  const breaches = async (h: Harness, caseId: number) =>
    (
      await ok<{ items: Warning[] }>(call(h, 'dispatcher', 'GET', '/api/v1/warnings?kind=agreement_breach&status=open'))
    ).items.filter((w) => w.caseIds.includes(caseId));

  it('raises the warning in the follow-up request, once per file', async () => {
    const h = get();
    const kept = await effectiveAgreement(h);
    await ok(
      call(h, 'mediator', 'POST', `/api/v1/mediations/${kept.fileId}/follow-ups`, {
        performance: 'kept',
        note: '回访双方，协议正在履行',
      }),
      201,
    );
    expect(await breaches(h, kept.caseId)).toEqual([]);

    const broken = await effectiveAgreement(h);
    expect(await breaches(h, broken.caseId)).toEqual([]);
    await ok(
      call(h, 'mediator', 'POST', `/api/v1/mediations/${broken.fileId}/follow-ups`, {
        performance: 'broken',
        note: '回访张三，李四至今未支付赔偿款',
      }),
      201,
    );
    const [warning, ...more] = await breaches(h, broken.caseId);
    expect(more).toEqual([]);
    expect(warning).toMatchObject({ kind: 'agreement_breach', caseIds: [broken.caseId] });
    expect(warning!.explanation).toContain(broken.fileNumber);

    await ok(
      call(h, 'mediator', 'POST', `/api/v1/mediations/${broken.fileId}/follow-ups`, {
        performance: 'broken',
        note: '再次回访，仍未履行',
      }),
      201,
    );
    const again = await breaches(h, broken.caseId);
    expect(again.map((w) => w.id)).toEqual([warning!.id]);
  });
});
