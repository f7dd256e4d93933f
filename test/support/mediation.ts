// A dispute mediated by the demo county's district committee up to an agreement in effect between
// 张三 (applicant) and 李四 (respondent), made through the API as the operator, the dispatcher and the
// mediator would: registered, dispatched to the committee, accepted, parties added (with an ID number
// or a phone when a test needs the registry or a resident account to find them), the agreement
// written, signed by everyone and put into effect. Shared by the tests that follow an agreement up
// (warnings' agreement_breach, credit records, points for an agreement kept).
import { expect } from 'vitest';
import type { Harness } from './harness.ts';

export interface AgreementParty {
  idNumber?: string;
  phone?: string;
}

export interface EffectiveAgreement {
  caseId: number;
  fileId: number;
  fileNumber: string;
  /** The applicant's and the respondent's party ids, in that order. */
  partyIds: number[];
}

const tokens = new WeakMap<Harness, Map<string, string>>();

async function call<T>(h: Harness, username: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  const mine = tokens.get(h) ?? new Map<string, string>();
  tokens.set(h, mine);
  let token = mine.get(username);
  if (!token) {
    token = await h.login(username);
    mine.set(username, token);
  }
  const res = await h.inject({ method, url, token, ...(payload ? { payload } : {}) });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json() as T;
}

export async function effectiveAgreement(
  h: Harness,
  parties: { applicant?: AgreementParty; respondent?: AgreementParty } = {},
): Promise<EffectiveAgreement> {
  const committee = await h.unit('370702-cmte-territorial');
  const created = await call<{ id: number }>(h, 'operator', 'POST', '/api/v1/cases', {
    kind: 'dispute',
    categoryCode: 'DSP.COMPLEX',
    channel: 'window',
    description: '两户因楼上漏水损坏楼下装修发生纠纷，多次协商未果',
    unitId: (await h.unit('370702001001G01')).id,
  });
  const triage = await call<{ version: number }>(h, 'dispatcher', 'GET', `/api/v1/cases/${created.id}`);
  await call(h, 'dispatcher', 'POST', `/api/v1/cases/${created.id}/actions`, {
    action: 'dispatch',
    version: triage.version,
    leadUnitId: committee.id,
  });
  const dispatched = await call<{ version: number }>(h, 'mediator', 'GET', `/api/v1/cases/${created.id}`);
  await call(h, 'mediator', 'POST', `/api/v1/cases/${created.id}/actions`, {
    action: 'accept',
    version: dispatched.version,
  });
  const file = await call<{ id: number; number: string }>(
    h,
    'mediator',
    'GET',
    `/api/v1/cases/${created.id}/mediation`,
  );
  const base = `/api/v1/mediations/${file.id}`;
  const partyIds: number[] = [];
  for (const [role, name, party] of [
    ['applicant', '张三', parties.applicant],
    ['respondent', '李四', parties.respondent],
  ] as const) {
    const after = await call<{ parties: { id: number; role: string }[] }>(h, 'mediator', 'POST', `${base}/parties`, {
      role,
      kind: 'person',
      name,
      ...(party?.idNumber ? { idNumber: party.idNumber } : {}),
      ...(party?.phone ? { phone: party.phone } : {}),
    });
    partyIds.push(after.parties.find((p) => p.role === role)!.id);
  }
  await call(h, 'mediator', 'PUT', `${base}/agreement`, {
    form: 'written',
    facts: '李四家水管老化漏水，致张三家天花板受损。',
    issues: '维修费用的承担。',
    responsibilities: '李四负全部责任。',
    terms: ['李四赔偿张三维修费用人民币捌仟元整。'],
    performanceManner: '银行转账',
    performanceDeadline: '2026-12-31',
  });
  for (const body of [
    { signer: 'party', partyId: partyIds[0], method: 'signature' },
    { signer: 'party', partyId: partyIds[1], method: 'signature' },
    { signer: 'mediator' },
    { signer: 'committee' },
  ]) {
    await call(h, 'mediator', 'POST', `${base}/agreement/signatures`, body);
  }
  await call(h, 'mediator', 'POST', `${base}/agreement/effective`);
  return { caseId: created.id, fileId: file.id, fileNumber: file.number, partyIds };
}
