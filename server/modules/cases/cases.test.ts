import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';

interface CaseJson {
  id: number;
  number: string;
  status: string;
  version: number;
  gridId: number | null;
  centreId: number;
  allowedActions: string[];
  deadlines: { stage: string | null; current: string | null; handle: string | null };
  reporter: { name: string | null; phone: string | null };
  possibleDuplicates: { id: number }[];
  assignments: { unitId: number; role: string; active: boolean; reportedAt: string | null }[];
  timeline: {
    action: string;
    toStatus: string;
    at: string;
    actor: { name: string | null; role: string | null } | null;
  }[];
}

/** A point inside 城关街道's first community grid (the demo grid worker's grid). */
async function pointInGrid(h: Harness, code: string): Promise<{ lng: number; lat: number }> {
  const row = await h.ctx.db
    .selectFrom('org_geometry')
    .innerJoin('org_unit', 'org_unit.id', 'org_geometry.unit_id')
    .select('org_geometry.geojson')
    .where('org_unit.code', '=', code)
    .executeTakeFirstOrThrow();
  const ring = (JSON.parse(row.geojson) as [number, number][][][])[0]![0]!.slice(0, -1);
  return {
    lng: ring.reduce((s, p) => s + p[0], 0) / ring.length,
    lat: ring.reduce((s, p) => s + p[1], 0) / ring.length,
  };
}

describeEachDialect('the closed loop through the API', (get) => {
  const tokens: Record<string, string> = {};
  const token = async (username: string) => (tokens[username] ??= await get().login(username));

  async function act(username: string, id: number, body: Record<string, unknown>): Promise<LightMyRequestResponse> {
    const current = await get().inject({ method: 'GET', url: `/api/v1/cases/${id}`, token: await token('dispatcher') });
    const version = (current.json() as CaseJson).version;
    return get().inject({
      method: 'POST',
      url: `/api/v1/cases/${id}/actions`,
      token: await token(username),
      payload: { version, ...body },
    });
  }

  async function ok(username: string, id: number, body: Record<string, unknown>): Promise<CaseJson> {
    const res = await act(username, id, body);
    expect(res.statusCode, `${username} ${String(body.action)}: ${res.body}`).toBe(200);
    return res.json() as CaseJson;
  }

  it('runs report → dispatch → return → accept → whistle → report → resolve → unsatisfied → reopen → resolve → satisfied → closed', async () => {
    const h = get();
    const point = await pointInGrid(h, '370702001001G01');
    const created = await h.inject({
      method: 'POST',
      url: '/api/v1/cases',
      token: await token('resident'),
      payload: {
        kind: 'complaint',
        categoryCode: 'CMP.NOISE',
        channel: 'web',
        description: '楼下烧烤店每天深夜噪音扰民，油烟很大，影响休息',
        location: point,
        address: '城关街道某小区3号楼',
        reporter: { name: '张三', phone: '13812345678' },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const first = created.json() as CaseJson;
    expect(first.status).toBe('registered');
    expect(first.number).toMatch(/^370702-2026-\d{6}$/);
    expect(first.reporter.phone).toBe('138****5678');
    expect(first.deadlines.stage).toBe('triage');
    expect(first.gridId).toBe((await h.unit('370702001001G01')).id);
    expect(first.allowedActions).toEqual([]);
    const id = first.id;

    const housing = (await h.unit('370702-dept-housing')).id;
    const urban = (await h.unit('370702-dept-urban_management')).id;
    const market = (await h.unit('370702-dept-market_regulation')).id;

    let c = await ok('dispatcher', id, { action: 'dispatch', leadUnitId: housing, note: '请住建局牵头处理' });
    expect(c.status).toBe('dispatched');
    expect(c.deadlines.handle).not.toBeNull();
    c = await ok('department', id, { action: 'return', reason: '属于城管职责，非本单位' });
    expect(c.status).toBe('registered');
    c = await ok('dispatcher', id, { action: 'dispatch', leadUnitId: housing, note: '仍由住建局牵头，城管配合' });
    c = await ok('department', id, { action: 'accept' });
    expect(c.status).toBe('in_progress');
    expect(c.deadlines.stage).toBe('handle');

    c = await ok('township', id, { action: 'whistle', unitIds: [urban, market], note: '请执法局、市监局到场' });
    expect(c.status).toBe('in_progress');
    expect(
      c.assignments
        .filter((a) => a.role === 'whistle' && a.reportedAt === null)
        .map((a) => a.unitId)
        .sort(),
    ).toEqual([urban, market].sort());
    c = await ok('urban', id, { action: 'report', note: '已到场' });
    c = await ok('market', id, { action: 'report', note: '已到场检查' });
    expect(c.assignments.filter((a) => a.role === 'whistle').every((a) => a.reportedAt !== null)).toBe(true);

    c = await ok('department', id, { action: 'resolve', result: '已责令烧烤店加装油烟净化设备，夜间22点后停止营业' });
    expect(c.status).toBe('resolved');
    c = await ok('resident', id, { action: 'rate', rating: 'unsatisfied', comment: '晚上还是很吵' });
    expect(c.status).toBe('resolved');
    c = await ok('dispatcher', id, { action: 'reopen', reason: '群众不满意，重办' });
    expect(c.status).toBe('dispatched');
    c = await ok('department', id, { action: 'accept' });
    c = await ok('department', id, { action: 'resolve', result: '联合执法，烧烤店已搬离' });
    c = await ok('resident', id, { action: 'rate', rating: 'satisfied' });
    expect(c.status).toBe('closed');

    const detail = (
      await h.inject({ method: 'GET', url: `/api/v1/cases/${id}`, token: await token('dispatcher') })
    ).json() as CaseJson;
    expect(detail.timeline.map((e) => e.action)).toEqual([
      'register',
      'dispatch',
      'return',
      'dispatch',
      'accept',
      'whistle',
      'report',
      'report',
      'resolve',
      'rate',
      'reopen',
      'accept',
      'resolve',
      'rate',
    ]);
    for (const event of detail.timeline) {
      expect(event.actor?.name, event.action).toBeTruthy();
      expect(event.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
    expect(detail.timeline.find((e) => e.action === 'whistle')?.actor?.name).toBe('城关街道综治中心调度员');
  });

  it('answers a wrong actor 403/404, a stale version 409 and an illegal action 422 with the allowed actions', async () => {
    const h = get();
    const created = await h.inject({
      method: 'POST',
      url: '/api/v1/cases',
      token: await token('operator'),
      payload: {
        kind: 'hazard',
        categoryCode: 'HAZ.GAS',
        channel: 'hotline',
        description: '小区燃气管道有异味，疑似泄漏',
        unitId: (await h.unit('370702002001')).id,
        reporter: { name: '李四', phone: '13900001111' },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json() as CaseJson;
    // The department is not assigned: the case does not exist for it.
    expect((await act('department', c.id, { action: 'accept' })).statusCode).toBe(404);
    // The resident did not report it either.
    expect((await act('resident', c.id, { action: 'rate', rating: 'satisfied' })).statusCode).toBe(404);
    // The operator sees it but may never dispatch.
    const forbidden = await act('operator', c.id, {
      action: 'dispatch',
      leadUnitId: (await h.unit('370702-dept-housing')).id,
    });
    expect(forbidden.statusCode).toBe(403);
    // A dispatcher of another township does not see it (南关街道 case, 城关街道 dispatcher).
    expect((await act('township', c.id, { action: 'cancel', reason: '重复' })).statusCode).toBe(404);
    const denied = await h.ctx.db
      .selectFrom('audit_log')
      .select(['actor_username', 'outcome'])
      .where('subject_type', '=', 'case')
      .where('subject_id', '=', String(c.id))
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.map((d) => d.actor_username)).toEqual(
      expect.arrayContaining(['department', 'resident', 'operator', 'township']),
    );
    const stale = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/actions`,
      token: await token('dispatcher'),
      payload: { action: 'cancel', reason: 'x', version: c.version + 5 },
    });
    expect(stale.statusCode).toBe(409);
    expect((stale.json() as { error: { code: string } }).error.code).toBe('VERSION_CONFLICT');
    const illegal = await act('dispatcher', c.id, { action: 'close' });
    expect(illegal.statusCode).toBe(422);
    const body = illegal.json() as { error: { code: string; details: { allowedActions: string[] } } };
    expect(body.error.code).toBe('INVALID_TRANSITION');
    expect(body.error.details.allowedActions).toEqual(expect.arrayContaining(['dispatch', 'cancel', 'merge']));
    expect(body.error.details.allowedActions).not.toContain('close');
  });

  it('lets exactly one of fifty conflicting actions win', async () => {
    const h = get();
    const created = await h.inject({
      method: 'POST',
      url: '/api/v1/cases',
      token: await token('gridworker'),
      payload: {
        kind: 'complaint',
        categoryCode: 'CMP.STREET_VENDOR',
        channel: 'grid_patrol',
        description: '路口早市占道经营，影响通行',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json() as CaseJson;
    const housing = (await h.unit('370702-dept-housing')).id;
    const dispatcher = await token('dispatcher');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        h.inject({
          method: 'POST',
          url: `/api/v1/cases/${c.id}/actions`,
          token: dispatcher,
          payload:
            i % 2 === 0
              ? { action: 'dispatch', version: c.version, leadUnitId: housing }
              : { action: 'cancel', version: c.version, reason: `重复 ${i}` },
        }),
      ),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 409)).toBe(true);
    const detail = (
      await h.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, token: dispatcher })
    ).json() as CaseJson;
    expect(detail.version).toBe(c.version + 1);
    expect(detail.timeline).toHaveLength(2);
  });

  it('replays an Idempotency-Key, refuses it for another body, and suggests duplicates nearby', async () => {
    const h = get();
    const point = await pointInGrid(h, '370702003001G01');
    const body = {
      kind: 'complaint',
      categoryCode: 'CMP.NOISE',
      channel: 'hotline',
      description: '广场舞音响声音太大，晚上九点后仍然噪音扰民',
      location: point,
      reporter: { name: '王五', phone: '13700002222' },
    };
    const send = (key: string, payload: object) =>
      h.inject({
        method: 'POST',
        url: '/api/v1/cases',
        token: tokens.operator!,
        headers: { 'idempotency-key': key },
        payload,
      });
    await token('operator');
    const a = await send('k-1', body);
    const b = await send('k-1', body);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect((b.json() as CaseJson).id).toBe((a.json() as CaseJson).id);
    const other = await send('k-1', { ...body, description: '另一件事：路灯不亮了好几天' });
    // DESIGN.md: an idempotency conflict is a 409, with its own code.
    expect(other.statusCode).toBe(409);
    expect((other.json() as { error: { code: string } }).error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const again = await send('k-2', { ...body, description: '广场舞噪音扰民，音响声音很大，晚上九点以后还在跳' });
    expect(again.statusCode).toBe(201);
    expect((again.json() as CaseJson).possibleDuplicates.map((d) => d.id)).toContain((a.json() as CaseJson).id);
  });

  it('finds noise cases by the word 噪音, only inside the actor’s jurisdiction', async () => {
    const h = get();
    const chengguan = await h.inject({
      method: 'POST',
      url: '/api/v1/cases',
      token: await token('operator'),
      payload: {
        kind: 'complaint',
        categoryCode: 'CMP.NOISE',
        channel: 'window',
        description: '装修噪音从早到晚不停',
        unitId: (await h.unit('370702001002')).id,
      },
    });
    const nanguan = await h.inject({
      method: 'POST',
      url: '/api/v1/cases',
      token: await token('operator'),
      payload: {
        kind: 'complaint',
        categoryCode: 'CMP.NOISE',
        channel: 'window',
        description: '工地夜间施工噪音严重',
        unitId: (await h.unit('370702002002')).id,
      },
    });
    const wages = await h.inject({
      method: 'POST',
      url: '/api/v1/cases',
      token: await token('operator'),
      payload: {
        kind: 'dispute',
        categoryCode: 'DSP.WAGES',
        channel: 'window',
        description: '建筑公司拖欠农民工工资三个月',
        unitId: (await h.unit('370702001002')).id,
      },
    });
    const ids = [chengguan, nanguan, wages].map((r) => (r.json() as CaseJson).id);
    const search = async (username: string, q: string) =>
      (
        (
          await h.inject({
            method: 'GET',
            url: `/api/v1/cases?q=${encodeURIComponent(q)}&limit=200`,
            token: await token(username),
          })
        ).json() as {
          items: { id: number }[];
        }
      ).items.map((i) => i.id);
    const county = await search('dispatcher', '噪音');
    expect(county).toEqual(expect.arrayContaining([ids[0], ids[1]]));
    expect(county).not.toContain(ids[2]);
    const township = await search('township', '噪音');
    expect(township).toContain(ids[0]);
    expect(township).not.toContain(ids[1]);
    expect(await search('dispatcher', '工资')).toContain(ids[2]);
    expect(await search('department', '噪音')).toEqual(expect.not.arrayContaining([ids[0], ids[1]]));
  });

  it('resolves on the spot, extends a time limit, escalates to the district and merges duplicates', async () => {
    const h = get();
    const spot = await h.inject({
      method: 'POST',
      url: '/api/v1/cases',
      token: await token('gridworker'),
      payload: {
        kind: 'hazard',
        categoryCode: 'HAZ.FIRE',
        channel: 'grid_patrol',
        description: '楼道内堆放纸箱等易燃杂物',
      },
    });
    expect(spot.statusCode, spot.body).toBe(201);
    const spotCase = spot.json() as CaseJson;
    expect(spotCase.allowedActions).toContain('resolve');
    let c = await ok('gridworker', spotCase.id, { action: 'resolve', result: '已现场督促清理' });
    expect(c.status).toBe('resolved');
    c = await ok('operator', spotCase.id, { action: 'rate', rating: 'basically_satisfied', comment: '回访' });
    expect(c.status).toBe('closed');

    const housing = (await h.unit('370702-dept-housing')).id;
    const created = await h.inject({
      method: 'POST',
      url: '/api/v1/cases',
      token: await token('operator'),
      payload: {
        kind: 'complaint',
        categoryCode: 'CMP.HEATING',
        channel: 'hotline',
        description: '暖气不热，室温只有十五度',
        unitId: (await h.unit('370702001002')).id,
      },
    });
    const heating = created.json() as CaseJson;
    await ok('dispatcher', heating.id, { action: 'dispatch', leadUnitId: housing });
    const accepted = await ok('department', heating.id, { action: 'accept' });
    c = await ok('department', heating.id, { action: 'request_extension', days: 3, reason: '需更换管道' });
    expect(c.allowedActions).not.toContain('request_extension');
    c = await ok('dispatcher', heating.id, { action: 'decide_extension', approved: true });
    expect(Date.parse(c.deadlines.handle!)).toBeGreaterThan(Date.parse(accepted.deadlines.handle!) + 2 * 86_400_000);

    const township = await h.inject({
      method: 'POST',
      url: '/api/v1/cases',
      token: await token('township'),
      payload: {
        kind: 'dispute',
        categoryCode: 'DSP.NEIGHBOUR',
        channel: 'window',
        description: '邻居因楼道堆物发生争吵',
        unitId: (await h.unit('370702001002')).id,
      },
    });
    expect(township.statusCode, township.body).toBe(201);
    const local = township.json() as CaseJson;
    expect(local.centreId).toBe((await h.unit('370702001-centre')).id);
    c = await ok('township', local.id, { action: 'escalate', reason: '涉及多个部门，街道无法协调' });
    expect(c.centreId).toBe((await h.unit('370702-centre')).id);
    expect(c.status).toBe('registered');

    const duplicate = await h.inject({
      method: 'POST',
      url: '/api/v1/cases',
      token: await token('operator'),
      payload: {
        kind: 'dispute',
        categoryCode: 'DSP.NEIGHBOUR',
        channel: 'hotline',
        description: '邻居楼道堆物吵架，再次反映',
        unitId: (await h.unit('370702001002')).id,
      },
    });
    const dup = duplicate.json() as CaseJson;
    c = await ok('dispatcher', dup.id, { action: 'merge', intoCaseId: local.id });
    expect(c.status).toBe('cancelled');
    const original = (
      await h.inject({ method: 'GET', url: `/api/v1/cases/${local.id}`, token: await token('dispatcher') })
    ).json() as CaseJson;
    expect(original.timeline.map((e) => e.action)).toContain('merged_in');
    const self = await act('dispatcher', local.id, { action: 'merge', intoCaseId: local.id });
    expect(self.statusCode).toBe(422);
    expect(self.json()).toMatchObject({ error: { code: 'MERGE_TARGET_INVALID', details: [{ field: 'intoCaseId' }] } });
  });
});
