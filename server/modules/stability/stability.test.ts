// 社会稳定风险评估 over HTTP on both databases (issue 17, item 6): a file goes through every stage in
// order — scope, risk points, public opinion (with a public hearing of the mediation module), expert
// review, graded conclusion, the leader's decision, monitoring — with a file attached to a stage;
// a stage out of order is refused with nothing written; the report is a .docx holding the
// conclusion and the decision; the file is read only within its area.
import JSZip from 'jszip';
import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { buildUser, type BuiltUser } from '../../../test/support/factories.ts';

const json = <T>(res: LightMyRequestResponse, status = 200): T => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
};

interface AssessmentJson {
  id: number;
  stage: string;
  grade: string | null;
  decision: string | null;
  stages: { stage: string; seq: number; data: Record<string, unknown>; recorderName: string }[];
  attachments: { id: number; stage: string; fileName: string; mediaType: string }[];
  abilities: { manage: boolean; decide: boolean };
}

async function docxText(body: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(body)).file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

/** A one-page PDF: enough for the content sniffing of the file store. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

function multipart(name: string, content: Buffer) {
  const boundary = '----concord-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describeEachDialect('stability risk assessments (稳评)', (get) => {
  let dispatcher: BuiltUser;
  let leader: BuiltUser;
  let evaluator: BuiltUser;
  let outsider: BuiltUser;
  let mediator: BuiltUser;
  const call = (who: BuiltUser, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    get().inject({ method, url, token: who.token, ...(payload !== undefined ? { payload: payload as object } : {}) });

  async function start(who: BuiltUser, unitCode = '370702001') {
    return json<AssessmentJson>(
      await call(who, 'POST', '/api/v1/risk-assessments', {
        unitId: (await get().unit(unitCode)).id,
        title: '城关街道老旧小区改造项目',
        decisionKind: 'project',
        description: '对城关街道12个老旧小区实施改造，涉及加装电梯、管网更新和停车位调整。',
      }),
      201,
    );
  }

  it('goes through every stage in order and produces a .docx with the conclusion and the decision', async () => {
    dispatcher = await buildUser(get(), { role: 'dispatcher', unit: '370702-centre' });
    leader = await buildUser(get(), { role: 'leader', unit: '370702' });
    evaluator = await buildUser(get(), { role: 'evaluator', unit: '370702' });
    outsider = await buildUser(get(), { role: 'dispatcher', unit: '370705-centre' });
    mediator = await buildUser(get(), { role: 'mediator', unit: '370702-cmte-territorial' });
    const created = await start(dispatcher);
    expect(created).toMatchObject({ stage: 'risk_points', grade: null, decision: null });
    expect(created.stages.map((s) => s.stage)).toEqual(['scope']);
    const url = `/api/v1/risk-assessments/${created.id}`;

    json(
      await call(dispatcher, 'POST', `${url}/risk-points`, {
        points: [
          {
            description: '低层住户反对加装电梯，可能引发邻里冲突',
            likelihood: 'high',
            impact: 'medium',
            measures: '逐户走访，制定补偿方案',
          },
          { description: '施工期间停车位减少', likelihood: 'medium', impact: 'low', measures: '临时租用周边停车场' },
        ],
      }),
    );
    // A public hearing on the matter, convened in the mediation module, is cited by the opinion stage.
    const dispute = json<{ id: number }>(
      await call(dispatcher, 'POST', '/api/v1/cases', {
        kind: 'dispute',
        categoryCode: 'DSP.COMPLEX',
        channel: 'window',
        description: '老旧小区改造加装电梯，高低层住户意见分歧',
        unitId: (await get().unit('370702001001G01')).id,
      }),
      201,
    );
    const hearing = json<{ id: number }>(
      await call(dispatcher, 'POST', `/api/v1/cases/${dispute.id}/hearings`, {
        title: '老旧小区改造公开听证会',
        scheduledAt: '2026-12-20T02:00:00.000Z',
        place: '城关街道办事处三楼会议室',
        agenda: '一、介绍改造方案；二、住户陈述；三、听证员评议',
        participants: [{ name: '居民代表李某', kind: 'resident' }],
      }),
      201,
    );
    // The opinion form picks the hearing from those of the assessed unit (and the units below it).
    const hearingsOf = async (unitCode: string) =>
      call(
        dispatcher,
        'GET',
        `/api/v1/hearings?withinUnitId=${(await get().unit(unitCode)).id}&from=2026-01-01T00:00:00.000Z&order=desc`,
      );
    const ofUnit = json<{ items: { id: number; title: string }[] }>(await hearingsOf('370702001'));
    expect(ofUnit.items.map((h) => h.id)).toContain(hearing.id);
    const ofOtherTownship = json<{ items: { id: number }[] }>(await hearingsOf('370702002'));
    expect(ofOtherTownship.items.map((h) => h.id)).not.toContain(hearing.id);
    expect((await hearingsOf('370705')).statusCode).toBe(404);
    const opinion = json<AssessmentJson>(
      await call(dispatcher, 'POST', `${url}/public-opinion`, {
        method: '入户问卷与座谈会',
        surveyed: 200,
        support: 150,
        oppose: 30,
        neutral: 20,
        summary: '多数住户支持改造，反对意见集中在低层住户。',
        hearingId: hearing.id,
      }),
    );
    expect(opinion.stages.at(-1)!.data).toMatchObject({ hearing: { id: hearing.id, title: '老旧小区改造公开听证会' } });
    json(
      await call(leader, 'POST', `${url}/expert-review`, {
        experts: [{ name: '王教授', title: '城市规划专家', opinion: '方案可行，应完善补偿机制。' }],
        summary: '专家组认为风险可控。',
      }),
    );
    // A file attached to the stage just recorded.
    const upload = multipart('专家论证意见.pdf', PDF);
    const attached = json<AssessmentJson>(
      await get().inject({
        method: 'POST',
        url: `${url}/attachments?stage=expert_review`,
        token: dispatcher.token,
        ...upload,
      }),
      201,
    );
    expect(attached.attachments).toEqual([
      expect.objectContaining({ stage: 'expert_review', fileName: '专家论证意见.pdf', mediaType: 'application/pdf' }),
    ]);
    const download = await call(evaluator, 'GET', `${url}/attachments/${attached.attachments[0]!.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PDF)).toBe(true);

    const concluded = json<AssessmentJson>(
      await call(dispatcher, 'POST', `${url}/conclusion`, {
        grade: 'medium',
        reasons: '存在低层住户反对等中等风险，采取措施后可控。',
      }),
    );
    expect(concluded).toMatchObject({ stage: 'decision', grade: 'medium' });
    // The decision is a leader's: a dispatcher holds no stability:decide.
    expect(
      (await call(dispatcher, 'POST', `${url}/decision`, { decision: 'proceed', reasons: '可以' })).statusCode,
    ).toBe(403);
    const decided = json<AssessmentJson>(
      await call(leader, 'POST', `${url}/decision`, { decision: 'adjust', reasons: '完善补偿方案后实施。' }),
    );
    expect(decided).toMatchObject({ stage: 'monitoring', decision: 'adjust' });
    json(await call(dispatcher, 'POST', `${url}/monitoring`, { situation: 'stable', note: '开工首月未发生信访。' }));
    const monitored = json<AssessmentJson>(
      await call(dispatcher, 'POST', `${url}/monitoring`, { situation: 'attention', note: '3号楼住户提出噪声投诉。' }),
    );
    expect(monitored.stages.map((s) => `${s.stage}:${s.seq}`)).toEqual([
      'scope:1',
      'risk_points:1',
      'public_opinion:1',
      'expert_review:1',
      'conclusion:1',
      'decision:1',
      'monitoring:1',
      'monitoring:2',
    ]);

    const report = await call(evaluator, 'GET', `${url}/report`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toContain('wordprocessingml');
    const text = await docxText(report.rawPayload);
    expect(text).toContain('社会稳定风险评估报告');
    expect(text).toContain('城关街道老旧小区改造项目');
    expect(text).toContain('风险等级：中风险。');
    expect(text).toContain('决策结果：调整后实施。');
    expect(text).toContain('共调查200人，其中支持150人（75%）');
    expect(text).toContain('公开听证：老旧小区改造公开听证会');
    expect(text).toContain('王教授（城市规划专家）：方案可行，应完善补偿机制。');
    expect(text).toContain('附件：专家论证意见.pdf');
    expect(text).toContain('3号楼住户提出噪声投诉。');
  });

  it('refuses a stage out of order with a 422 of its own, and writes nothing', async () => {
    const created = await start(dispatcher);
    const url = `/api/v1/risk-assessments/${created.id}`;
    const early = await call(dispatcher, 'POST', `${url}/conclusion`, {
      grade: 'low',
      reasons: '风险很低，可以实施。',
    });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({
      error: { code: 'RISK_STAGE_OUT_OF_ORDER', details: { expected: 'risk_points', given: 'conclusion' } },
    });
    const again = await call(dispatcher, 'POST', `${url}/monitoring`, { situation: 'stable', note: '尚未决策' });
    expect(again.json()).toMatchObject({ error: { code: 'RISK_STAGE_OUT_OF_ORDER' } });
    const file = json<AssessmentJson>(await call(dispatcher, 'GET', url));
    expect(file).toMatchObject({ stage: 'risk_points', grade: null });
    expect(file.stages.map((s) => s.stage)).toEqual(['scope']);
    // A file for a stage not yet begun is refused too.
    const upload = multipart('问卷.pdf', PDF);
    const res = await get().inject({
      method: 'POST',
      url: `${url}/attachments?stage=decision`,
      token: dispatcher.token,
      ...upload,
    });
    expect(res.statusCode).toBe(422);
    // Bad counts and an unknown hearing: refused, nothing written.
    json(
      await call(dispatcher, 'POST', `${url}/risk-points`, {
        points: [{ description: '征地补偿标准争议', likelihood: 'low', impact: 'low', measures: '公开补偿标准' }],
      }),
    );
    const counts = await call(dispatcher, 'POST', `${url}/public-opinion`, {
      method: '问卷',
      surveyed: 10,
      support: 8,
      oppose: 5,
      neutral: 0,
      summary: '人数不符',
    });
    expect(counts.statusCode).toBe(400);
    const hearing = await call(dispatcher, 'POST', `${url}/public-opinion`, {
      method: '问卷',
      surveyed: 10,
      support: 8,
      oppose: 1,
      neutral: 1,
      summary: '支持为主',
      hearingId: 999999,
    });
    expect(hearing.json()).toMatchObject({ error: { code: 'RISK_HEARING_UNKNOWN' } });
    expect(json<AssessmentJson>(await call(dispatcher, 'GET', url)).stage).toBe('public_opinion');
  });

  it('is read within its area only, and listed there', async () => {
    const created = await start(dispatcher);
    const url = `/api/v1/risk-assessments/${created.id}`;
    expect((await call(outsider, 'GET', url)).statusCode).toBe(404);
    expect((await call(mediator, 'GET', url)).statusCode).toBe(403);
    const own = json<{ items: { id: number }[] }>(await call(leader, 'GET', '/api/v1/risk-assessments'));
    expect(own.items.map((i) => i.id)).toContain(created.id);
    const other = json<{ items: { id: number }[] }>(await call(outsider, 'GET', '/api/v1/risk-assessments'));
    expect(other.items.map((i) => i.id)).not.toContain(created.id);
    const evaluatorView = json<AssessmentJson>(await call(evaluator, 'GET', url));
    expect(evaluatorView.abilities).toEqual({ manage: false, decide: false });
    expect(json<AssessmentJson>(await call(leader, 'GET', url)).abilities).toEqual({ manage: true, decide: true });
    // Starting one for a unit outside one's area: that unit does not exist for the actor.
    const outside = await call(outsider, 'POST', '/api/v1/risk-assessments', {
      unitId: (await get().unit('370702001')).id,
      title: '越权事项',
      decisionKind: 'policy',
      description: '不在本辖区的决策事项',
    });
    expect(outside.statusCode).toBe(404);
  });
});
