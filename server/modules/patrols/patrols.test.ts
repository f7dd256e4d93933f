// Patrols over HTTP on both databases: a grid worker starts a patrol in its grid, sends its track
// (a batch sent again after lost signal and points out of order are stored once, in time order),
// records a visit whose finding becomes a case once, finishes (a second finish is refused clearly);
// one open patrol per worker; another worker, another township's and another county's supervisors
// do not see the patrol; coverage counts distinct places per worker.
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildUser, type BuiltUser } from '../../../test/support/factories.ts';

interface Visit {
  id: number;
  place: string;
  finding: string | null;
  caseId: number | null;
  caseNumber: string | null;
  abilities: { toCase: boolean };
}
interface Patrol {
  id: number;
  workerId: number;
  unitId: number;
  unitName: string;
  status: string;
  finishedAt: string | null;
  pointCount: number;
  distanceM: number;
  visitCount: number;
  track: { at: string; lng: number; lat: number; accuracy: number | null }[];
  visits: Visit[];
  abilities: { work: boolean };
}

const GRID = '370702001001G01';
// TEST_NOW is 2026-11-27T01:00:00Z; points from a walk a few minutes later (the clock is moved).
const at = (minute: number) => new Date(Date.UTC(2026, 10, 27, 1, minute, 0)).toISOString();
const point = (minute: number, dLat = 0) => ({
  lat: 36.7 + minute * 0.0005 + dLat,
  lng: 119.1,
  at: at(minute),
  accuracy: 8,
});

const VISIT = {
  placeKind: 'household',
  place: '幸福小区3号楼 201',
  address: '潍城区幸福路12号',
  met: '户主王建国',
  situation: '了解家庭近况，宣传反诈知识',
  finding: '楼上漏水淹了楼下，两户争吵多次未解决',
};

describeEachDialect('patrols', (get) => {
  let worker: BuiltUser;
  let township: BuiltUser;
  let leader: BuiltUser;

  const setUp = async (h: Harness) => {
    worker ??= await buildUser(h, { role: 'grid_worker', unit: GRID, displayName: '网格员小张' });
    township ??= await buildUser(h, { role: 'dispatcher', unit: '370702001-centre' });
    leader ??= await buildUser(h, { role: 'leader', unit: '370702' });
  };
  const post = (who: { token: string }, url: string, payload?: Record<string, unknown>) =>
    get().inject({ method: 'POST', url, token: who.token, ...(payload ? { payload } : {}) });
  const read = async (who: { token: string }, id: number) =>
    get().inject({ method: 'GET', url: `/api/v1/patrols/${id}`, token: who.token });

  it('runs a patrol: start, track resent and out of order stored once, a visit, its finding a case once, finish once', async () => {
    const h = get();
    await setUp(h);
    const grid = await h.unit(GRID);
    const started = await post(worker, '/api/v1/patrols', {});
    expect(started.statusCode, started.body).toBe(201);
    const patrol = started.json() as Patrol;
    expect(patrol).toMatchObject({ workerId: worker.id, unitId: grid.id, status: 'open', pointCount: 0 });
    expect(patrol.abilities.work).toBe(true);

    // A second start while this one is open is refused and names the open patrol.
    const twice = await post(worker, '/api/v1/patrols', {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ error: { code: 'PATROL_ALREADY_OPEN', details: { patrolId: patrol.id } } });

    h.clock.advance(10 * 60_000);
    const track = `/api/v1/patrols/${patrol.id}/track`;
    const first = await post(worker, track, { points: [point(1), point(2), point(3)] });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ added: 3, duplicates: 0, pointCount: 3 });
    // Signal lost: the phone sends the same batch again, with later points and one older one, out of order.
    const resend = await post(worker, track, {
      points: [point(5), point(2), point(1), point(4), point(3), point(0), point(5)],
    });
    expect(resend.statusCode, resend.body).toBe(200);
    expect(resend.json()).toMatchObject({ received: 7, added: 3, duplicates: 4, pointCount: 6 });
    // The same batch a third time adds nothing.
    expect((await post(worker, track, { points: [point(4), point(5)] })).json()).toMatchObject({
      added: 0,
      pointCount: 6,
    });

    const visitRes = await post(worker, `/api/v1/patrols/${patrol.id}/visits`, {
      ...VISIT,
      location: { lat: 36.701, lng: 119.1, crs: 'wgs84' },
    });
    expect(visitRes.statusCode, visitRes.body).toBe(201);
    const visit = visitRes.json() as Visit;
    expect(visit).toMatchObject({ place: '幸福小区3号楼 201', caseId: null, abilities: { toCase: true } });

    const detail = (await read(worker, patrol.id)).json() as Patrol;
    expect(detail.track.map((p) => p.at)).toEqual([0, 1, 2, 3, 4, 5].map(at));
    // Stored as GCJ-02: the WGS84 GPS point is shifted by a few hundred metres in China.
    expect(detail.track[0]!.lng).not.toBe(119.1);
    expect(detail.distanceM).toBeGreaterThan(200);
    expect(detail.visits).toHaveLength(1);

    const toCase = `/api/v1/patrols/${patrol.id}/visits/${visit.id}/to-case`;
    const made = await post(worker, toCase, { categoryCode: 'DSP.NEIGHBOUR' });
    expect(made.statusCode, made.body).toBe(201);
    const result = made.json() as { caseId: number; caseNumber: string; created: boolean };
    expect(result.created).toBe(true);
    expect(result.caseNumber).toMatch(/\d/);
    const seen = await h.inject({ method: 'GET', url: `/api/v1/cases/${result.caseId}`, token: worker.token });
    expect(seen.statusCode, seen.body).toBe(200);
    const c = seen.json() as { regionId: number; channel: string; number: string; description: string };
    expect(c).toMatchObject({ regionId: grid.id, channel: 'grid_patrol', number: result.caseNumber });
    expect(c.description).toContain('楼上漏水淹了楼下');
    const again = await post(worker, toCase, { categoryCode: 'DSP.NEIGHBOUR' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ caseId: result.caseId, created: false });
    const cases = await h.ctx.db
      .selectFrom('case_record')
      .select('id')
      .where('external_system', '=', 'patrol')
      .where('external_id', '=', `visit-${visit.id}`)
      .execute();
    expect(cases.map((r) => r.id)).toEqual([result.caseId]);

    const finished = await post(worker, `/api/v1/patrols/${patrol.id}/finish`);
    expect(finished.statusCode, finished.body).toBe(200);
    const done = finished.json() as Patrol;
    expect(done).toMatchObject({ status: 'finished', pointCount: 6, visitCount: 1, abilities: { work: false } });
    expect(done.visits[0]).toMatchObject({ caseId: result.caseId, caseNumber: result.caseNumber });
    expect(done.visits[0]!.abilities.toCase).toBe(false);

    const second = await post(worker, `/api/v1/patrols/${patrol.id}/finish`);
    expect(second.statusCode).toBe(422);
    expect(second.json()).toMatchObject({
      error: { code: 'PATROL_FINISHED', details: { finishedAt: done.finishedAt } },
    });
    expect((second.json() as { error: { message: string } }).error.message).toContain('该巡查已结束');
    const late = await post(worker, track, { points: [point(6)] });
    expect(late.json()).toMatchObject({ error: { code: 'PATROL_FINISHED' } });
    expect((await post(worker, `/api/v1/patrols/${patrol.id}/visits`, VISIT)).statusCode).toBe(422);
    expect(((await read(worker, patrol.id)).json() as Patrol).pointCount).toBe(6);

    // Finished, a new patrol may start.
    const next = await post(worker, '/api/v1/patrols', { unitId: grid.id });
    expect(next.statusCode, next.body).toBe(201);
    expect((await post(worker, `/api/v1/patrols/${(next.json() as Patrol).id}/finish`)).statusCode).toBe(200);
  });

  it('refuses bad points whole, a unit that is not a grid and a grid outside the area, writing nothing', async () => {
    const h = get();
    await setUp(h);
    const own = await buildUser(h, { role: 'grid_worker', unit: GRID });
    const patrol = (await post(own, '/api/v1/patrols', {})).json() as Patrol;
    h.clock.advance(5 * 60_000);
    const track = `/api/v1/patrols/${patrol.id}/track`;
    // One point an hour before the patrol began: the batch is refused and nothing of it is stored.
    const good = { ...point(1), at: h.clock.now().toISOString() };
    const early = await post(own, track, { points: [good, { ...point(1), at: '2026-11-26T20:00:00Z' }] });
    expect(early.statusCode, early.body).toBe(422);
    expect(early.json()).toMatchObject({
      error: { code: 'PATROL_POINT_INVALID', details: [{ field: 'points/1/at' }] },
    });
    const future = await post(own, track, { points: [good, { ...good, at: '2026-12-28T00:00:00Z' }] });
    expect(future.statusCode).toBe(422);
    expect((await post(own, track, { points: [{ ...good, lat: 91 }] })).statusCode).toBe(400);
    expect((await post(own, track, { points: [] })).statusCode).toBe(400);
    expect((await post(own, track, { points: [{ ...good, at: 'yesterday' }] })).statusCode).toBe(400);
    const after = (await read(own, patrol.id)).json() as Patrol;
    expect(after.pointCount).toBe(0);

    // A visit needs a place, who was met and what was seen.
    const blank = await post(own, `/api/v1/patrols/${patrol.id}/visits`, { ...VISIT, met: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    // A visit without a finding does not become a case.
    const plain = (
      await post(own, `/api/v1/patrols/${patrol.id}/visits`, { ...VISIT, finding: undefined })
    ).json() as Visit;
    expect(plain.abilities.toCase).toBe(false);
    const noFinding = await post(own, `/api/v1/patrols/${patrol.id}/visits/${plain.id}/to-case`, {
      categoryCode: 'DSP.NEIGHBOUR',
    });
    expect(noFinding.statusCode).toBe(422);
    expect(noFinding.json()).toMatchObject({ error: { code: 'VISIT_NO_FINDING' } });
    await post(own, `/api/v1/patrols/${patrol.id}/finish`);

    const before = await h.ctx.db.selectFrom('patrol').select('id').execute();
    const town = await h.unit('370702001');
    const notGrid = await post(own, '/api/v1/patrols', { unitId: town.id });
    // The township is not in a grid worker's area at all: it does not exist for it.
    expect(notGrid.statusCode).toBe(404);
    const villageWorker = await buildUser(h, { role: 'grid_worker', unit: '370702001001' });
    const village = await h.unit('370702001001');
    const notGrid2 = await post(villageWorker, '/api/v1/patrols', { unitId: village.id });
    expect(notGrid2.statusCode).toBe(422);
    expect(notGrid2.json()).toMatchObject({ error: { code: 'PATROL_UNIT_NOT_GRID' } });
    expect((await post(villageWorker, '/api/v1/patrols', {})).statusCode).toBe(422);
    const outside = await h.unit('370702002001G01');
    expect((await post(own, '/api/v1/patrols', { unitId: outside.id })).statusCode).toBe(404);
    expect(await h.ctx.db.selectFrom('patrol').select('id').execute()).toHaveLength(before.length);
  });

  it('shows a patrol to its worker and the supervisors over it, to no other worker, township or county', async () => {
    const h = get();
    await setUp(h);
    const walker = await buildUser(h, { role: 'grid_worker', unit: GRID, displayName: '网格员小李' });
    const neighbour = await buildUser(h, { role: 'grid_worker', unit: GRID });
    const otherTownship = await buildUser(h, { role: 'dispatcher', unit: '370702002-centre' });
    const otherCounty = await buildUser(h, { role: 'dispatcher', unit: '370705-centre' });
    const patrol = (await post(walker, '/api/v1/patrols', {})).json() as Patrol;
    await post(walker, `/api/v1/patrols/${patrol.id}/visits`, VISIT);

    expect((await read(walker, patrol.id)).statusCode).toBe(200);
    const asTownship = await read(township, patrol.id);
    expect(asTownship.statusCode).toBe(200);
    expect((asTownship.json() as Patrol).abilities.work).toBe(false);
    expect((await read(leader, patrol.id)).statusCode).toBe(200);
    // Another worker of the same grid: not theirs, so it does not exist for them — nor can they work it.
    expect((await read(neighbour, patrol.id)).statusCode).toBe(404);
    expect((await post(neighbour, `/api/v1/patrols/${patrol.id}/finish`)).statusCode).toBe(404);
    expect((await post(neighbour, `/api/v1/patrols/${patrol.id}/track`, { points: [point(1)] })).statusCode).toBe(404);
    expect((await read(otherTownship, patrol.id)).statusCode).toBe(404);
    expect((await read(otherCounty, patrol.id)).statusCode).toBe(404);
    // A supervisor reads but does not patrol.
    expect((await post(township, `/api/v1/patrols/${patrol.id}/finish`)).statusCode).toBe(403);

    const list = async (who: { token: string }, query = '') =>
      (
        (await h.inject({ method: 'GET', url: `/api/v1/patrols${query}`, token: who.token })).json() as {
          items: Patrol[];
        }
      ).items.map((p) => p.id);
    expect(await list(walker)).toEqual([patrol.id]);
    expect(await list(neighbour)).not.toContain(patrol.id);
    expect(await list(township)).toContain(patrol.id);
    expect(await list(township, '?status=open')).toContain(patrol.id);
    expect(await list(township, '?mine=1')).toEqual([]);
    expect(await list(otherTownship)).not.toContain(patrol.id);
    expect(await list(otherCounty)).not.toContain(patrol.id);
    await post(walker, `/api/v1/patrols/${patrol.id}/finish`);
  });

  it('counts each worker’s distinct places visited in the month', async () => {
    const h = get();
    await setUp(h);
    const counter = await buildUser(h, { role: 'grid_worker', unit: GRID, displayName: '网格员覆盖' });
    for (const places of [
      ['幸福小区3号楼 201', '李记五金店'],
      ['幸福小区3号楼201', '幸福小区5号楼 102'],
    ]) {
      const p = (await post(counter, '/api/v1/patrols', {})).json() as Patrol;
      for (const place of places) {
        const res = await post(counter, `/api/v1/patrols/${p.id}/visits`, { ...VISIT, place });
        expect(res.statusCode, res.body).toBe(201);
      }
      await post(counter, `/api/v1/patrols/${p.id}/finish`);
    }
    const town = await h.unit('370702001');
    const res = await h.inject({
      method: 'GET',
      url: `/api/v1/patrols/coverage?withinUnitId=${town.id}&month=2026-11`,
      token: township.token,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as {
      month: string;
      items: { workerId: number; patrols: number; visits: number; places: number }[];
    };
    expect(body.month).toBe('2026-11');
    expect(body.items.find((i) => i.workerId === counter.id)).toMatchObject({ patrols: 2, visits: 4, places: 3 });
    const december = await h.inject({
      method: 'GET',
      url: `/api/v1/patrols/coverage?withinUnitId=${town.id}&month=2026-12`,
      token: township.token,
    });
    expect((december.json() as { items: unknown[] }).items).toEqual([]);
    expect((await h.inject({ method: 'GET', url: '/api/v1/patrols/coverage', token: counter.token })).statusCode).toBe(
      403,
    );
    const other = await h.unit('370702002');
    expect(
      (
        await h.inject({
          method: 'GET',
          url: `/api/v1/patrols/coverage?withinUnitId=${other.id}`,
          token: township.token,
        })
      ).statusCode,
    ).toBe(404);
  });
});
