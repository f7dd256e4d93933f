// Early warnings over HTTP on both databases, as a dispatcher and a leader meet them: raised by the
// cases as they are registered (in the same request), by the scan (hot spots), updated rather than
// repeated, governed by thresholds an administrator edits, and acted on with clear refusals.
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildUser } from '../../../test/support/factories.ts';
import { deliverNotifications, notificationRouter } from '../../notifications.ts';

interface Warning {
  id: number;
  kind: string;
  level: string;
  unitId: number;
  title: string;
  explanation: string;
  caseIds: number[];
  status: string;
  raiseCount: number;
  allowedActions: string[];
  assignee: { id: number; name: string } | null;
  history?: { action: string; toStatus: string; note: string | null }[];
}

let phoneSeq = 0;
/** A fresh mobile number per call, so tests do not see each other's callers. */
const newPhone = (dialect: string) =>
  `139${dialect === 'sqlite' ? '1' : '2'}${String(Date.now() % 10_000).padStart(4, '0')}${String(++phoneSeq).padStart(3, '0')}`;

async function report(
  h: Harness,
  token: string,
  body: Record<string, unknown> & { unitCode?: string },
): Promise<{ id: number; number: string }> {
  const { unitCode, ...rest } = body;
  const unit = rest.location ? {} : { unitId: (await h.unit(unitCode ?? '370702001001G01')).id };
  const res = await h.inject({
    method: 'POST',
    url: '/api/v1/cases',
    token,
    payload: {
      kind: 'complaint',
      categoryCode: 'CMP.NOISE',
      channel: 'hotline',
      description: '楼上夜间噪音扰民，影响休息',
      ...unit,
      ...rest,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; number: string };
}

async function warningsOf(h: Harness, token: string, query: string): Promise<Warning[]> {
  const res = await h.inject({ method: 'GET', url: `/api/v1/warnings?${query}`, token });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: Warning[] }).items;
}

async function act(h: Harness, token: string, id: number, payload: Record<string, unknown>) {
  return h.inject({ method: 'POST', url: `/api/v1/warnings/${id}/actions`, token, payload });
}

/** A point inside the grid (the centre of its first ring). */
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

describeEachDialect('early warnings', (get, dialect) => {
  let dispatcher: string;
  let operator: string;
  let admin: string;

  it('raises one repeat_reporter warning for three reports from one phone, and a fourth updates it', async () => {
    const h = get();
    dispatcher = await h.login('dispatcher');
    admin = await h.login('admin');
    operator = (await buildUser(h, { role: 'operator', unit: '370702' })).token;
    const phone = newPhone(dialect);
    const reporter = { name: '王先生', phone };
    const first = await report(h, operator, { reporter });
    const second = await report(h, operator, { reporter });
    expect((await warningsOf(h, dispatcher, `kind=repeat_reporter&caseId=${second.id}`)).length).toBe(0);
    const third = await report(h, operator, { reporter });

    const raised = await warningsOf(h, dispatcher, `kind=repeat_reporter&caseId=${third.id}`);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ level: 'orange', status: 'open', raiseCount: 1 });
    expect(raised[0]!.caseIds).toEqual([first.id, second.id, third.id]);
    expect(raised[0]!.explanation).toContain('30天内已反映3件');
    // The number itself appears nowhere in the warning, nor its tail in what the warning says. The
    // tail is looked for in the sentences with the case numbers they cite taken out: a case number
    // is digits too, and 370702-2026-000001 holds the tail 0001 by chance.
    expect(JSON.stringify(raised[0])).not.toContain(phone);
    const { title, explanation, titleText, explanationText } = raised[0] as Warning & Record<string, unknown>;
    const said = JSON.stringify([title, explanation, titleText, explanationText]).replace(/\d{6}-\d{4}-\d{6}/g, '');
    expect(said).not.toContain(phone.slice(-4));

    const fourth = await report(h, operator, { reporter });
    const updated = await warningsOf(h, dispatcher, `kind=repeat_reporter&caseId=${first.id}`);
    expect(updated).toHaveLength(1);
    expect(updated[0]).toMatchObject({ id: raised[0]!.id, raiseCount: 2 });
    expect(updated[0]!.caseIds).toEqual([first.id, second.id, third.id, fourth.id]);
    expect(updated[0]!.explanation).toContain('30天内已反映4件');
    const detail = await h.inject({ method: 'GET', url: `/api/v1/warnings/${raised[0]!.id}`, token: dispatcher });
    expect((detail.json() as Warning).history!.map((e) => e.action)).toEqual(['raise', 'update']);
  });

  it('raises a red escalation_words warning within the intake request and tells the leader at once', async () => {
    const h = get();
    const leader = await h.login('leader');
    const created = await report(h, operator, {
      unitCode: '370702002001G01',
      kind: 'dispute',
      categoryCode: 'DSP.NEIGHBOUR',
      description: '邻居因宅基地纠纷多次争吵，当事人扬言要跳楼，还说要拉横幅',
    });
    // Read straight from the database as soon as the 201 is back: written in the case's transaction.
    const stored = await h.ctx.db
      .selectFrom('warning')
      .innerJoin('warning_case', 'warning_case.warning_id', 'warning.id')
      .select(['warning.id', 'warning.kind', 'warning.level', 'warning.explanation_zh'])
      .where('warning_case.case_id', '=', created.id)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: 'escalation_words', level: 'red' });
    expect(stored[0]!.explanation_zh).toContain('“跳楼”');
    expect(stored[0]!.explanation_zh).toContain('“拉横幅”');

    const router = notificationRouter(h.ctx, () => {});
    for (let i = 0; i < 20; i++) {
      const r = await deliverNotifications(h.ctx, router);
      if (r.sent + r.failed + r.dead === 0) break;
    }
    const inbox = await h.inject({ method: 'GET', url: '/api/v1/inbox', token: leader });
    const notices = (inbox.json() as { items: { topic: string; subjectId: string | null; title: { zh: string } }[] })
      .items;
    const notice = notices.find((n) => n.topic === 'warning.red' && n.subjectId === String(created.id));
    expect(notice?.title.zh).toBe(`红色预警：事件 ${created.number}（邻里纠纷），请立即关注`);

    // An ordinary report raises nothing of the kind.
    const calm = await report(h, operator, { unitCode: '370702002001G01', description: '小区路灯不亮，晚上出行不便' });
    expect(await warningsOf(h, dispatcher, `caseId=${calm.id}`)).toEqual([]);
  });

  it('raises repeat_location for three cases within 100 m, and leaves a case 300 m away out', async () => {
    const h = get();
    const centre = await pointInGrid(h, '370702003002G01');
    const north = (metres: number) => ({ lng: centre.lng, lat: centre.lat + metres / 111_000 });
    const far = await report(h, operator, { location: north(-300) });
    const a = await report(h, operator, { location: north(0) });
    const b = await report(h, operator, { location: north(45) });
    expect(await warningsOf(h, dispatcher, `kind=repeat_location&caseId=${b.id}`)).toEqual([]);
    const c = await report(h, operator, { location: north(90) });
    const raised = await warningsOf(h, dispatcher, `kind=repeat_location&caseId=${c.id}`);
    expect(raised).toHaveLength(1);
    expect(raised[0]!.caseIds).toEqual([a.id, b.id, c.id]);
    expect(raised[0]!.caseIds).not.toContain(far.id);
    expect(raised[0]!.explanation).toContain('100米范围内30天内发生3件');
    // A fourth near the same ones joins the same warning.
    const d = await report(h, operator, { location: north(60) });
    const again = await warningsOf(h, dispatcher, `kind=repeat_location&caseId=${d.id}`);
    expect(again.map((w) => w.id)).toEqual([raised[0]!.id]);
  });

  it('counts a busy place whole, finds its warning through older cases, and joins each report to it', async () => {
    const h = get();
    const centre = await pointInGrid(h, '370702003003G01');
    const east = 1 / (111_000 * Math.cos((centre.lat * Math.PI) / 180));
    const at = (north: number, eastward = 0) => ({
      lng: centre.lng + eastward * east,
      lat: centre.lat + north / 111_000,
    });
    const settings = await h.inject({ method: 'GET', url: '/api/v1/warning-settings', token: admin });
    const rule = (settings.json() as { rules: Record<string, unknown>[] }).rules.find(
      (r) => r.kind === 'repeat_location',
    )!;
    const turn = async (enabled: boolean) => {
      const { kind, level, minCount, windowDays, radiusM } = rule;
      const res = await h.inject({
        method: 'PUT',
        url: '/api/v1/warning-settings',
        token: admin,
        payload: { rules: [{ kind, enabled, level, minCount, windowDays, radiusM }] },
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    // 113 m north-east of where `next` will be: inside the square around it, outside the circle.
    const outside = await report(h, operator, { location: at(110, 80) });
    const first = [await report(h, operator, { location: at(0) }), await report(h, operator, { location: at(20) })];
    first.push(await report(h, operator, { location: at(40) }));
    const [raised] = await warningsOf(h, dispatcher, `kind=repeat_location&caseId=${first[2]!.id}`);
    expect(raised!.caseIds).toEqual(first.map((c) => c.id));

    // Eight more while the rule is off: the place's eight newest cases are then none of the warning's.
    const quiet: { id: number }[] = [];
    try {
      await turn(false);
      for (let i = 0; i < 8; i++) quiet.push(await report(h, operator, { location: at(10 + i * 10) }));
    } finally {
      await turn(true);
    }
    const next = await report(h, operator, { location: at(30) });
    const [joined] = await warningsOf(h, dispatcher, `kind=repeat_location&caseId=${next.id}`);
    expect(joined!.id).toBe(raised!.id);
    expect(joined!.caseIds).toEqual([...first, ...quiet, next].map((c) => c.id));
    expect(joined!.caseIds).not.toContain(outside.id);
    expect(joined!.explanation).toContain('100米范围内30天内发生12件');

    // A thirteenth: counted whole though only the newest few are read, and joined to the same warning.
    const last = await report(h, operator, { location: at(20) });
    const [again] = await warningsOf(h, dispatcher, `kind=repeat_location&caseId=${last.id}`);
    expect(again!.id).toBe(raised!.id);
    expect(again!.caseIds).toEqual([...first, ...quiet, next, last].map((c) => c.id));
    expect(again!.title).toContain('13件');
    expect(await warningsOf(h, dispatcher, `kind=repeat_location&caseId=${outside.id}`)).toEqual([]);
  });

  it('raises repeat_location for three cases at one address written with and without spaces', async () => {
    const h = get();
    const street = `幸福路${Date.now() % 100_000}号`;
    const a = await report(h, operator, { address: `城关街道${street}` });
    const b = await report(h, operator, { address: `城关街道 ${street.replace('号', ' 号')}` });
    // A neighbouring number is another place.
    await report(h, operator, { address: `城关街道${street.replace('号', '1号')}` });
    expect(await warningsOf(h, dispatcher, `kind=repeat_location&caseId=${b.id}`)).toEqual([]);
    const c = await report(h, operator, { address: ` 城关街道${street} ` });
    const raised = await warningsOf(h, dispatcher, `kind=repeat_location&caseId=${c.id}`);
    expect(raised).toHaveLength(1);
    expect(raised[0]!.caseIds).toEqual([a.id, b.id, c.id]);
    expect(raised[0]!.explanation).toContain('30天内发生3件');
  });

  it('counts a report’s caller and its place together: the phone’s cases anywhere, the place’s by address or by point', async () => {
    const h = get();
    const centre = await pointInGrid(h, '370702003004G01');
    const north = (metres: number) => ({ lng: centre.lng, lat: centre.lat + metres / 111_000 });
    const caller = { name: '李女士', phone: newPhone(dialect) };
    const someone = () => ({ name: '路人', phone: newPhone(dialect) });
    const address = `城关街道和平路${Date.now() % 100_000}号`;
    // The caller's earlier reports are elsewhere; the place's are other callers', one found by
    // its address only, one by its point only.
    const callerFirst = await report(h, operator, { reporter: caller, address: `${address}东门外` });
    const callerSecond = await report(h, operator, { reporter: caller, location: north(-400) });
    const byAddress = await report(h, operator, { reporter: someone(), address });
    const byPoint = await report(h, operator, { reporter: someone(), location: north(30) });
    const latest = await report(h, operator, { reporter: caller, address, location: north(0) });

    const [repeatCaller] = await warningsOf(h, dispatcher, `kind=repeat_reporter&caseId=${latest.id}`);
    expect(repeatCaller?.caseIds).toEqual([callerFirst.id, callerSecond.id, latest.id]);
    const [repeatPlace] = await warningsOf(h, dispatcher, `kind=repeat_location&caseId=${latest.id}`);
    expect(repeatPlace?.caseIds).toEqual([byAddress.id, byPoint.id, latest.id]);
    // The latest case is at the address and at the point: counted once.
    expect(repeatPlace?.explanation).toContain('发生3件');
  });

  it('raises group_dispute for five or more people, or a case marked a group matter', async () => {
    const h = get();
    const dispute = { kind: 'dispute', categoryCode: 'DSP.NEIGHBOUR', description: '村民因排水沟堵塞引发争执' };
    const few = await report(h, operator, { ...dispute, involvedCount: 4 });
    const many = await report(h, operator, { ...dispute, involvedCount: 12 });
    const marked = await report(h, operator, { ...dispute, involvedCount: 2, groupMatter: true });
    expect(await warningsOf(h, dispatcher, `kind=group_dispute&caseId=${few.id}`)).toEqual([]);
    const [byCount] = await warningsOf(h, dispatcher, `kind=group_dispute&caseId=${many.id}`);
    expect(byCount?.explanation).toContain('涉及12人（达到5人即预警）');
    const [byMark] = await warningsOf(h, dispatcher, `kind=group_dispute&caseId=${marked.id}`);
    expect(byMark?.explanation).toContain('受理时标记为群体性事件');
    const caseRes = await h.inject({ method: 'GET', url: `/api/v1/cases/${many.id}`, token: dispatcher });
    expect(caseRes.json()).toMatchObject({ involvedCount: 12, groupMatter: false });
    // Out of range is refused, nothing written.
    const bad = await h.inject({
      method: 'POST',
      url: '/api/v1/cases',
      token: operator,
      payload: { ...dispute, channel: 'hotline', unitId: (await h.unit('370702001001G01')).id, involvedCount: 0 },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('follows the thresholds an administrator edits', async () => {
    const h = get();
    const settings = await h.inject({ method: 'GET', url: '/api/v1/warning-settings', token: dispatcher });
    const rules = (settings.json() as { rules: { kind: string; minCount: number | null; knobs: string[] }[] }).rules;
    expect(rules.find((r) => r.kind === 'repeat_reporter')).toMatchObject({
      minCount: 3,
      knobs: ['minCount', 'windowDays'],
    });
    const put = (minCount: number, token = admin) =>
      h.inject({
        method: 'PUT',
        url: '/api/v1/warning-settings',
        token,
        payload: { rules: [{ kind: 'repeat_reporter', enabled: true, level: 'yellow', minCount, windowDays: 30 }] },
      });
    expect((await put(2, dispatcher)).statusCode).toBe(403);
    const missing = await h.inject({
      method: 'PUT',
      url: '/api/v1/warning-settings',
      token: admin,
      payload: { rules: [{ kind: 'repeat_reporter', enabled: true, level: 'yellow', minCount: 2 }] },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });

    const phone = newPhone(dialect);
    await report(h, operator, { reporter: { name: '李女士', phone } });
    const two = await report(h, operator, { reporter: { name: '李女士', phone } });
    expect(await warningsOf(h, dispatcher, `kind=repeat_reporter&caseId=${two.id}`)).toEqual([]);
    try {
      expect((await put(2)).statusCode).toBe(200);
      const three = await report(h, operator, { reporter: { name: '李女士', phone } });
      const [raised] = await warningsOf(h, dispatcher, `kind=repeat_reporter&caseId=${three.id}`);
      expect(raised).toMatchObject({ level: 'yellow' });
      expect(raised!.explanation).toContain('达到2件即预警');
    } finally {
      await put(3).then(() =>
        h.inject({
          method: 'PUT',
          url: '/api/v1/warning-settings',
          token: admin,
          payload: {
            rules: [{ kind: 'repeat_reporter', enabled: true, level: 'orange', minCount: 3, windowDays: 30 }],
          },
        }),
      );
    }
  });

  it('raises hot_spot for a burst far above the 90-day baseline, and not for a normal week', async () => {
    const h = get();
    const now = h.clock.now();
    const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000);
    try {
      // Normal: 13 cases over the 90 days before the week, 2 in the week (expected 1.0, p ≈ 0.27).
      for (let i = 0; i < 13; i++) {
        h.clock.set(at(8 + i * 6.5));
        await report(h, operator, { unitCode: '370702005201G01', categoryCode: 'CMP.NOISE' });
      }
      // Burst: 2 cases in the 90 days before, 8 in the week (expected 0.16).
      for (const days of [20, 60]) {
        h.clock.set(at(days));
        await report(h, operator, { unitCode: '370702004001G01' });
      }
      for (let i = 0; i < 8; i++) {
        h.clock.set(at(6 - i * 0.7));
        await report(h, operator, { unitCode: '370702004001G01' });
      }
      for (const days of [3, 1]) {
        h.clock.set(at(days));
        await report(h, operator, { unitCode: '370702005201G01' });
      }
    } finally {
      h.clock.set(now);
    }
    const scan = await h.inject({ method: 'POST', url: '/api/v1/warnings/scan', token: dispatcher });
    expect(scan.statusCode, scan.body).toBe(200);

    const burstGrid = await h.unit('370702004001G01');
    const burstTownship = await h.unit('370702004');
    const hot = await warningsOf(h, dispatcher, `kind=hot_spot&withinUnitId=${burstTownship.id}`);
    const grid = hot.find((w) => w.unitId === burstGrid.id);
    expect(grid?.caseIds).toHaveLength(8);
    expect(grid?.explanation).toContain('近7天“噪音扰民”8件');
    expect(grid?.explanation).toContain('泊松检验');
    expect(hot.find((w) => w.unitId === burstTownship.id)).toBeDefined();

    const normalTownship = await h.unit('370702005');
    expect(await warningsOf(h, dispatcher, `kind=hot_spot&withinUnitId=${normalTownship.id}`)).toEqual([]);

    // Scanning again changes nothing: the same situation, no second warning, no new history.
    await h.inject({ method: 'POST', url: '/api/v1/warnings/scan', token: dispatcher });
    const again = await warningsOf(h, dispatcher, `kind=hot_spot&withinUnitId=${burstTownship.id}`);
    expect(again.map((w) => [w.id, w.raiseCount])).toEqual(hot.map((w) => [w.id, w.raiseCount]));
  });

  it('takes the actions in order and refuses the others with clear codes', async () => {
    const h = get();
    const created = await report(h, operator, {
      unitCode: '370702001002G01',
      description: '有人在小区门口扬言要报复物业经理',
    });
    const [warning] = await warningsOf(h, dispatcher, `caseId=${created.id}`);
    expect(warning).toMatchObject({ kind: 'escalation_words', allowedActions: ['acknowledge', 'assign', 'dismiss'] });
    const id = warning!.id;

    // An operator reads warnings but does not act on them.
    expect((await warningsOf(h, operator, `caseId=${created.id}`)).map((w) => w.allowedActions)).toEqual([[]]);
    expect((await act(h, operator, id, { action: 'acknowledge' })).statusCode).toBe(403);

    expect((await act(h, dispatcher, id, { action: 'close' })).json()).toMatchObject({
      error: { code: 'WARNING_TRANSITION_INVALID' },
    });
    const acknowledged = await act(h, dispatcher, id, { action: 'acknowledge', note: '已电话联系网格员核实' });
    expect(acknowledged.statusCode, acknowledged.body).toBe(200);
    expect(acknowledged.json()).toMatchObject({ status: 'acknowledged' });
    const twice = await act(h, dispatcher, id, { action: 'acknowledge' });
    expect(twice.statusCode).toBe(422);
    expect(twice.json()).toMatchObject({ error: { code: 'WARNING_TRANSITION_INVALID' } });

    // Assign: someone of the area who reads warnings; not a department handler, not someone elsewhere.
    const department = await buildUser(h, { role: 'department', unit: '370702', signIn: false });
    const elsewhere = await buildUser(h, { role: 'grid_worker', unit: '370703', signIn: false });
    const gridWorker = await buildUser(h, { role: 'grid_worker', unit: '370702001002G01', signIn: false });
    for (const userId of [department.id, elsewhere.id, undefined]) {
      const refused = await act(h, dispatcher, id, { action: 'assign', ...(userId ? { userId } : {}) });
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ error: { code: 'WARNING_ASSIGNEE_INVALID' } });
    }
    // The choices offered are of the area and read warnings: the grid worker, not the department handler.
    const offered = await h.inject({ method: 'GET', url: '/api/v1/warnings/assignees?q=测试', token: dispatcher });
    const offeredIds = (offered.json() as { items: { userId: number }[] }).items.map((u) => u.userId);
    expect(offeredIds).toContain(gridWorker.id);
    expect(offeredIds).not.toContain(department.id);
    expect(offeredIds).not.toContain(elsewhere.id);
    const assigned = await act(h, dispatcher, id, { action: 'assign', userId: gridWorker.id, note: '请上门了解情况' });
    expect(assigned.json()).toMatchObject({ status: 'assigned', assignee: { id: gridWorker.id } });
    const closed = await act(h, dispatcher, id, { action: 'close', note: '已化解' });
    expect(closed.json()).toMatchObject({ status: 'closed', allowedActions: [] });
    expect((closed.json() as Warning).history!.map((e) => [e.action, e.toStatus])).toEqual([
      ['raise', 'open'],
      ['acknowledge', 'acknowledged'],
      ['assign', 'assigned'],
      ['close', 'closed'],
    ]);
    expect((await act(h, dispatcher, id, { action: 'dismiss' })).statusCode).toBe(422);

    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'warning')
      .where('subject_id', '=', String(id))
      .orderBy('seq')
      .execute();
    expect(audit.map((r) => r.action)).toEqual([
      'warning.raise',
      'warning.acknowledge',
      'warning.assign',
      'warning.close',
    ]);
  });

  it('scopes the list to the jurisdiction: another township is 404 for a township dispatcher', async () => {
    const h = get();
    const local = await buildUser(h, { role: 'dispatcher', unit: '370702001' });
    const other = await h.unit('370702002');
    const res = await h.inject({ method: 'GET', url: `/api/v1/warnings?withinUnitId=${other.id}`, token: local.token });
    expect(res.statusCode).toBe(404);
    const mine = await warningsOf(h, local.token, 'status=active');
    const paths = await h.ctx.db
      .selectFrom('warning')
      .select(['id', 'unit_path'])
      .where('id', 'in', mine.length > 0 ? mine.map((w) => w.id) : [0])
      .execute();
    const township = await h.unit('370702001');
    expect(mine.length).toBeGreaterThan(0);
    expect(paths.every((p) => p.unit_path.startsWith(township.path))).toBe(true);
    // Red first.
    const levels = mine.map((w) => w.level);
    expect(levels).toEqual(
      [...levels].sort(
        (x, y) => ['red', 'orange', 'yellow', 'blue'].indexOf(x) - ['red', 'orange', 'yellow', 'blue'].indexOf(y),
      ),
    );
  });
});
