// Issue 14: the search box finds what people type (a case number, its last digits, a caller's
// mobile number, words), the map answers GeoJSON of the cases the caller may see (clustered when
// dense), and the dispatch dialog reads each unit's current load.
import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase, buildUser } from '../../../test/support/factories.ts';
import { seedDemoCases } from '../../demo/demo-cases.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import type { Role } from '../../../common/roles.ts';

const PHONE = '13955550123';
const OTHER_PHONE = '13600007777';
const PURPOSE = '来电人询问办理进度';

interface Listed {
  id: number;
  number: string;
  title: string;
  status: string;
  leadUnitId: number | null;
  overdue: boolean;
}
interface Page {
  items: Listed[];
  nextCursor: string | null;
}
interface CaseFeature {
  type: 'Feature';
  geometry: { type: string; coordinates: [number, number] };
  properties:
    | { kind: 'case'; id: number; number: string; title: string; status: string; overdue: boolean }
    | { kind: 'cluster'; count: number; statuses: Record<string, number> };
}
interface CaseMap {
  type: string;
  features: CaseFeature[];
  total: number;
  clustered: boolean;
}

describeEachDialect('searching cases by number, phone and words; the case map; units’ load', (get) => {
  const tokens = new Map<string, string>();
  const demoToken = async (username: string) => {
    let token = tokens.get(username);
    if (!token) tokens.set(username, (token = await get().login(username)));
    return token;
  };
  const call = async (token: string, url: string) => get().inject({ method: 'GET', url, token });
  const ok = async <T>(token: string, url: string): Promise<T> => {
    const res = await call(token, url);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json() as T;
  };
  const list = (token: string, query: string) => ok<Page>(token, `/api/v1/cases?${query}`);

  let demoSeeded = false;
  /** The generated demo county's 3,000 cases (with points, reporters and lead units), once per database. */
  async function demo(): Promise<void> {
    if (demoSeeded) return;
    expect(await seedDemoCases(get().ctx, 3000)).toBe(3000);
    demoSeeded = true;
  }

  async function auditOf(h: Harness, userId: number) {
    return h.ctx.db.selectFrom('audit_log').selectAll().where('actor_user_id', '=', userId).orderBy('seq').execute();
  }

  it('puts the case with a whole number first, then the cases whose number ends with the digits typed', async () => {
    const h = get();
    const token = await demoToken('dispatcher');
    const older = await buildCase(h, { title: '编号搜索：较早的事件' });
    const suffix = older.number.slice(-6);
    // Newer cases that the text search finds for the same digits.
    const mention = await buildCase(h, { description: `与 ${suffix} 号事件反映的是同一处噪音` });
    const mentionWhole = await buildCase(h, { description: `参见 ${older.number} 的处理意见，噪音依旧` });

    const byNumber = await list(token, `q=${older.number}`);
    expect(byNumber.items[0]!.id).toBe(older.id);
    expect(byNumber.items.filter((c) => c.id === older.id)).toHaveLength(1);

    const bySuffix = await list(token, `q=${suffix}`);
    expect(bySuffix.items[0]!.id).toBe(older.id);
    expect(bySuffix.items.map((c) => c.id)).toContain(mention.id);
    expect(bySuffix.items.filter((c) => c.id === older.id)).toHaveLength(1);

    // Lower-case letters and surrounding blanks are forgiven; the mention is still found as words.
    const lower = await list(token, `q=${encodeURIComponent(`  ${older.number.toLowerCase()} `)}`);
    expect(lower.items[0]!.id).toBe(older.id);
    expect(lower.items.map((c) => c.id)).toContain(mentionWhole.id);

    // A number outside the caller's area is not found (the case does not exist for it).
    const elsewhere = await buildUser(h, { role: 'dispatcher', unit: '370702002-centre' });
    expect((await list(elsewhere.token, `q=${older.number}`)).items).toEqual([]);
  });

  it('finds the demo cases whose number ends with three digits, newest first, ahead of everything else', async () => {
    await demo();
    const h = get();
    const token = await demoToken('dispatcher');
    const { rows } = await sql<{
      id: number;
    }>`select id from case_record where number like ${'%123'} order by id desc`.execute(h.ctx.db);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const found = await list(token, 'q=123&limit=5');
    expect(found.items.slice(0, rows.length).map((c) => c.id)).toEqual(rows.map((r) => Number(r.id)));
    expect(found.items.slice(0, rows.length).every((c) => c.number.endsWith('123'))).toBe(true);
    // With a filter, only the matching ones, number matches still first.
    const { rows: inProgress } = await sql<{ id: number }>`select id from case_record
      where number like ${'%123'} and status = 'in_progress' order by id desc`.execute(h.ctx.db);
    const open = await list(token, 'q=123&status=in_progress');
    expect(open.items.every((c) => c.status === 'in_progress')).toBe(true);
    expect(open.items.slice(0, inProgress.length).map((c) => c.id)).toEqual(inProgress.map((r) => Number(r.id)));
  });

  it('still searches Chinese words in the title, description and address', async () => {
    const h = get();
    const token = await demoToken('dispatcher');
    const lamp = await buildCase(h, { description: '小区门口的路灯坏了好几天，晚上出行很不方便' });
    const noise = await buildCase(h, { description: '楼下烧烤店油烟太大' });
    const found = await list(token, `q=${encodeURIComponent('路灯')}`);
    expect(found.items.map((c) => c.id)).toContain(lamp.id);
    expect(found.items.map((c) => c.id)).not.toContain(noise.id);
    expect((await list(token, `q=${encodeURIComponent('路灯 油烟')}`)).items).toEqual([]);
  });

  it('lists a caller’s cases by mobile number only for operators, dispatchers and mediators, with a purpose, audited without the number', async () => {
    const h = get();
    const first = await buildCase(h, { reporter: { name: '孙八', phone: PHONE } });
    const second = await buildCase(h, { reporter: { name: '孙八', phone: PHONE } });
    const other = await buildCase(h, { reporter: { name: '周九', phone: OTHER_PHONE } });

    const refused: [Role, string][] = [
      ['department', '370702001-dept-justice'],
      ['grid_worker', '370702001001G01'],
      ['leader', '370702001'],
    ];
    for (const [role, unit] of refused) {
      const user = await buildUser(h, { role, unit });
      const res = await call(user.token, `/api/v1/cases?q=${PHONE}&purpose=${encodeURIComponent(PURPOSE)}`);
      expect(res.statusCode, `${role}: ${res.body}`).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
      expect((await auditOf(h, user.id)).at(-1)).toMatchObject({ outcome: 'denied', action: 'person:lookup_exact' });
      // Words and numbers are still theirs to search.
      expect((await call(user.token, `/api/v1/cases?q=${encodeURIComponent('噪音')}`)).statusCode).toBe(200);
    }

    const operator = await buildUser(h, { role: 'operator', unit: '370702001-centre' });
    for (const query of [`q=${PHONE}`, `q=${PHONE}&purpose=`, `q=${PHONE}&purpose=%20x%20`]) {
      const res = await call(operator.token, `/api/v1/cases?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ field: 'purpose' }] } });
    }
    const res = await call(operator.token, `/api/v1/cases?q=${PHONE}&purpose=${encodeURIComponent(PURPOSE)}`);
    expect(res.statusCode, res.body).toBe(200);
    const found = res.json() as Page;
    expect(found.items.map((c) => c.id)).toEqual([second.id, first.id]);
    expect(res.body).not.toContain(PHONE);
    // Read out in groups, the same number.
    const grouped = await list(
      operator.token,
      `q=${encodeURIComponent('139 5555 0123')}&purpose=${encodeURIComponent(PURPOSE)}`,
    );
    expect(grouped.items.map((c) => c.id)).toEqual([second.id, first.id]);
    expect((await list(operator.token, `q=${OTHER_PHONE}&purpose=x1`)).items.map((c) => c.id)).toEqual([other.id]);

    const lookups = (await auditOf(h, operator.id)).filter((r) => r.action === 'case.lookup_phone');
    expect(lookups).toHaveLength(3);
    expect(lookups[0]).toMatchObject({ outcome: 'success', actor_username: operator.username, subject_type: 'case' });
    expect(JSON.parse(lookups[0]!.details!)).toEqual({
      fields: ['phone'],
      purpose: PURPOSE,
      found: 2,
      caseIds: [second.id, first.id],
    });
    expect(lookups[2]).toMatchObject({ subject_id: String(other.id) });
    const all = JSON.stringify(await h.ctx.db.selectFrom('audit_log').selectAll().execute());
    expect(all).not.toContain(PHONE);
    expect(all).not.toContain('5555 0123');

    // A mediator sees only the cases assigned to the committee: this caller's are not.
    const mediator = await buildUser(h, { role: 'mediator', unit: '370702001-cmte-territorial' });
    expect((await list(mediator.token, `q=${PHONE}&purpose=${encodeURIComponent(PURPOSE)}`)).items).toEqual([]);
  });

  it('spends the same look-up budget as the people registry, then answers 429 with Retry-After', async () => {
    const h = get();
    h.clock.set(new Date(Math.ceil(h.clock.now().getTime() / 600_000) * 600_000 + 60_000));
    const dispatcher = await buildUser(h, { role: 'dispatcher', unit: '370702001-centre' });
    for (let i = 0; i < 15; i++) {
      const res = await call(dispatcher.token, `/api/v1/people?phone=1390000${String(1000 + i)}&purpose=try${i}`);
      expect(res.statusCode, res.body).toBe(200);
    }
    for (let i = 0; i < 15; i++) {
      const res = await call(dispatcher.token, `/api/v1/cases?q=1380000${String(1000 + i)}&purpose=try${i}`);
      expect(res.statusCode, res.body).toBe(200);
    }
    const over = await call(dispatcher.token, `/api/v1/cases?q=${PHONE}&purpose=${encodeURIComponent(PURPOSE)}`);
    expect(over.statusCode, over.body).toBe(429);
    expect(over.json()).toMatchObject({ error: { code: 'LOOKUP_BUDGET_EXCEEDED' } });
    expect(Number(over.headers['retry-after'])).toBe(540);
    expect((await call(dispatcher.token, `/api/v1/people?phone=${PHONE}&purpose=x1`)).statusCode).toBe(429);
    // Searching words or numbers is not a look-up.
    expect((await call(dispatcher.token, `/api/v1/cases?q=${encodeURIComponent('噪音')}`)).statusCode).toBe(200);
    expect((await call(dispatcher.token, '/api/v1/cases?q=000123')).statusCode).toBe(200);
    h.clock.advance(540_000);
    expect((await call(dispatcher.token, `/api/v1/cases?q=${PHONE}&purpose=x1`)).statusCode).toBe(200);
  });

  it('draws the demo county as clustered GeoJSON at a low zoom, every case counted once', async () => {
    await demo();
    const h = get();
    const token = await demoToken('dispatcher');
    const county = await h.unit('370702');
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from case_record
      where lng is not null and region_path >= ${county.path} and region_path < ${subtreeUpperBound(county.path)}`.execute(
      h.ctx.db,
    );
    const located = Number(rows[0]!.n);
    expect(located).toBeGreaterThanOrEqual(3000);

    const map = await ok<CaseMap>(token, `/api/v1/map/cases?unitId=${county.id}&zoom=10`);
    expect(map.type).toBe('FeatureCollection');
    expect(map.clustered).toBe(true);
    expect(map.total).toBe(located);
    expect(map.features.length).toBeGreaterThan(1);
    expect(map.features.length).toBeLessThan(200);
    let counted = 0;
    for (const f of map.features) {
      expect(f.type).toBe('Feature');
      expect(f.geometry.type).toBe('Point');
      const [lng, lat] = f.geometry.coordinates;
      // 潍城区, GCJ-02.
      expect(lng).toBeGreaterThan(118.9);
      expect(lng).toBeLessThan(119.3);
      expect(lat).toBeGreaterThan(36.5);
      expect(lat).toBeLessThan(36.9);
      if (f.properties.kind !== 'cluster') throw new Error('a single point in a clustered answer');
      expect(Object.values(f.properties.statuses).reduce((a, b) => a + b, 0)).toBe(f.properties.count);
      counted += f.properties.count;
    }
    expect(counted).toBe(located);

    // Zoomed further in, the cells are smaller: more of them.
    const closer = await ok<CaseMap>(token, `/api/v1/map/cases?unitId=${county.id}&zoom=13`);
    expect(closer.clustered).toBe(true);
    expect(closer.features.length).toBeGreaterThan(map.features.length);

    // A status filter counts only those cases.
    const open = await ok<CaseMap>(token, `/api/v1/map/cases?unitId=${county.id}&zoom=10&status=in_progress`);
    const { rows: inProgress } = await sql<{ n: number | string }>`select count(*) as n from case_record
      where lng is not null and status = 'in_progress'`.execute(h.ctx.db);
    expect(open.total).toBe(Number(inProgress[0]!.n));
    for (const f of open.features) {
      if (f.properties.kind === 'cluster') expect(Object.keys(f.properties.statuses)).toEqual(['in_progress']);
    }
  });

  it('answers single points inside the box when few enough, with the overdue flag of the case list', async () => {
    await demo();
    const h = get();
    const token = await demoToken('dispatcher');
    const sample = await h.ctx.db
      .selectFrom('case_record')
      .select(['lng', 'lat'])
      .where('lng', 'is not', null)
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const [lng, lat] = [Number(sample.lng), Number(sample.lat)];
    const box = [lng - 0.004, lat - 0.003, lng + 0.004, lat + 0.003];
    const inBox = await h.ctx.db
      .selectFrom('case_record')
      .select('id')
      .where('lng', '>=', box[0]!)
      .where('lng', '<=', box[2]!)
      .where('lat', '>=', box[1]!)
      .where('lat', '<=', box[3]!)
      .execute();
    expect(inBox.length).toBeGreaterThan(0);
    expect(inBox.length).toBeLessThan(1600);

    const map = await ok<CaseMap>(token, `/api/v1/map/cases?bbox=${box.join(',')}&zoom=17`);
    expect(map.clustered).toBe(false);
    expect(map.total).toBe(inBox.length);
    expect(map.features.map((f) => (f.properties.kind === 'case' ? f.properties.id : 0)).sort((a, b) => a - b)).toEqual(
      inBox.map((r) => r.id).sort((a, b) => a - b),
    );
    for (const f of map.features) {
      const [x, y] = f.geometry.coordinates;
      expect(x >= box[0]! && x <= box[2]! && y >= box[1]! && y <= box[3]!).toBe(true);
    }
    // The same case, the same overdue flag as in its list row.
    const first = map.features[0]!.properties;
    if (first.kind !== 'case') throw new Error('expected a case');
    const listed = await list(token, `q=${first.number}`);
    expect(listed.items[0]).toMatchObject({ id: first.id, overdue: first.overdue, status: first.status });

    // The same box at a low zoom is clustered once it holds more than the zoom's threshold.
    const wide = await ok<CaseMap>(token, `/api/v1/map/cases?bbox=118.9,36.5,119.3,36.9&zoom=8`);
    expect(wide.clustered).toBe(true);
    // A box with nothing in it.
    expect(await ok<CaseMap>(token, '/api/v1/map/cases?bbox=100,20,100.1,20.1&zoom=15')).toEqual({
      type: 'FeatureCollection',
      features: [],
      total: 0,
      clustered: false,
    });
    for (const bad of ['119.3,36.5,118.9,36.9', '200,36,201,37', '119,36', '119,36,a,37']) {
      const res = await call(token, `/api/v1/map/cases?bbox=${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
  });

  it('shows a township only its own cases, and a unit outside its area does not exist (404)', async () => {
    await demo();
    const h = get();
    const township = await h.unit('370702001');
    const operator = await buildUser(h, { role: 'operator', unit: '370702001-centre' });
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from case_record
      where lng is not null and region_path >= ${township.path} and region_path < ${subtreeUpperBound(township.path)}`.execute(
      h.ctx.db,
    );
    const mine = await ok<CaseMap>(operator.token, '/api/v1/map/cases?zoom=8');
    expect(mine.total).toBe(Number(rows[0]!.n));
    const inside = await ok<CaseMap>(operator.token, `/api/v1/map/cases?unitId=${township.id}&zoom=8`);
    expect(inside.total).toBe(mine.total);

    const outside = await h.unit('370702002');
    for (const unitId of [outside.id, (await h.unit('370702')).id, 999_999_999]) {
      const res = await call(operator.token, `/api/v1/map/cases?unitId=${unitId}`);
      expect(res.statusCode, `${unitId}: ${res.body}`).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });

  it('counts the open and overdue cases each unit leads as the case list does', async () => {
    await demo();
    const h = get();
    const token = await demoToken('dispatcher');
    const byUnit = new Map<number, { open: number; overdue: number }>();
    let cursor: string | null = null;
    const seen: number[] = [];
    do {
      const page: Page = await list(
        token,
        `status=registered,dispatched,in_progress&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...page.items.map((c) => c.id));
      for (const c of page.items) {
        if (c.leadUnitId === null) continue;
        const load = byUnit.get(c.leadUnitId) ?? { open: 0, overdue: 0 };
        load.open += 1;
        if (c.overdue) load.overdue += 1;
        byUnit.set(c.leadUnitId, load);
      }
      cursor = page.nextCursor;
    } while (cursor);
    // The three statuses merged newest first, page after page: each open case once.
    expect(seen.length).toBeGreaterThan(200);
    expect(seen).toEqual([...new Set(seen)].sort((a, b) => b - a));
    expect(byUnit.size).toBeGreaterThan(1);
    const busiest = [...byUnit].sort((a, b) => b[1].open - a[1].open).slice(0, 10);
    expect(busiest.some(([, load]) => load.overdue > 0)).toBe(true);
    // A centre triages; it leads nothing.
    const idle = await h.unit('370702001-centre');
    const ids = [...busiest.map(([id]) => id), idle.id];

    const loads = await ok<{ items: { unitId: number; name: string; open: number; overdue: number }[] }>(
      token,
      `/api/v1/units/load?ids=${ids.join(',')},${ids[0]}`,
    );
    expect(loads.items.map((i) => i.unitId)).toEqual(ids);
    for (const item of loads.items) {
      expect(item.name.length).toBeGreaterThan(0);
      expect({ open: item.open, overdue: item.overdue }).toEqual(byUnit.get(item.unitId) ?? { open: 0, overdue: 0 });
    }

    // Units are seen as in the unit list: outside the caller's area they do not exist; residents may not ask.
    const township = await buildUser(h, { role: 'dispatcher', unit: '370702001-centre' });
    const outside = await h.unit('370702002-centre');
    const inside = await h.unit('370702001-centre');
    expect((await call(township.token, `/api/v1/units/load?ids=${inside.id}`)).statusCode).toBe(200);
    for (const query of [`${inside.id},${outside.id}`, '999999999']) {
      const res = await call(township.token, `/api/v1/units/load?ids=${query}`);
      expect(res.statusCode, query).toBe(404);
    }
    const resident = await buildUser(h, { role: 'resident', unit: '370702001001' });
    expect((await call(resident.token, `/api/v1/units/load?ids=${inside.id}`)).statusCode).toBe(403);
    for (const bad of ['', '1,,2', 'a', '0', '1;2']) {
      expect((await call(token, `/api/v1/units/load?ids=${bad}`)).statusCode, bad).toBe(400);
    }
  });

  it('answers the mediation file of a case without one as null, and of a case out of sight as 404', async () => {
    const h = get();
    const c = await buildCase(h, { kind: 'dispute' });
    const res = await call(await demoToken('dispatcher'), `/api/v1/cases/${c.id}/mediation`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toBeNull();
    const elsewhere = await buildUser(h, { role: 'dispatcher', unit: '370702002-centre' });
    expect((await call(elsewhere.token, `/api/v1/cases/${c.id}/mediation`)).statusCode).toBe(404);
    expect((await call(elsewhere.token, '/api/v1/cases/999999/mediation')).statusCode).toBe(404);
  });
});
