// Edges of jurisdiction and concurrency found in review: each was a way to reach past one's area
// or to slip a rule, and each stays closed.
import { expect, it } from 'vitest';
import { createUser } from '../server/modules/auth/index.ts';
import { describeEachDialect, type Harness } from './support/harness.ts';

interface CaseJson {
  id: number;
  version: number;
  status: string;
  allowedActions: string[];
  possibleDuplicates: { id: number }[];
}

async function newCase(h: Harness, token: string, body: Record<string, unknown>): Promise<CaseJson> {
  const res = await h.inject({
    method: 'POST',
    url: '/api/v1/cases',
    token,
    payload: {
      kind: 'complaint',
      categoryCode: 'CMP.NOISE',
      channel: 'hotline',
      description: '夜间噪音扰民，影响休息',
      ...body,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as CaseJson;
}

describeEachDialect('jurisdiction and concurrency edges', (get) => {
  it('keeps a county admin away from an account that also holds province roles', async () => {
    const h = get();
    const countyAdmin = await h.userWith('admin', '370702-centre');
    const { id } = await createUser(
      h.ctx,
      { actor: null, clientIp: null },
      {
        username: `both${Date.now().toString(36)}`,
        displayName: '双重角色',
        password: 'Both-roles-2026',
        memberships: [
          { unitId: (await h.unit('370702-centre')).id, role: 'dispatcher' },
          { unitId: (await h.unit('37-centre')).id, role: 'admin' },
        ],
      },
    );
    const reset = await h.inject({
      method: 'POST',
      url: `/api/v1/users/${id}/password-reset`,
      token: countyAdmin.token,
    });
    expect(reset.statusCode).toBe(403);
    const user = (await h.inject({ method: 'GET', url: `/api/v1/users/${id}`, token: countyAdmin.token })).json() as {
      memberships: { id: number; unitCode: string }[];
    };
    const province = user.memberships.find((m) => m.unitCode === '37-centre')!;
    const remove = await h.inject({
      method: 'DELETE',
      url: `/api/v1/users/${id}/memberships/${province.id}`,
      token: countyAdmin.token,
    });
    expect(remove.statusCode).not.toBe(200);
  });

  it('counts wrong passwords arriving all at once, pausing only the address they come from', async () => {
    // ADR 0010: a stranger's failures must not lock the owner out, so the pause is per address.
    const h = get();
    const target = await h.userWith('operator', '370702-centre');
    await Promise.all(
      Array.from({ length: 9 }, () =>
        h.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress: '198.51.100.1',
          payload: { username: target.username, password: 'wrong-password-1' },
        }),
      ),
    );
    const fromAttacker = await h.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '198.51.100.1',
      payload: { username: target.username, password: 'Concord-test-2026' },
    });
    expect(fromAttacker.statusCode).toBe(429);
    const fromOwner = await h.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: target.username, password: 'Concord-test-2026' },
    });
    expect(fromOwner.statusCode).toBe(200);
  });

  it('suggests as duplicates only cases the reporter may see', async () => {
    const h = get();
    const grid = await h.ctx.db
      .selectFrom('org_geometry')
      .innerJoin('org_unit', 'org_unit.id', 'org_geometry.unit_id')
      .select('org_geometry.geojson')
      .where('org_unit.code', '=', '370702004001G01')
      .executeTakeFirstOrThrow();
    const ring = (JSON.parse(grid.geojson) as [number, number][][][])[0]![0]!.slice(0, -1);
    const location = {
      lng: ring.reduce((s, p) => s + p[0], 0) / ring.length,
      lat: ring.reduce((s, p) => s + p[1], 0) / ring.length,
    };
    const first = await newCase(h, await h.login('operator'), {
      location,
      description: '楼下烧烤店深夜噪音扰民，邻居李四电话13912345678',
    });
    const resident = await newCase(h, await h.login('resident'), {
      location,
      channel: 'web',
      description: '楼下烧烤店深夜噪音扰民',
    });
    expect(resident.possibleDuplicates.map((d) => d.id)).not.toContain(first.id);
    const staff = await newCase(h, await h.login('operator'), { location, description: '烧烤店深夜噪音扰民' });
    expect(staff.possibleDuplicates.map((d) => d.id)).toContain(first.id);

    // Behind more newer reports than the check reads at first, the resident's own earlier report
    // is still found, and still nothing of anybody else's.
    const residentToken = await h.login('resident');
    const own = await newCase(h, residentToken, { location, channel: 'web', description: '烧烤店油烟噪音扰民到凌晨' });
    const operator = await h.login('operator');
    for (let i = 0; i < 55; i++) await newCase(h, operator, { location, description: `烧烤店噪音扰民第${i}次来电` });
    const again = await newCase(h, residentToken, {
      location,
      channel: 'web',
      description: '烧烤店油烟噪音扰民到凌晨两点',
    });
    expect(again.possibleDuplicates.map((d) => d.id)).toEqual([own.id, resident.id]);
  });

  it('leaves triage of a county-owned case to the county centre', async () => {
    const h = get();
    // 物业纠纷 is owned at county level: it waits at 潍城区综治中心, not at the township's.
    const c = await newCase(h, await h.login('operator'), {
      kind: 'dispute',
      categoryCode: 'DSP.PROPERTY',
      description: '业主与物业因物业费上涨发生纠纷',
      unitId: (await h.unit('370702001002')).id,
    });
    const township = (
      await h.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, token: await h.login('township') })
    ).json() as CaseJson;
    expect(township.allowedActions).not.toContain('dispatch');
    expect(township.allowedActions).not.toContain('cancel');
    const county = (
      await h.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, token: await h.login('dispatcher') })
    ).json() as CaseJson;
    expect(county.allowedActions).toEqual(expect.arrayContaining(['dispatch', 'cancel']));
  });

  it('lets at most one of two crossing merges through', async () => {
    const h = get();
    const dispatcher = await h.login('dispatcher');
    const unitId = (await h.unit('370702005201')).id;
    const a = await newCase(h, dispatcher, { unitId });
    const b = await newCase(h, dispatcher, { unitId });
    const [ab, ba] = await Promise.all([
      h.inject({
        method: 'POST',
        url: `/api/v1/cases/${a.id}/actions`,
        token: dispatcher,
        payload: { action: 'merge', version: a.version, intoCaseId: b.id },
      }),
      h.inject({
        method: 'POST',
        url: `/api/v1/cases/${b.id}/actions`,
        token: dispatcher,
        payload: { action: 'merge', version: b.version, intoCaseId: a.id },
      }),
    ]);
    expect([ab.statusCode, ba.statusCode].filter((s) => s === 200).length).toBeLessThanOrEqual(1);
    expect([ab.statusCode, ba.statusCode].every((s) => s === 200 || s === 409 || s === 400)).toBe(true);
    const statuses = await h.ctx.db
      .selectFrom('case_record')
      .select('status')
      .where('id', 'in', [a.id, b.id])
      .execute();
    expect(statuses.filter((s) => s.status !== 'cancelled').length).toBeGreaterThanOrEqual(1);
  });

  it('takes a returned case off the department’s list and refuses returns after two working days', async () => {
    const h = get();
    const dispatcher = await h.login('dispatcher');
    const department = await h.login('department');
    const housing = (await h.unit('370702-dept-housing')).id;
    const c = await newCase(h, dispatcher, { unitId: (await h.unit('370702006001')).id });
    const sent = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/actions`,
      token: dispatcher,
      payload: { action: 'dispatch', version: c.version, leadUnitId: housing },
    });
    const back = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/actions`,
      token: department,
      payload: { action: 'return', version: (sent.json() as CaseJson).version, reason: '非本单位职责' },
    });
    expect(back.statusCode).toBe(200);
    const list = (await h.inject({ method: 'GET', url: '/api/v1/cases?limit=200', token: department })).json() as {
      items: { id: number }[];
    };
    expect(list.items.map((i) => i.id)).not.toContain(c.id);

    const late = await newCase(h, dispatcher, { unitId: (await h.unit('370702006001')).id });
    const lateSent = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${late.id}/actions`,
      token: dispatcher,
      payload: { action: 'dispatch', version: late.version, leadUnitId: housing },
    });
    h.clock.advance(5 * 86_400_000);
    const refused = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${late.id}/actions`,
      token: await h.login('department'),
      payload: { action: 'return', version: (lateSent.json() as CaseJson).version, reason: '太晚了' },
    });
    expect(refused.statusCode).toBe(422);
    h.clock.advance(-5 * 86_400_000);
  });

  it('refuses crafted cursors and finds usernames with underscores on both databases', async () => {
    const h = get();
    const admin = await h.login('admin');
    for (const value of [{ id: 1.5 }, { id: 1e20 }, { id: -3 }]) {
      const cursor = Buffer.from(JSON.stringify(value)).toString('base64url');
      const res = await h.inject({ method: 'GET', url: `/api/v1/cases?cursor=${cursor}`, token: admin });
      expect(res.statusCode, JSON.stringify(value)).toBe(400);
    }
    await createUser(
      h.ctx,
      { actor: null, clientIp: null },
      { username: 'li_ming', displayName: '李明', password: 'Li-ming-2026x' },
    );
    const found = (await h.inject({ method: 'GET', url: '/api/v1/users?q=li_m', token: admin })).json() as {
      items: { username: string }[];
    };
    expect(found.items.map((u) => u.username)).toContain('li_ming');
  });
});
