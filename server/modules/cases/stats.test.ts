import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { beijingMonthOf, bucketOf, bucketsBetween, MAX_BUCKETS } from './stats-period.ts';

interface CaseJson {
  id: number;
  number: string;
  status: string;
  version: number;
}

interface Stats {
  from: string;
  to: string;
  period: string;
  total: number;
  byStatus: Record<string, number>;
  byCategory: { code: string; name: string; count: number }[];
  byUnit: { unitId: number; name: string; count: number }[];
  byPeriod: { period: string; count: number }[];
  rates: { response: number | null; resolution: number | null; satisfaction: number | null; onTime: number | null };
  overdue: number;
}

describe('reporting periods (Beijing time)', () => {
  it('labels days, weeks by their Monday and months in Beijing time', () => {
    // 16:00 UTC is midnight in Beijing.
    expect(bucketOf(new Date('2027-02-28T15:59:59.999Z'), 'day')).toBe('2027-02-28');
    expect(bucketOf(new Date('2027-02-28T16:00:00.000Z'), 'day')).toBe('2027-03-01');
    expect(bucketOf(new Date('2027-02-28T15:59:59.999Z'), 'week')).toBe('2027-02-22');
    expect(bucketOf(new Date('2027-03-07T15:59:59.999Z'), 'week')).toBe('2027-03-01');
    expect(bucketOf(new Date('2027-03-07T16:00:00.000Z'), 'week')).toBe('2027-03-08');
    expect(bucketOf(new Date('2026-12-31T16:00:00.000Z'), 'month')).toBe('2027-01');
  });

  it('takes the current Beijing month as the default window, across a year end', () => {
    const dec = beijingMonthOf(new Date('2026-12-31T17:00:00.000Z'));
    expect(dec.from.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(dec.to.toISOString()).toBe('2027-01-31T16:00:00.000Z');
    const nov = beijingMonthOf(new Date('2026-11-27T01:00:00.000Z'));
    expect([nov.from.toISOString(), nov.to.toISOString()]).toEqual([
      '2026-10-31T16:00:00.000Z',
      '2026-11-30T16:00:00.000Z',
    ]);
  });

  it('lists every bucket of a window and refuses too many', () => {
    const from = new Date('2027-02-28T16:00:00.000Z');
    const to = new Date('2027-03-31T16:00:00.000Z');
    const days = bucketsBetween(from, to, 'day')!;
    expect(days).toHaveLength(31);
    expect([days[0], days[30]]).toEqual(['2027-03-01', '2027-03-31']);
    expect(bucketsBetween(from, to, 'week')).toEqual([
      '2027-03-01',
      '2027-03-08',
      '2027-03-15',
      '2027-03-22',
      '2027-03-29',
    ]);
    expect(bucketsBetween(new Date('2026-11-15T00:00:00Z'), new Date('2027-02-01T00:00:00Z'), 'month')).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
    ]);
    expect(bucketsBetween(new Date('2020-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'), 'day')).toBeNull();
    expect(bucketsBetween(new Date('2020-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'), 'month')).toHaveLength(
      121,
    );
    expect(MAX_BUCKETS).toBeGreaterThan(366);
  });
});

/** Monday 1 March 2027, 09:00 in Beijing: a month no other test or seed puts cases in. */
const T0 = Date.parse('2027-03-01T09:00:00+08:00');
/** Thursday 4 March, 10:00: past Tuesday's triage and acceptance deadlines and Wednesday's handling one. */
const T1 = Date.parse('2027-03-04T10:00:00+08:00');

describeEachDialect('dashboard figures and the overdue list', (get) => {
  let tokens: Record<string, string> = {};
  const token = async (username: string) => (tokens[username] ??= await get().login(username));
  /** Moves the clock; sessions idle longer than 30 minutes end, so everyone signs in again. */
  const moveClockTo = (at: number) => {
    get().clock.advance(at - get().clock.now().getTime());
    tokens = {};
  };

  async function register(username: string, payload: Record<string, unknown>): Promise<CaseJson> {
    const res = await get().inject({ method: 'POST', url: '/api/v1/cases', token: await token(username), payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as CaseJson;
  }

  async function act(username: string, id: number, body: Record<string, unknown>): Promise<CaseJson> {
    const h = get();
    const current = await h.inject({ method: 'GET', url: `/api/v1/cases/${id}`, token: await token('dispatcher') });
    const res = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${id}/actions`,
      token: await token(username),
      payload: { version: (current.json() as CaseJson).version, ...body },
    });
    expect(res.statusCode, `${username} ${String(body.action)}: ${res.body}`).toBe(200);
    return res.json() as CaseJson;
  }

  const complaint = async (categoryCode: string, unitCode: string, description: string) =>
    register('operator', {
      kind: categoryCode.startsWith('HAZ') ? 'hazard' : categoryCode.startsWith('DSP') ? 'dispute' : 'complaint',
      categoryCode,
      channel: 'hotline',
      description,
      unitId: (await get().unit(unitCode)).id,
      reporter: { name: '王五', phone: '13700002222' },
    });

  async function stats(username: string, query = ''): Promise<Stats> {
    const res = await get().inject({ method: 'GET', url: `/api/v1/stats/cases${query}`, token: await token(username) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Stats;
  }

  async function overdue(username: string, query = ''): Promise<string[]> {
    const res = await get().inject({
      method: 'GET',
      url: `/api/v1/stats/overdue${query}`,
      token: await token(username),
    });
    expect(res.statusCode, res.body).toBe(200);
    const items = (res.json() as { items: { number: string; overdue: boolean }[] }).items;
    expect(items.every((i) => i.overdue)).toBe(true);
    return items.map((i) => i.number);
  }

  async function overdueTotal(username: string, query = ''): Promise<number> {
    const res = await get().inject({
      method: 'GET',
      url: `/api/v1/stats/overdue${query}`,
      token: await token(username),
    });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { total: number }).total;
  }

  const numbers: Record<string, string> = {};

  // Nine cases. 城关街道: A, B (closed, satisfied / basically satisfied), C (resolved, unsatisfied),
  // D (still registered), F (cancelled), H (closed, resolved late), I (resolved on the spot, closed).
  // 南关街道: E (dispatched, never accepted) and G (registered on Thursday).
  beforeAll(async () => {
    const h = get();
    moveClockTo(T0);
    const housing = (await h.unit('370702-dept-housing')).id;
    const dispatchToHousing = (id: number) => act('dispatcher', id, { action: 'dispatch', leadUnitId: housing });

    const a = await complaint('CMP.NOISE', '370702001002', '楼下烧烤店深夜噪音扰民');
    const b = await complaint('CMP.NOISE', '370702001002', '广场舞音响声音太大');
    const c = await complaint('DSP.WAGES', '370702001001', '建筑公司拖欠农民工工资');
    const d = await complaint('CMP.STREET_VENDOR', '370702001003', '路口早市占道经营影响通行');
    const e = await complaint('HAZ.GAS', '370702002001', '小区燃气管道有异味');
    const f = await complaint('CMP.NOISE', '370702001002', '装修噪音从早到晚不停');
    const hCase = await complaint('HAZ.GAS', '370702001003', '老旧小区燃气表漏气');
    for (const [id, rating] of [
      [a.id, 'satisfied'],
      [b.id, 'basically_satisfied'],
      [c.id, 'unsatisfied'],
    ] as const) {
      await dispatchToHousing(id);
      await act('department', id, { action: 'accept' });
      await act('department', id, { action: 'resolve', result: '已处理完毕' });
      await act('operator', id, { action: 'rate', rating });
    }
    await dispatchToHousing(e.id);
    await dispatchToHousing(hCase.id);
    await act('dispatcher', f.id, { action: 'cancel', reason: '重复来电' });
    const i = await register('gridworker', {
      kind: 'complaint',
      categoryCode: 'CMP.STREET_VENDOR',
      channel: 'grid_patrol',
      description: '巷口摊贩占道，已劝离',
    });
    await act('gridworker', i.id, { action: 'resolve', result: '现场劝离' });
    await act('operator', i.id, { action: 'rate', rating: 'satisfied' });

    moveClockTo(T1);
    // Gas cases have two working days: H was due on Wednesday evening.
    await act('department', hCase.id, { action: 'accept' });
    await act('department', hCase.id, { action: 'resolve', result: '已更换燃气表' });
    await act('operator', hCase.id, { action: 'rate', rating: 'satisfied' });
    const g = await complaint('CMP.NOISE', '370702002002', '工地夜间施工噪音严重');
    for (const [key, value] of Object.entries({ a, b, c, d, e, f, g, h: hCase, i })) numbers[key] = value.number;
  });

  it('counts the county’s cases of the current Beijing month by status, category, township and day', async () => {
    const s = await stats('dispatcher');
    expect([s.from, s.to, s.period]).toEqual(['2027-02-28T16:00:00.000Z', '2027-03-31T16:00:00.000Z', 'day']);
    expect(s.total).toBe(9);
    expect(s.byStatus).toEqual({ registered: 2, dispatched: 1, in_progress: 0, resolved: 1, closed: 4, cancelled: 1 });
    expect(s.byCategory).toEqual([
      { code: 'CMP.NOISE', name: '噪音扰民', count: 4 },
      { code: 'CMP.STREET_VENDOR', name: '占道经营', count: 2 },
      { code: 'HAZ.GAS', name: '燃气安全隐患', count: 2 },
      { code: 'DSP.WAGES', name: '欠薪纠纷', count: 1 },
    ]);
    expect(s.byUnit.map((u) => [u.name, u.count])).toEqual([
      ['城关街道', 7],
      ['南关街道', 2],
      ['西关街道', 0],
      ['北关街道', 0],
      ['于河街道', 0],
      ['望留街道', 0],
      ['潍城经济开发区', 0],
    ]);
    expect(s.byUnit[0]!.unitId).toBe((await get().unit('370702001')).id);
    expect(s.byPeriod).toHaveLength(31);
    expect(s.byPeriod.filter((p) => p.count > 0)).toEqual([
      { period: '2027-03-01', count: 8 },
      { period: '2027-03-04', count: 1 },
    ]);
    // Responded: A B C E H dispatched, I resolved on the spot; D F G never. Resolved or closed:
    // A B C H I of the 8 not cancelled. Rated: A B C H I, satisfied or basically: all but C.
    // Handling judged: A B C resolved on time, H a day late, and E still open after its
    // Wednesday handling deadline (I had no deadline; D and G have none yet).
    expect(s.rates).toEqual({ response: 6 / 9, resolution: 5 / 8, satisfaction: 4 / 5, onTime: 3 / 5 });
    // Overdue now: D (triage) and E (acceptance), as the overdue list says.
    expect(s.overdue).toBe(2);
  });

  it('gives the evaluator and the leader the same figures, and groups by week or month', async () => {
    const county = await stats('dispatcher');
    expect(await stats('evaluator')).toEqual(county);
    expect(await stats('leader')).toEqual(county);
    expect((await stats('evaluator', '?period=week')).byPeriod).toEqual([
      { period: '2027-03-01', count: 9 },
      { period: '2027-03-08', count: 0 },
      { period: '2027-03-15', count: 0 },
      { period: '2027-03-22', count: 0 },
      { period: '2027-03-29', count: 0 },
    ]);
    expect((await stats('evaluator', '?period=month')).byPeriod).toEqual([{ period: '2027-03', count: 9 }]);
  });

  it('counts only the cases registered in an explicit window, with null rates when nothing is rated', async () => {
    const from = encodeURIComponent('2027-03-04T00:00:00+08:00');
    const to = encodeURIComponent('2027-03-05T00:00:00+08:00');
    const s = await stats('dispatcher', `?from=${from}&to=${to}`);
    expect(s.total).toBe(1);
    expect(s.byStatus.registered).toBe(1);
    expect(s.byPeriod).toEqual([{ period: '2027-03-04', count: 1 }]);
    expect(s.rates).toEqual({ response: 0, resolution: 0, satisfaction: null, onTime: null });
    // February 2027, before any of them; 1 February is a Monday.
    const empty = await stats(
      'dispatcher',
      `?from=${encodeURIComponent('2027-02-01T00:00:00+08:00')}&to=${encodeURIComponent('2027-03-01T00:00:00+08:00')}&period=week`,
    );
    expect(empty.total).toBe(0);
    expect(empty.byPeriod.map((p) => p.period)).toEqual(['2027-02-01', '2027-02-08', '2027-02-15', '2027-02-22']);
    expect(empty.byPeriod.every((p) => p.count === 0)).toBe(true);
    expect(empty.rates).toEqual({ response: null, resolution: null, satisfaction: null, onTime: null });
  });

  it('keeps a township dispatcher’s figures to its own township', async () => {
    const s = await stats('township');
    expect(s.total).toBe(7);
    expect(s.byStatus).toEqual({ registered: 1, dispatched: 0, in_progress: 0, resolved: 1, closed: 4, cancelled: 1 });
    expect(s.byCategory.find((c) => c.code === 'HAZ.GAS')?.count).toBe(1);
    expect(s.byUnit).toHaveLength(10);
    expect(s.byUnit.filter((u) => u.count > 0).map((u) => [u.name, u.count])).toEqual([
      ['曹家巷居委会', 2],
      ['增福堂居委会', 3],
      ['岳王庙居委会', 2],
    ]);
    expect(s.rates).toEqual({ response: 5 / 7, resolution: 5 / 6, satisfaction: 4 / 5, onTime: 3 / 4 });
    // Another township does not exist for it; for the county dispatcher it narrows the figures.
    const nanguan = (await get().unit('370702002')).id;
    const refused = await get().inject({
      method: 'GET',
      url: `/api/v1/stats/cases?unitId=${nanguan}`,
      token: await token('township'),
    });
    expect(refused.statusCode).toBe(404);
    const narrowed = await stats('dispatcher', `?unitId=${nanguan}`);
    expect(narrowed.total).toBe(2);
    expect(narrowed.byStatus).toMatchObject({ registered: 1, dispatched: 1 });
    expect(narrowed.byUnit.every((u) => u.name.endsWith('社区居委会') || u.name.endsWith('居委会'))).toBe(true);
    expect(narrowed.byUnit.reduce((sum, u) => sum + u.count, 0)).toBe(2);
  });

  it('refuses roles without figures and bad parameters', async () => {
    const h = get();
    for (const username of ['department', 'operator', 'gridworker', 'resident', 'mediator']) {
      for (const url of ['/api/v1/stats/cases', '/api/v1/stats/overdue']) {
        const res = await h.inject({ method: 'GET', url, token: await token(username) });
        expect(res.statusCode, `${username} ${url}`).toBe(403);
      }
    }
    const bad = async (query: string) =>
      (await h.inject({ method: 'GET', url: `/api/v1/stats/cases${query}`, token: await token('dispatcher') }))
        .statusCode;
    expect(await bad('?period=year')).toBe(400);
    expect(await bad('?from=yesterday')).toBe(400);
    expect(
      await bad(
        `?from=${encodeURIComponent('2027-03-05T00:00:00+08:00')}&to=${encodeURIComponent('2027-03-01T00:00:00+08:00')}`,
      ),
    ).toBe(400);
    expect(await bad(`?from=2000-01-01T00:00:00Z&to=2030-01-01T00:00:00Z`)).toBe(400);
    expect(await bad(`?unitId=${(await h.unit('370702-dept-housing')).id}`)).toBe(400);
    expect(await bad('?unitId=2000000000')).toBe(404);
  });

  it('lists the open cases past their stage deadline, oldest first, within the caller’s scope', async () => {
    // D missed Tuesday's triage deadline, E Tuesday's acceptance deadline; G is due on Friday.
    expect(await overdue('dispatcher')).toEqual([numbers.d, numbers.e]);
    expect(await overdue('evaluator', '?limit=1')).toEqual([numbers.d]);
    expect(await overdue('township')).toEqual([numbers.d]);
    expect(await overdue('dispatcher', `?unitId=${(await get().unit('370702002')).id}`)).toEqual([numbers.e]);
    // The total counts past the page, and a window of registration narrows it like the figures.
    expect(await overdueTotal('evaluator', '?limit=1')).toBe(2);
    expect(await overdueTotal('township')).toBe(1);
    const monday = encodeURIComponent('2027-03-01T00:00:00+08:00');
    const thursday = encodeURIComponent('2027-03-04T00:00:00+08:00');
    expect(await overdueTotal('dispatcher', `?from=${monday}&to=${thursday}`)).toBe(2);
    expect(await overdueTotal('dispatcher', `?from=${thursday}`)).toBe(0);
    expect((await stats('dispatcher', `?from=${monday}&to=${thursday}`)).overdue).toBe(2);
    const backwards = await get().inject({
      method: 'GET',
      url: `/api/v1/stats/overdue?from=${thursday}&to=${monday}`,
      token: await token('dispatcher'),
    });
    expect(backwards.statusCode).toBe(400);
    const outside = await get().inject({
      method: 'GET',
      url: `/api/v1/stats/overdue?unitId=${(await get().unit('370702002')).id}`,
      token: await token('township'),
    });
    expect(outside.statusCode).toBe(404);
  });
});
