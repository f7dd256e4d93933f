// Issue 4's "done when", through the API with the demo accounts, on both databases: a dispute from
// the window goes to the suggested committee, is mediated in two sessions and ends in an agreement
// that refuses to take effect until every signature and the seal are on it, then yields a .docx;
// and a court-referred dispute goes to the committee and its result back to the court — for
// nobody outside their jurisdictions.
import JSZip from 'jszip';
import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';

interface CaseJson {
  id: number;
  number: string;
  status: string;
  version: number;
  leadUnitId: number | null;
  allowedActions: string[];
  suggestedLeadUnit: { id: number; code: string; name: string } | null;
  result: string | null;
  timeline: { action: string; data: Record<string, unknown> | null }[];
}

interface FileJson {
  id: number;
  number: string;
  status: string;
  version: number;
  case: { id: number; version: number; status: string };
  committee: { id: number; name: string };
  leadMediator: { id: number; name: string } | null;
  deadline: string;
  daysLeft: number | null;
  outcome: string | null;
  parties: { id: number; role: string; name: string; idNumber: string | null; phone: string | null }[];
  sessions: { seq: number; place: string; attendees: string[] }[];
  agreement: {
    status: string;
    effectiveAt: string | null;
    confirmationDeadline: string | null;
    confirmationDaysLeft: number | null;
    missingSignatures: string[];
    signatures: { signer: string }[];
  } | null;
  referrals: { kind: string; status: string }[];
  abilities: { work: boolean };
}

interface ReferralJson {
  id: number;
  kind: string;
  status: string;
  caseId: number;
  caseNumber: string;
  externalRef: string | null;
  receivedAt: string | null;
  returnedAt: string | null;
  resultOutcome: string | null;
  result: string | null;
}

const json = <T>(res: LightMyRequestResponse, status = 200): T => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
};

/** The text of a .docx: every <w:t> run of word/document.xml. */
async function docxText(body: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(body);
  expect(zip.file('[Content_Types].xml')).not.toBeNull();
  const xml = await zip.file('word/document.xml')!.async('string');
  expect(xml).toContain('</w:document>');
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

describeEachDialect('mediation through the API', (get) => {
  const tokens: Record<string, string> = {};
  const token = async (username: string) => (tokens[username] ??= await get().login(username));
  const call = async (
    username: string,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: Record<string, unknown>,
  ) => get().inject({ method, url, token: await token(username), ...(payload !== undefined ? { payload } : {}) });
  const caseOf = async (username: string, id: number) =>
    json<CaseJson>(await call(username, 'GET', `/api/v1/cases/${id}`));
  const fileOf = async (username: string, id: number) =>
    json<FileJson>(await call(username, 'GET', `/api/v1/mediations/${id}`));

  it('routes a window dispute to the suggested committee, mediates it in two sessions, and makes a legally complete agreement', async () => {
    const h = get();
    const committee = await h.unit('370702-cmte-territorial');

    // 1. The window registers a dispute; the county dispatcher sees the suggested committee.
    const created = json<CaseJson>(
      await call('operator', 'POST', '/api/v1/cases', {
        kind: 'dispute',
        categoryCode: 'DSP.COMPLEX',
        channel: 'window',
        description: '两户因楼上漏水损坏楼下装修发生纠纷，多次协商未果，双方情绪激动',
        unitId: (await h.unit('370702001001G01')).id,
        address: '城关街道和平小区5号楼',
        reporter: { name: '张三', phone: '13800001111' },
      }),
      201,
    );
    const triage = await caseOf('dispatcher', created.id);
    expect(triage.status).toBe('registered');
    expect(triage.suggestedLeadUnit?.id).toBe(committee.id);
    expect(triage.suggestedLeadUnit?.name).toBe('潍城区联合人民调解委员会');
    // Only whoever triages sees the suggestion.
    expect((await caseOf('leader', created.id)).suggestedLeadUnit).toBeNull();

    // 2. Dispatched to it; the mediator accepts, which registers the mediation file.
    json(
      await call('dispatcher', 'POST', `/api/v1/cases/${created.id}/actions`, {
        action: 'dispatch',
        version: triage.version,
        leadUnitId: triage.suggestedLeadUnit!.id,
      }),
    );
    // No file until the committee accepts: the case is the mediator's to see, so the answer is null.
    expect(json<unknown>(await call('mediator', 'GET', `/api/v1/cases/${created.id}/mediation`))).toBeNull();
    const dispatched = await caseOf('mediator', created.id);
    expect(dispatched.allowedActions).toContain('accept');
    json(
      await call('mediator', 'POST', `/api/v1/cases/${created.id}/actions`, {
        action: 'accept',
        version: dispatched.version,
      }),
    );
    let file = json<FileJson>(await call('mediator', 'GET', `/api/v1/cases/${created.id}/mediation`));
    expect(file.status).toBe('open');
    expect(file.committee.id).toBe(committee.id);
    expect(file.number).toMatch(/^潍城区联合调〔2026〕\d+号$/);
    expect(file.leadMediator?.name).toBeTruthy();
    expect(file.abilities.work).toBe(true);
    // One month from 2026-11-27: the end of 2026-12-27 in Beijing.
    expect(file.deadline).toBe('2026-12-27T15:59:59.999Z');
    expect(file.daysLeft).toBe(30);

    // 3. Parties, with their numbers sealed and masked.
    const applicant = json<FileJson>(
      await call('mediator', 'POST', `/api/v1/mediations/${file.id}/parties`, {
        role: 'applicant',
        kind: 'person',
        name: '张三',
        gender: '男',
        ethnicity: '汉族',
        birthDate: '1980-03-05',
        idNumber: '370702198003051235',
        phone: '13800001111',
        address: '潍坊市潍城区城关街道和平小区5号楼201室',
      }),
      201,
    ).parties[0]!;
    expect(applicant.idNumber).not.toContain('198003051235');
    expect(applicant.phone).not.toBe('13800001111');
    file = json<FileJson>(
      await call('mediator', 'POST', `/api/v1/mediations/${file.id}/parties`, {
        role: 'respondent',
        kind: 'person',
        name: '李四',
        gender: '女',
        idNumber: '370702198506120028',
        phone: '13900002222',
        address: '潍坊市潍城区城关街道和平小区5号楼301室',
      }),
      201,
    );
    const respondent = file.parties.find((p) => p.role === 'respondent')!;
    const row = await h.ctx.db
      .selectFrom('mediation_party')
      .select(['id_number_enc', 'phone_enc'])
      .where('id', '=', respondent.id)
      .executeTakeFirstOrThrow();
    expect(row.id_number_enc).not.toContain('370702198506120028');
    expect(row.phone_enc).not.toContain('13900002222');
    const revealed = json<{ idNumber: string }>(
      await call('mediator', 'POST', `/api/v1/mediations/${file.id}/parties/${respondent.id}/reveal`, {
        fields: ['idNumber'],
      }),
    );
    expect(revealed.idNumber).toBe('370702198506120028');

    // 4. Two sessions.
    for (const [i, when] of ['2026-11-27T10:00:00+08:00', '2026-11-27T15:00:00+08:00'].entries()) {
      if (i === 1) {
        // Later that day. Moving the clock expires sessions, as in the closed-loop tests.
        h.clock.set(new Date('2026-11-27T16:00:00+08:00'));
        for (const k of Object.keys(tokens)) delete tokens[k];
      }
      file = json<FileJson>(
        await call('mediator', 'POST', `/api/v1/mediations/${file.id}/sessions`, {
          heldAt: when,
          place: '潍城区矛盾纠纷多元化解中心调解室',
          attendees: ['张三', '李四', '调解员'],
          record: i === 0 ? '双方陈述漏水经过与损失，各执一词' : '经现场勘验，确认漏水系楼上水管老化所致',
          agreed: i === 0 ? '同意现场勘验' : '李四同意赔偿维修费用',
          nextStep: i === 0 ? '组织现场勘验' : '起草调解协议',
        }),
        201,
      );
    }
    file = await fileOf('mediator', file.id);
    expect(file.sessions.map((s) => s.seq)).toEqual([1, 2]);
    const timeline = (await caseOf('dispatcher', created.id)).timeline.map((e) => e.action);
    expect(timeline.filter((a) => a === 'mediation_session')).toHaveLength(2);

    // 5. The agreement: refused until every party, the mediator and the seal are recorded.
    json(
      await call('mediator', 'PUT', `/api/v1/mediations/${file.id}/agreement`, {
        form: 'written',
        facts: '2026年11月，李四家水管老化漏水，致张三家天花板及墙面受损。',
        issues: '维修费用由谁承担及赔偿数额。',
        responsibilities: '李四对漏水负全部责任；张三无责任。',
        terms: ['李四一次性赔偿张三维修费用人民币捌仟元整（¥8,000）。', '李四于赔偿前更换老化水管并承担费用。'],
        performanceManner: '银行转账至张三本人账户',
        performanceDeadline: '2026-12-31',
      }),
    );
    const effective = async () => call('mediator', 'POST', `/api/v1/mediations/${file.id}/agreement/effective`);
    const refused = await effective();
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      error: {
        code: 'AGREEMENT_NOT_SIGNED',
        details: { missing: [`party:${applicant.id}`, `party:${respondent.id}`, 'mediator', 'committee'] },
      },
    });
    const sign = async (body: Record<string, unknown>) =>
      json<FileJson>(await call('mediator', 'POST', `/api/v1/mediations/${file.id}/agreement/signatures`, body));
    await sign({ signer: 'party', partyId: applicant.id, method: 'signature' });
    await sign({ signer: 'party', partyId: respondent.id, method: 'fingerprint' });
    await sign({ signer: 'mediator' });
    expect((await effective()).statusCode).toBe(422); // the seal is still missing
    expect((await fileOf('mediator', file.id)).agreement!.status).toBe('draft');
    expect((await sign({ signer: 'committee' })).agreement!.missingSignatures).toEqual([]);
    // Signed terms are fixed.
    expect(
      (
        await call('mediator', 'PUT', `/api/v1/mediations/${file.id}/agreement`, {
          form: 'written',
          facts: '改动后的事实经过描述',
          issues: '改动',
          responsibilities: '改动',
          terms: ['改动'],
          performanceManner: '现金',
          performanceDeadline: '2026-12-31',
        })
      ).statusCode,
    ).toBe(422);
    const done = json<FileJson>(await effective());
    expect(done.agreement!.status).toBe('effective');
    expect(done.agreement!.effectiveAt).toBe('2026-11-27T08:00:00.000Z');
    // Judicial confirmation: 30 days after the effective date.
    expect(done.agreement!.confirmationDeadline).toBe('2026-12-27');
    expect(done.agreement!.confirmationDaysLeft).toBe(30);

    // 6. The .docx opens as a Word document holding the parties, facts, terms and deadline.
    const docx = await call('mediator', 'GET', `/api/v1/mediations/${file.id}/agreement.docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(String(docx.headers['content-disposition'])).toMatch(/^attachment;/);
    const text = await docxText(docx.rawPayload);
    for (const piece of [
      '人民调解协议书',
      file.number,
      '张三',
      '李四',
      '370702198003051235',
      '李四家水管老化漏水',
      '李四一次性赔偿张三维修费用人民币捌仟元整',
      '李四于赔偿前更换老化水管',
      '2026年12月31日',
      '潍城区联合人民调解委员会',
    ]) {
      expect(text, piece).toContain(piece);
    }
    expect(text).not.toContain('草稿');
    const page = await call('mediator', 'GET', `/api/v1/mediations/${file.id}/agreement.html`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('@page');
    expect(page.body).toContain('李四一次性赔偿张三');
    // Each clear-number document view is audited.
    const audits = await h.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'mediation.agreement_document')
      .where('subject_id', '=', String(file.id))
      .execute();
    expect(audits).toHaveLength(2);
    // A leader may read the file but not print the clear numbers.
    expect((await call('leader', 'GET', `/api/v1/mediations/${file.id}`)).statusCode).toBe(200);
    expect((await call('leader', 'GET', `/api/v1/mediations/${file.id}/agreement.docx`)).statusCode).toBe(403);

    // 7. The outcome resolves the case; a plain resolve of a mediated case is refused first.
    const inProgress = await caseOf('mediator', created.id);
    const plain = await call('mediator', 'POST', `/api/v1/cases/${created.id}/actions`, {
      action: 'resolve',
      version: inProgress.version,
      result: '已调解',
    });
    expect(plain.statusCode).toBe(422);
    expect((await caseOf('mediator', created.id)).status).toBe('in_progress');
    const concluded = json<FileJson>(
      await call('mediator', 'POST', `/api/v1/mediations/${file.id}/outcome`, {
        outcome: 'agreement',
        caseVersion: inProgress.version,
      }),
    );
    expect(concluded.status).toBe('concluded');
    expect(concluded.outcome).toBe('agreement');
    const resolved = await caseOf('dispatcher', created.id);
    expect(resolved.status).toBe('resolved');
    expect(resolved.result).toContain(file.number);

    // 8. Follow-up and judicial confirmation to the district court.
    json(
      await call('mediator', 'POST', `/api/v1/mediations/${file.id}/follow-ups`, {
        performance: 'kept',
        note: '回访张三，已收到赔偿款，水管已更换',
      }),
      201,
    );
    const applied = json<FileJson>(
      await call('mediator', 'POST', `/api/v1/mediations/${file.id}/judicial-confirmation`, {}),
      201,
    );
    expect(applied.referrals).toMatchObject([{ kind: 'judicial_confirmation', status: 'sent' }]);
    const inbox = json<{ items: ReferralJson[] }>(await call('court', 'GET', '/api/v1/referrals?box=received'));
    const confirmation = inbox.items.find((r) => r.caseId === created.id)!;
    expect(confirmation.kind).toBe('judicial_confirmation');
    json(await call('court', 'POST', `/api/v1/referrals/${confirmation.id}/receipt`));
    const confirmed = json<ReferralJson>(
      await call('court', 'POST', `/api/v1/referrals/${confirmation.id}/result`, {
        outcome: 'confirmed',
        result: '（2026）鲁0702民特12号民事裁定书：确认调解协议有效',
      }),
    );
    expect(confirmed.status).toBe('returned');
    const sent = json<{ items: ReferralJson[] }>(await call('mediator', 'GET', '/api/v1/referrals?box=sent'));
    expect(sent.items.find((r) => r.id === confirmation.id)?.resultOutcome).toBe('confirmed');

    // 9. The mediators' figures count it.
    const stats = json<{
      committees: { unitId: number; files: number; agreements: number; successRate: number | null }[];
    }>(await call('mediator', 'GET', '/api/v1/stats/mediation'));
    const mine = stats.committees.find((c) => c.unitId === committee.id)!;
    expect(mine.agreements).toBeGreaterThanOrEqual(1);
    expect(mine.successRate).toBeGreaterThan(0);
  });

  it('carries a court-referred dispute to the committee and its result back to the court, for nobody outside', async () => {
    const h = get();
    h.clock.set(new Date('2026-11-30T09:00:00+08:00'));
    for (const k of Object.keys(tokens)) delete tokens[k];
    const committee = await h.unit('370702-cmte-territorial');
    const referred = json<ReferralJson>(
      await call('court', 'POST', '/api/v1/referrals', {
        toUnitId: committee.id,
        externalRef: '（2026）鲁0702民诉前调345号',
        deadline: '2026-12-30',
        note: '诉前委派调解',
        case: {
          kind: 'dispute',
          categoryCode: 'DSP.CONTRACT',
          description: '装修合同纠纷：业主拒付尾款，装修公司起诉，法院诉前委派调解',
          unitId: (await h.unit('370702001001G01')).id,
          reporter: { name: '王五', phone: '13700003333' },
        },
      }),
      201,
    );
    expect(referred).toMatchObject({ kind: 'court', status: 'sent', externalRef: '（2026）鲁0702民诉前调345号' });
    const caseId = referred.caseId;

    // Outsiders: another county's court and committee, another committee of the same county,
    // and a dispatcher of another county see none of it.
    const outsiders = [
      await h.userWith('department', '370703-court'),
      await h.userWith('mediator', '370703-cmte-territorial'),
      await h.userWith('mediator', '370702-cmte-medical'),
      await h.userWith('dispatcher', '370703-centre'),
    ];
    const invisible = async () => {
      for (const o of outsiders) {
        const as = (url: string) => h.inject({ method: 'GET', url, token: o.token });
        expect((await as(`/api/v1/cases/${caseId}`)).statusCode, o.username).toBe(404);
        expect((await as(`/api/v1/referrals/${referred.id}`)).statusCode, o.username).toBe(404);
        for (const box of ['sent', 'received']) {
          const list = await as(`/api/v1/referrals?box=${box}`);
          if (list.statusCode === 200)
            expect((list.json() as { items: ReferralJson[] }).items.map((r) => r.id)).not.toContain(referred.id);
        }
        const cases = await as('/api/v1/cases?limit=100');
        expect((cases.json() as { items: { id: number }[] }).items.map((c) => c.id)).not.toContain(caseId);
      }
    };
    await invisible();

    // The committee has it, dispatched to it, without triage.
    const received = json<{ items: ReferralJson[] }>(await call('mediator', 'GET', '/api/v1/referrals?box=received'));
    expect(received.items.map((r) => r.id)).toContain(referred.id);
    const arriving = await caseOf('mediator', caseId);
    expect(arriving.status).toBe('dispatched');
    expect(arriving.leadUnitId).toBe(committee.id);
    expect(arriving.allowedActions).toContain('accept');
    // The court sees its case but cannot work it.
    const courtView = await caseOf('court', caseId);
    expect(courtView.allowedActions).toEqual([]);

    // Accepting is the receipt.
    json(
      await call('mediator', 'POST', `/api/v1/cases/${caseId}/actions`, {
        action: 'accept',
        version: arriving.version,
      }),
    );
    const receipted = json<ReferralJson>(await call('court', 'GET', `/api/v1/referrals/${referred.id}`));
    expect(receipted.status).toBe('received');
    expect(receipted.receivedAt).toBe('2026-11-30T01:00:00.000Z');
    // Before the result, the court's sent box shows it waiting.
    const waiting = json<{ items: ReferralJson[] }>(await call('court', 'GET', '/api/v1/referrals?box=sent'));
    expect(waiting.items.find((r) => r.id === referred.id)?.returnedAt).toBeNull();

    // Mediation fails; the outcome resolves the case and returns the result to the court.
    const file = json<FileJson>(await call('mediator', 'GET', `/api/v1/cases/${caseId}/mediation`));
    const version = (await caseOf('mediator', caseId)).version;
    json(
      await call('mediator', 'POST', `/api/v1/mediations/${file.id}/outcome`, {
        outcome: 'no_agreement',
        note: '双方对尾款数额分歧较大，调解不成',
        caseVersion: version,
      }),
    );
    const result = json<{ items: ReferralJson[] }>(await call('court', 'GET', '/api/v1/referrals?box=sent'));
    const back = result.items.find((r) => r.id === referred.id)!;
    expect(back.status).toBe('returned');
    expect(back.resultOutcome).toBe('no_agreement');
    expect(back.result).toContain('调解不成');
    // The court is told, and reads the file of the dispute it referred.
    const notices = await h.ctx.db
      .selectFrom('outbox')
      .select(['recipient', 'topic'])
      .where('topic', '=', 'referral.returned')
      .where('subject_id', '=', String(referred.id))
      .execute();
    expect(notices).toEqual([{ recipient: String((await h.unit('370702-court')).id), topic: 'referral.returned' }]);
    expect((await call('court', 'GET', `/api/v1/mediations/${file.id}`)).statusCode).toBe(200);
    expect((await caseOf('court', caseId)).status).toBe('resolved');
    await invisible();
    for (const o of outsiders) {
      const res = await h.inject({ method: 'GET', url: `/api/v1/mediations/${file.id}`, token: o.token });
      expect([403, 404], o.username).toContain(res.statusCode);
    }
  });

  it('refuses what the law does not allow', async () => {
    const h = get();
    for (const k of Object.keys(tokens)) delete tokens[k];
    const committee = await h.unit('370702-cmte-territorial');
    // A department that is not a court, police station or petition office cannot refer.
    const referral = {
      toUnitId: committee.id,
      externalRef: 'X-1',
      case: {
        kind: 'dispute',
        categoryCode: 'DSP.NEIGHBOUR',
        description: '邻里之间因通道堆物发生争执',
        unitId: (await h.unit('370702001001G01')).id,
      },
    };
    expect((await call('department', 'POST', '/api/v1/referrals', referral)).statusCode).toBe(403);
    // A court refers only to a committee of its own area.
    const elsewhere = await h.unit('370703-cmte-territorial');
    const wrong = await call('court', 'POST', '/api/v1/referrals', { ...referral, toUnitId: elsewhere.id });
    expect(wrong.statusCode).toBe(400);
    // Nothing was half-written by the refusals.
    const count = await h.ctx.db
      .selectFrom('referral')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('external_ref', '=', 'X-1')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);

    // Extension needs both sides' consent.
    const made = json<ReferralJson>(
      await call('court', 'POST', '/api/v1/referrals', { ...referral, externalRef: 'X-2' }),
      201,
    );
    const c = await caseOf('mediator', made.caseId);
    json(
      await call('mediator', 'POST', `/api/v1/cases/${made.caseId}/actions`, { action: 'accept', version: c.version }),
    );
    let file = json<FileJson>(await call('mediator', 'GET', `/api/v1/cases/${made.caseId}/mediation`));
    for (const [role, name] of [
      ['applicant', '赵六'],
      ['respondent', '钱七'],
    ] as const) {
      file = json<FileJson>(
        await call('mediator', 'POST', `/api/v1/mediations/${file.id}/parties`, { role, kind: 'person', name }),
        201,
      );
    }
    const one = file.parties.find((p) => p.role === 'applicant')!.id;
    const both = file.parties.map((p) => p.id);
    const extend = (partyIds: number[]) =>
      call('mediator', 'POST', `/api/v1/mediations/${file.id}/extension`, {
        until: '2027-01-31',
        consent: '双方当事人书面同意延长',
        partyIds,
      });
    expect((await extend([one])).statusCode).toBe(422);
    const extended = json<FileJson>(await extend(both));
    expect(extended.deadline).toBe('2027-01-31T15:59:59.999Z');
    // A withdrawn mediation cannot go for judicial confirmation or to court as "failed".
    const v = (await caseOf('mediator', made.caseId)).version;
    json(
      await call('mediator', 'POST', `/api/v1/mediations/${file.id}/outcome`, {
        outcome: 'withdrawn',
        note: '申请人撤回',
        caseVersion: v,
      }),
    );
    expect((await call('mediator', 'POST', `/api/v1/mediations/${file.id}/judicial-confirmation`, {})).statusCode).toBe(
      422,
    );
    expect((await call('mediator', 'POST', `/api/v1/mediations/${file.id}/refer-to-court`, {})).statusCode).toBe(422);
    // Another committee's mediator of the same county cannot work the file.
    const other = await h.userWith('mediator', '370702-cmte-medical');
    const res = await h.inject({
      method: 'POST',
      url: `/api/v1/mediations/${file.id}/sessions`,
      token: other.token,
      payload: { heldAt: '2026-11-27T10:00:00+08:00', place: '调解室', attendees: ['赵六'], record: '不应写入的记录' },
    });
    expect(res.statusCode).toBe(404);
  });

  it('registers by hand the file of a dispute the committee took on before files existed', async () => {
    const h = get();
    for (const k of Object.keys(tokens)) delete tokens[k];
    const committee = await h.unit('370702-cmte-territorial');
    const made = json<CaseJson>(
      await call('operator', 'POST', '/api/v1/cases', {
        kind: 'dispute',
        categoryCode: 'DSP.COMPLEX',
        channel: 'hotline',
        description: '村民与企业因厂区噪声和粉尘赔偿发生纠纷',
        unitId: (await h.unit('370702001001G01')).id,
      }),
      201,
    );
    json(
      await call('dispatcher', 'POST', `/api/v1/cases/${made.id}/actions`, {
        action: 'dispatch',
        version: made.version,
        leadUnitId: committee.id,
      }),
    );
    json(
      await call('mediator', 'POST', `/api/v1/cases/${made.id}/actions`, {
        action: 'accept',
        version: made.version + 1,
      }),
    );
    // As if accepted before mediation records existed.
    await h.ctx.db.deleteFrom('mediation_file').where('case_id', '=', made.id).execute();
    expect(json<unknown>(await call('mediator', 'GET', `/api/v1/cases/${made.id}/mediation`))).toBeNull();
    expect((await call('department', 'POST', `/api/v1/cases/${made.id}/mediation`)).statusCode).toBe(404);
    const file = json<FileJson>(await call('mediator', 'POST', `/api/v1/cases/${made.id}/mediation`), 201);
    expect(file.status).toBe('open');
    expect(file.committee.id).toBe(committee.id);
    expect((await call('mediator', 'POST', `/api/v1/cases/${made.id}/mediation`)).statusCode).toBe(409);
  });

  it('holds a public hearing on a case and puts its outcome on the timeline', async () => {
    const h = get();
    for (const k of Object.keys(tokens)) delete tokens[k];
    const created = json<CaseJson>(
      await call('operator', 'POST', '/api/v1/cases', {
        kind: 'dispute',
        categoryCode: 'DSP.COMPLEX',
        channel: 'window',
        description: '小区加装电梯低层住户与高层住户意见对立',
        unitId: (await h.unit('370702001001G01')).id,
      }),
      201,
    );
    const scheduledAt = new Date(h.clock.now().getTime() + 2 * 86_400_000).toISOString();
    const hearing = json<{ id: number; version: number; status: string }>(
      await call('dispatcher', 'POST', `/api/v1/cases/${created.id}/hearings`, {
        title: '和平小区加装电梯公开听证会',
        scheduledAt,
        place: '城关街道办事处会议室',
        agenda: '一、介绍方案；二、双方陈述；三、专家意见；四、听证员评议',
        participants: [
          { name: '住建局代表', kind: 'department', unitId: (await h.unit('370702-dept-housing')).id },
          { name: '王律师', kind: 'lawyer' },
          { name: '区人大代表刘某', kind: 'deputy' },
          { name: '居民代表', kind: 'resident' },
        ],
      }),
      201,
    );
    expect(hearing.status).toBe('scheduled');
    // A resident cannot convene one; a department cannot record one.
    expect(
      (
        await call('resident', 'POST', `/api/v1/cases/${created.id}/hearings`, {
          title: 'x',
          scheduledAt,
          place: 'x',
          agenda: 'xx',
          participants: [{ name: 'x', kind: 'other' }],
        })
      ).statusCode,
    ).toBe(403);
    // Not yet held: it cannot be recorded.
    const early = await call('dispatcher', 'POST', `/api/v1/hearings/${hearing.id}/record`, {
      version: hearing.version,
      record: '听证会如期举行，各方充分发表意见',
      outcome: '多数同意加装',
    });
    expect(early.statusCode).toBe(422);
    h.clock.set(new Date(Date.parse(scheduledAt) + 3 * 3_600_000));
    for (const k of Object.keys(tokens)) delete tokens[k];
    const upcoming = json<{ items: { id: number }[] }>(
      await call('leader', 'GET', `/api/v1/hearings?from=${encodeURIComponent(scheduledAt)}`),
    );
    expect(upcoming.items.map((x) => x.id)).toContain(hearing.id);
    // Its meeting (issue 19 §2) closes only with attendees: a record naming nobody is refused, unrecorded.
    const nobody = await call('dispatcher', 'POST', `/api/v1/hearings/${hearing.id}/record`, {
      version: hearing.version,
      record: '听证会如期举行，各方充分发表意见，专家解释安全与采光影响',
      outcome: '听证员多数意见：同意加装，由高层住户补偿低层住户',
    });
    expect(nobody.statusCode).toBe(422);
    expect(nobody.json()).toMatchObject({ error: { code: 'MEETING_NO_ATTENDEES' } });
    const held = json<{ status: string; outcome: string }>(
      await call('dispatcher', 'POST', `/api/v1/hearings/${hearing.id}/record`, {
        version: hearing.version,
        record: '听证会如期举行，各方充分发表意见，专家解释安全与采光影响',
        outcome: '听证员多数意见：同意加装，由高层住户补偿低层住户',
        attendees: ['住建局代表', '王律师', '居民代表'],
      }),
    );
    expect(held.status).toBe('held');
    const timeline = (await caseOf('dispatcher', created.id)).timeline;
    expect(timeline.map((e) => e.action)).toEqual(
      expect.arrayContaining(['register', 'hearing_scheduled', 'hearing_held']),
    );
    expect(timeline.find((e) => e.action === 'hearing_held')?.data).toMatchObject({
      outcome: '听证员多数意见：同意加装，由高层住户补偿低层住户',
    });
    expect(
      (
        await call('dispatcher', 'POST', `/api/v1/hearings/${hearing.id}/cancel`, {
          version: hearing.version + 1,
          reason: '已举行',
        })
      ).statusCode,
    ).toBe(422);
  });
});

export type { Harness };
