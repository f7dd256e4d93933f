// 排查转调解 over HTTP on both databases: a grid worker hands a finding to the township's mediation
// committee with one click — a case dispatched to the committee and its mediation file at once,
// linked both ways and audited; a second click, or two at once, give the same file and never two;
// the committee's acceptance keeps that file; a finding already turned into a case by itself is
// refused, and a grid worker of another area does not see the finding.
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildUser, type BuiltUser } from '../../../test/support/factories.ts';

interface Finding {
  id: number;
  caseId: number | null;
  caseNumber: string | null;
  mediationFileId: number | null;
  mediationFileNumber: string | null;
  abilities: { toCase: boolean; toMediation: boolean };
}
interface Screening {
  id: number;
  findings: Finding[];
}
interface Handed {
  findingId: number;
  caseId: number;
  caseNumber: string;
  mediationFileId: number;
  mediationFileNumber: string;
  committeeId: number;
  committeeName: string;
  created: boolean;
}

const finding = (description: string) => ({
  parties: [
    { name: '王建国', phone: '13912345678' },
    { name: '李秀英', phone: '' },
  ],
  description,
  riskGrade: 'yellow',
  measures: '已分别约谈双方',
  responsiblePerson: '网格员小刘',
});

describeEachDialect('screening finding to mediation', (get) => {
  let worker: BuiltUser;
  let mediator: BuiltUser;
  let stranger: BuiltUser;

  const setUp = async (h: Harness) => {
    worker ??= await buildUser(h, { role: 'grid_worker', unit: '370702001001G01', displayName: '网格员小刘' });
    mediator ??= await buildUser(h, { role: 'mediator', unit: '370702001-cmte-territorial' });
    stranger ??= await buildUser(h, { role: 'grid_worker', unit: '370702002001G01' });
  };
  const screen = async (h: Harness, descriptions: string[]) => {
    const grid = await h.unit('370702001001G01');
    const res = await h.inject({
      method: 'POST',
      url: '/api/v1/screenings',
      token: worker.token,
      payload: { unitId: grid.id, findings: descriptions.map(finding) },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Screening;
  };
  const hand = (h: Harness, who: BuiltUser, s: Screening, f: Finding, kind = 'to-mediation') =>
    h.inject({
      method: 'POST',
      url: `/api/v1/screenings/${s.id}/findings/${f.id}/${kind}`,
      token: who.token,
      payload: { categoryCode: 'DSP.NEIGHBOUR' },
    });

  it('hands a finding to the township committee once: a dispatched case and its file, linked both ways', async () => {
    const h = get();
    await setUp(h);
    const committee = await h.unit('370702001-cmte-territorial');
    const s = await screen(h, ['两户因楼道堆放杂物多次争吵，需调解']);
    const f = s.findings[0]!;
    expect(f.abilities).toEqual({ toCase: true, toMediation: true });

    const first = await hand(h, worker, s, f);
    expect(first.statusCode, first.body).toBe(201);
    const made = first.json() as Handed;
    expect(made).toMatchObject({ findingId: f.id, committeeId: committee.id, created: true });
    expect(made.mediationFileNumber).toMatch(/调〔2026〕\d+号$/);
    expect(made.committeeName).toBe(committee.name);

    // The case arrived dispatched to the committee, the grid kept on it; the file is open.
    const c = await h.ctx.db
      .selectFrom('case_record')
      .select(['status', 'lead_unit_id', 'kind', 'channel'])
      .where('id', '=', made.caseId)
      .executeTakeFirstOrThrow();
    expect(c).toEqual({ status: 'dispatched', lead_unit_id: committee.id, kind: 'dispute', channel: 'grid_patrol' });
    const files = await h.ctx.db
      .selectFrom('mediation_file')
      .select(['id', 'case_id', 'committee_id', 'status'])
      .where('case_id', '=', made.caseId)
      .execute();
    expect(files).toEqual([
      { id: made.mediationFileId, case_id: made.caseId, committee_id: committee.id, status: 'open' },
    ]);

    // A second click: the same file, nothing new; to-case now gives that file's case.
    const again = await hand(h, worker, s, f);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual({ ...made, created: false });
    const asCase = await hand(h, worker, s, f, 'to-case');
    expect(asCase.statusCode, asCase.body).toBe(200);
    expect(asCase.json()).toMatchObject({ caseId: made.caseId, caseNumber: made.caseNumber, created: false });

    // Linked from the finding; the file's case is the finding's case (the file names it).
    const detail = (
      await h.inject({ method: 'GET', url: `/api/v1/screenings/${s.id}`, token: worker.token })
    ).json() as Screening;
    expect(detail.findings[0]).toMatchObject({
      caseId: made.caseId,
      caseNumber: made.caseNumber,
      mediationFileId: made.mediationFileId,
      mediationFileNumber: made.mediationFileNumber,
      abilities: { toCase: false, toMediation: false },
    });
    const file = await h.inject({
      method: 'GET',
      url: `/api/v1/mediations/${made.mediationFileId}`,
      token: mediator.token,
    });
    expect(file.statusCode, file.body).toBe(200);
    expect(file.json()).toMatchObject({ number: made.mediationFileNumber, case: { id: made.caseId } });
    expect(file.body).not.toContain('13912345678');

    // Audited once, with no phone.
    const audits = await h.ctx.db
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'screening.finding_to_mediation')
      .where('subject_id', '=', String(f.id))
      .execute();
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits)).not.toContain('13912345678');

    // The committee accepts (签收): the same file goes on, still one.
    const view = await h.inject({ method: 'GET', url: `/api/v1/cases/${made.caseId}`, token: mediator.token });
    const { version, allowedActions } = view.json() as { version: number; allowedActions: string[] };
    expect(allowedActions).toContain('accept');
    const accepted = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${made.caseId}/actions`,
      token: mediator.token,
      payload: { action: 'accept', version },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const after = await h.ctx.db
      .selectFrom('mediation_file')
      .select(['id', 'status'])
      .where('case_id', '=', made.caseId)
      .execute();
    expect(after).toEqual([{ id: made.mediationFileId, status: 'open' }]);
  });

  it('gives two clicks at once the same file', async () => {
    const h = get();
    await setUp(h);
    const s = await screen(h, ['承包地边界争议，双方各执一词']);
    const f = s.findings[0]!;
    const [a, b] = await Promise.all([hand(h, worker, s, f), hand(h, worker, s, f)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    const ids = [a, b].map((r) => (r.json() as Handed).mediationFileId);
    expect(ids[0]).toBe(ids[1]);
    const cases = [a, b].map((r) => (r.json() as Handed).caseId);
    const files = await h.ctx.db.selectFrom('mediation_file').select('id').where('case_id', 'in', cases).execute();
    expect(files.map((r) => r.id)).toEqual([ids[0]]);
  });

  it('refuses a finding already turned into a case, and hides the finding from another area', async () => {
    const h = get();
    await setUp(h);
    const s = await screen(h, ['宅基地边界争议，双方砌墙对峙', '邻里噪音纠纷多次投诉']);
    const [asCase, other] = s.findings as [Finding, Finding];
    expect((await hand(h, worker, s, asCase, 'to-case')).statusCode).toBe(201);
    const refused = await hand(h, worker, s, asCase);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json()).toMatchObject({ error: { code: 'FINDING_ALREADY_CASE' } });

    const hidden = await hand(h, stranger, s, other);
    expect(hidden.statusCode, hidden.body).toBe(404);
    const untouched = await h.ctx.db
      .selectFrom('screening_finding')
      .select(['case_id', 'mediation_file_id'])
      .where('id', '=', other.id)
      .executeTakeFirstOrThrow();
    expect(untouched).toEqual({ case_id: null, mediation_file_id: null });
  });
});
