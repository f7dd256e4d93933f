// agreement_breach raised by the follow-up itself, on both databases: a mediator records at a
// follow-up visit that an effective agreement is broken, and the dispatcher's inbox has the warning
// in that same moment — no scan run — with the case behind it; a second broken visit updates the
// same warning instead of adding one, and a visit that finds it kept raises nothing.
import { expect, it } from 'vitest';
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

  /** A dispute mediated by the district committee up to an agreement in effect; its file id. */
  async function effectiveAgreement(h: Harness): Promise<{ caseId: number; fileId: number; fileNumber: string }> {
    const committee = await h.unit('370702-cmte-territorial');
    const created = await ok<{ id: number; version: number }>(
      call(h, 'operator', 'POST', '/api/v1/cases', {
        kind: 'dispute',
        categoryCode: 'DSP.COMPLEX',
        channel: 'window',
        description: '两户因楼上漏水损坏楼下装修发生纠纷，多次协商未果',
        unitId: (await h.unit('370702001001G01')).id,
      }),
      201,
    );
    const triage = await ok<{ version: number }>(call(h, 'dispatcher', 'GET', `/api/v1/cases/${created.id}`));
    await ok(
      call(h, 'dispatcher', 'POST', `/api/v1/cases/${created.id}/actions`, {
        action: 'dispatch',
        version: triage.version,
        leadUnitId: committee.id,
      }),
    );
    const dispatched = await ok<{ version: number }>(call(h, 'mediator', 'GET', `/api/v1/cases/${created.id}`));
    await ok(
      call(h, 'mediator', 'POST', `/api/v1/cases/${created.id}/actions`, {
        action: 'accept',
        version: dispatched.version,
      }),
    );
    const file = await ok<{ id: number; number: string }>(
      call(h, 'mediator', 'GET', `/api/v1/cases/${created.id}/mediation`),
    );
    const base = `/api/v1/mediations/${file.id}`;
    const partyIds: number[] = [];
    for (const [role, name] of [
      ['applicant', '张三'],
      ['respondent', '李四'],
    ] as const) {
      const after = await ok<{ parties: { id: number; role: string }[] }>(
        call(h, 'mediator', 'POST', `${base}/parties`, { role, kind: 'person', name }),
        201,
      );
      partyIds.push(after.parties.find((p) => p.role === role)!.id);
    }
    await ok(
      call(h, 'mediator', 'PUT', `${base}/agreement`, {
        form: 'written',
        facts: '李四家水管老化漏水，致张三家天花板受损。',
        issues: '维修费用的承担。',
        responsibilities: '李四负全部责任。',
        terms: ['李四赔偿张三维修费用人民币捌仟元整。'],
        performanceManner: '银行转账',
        performanceDeadline: '2026-12-31',
      }),
    );
    for (const body of [
      { signer: 'party', partyId: partyIds[0], method: 'signature' },
      { signer: 'party', partyId: partyIds[1], method: 'signature' },
      { signer: 'mediator' },
      { signer: 'committee' },
    ]) {
      await ok(call(h, 'mediator', 'POST', `${base}/agreement/signatures`, body));
    }
    await ok(call(h, 'mediator', 'POST', `${base}/agreement/effective`));
    return { caseId: created.id, fileId: file.id, fileNumber: file.number };
  }

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
