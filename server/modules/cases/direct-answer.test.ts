// 直接答复 (issue 15): an operator records a caller's question and answers it at once from a
// knowledge-base article. The case is resolved at intake, counted as responded and resolved on the
// dashboard, and then follows the usual loop (return call, rating). Refusals create nothing.
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildUser, type BuiltUser } from '../../../test/support/factories.ts';

interface Stats {
  total: number;
  byStatus: Record<string, number>;
  rates: { response: number | null; resolution: number | null };
}
interface CaseJson {
  id: number;
  status: string;
  version: number;
  result: string | null;
  allowedActions: string[];
  timeline: { action: string; fromStatus: string | null; toStatus: string | null; data: Record<string, unknown> }[];
}

const GRID = '370702001001G01';

describeEachDialect('direct answer at intake (直接答复)', (get) => {
  let admin: BuiltUser;
  let operator: BuiltUser;
  let dispatcher: BuiltUser;
  let articleId: number;

  const setUp = async (h: Harness) => {
    if (admin) return;
    admin = await buildUser(h, { role: 'admin', unit: '370702-centre' });
    operator = await buildUser(h, { role: 'operator', unit: '370702001-centre' });
    dispatcher = await buildUser(h, { role: 'dispatcher', unit: '370702-centre' });
    const res = await h.inject({
      method: 'POST',
      url: '/api/v1/knowledge',
      token: admin.token,
      payload: {
        title: '人民调解不收费',
        body: '人民调解委员会调解民间纠纷，不收取任何费用。当事人可以到村居调委会或镇街调委会申请调解。',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    articleId = (res.json() as { id: number }).id;
  };

  const intake = async (who: { token: string }, directAnswer: Record<string, unknown>, unitCode = GRID) =>
    get().inject({
      method: 'POST',
      url: '/api/v1/cases',
      token: who.token,
      payload: {
        kind: 'inquiry',
        categoryCode: 'INQ.POLICY',
        channel: 'hotline',
        description: '来电咨询：邻里纠纷申请人民调解要不要交钱',
        unitId: (await get().unit(unitCode)).id,
        reporter: { name: '李四', phone: '13900001111' },
        directAnswer,
      },
    });

  const caseCount = async (h: Harness) =>
    Number(
      (
        await h.ctx.db
          .selectFrom('case_record')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const stats = async (h: Harness) => {
    const res = await h.inject({ method: 'GET', url: '/api/v1/stats/cases', token: dispatcher.token });
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json() as Stats;
    return {
      total: s.total,
      resolved: s.byStatus.resolved ?? 0,
      responded: Math.round((s.rates.response ?? 0) * s.total),
      resolution: s.rates.resolution,
    };
  };

  it('records, answers and resolves the case at once, counted on the dashboard', async () => {
    const h = get();
    await setUp(h);
    const before = await stats(h);
    const res = await intake(operator, { articleId, answer: '人民调解不收费，可到所在社区调委会申请。' });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json() as { id: number; status: string };
    expect(created.status).toBe('resolved');

    const detail = (
      await h.inject({ method: 'GET', url: `/api/v1/cases/${created.id}`, token: operator.token })
    ).json<CaseJson>();
    expect(detail.result).toContain('人民调解不收费，可到所在社区调委会申请。');
    expect(detail.result).toContain('《人民调解不收费》');
    expect(detail.timeline.map((e) => e.action)).toEqual(['register', 'resolve']);
    expect(detail.timeline[1]).toMatchObject({
      fromStatus: 'registered',
      toStatus: 'resolved',
      data: { directAnswer: { articleId, articleTitle: '人民调解不收费' } },
    });
    // The loop goes on: the caller may rate it on a return call.
    expect(detail.allowedActions).toContain('rate');
    const queue = await h.inject({ method: 'GET', url: '/api/v1/return-calls', token: operator.token });
    expect((queue.json() as { items: { caseId: number }[] }).items.map((i) => i.caseId)).toContain(created.id);

    const after = await stats(h);
    expect(after.total).toBe(before.total + 1);
    expect(after.resolved).toBe(before.resolved + 1);
    expect(after.responded).toBe(before.responded + 1);

    const row = await h.ctx.db
      .selectFrom('case_record')
      .select(['resolved_at', 'created_at'])
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.resolved_at).toBe(row.created_at);
  });

  it('is refused to roles without the power, and nothing is recorded', async () => {
    const h = get();
    await setUp(h);
    const before = await caseCount(h);
    const gridWorker = await buildUser(h, { role: 'grid_worker', unit: GRID });
    const res = await intake(gridWorker, { articleId, answer: '不收费。' });
    expect(res.statusCode).toBe(403);
    const admin2 = await buildUser(h, { role: 'admin', unit: '370702001-centre' });
    expect((await intake(admin2, { articleId, answer: '不收费。' })).statusCode).toBe(403);
    expect(await caseCount(h)).toBe(before);
  });

  it('refuses an unknown, archived or foreign article and a blank answer clearly, recording nothing', async () => {
    const h = get();
    await setUp(h);
    const before = await caseCount(h);
    const unknown = await intake(operator, { articleId: 2_000_000_000, answer: '不收费。' });
    expect(unknown.statusCode).toBe(422);
    expect((unknown.json() as { error: { code: string } }).error.code).toBe('DIRECT_ANSWER_ARTICLE_INVALID');

    const otherAdmin = await buildUser(h, { role: 'admin', unit: '370703' });
    const foreign = await h.inject({
      method: 'POST',
      url: '/api/v1/knowledge',
      token: otherAdmin.token,
      payload: { title: '奎文区调解地点', body: '到奎文区矛调中心申请调解。' },
    });
    const foreignId = (foreign.json() as { id: number }).id;
    expect((await intake(operator, { articleId: foreignId, answer: '不收费。' })).statusCode).toBe(422);

    // An article of another township applies there, not in this caller's grid.
    const township = await h.inject({
      method: 'POST',
      url: '/api/v1/knowledge',
      token: admin.token,
      payload: {
        unitId: (await h.unit('370702002')).id,
        title: '南关街道调委会电话',
        body: '南关街道调委会办公时间为工作日。',
      },
    });
    const townshipId = (township.json() as { id: number }).id;
    expect((await intake(operator, { articleId: townshipId, answer: '不收费。' })).statusCode).toBe(422);

    const archived = await h.inject({
      method: 'PATCH',
      url: `/api/v1/knowledge/${townshipId}`,
      token: admin.token,
      payload: { version: 1, status: 'archived' },
    });
    expect(archived.statusCode).toBe(200);
    expect((await intake(operator, { articleId: townshipId, answer: '不收费。' }, '370702002001G01')).statusCode).toBe(
      422,
    );

    expect((await intake(operator, { articleId, answer: '   ' })).statusCode).toBe(400);
    expect((await intake(operator, { articleId, answer: '答'.repeat(2001) })).statusCode).toBe(400);
    expect((await intake(operator, { articleId })).statusCode).toBe(400);
    expect(await caseCount(h)).toBe(before);
  });
});
