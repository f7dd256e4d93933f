// The suggester over HTTP on both databases: nothing suggested before a model exists, a training
// run an administrator asks for and follows to `ready` with its evaluation, suggestions learnt from
// the unit that finally resolved a case (not the one it was first mis-sent to), only units the
// caller may dispatch to, a new version picked up at once, and the nightly retraining.
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase, buildUser, type BuiltUser } from '../../../test/support/factories.ts';
import { listRuns } from './suggestions.repository.ts';
import { currentModels } from './suggest.ts';
import { requestTraining, retrainIfDue, trainPendingRun } from './use-cases/train-models.ts';

interface Suggestions {
  categories: { code: string; name: string; confidence: number }[];
  leadUnits: { unitId: number; name: string; confidence: number }[];
  modelVersion: number | null;
}
interface Run {
  version: number;
  status: string;
  trigger: string;
  category: { examples: number; evaluation: { macroF1: number; folds: number; labels: { label: string }[] } | null };
  leadUnit: { examples: number; evaluation: { macroF1: number } | null };
}

const NOISE = [
  '楼上住户每天深夜跺脚拖动家具，噪音扰民，老人睡不好觉',
  '小区旁边工地夜间施工噪音很大，凌晨还在打桩',
  '楼下烧烤店音响声音太大，每天晚上吵到十二点',
  '广场舞音响噪音扰民，早上六点就开始放音乐',
  '隔壁装修电钻噪音从早到晚，周末也不停',
  '酒吧夜里音乐噪音扰民，窗户关上也能听见',
];
const PROPERTY = [
  '物业公司突然上涨物业费，没有召开业主大会，业主不认可',
  '小区电梯经常故障，物业只收物业费不维修，老人只能爬楼',
  '地下车库长期积水，物业推说没有维修资金，车辆被泡',
  '物业把公共车位出租给外来车辆，收益去向不明要求公开',
  '小区垃圾多日无人清运，楼道臭气熏天，物业电话打不通',
  '小区门禁坏了一个多月物业不修，陌生人随意进出',
];

describeEachDialect('suggestions', (get) => {
  let admin: BuiltUser;
  let operator: BuiltUser;
  let justice: number;
  let housing: number;

  const suggestFor = async (who: { token: string }, payload: Record<string, unknown>) => {
    const res = await get().inject({ method: 'POST', url: '/api/v1/suggestions', token: who.token, payload });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Suggestions;
  };
  const runs = async () => {
    const res = await get().inject({ method: 'GET', url: '/api/v1/suggestions/models', token: admin.token });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: Run[] }).items;
  };

  /** A property complaint first sent to the justice office, returned, then resolved by the county's housing bureau. */
  async function missentThenResolved(h: Harness, description: string) {
    const first = await buildCase(h, {
      categoryCode: 'CMP.PROPERTY_SERVICE',
      description,
      status: 'dispatched',
      lead: '370702001-dept-justice',
    });
    const office = await buildUser(h, { role: 'department', unit: '370702001-dept-justice' });
    const bureau = await buildUser(h, { role: 'department', unit: '370702-dept-housing' });
    const act = async (token: string, payload: Record<string, unknown>) => {
      const res = await h.inject({ method: 'POST', url: `/api/v1/cases/${first.id}/actions`, token, payload });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { version: number };
    };
    let c = await act(office.token, { action: 'return', version: first.version, reason: '属于调解委员会职责' });
    c = await act(await h.login('dispatcher'), { action: 'dispatch', version: c.version, leadUnitId: housing });
    c = await act(bureau.token, { action: 'accept', version: c.version });
    await act(bureau.token, { action: 'resolve', version: c.version, result: '已督促物业整改' });
  }

  it('suggests nothing before a model exists, and only to the roles that register or triage', async () => {
    const h = get();
    admin = await buildUser(h, { role: 'admin', unit: '370702-centre' });
    operator = await buildUser(h, { role: 'operator', unit: '370702001-centre' });
    justice = (await h.unit('370702001-dept-justice')).id;
    housing = (await h.unit('370702-dept-housing')).id;

    expect(await suggestFor(operator, { text: '楼上噪音扰民' })).toEqual({
      categories: [],
      leadUnits: [],
      modelVersion: null,
    });
    expect(await runs()).toEqual([]);
    const resident = await buildUser(h, { role: 'resident', unit: '370702001001' });
    const denied = await h.inject({
      method: 'POST',
      url: '/api/v1/suggestions',
      token: resident.token,
      payload: { text: '楼上噪音扰民' },
    });
    expect(denied.statusCode).toBe(403);
    const empty = await h.inject({
      method: 'POST',
      url: '/api/v1/suggestions',
      token: operator.token,
      payload: { text: '' },
    });
    expect(empty.statusCode).toBe(400);
  });

  it('trains on request, shows the run pending then ready with its evaluation, and suggests from it', async () => {
    const h = get();
    for (const description of NOISE) {
      await buildCase(h, {
        categoryCode: 'CMP.NOISE',
        description,
        status: 'resolved',
        lead: '370702001-dept-justice',
      });
    }
    for (const description of PROPERTY) await missentThenResolved(h, description);

    const asked = await h.inject({ method: 'POST', url: '/api/v1/suggestions/models', token: admin.token });
    expect(asked.statusCode, asked.body).toBe(202);
    const { run, created } = asked.json() as { run: Run; created: boolean };
    expect(created).toBe(true);
    expect(run.status).toBe('pending');

    await expect.poll(async () => (await runs())[0]?.status, { timeout: 60_000 }).toBe('ready');
    const [ready] = await runs();
    expect(ready).toMatchObject({ version: run.version, trigger: 'request' });
    expect(ready!.category.examples).toBe(12);
    expect(ready!.leadUnit.examples).toBe(12);
    expect(ready!.category.evaluation!.folds).toBe(5);
    expect(ready!.category.evaluation!.labels.map((l) => l.label)).toEqual(['CMP.NOISE', 'CMP.PROPERTY_SERVICE']);
    expect(ready!.category.evaluation!.macroF1).toBeGreaterThan(0.5);

    const noise = await suggestFor(operator, { text: '晚上楼上噪音太大，跺脚声吵得睡不着' });
    expect(noise.modelVersion).toBe(run.version);
    expect(noise.categories[0]).toMatchObject({ code: 'CMP.NOISE' });
    expect(noise.categories[0]!.name).not.toBe('');
    expect(noise.categories[0]!.confidence).toBeGreaterThan(0.5);
    expect(noise.categories[0]!.confidence).toBeLessThanOrEqual(1);
    expect(noise.leadUnits[0]!.unitId).toBe(justice);

    // Every property complaint went first to the justice office: the suggestion is the bureau
    // that resolved them.
    const property = await suggestFor(operator, { text: '物业不维修电梯，还要涨物业费' });
    expect(property.categories[0]!.code).toBe('CMP.PROPERTY_SERVICE');
    expect(property.leadUnits[0]).toMatchObject({ unitId: housing });
    expect(property.leadUnits.length).toBeLessThanOrEqual(3);
  });

  it('names only units of the county the caller may dispatch in, and refuses a unit outside its area', async () => {
    const h = get();
    const here = await suggestFor(operator, { text: '物业费纠纷', unitId: (await h.unit('370702001001G01')).id });
    expect(here.leadUnits.map((u) => u.unitId).sort()).toEqual([justice, housing].sort());
    const elsewhere = await h.inject({
      method: 'POST',
      url: '/api/v1/suggestions',
      token: operator.token,
      payload: { text: '邻居吵架', unitId: (await h.unit('370702002')).id },
    });
    expect(elsewhere.statusCode).toBe(404);
  });

  it('runs one training at a time, answers with the newest version, and retrains nightly', async () => {
    const h = get();
    const first = await requestTraining(h.ctx, null, 'schedule', null);
    const second = await requestTraining(h.ctx, null, 'schedule', null);
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, run: { version: first.run.version } });
    expect(await trainPendingRun(h.ctx)).toBe(first.run.version);
    // The requests that arrive together after a run compile the new models once, not once each
    // (16 copies at once starved the server after a training run in the benchmark).
    const together = await Promise.all(Array.from({ length: 16 }, () => currentModels(h.ctx)));
    expect(new Set(together).size).toBe(1);
    expect(together[0]!.version).toBe(first.run.version);
    expect((await suggestFor(operator, { text: '噪音扰民' })).modelVersion).toBe(first.run.version);

    // Already trained today (09:00 Beijing): the nightly job does nothing until after 02:00 tomorrow.
    expect(await retrainIfDue(h.ctx)).toBeNull();
    h.clock.advance(24 * 60 * 60_000);
    const nightly = await retrainIfDue(h.ctx);
    expect(nightly).toBeGreaterThan(first.run.version);
    // (The test's sessions expired with the day: the run is read from the table.)
    expect((await listRuns(h.ctx.db, 1))[0]).toMatchObject({ version: nightly, trigger: 'schedule', status: 'ready' });
  });

  it('trains in a worker with its own heap: a run that exhausts it fails with the reason, and the server keeps serving', async () => {
    const h = get();
    const before = (await listRuns(h.ctx.db, 1))[0]!;
    const asked = await requestTraining(h.ctx, null, 'schedule', null);
    // A 2 MB heap cannot hold the training: only the worker dies, not this process.
    await expect(trainPendingRun(h.ctx, { heapMb: 2 })).rejects.toThrow(/out of memory/);
    const [failed] = await listRuns(h.ctx.db, 1);
    expect(failed).toMatchObject({ version: asked.run.version, status: 'failed' });
    expect(failed!.error).toMatch(/out of memory \(heap limit 2 MB\)/);

    // Suggestions still come from the last ready version; a new run is accepted and trains.
    const token = await h.login('operator');
    const res = await h.inject({ method: 'POST', url: '/api/v1/suggestions', token, payload: { text: '噪音扰民' } });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as Suggestions).modelVersion).toBe(before.version);
    const again = await requestTraining(h.ctx, null, 'schedule', null);
    expect(again.created).toBe(true);
    expect(await trainPendingRun(h.ctx)).toBe(again.run.version);
    expect((await listRuns(h.ctx.db, 1))[0]).toMatchObject({ version: again.run.version, status: 'ready' });
  });
});
