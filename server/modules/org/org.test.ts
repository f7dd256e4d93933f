import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { readDemoGrids } from './reference-data.ts';
import { multiPolygonContains, type MultiPolygon } from './geo.ts';

interface UnitJson {
  id: number;
  code: string;
  name: string;
  type: string;
  level: string;
  kind: string | null;
  parentId: number | null;
  ancestors: UnitJson[];
  childCount?: number;
}

describeEachDialect('org tree from real data', (get) => {
  async function listAll(token: string, query: string): Promise<UnitJson[]> {
    const items: UnitJson[] = [];
    let cursor: string | null = null;
    do {
      const res = await get().inject({
        method: 'GET',
        url: `/api/v1/units?${query}&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
        token,
      });
      expect(res.statusCode).toBe(200);
      const page = res.json() as { items: UnitJson[]; nextCursor: string | null };
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  it('shows the admin 山东省 with its 16 cities, 151 counties and 1,853 townships', async () => {
    const token = await get().login('admin');
    const [province] = await listAll(token, 'level=province');
    expect(province?.name).toBe('山东省');
    const cities = await listAll(token, `parentId=${province!.id}&type=region`);
    expect(cities).toHaveLength(16);
    expect(cities.map((c) => c.name)).toContain('青岛市');
    expect(cities[0]!.name).toBe('济南市');
    expect(await listAll(token, 'level=county&type=region')).toHaveLength(151);
    expect(await listAll(token, 'level=township&type=region')).toHaveLength(1853);
  });

  it('gives 潍城区 a centre, departments, a court, committees, and a grid for every village', async () => {
    const token = await get().login('admin');
    const county = (await get().unit('370702')).id;
    const children = await listAll(token, `parentId=${county}`);
    const byType = (type: string) => children.filter((c) => c.type === type);
    expect(byType('centre').map((c) => c.name)).toEqual(['潍城区综治中心']);
    expect(byType('department').length).toBeGreaterThanOrEqual(10);
    expect(byType('court').map((c) => c.name)).toEqual(['潍城区人民法院']);
    expect(
      byType('committee')
        .map((c) => c.kind)
        .sort(),
    ).toEqual(
      [
        'consumer',
        'environment',
        'finance',
        'insurance',
        'ip',
        'labour',
        'medical',
        'property',
        'territorial',
        'traffic',
      ].sort(),
    );
    const villages = await listAll(token, `within=${county}&level=village`);
    const grids = await listAll(token, `within=${county}&level=grid`);
    expect(villages.length).toBe(255);
    const villagesWithBasicGrid = new Set(grids.filter((g) => g.kind === 'basic').map((g) => g.parentId));
    expect(villages.every((v) => villagesWithBasicGrid.has(v.id))).toBe(true);
    expect(new Set(grids.filter((g) => g.kind !== 'basic').map((g) => g.kind))).toEqual(
      new Set(['education', 'medical', 'commerce', 'elderly_care', 'work_safety']),
    );
  });

  it('locates a point in 潍城区 to a grid of a real village, township and county', async () => {
    const token = await get().login('gridworker');
    const res = await get().inject({ method: 'GET', url: '/api/v1/grids/locate?lng=119.03&lat=36.70', token });
    expect(res.statusCode).toBe(200);
    const grid = res.json() as UnitJson;
    expect(grid.level).toBe('grid');
    const levels = grid.ancestors.map((a) => a.level);
    expect(levels).toEqual(['province', 'city', 'county', 'township', 'village']);
    expect(grid.ancestors[2]!.name).toBe('潍城区');
    expect(grid.ancestors[4]!.code).toMatch(/^370702\d{6}$/);
  });

  it('converts WGS84 input before locating', async () => {
    const token = await get().login('operator');
    // The same place as GCJ-02 (119.03, 36.70) expressed in WGS84 (about 600 m apart).
    const gcj = await get().inject({
      method: 'GET',
      url: '/api/v1/grids/locate?lng=119.03&lat=36.70&crs=gcj02',
      token,
    });
    const wgs = await get().inject({
      method: 'GET',
      url: '/api/v1/grids/locate?lng=119.024&lat=36.7001&crs=wgs84',
      token,
    });
    expect(wgs.statusCode).toBe(200);
    expect((wgs.json() as UnitJson).id).toBe((gcj.json() as UnitJson).id);
  });

  it('finds the dedicated grid before the basic grid around it', async () => {
    const token = await get().login('operator');
    const hospital = readDemoGrids().grids.find((g) => g.kind === 'medical')!;
    const ring = hospital.coordinates[0]![0]!;
    const lng = ring.reduce((s, p) => s + p[0], 0) / ring.length;
    const lat = ring.reduce((s, p) => s + p[1], 0) / ring.length;
    expect(multiPolygonContains(hospital.coordinates as MultiPolygon, [lng, lat])).toBe(true);
    const res = await get().inject({ method: 'GET', url: `/api/v1/grids/locate?lng=${lng}&lat=${lat}`, token });
    expect((res.json() as UnitJson).name).toBe(hospital.name);
  });

  it('answers 404 NOT_IN_ANY_GRID for a point in 青岛, which has no grids', async () => {
    const token = await get().login('admin');
    const res = await get().inject({ method: 'GET', url: '/api/v1/grids/locate?lng=120.38&lat=36.07', token });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'NOT_IN_ANY_GRID' } });
  });

  it('searches units by Chinese name and returns a unit with its ancestors', async () => {
    const token = await get().login('admin');
    const found = await listAll(token, `q=${encodeURIComponent('望留')}&level=township&type=region`);
    expect(found.map((u) => u.name)).toEqual(['望留街道']);
    const res = await get().inject({ method: 'GET', url: `/api/v1/units/${found[0]!.id}`, token });
    expect((res.json() as UnitJson).ancestors.map((a) => a.name)).toEqual(['山东省', '潍坊市', '潍城区']);
    // LIKE wildcards in the query are literal characters, not patterns.
    expect(await listAll(token, `q=${encodeURIComponent('%')}`)).toEqual([]);
  });

  it('keeps every basic grid inside the real county boundary', async () => {
    const token = await get().login('admin');
    const county = await get().unit('370702');
    const boundary = await get().inject({ method: 'GET', url: `/api/v1/units/${county.id}/geometry`, token });
    expect(boundary.statusCode).toBe(200);
    const countyShape = (boundary.json() as { coordinates: MultiPolygon }).coordinates;
    for (const grid of readDemoGrids().grids.filter((g) => g.kind === 'basic')) {
      const ring = grid.coordinates[0]![0]!;
      const inner = ring.slice(0, -1);
      const cx = inner.reduce((s, p) => s + p[0], 0) / inner.length;
      const cy = inner.reduce((s, p) => s + p[1], 0) / inner.length;
      // The vertex average of a compact cell lies inside it, and so inside the county.
      if (multiPolygonContains(grid.coordinates as MultiPolygon, [cx, cy])) {
        expect(multiPolygonContains(countyShape, [cx, cy]), grid.name).toBe(true);
      }
    }
  });

  it('sends a county’s grid boundaries in pages, only those in the caller’s area', async () => {
    const county = await get().unit('370702');
    const admin = await get().login('admin');
    const codes: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get().inject({
        method: 'GET',
        url: `/api/v1/units/${county.id}/grid-geometries?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        token: admin,
      });
      expect(res.statusCode).toBe(200);
      const page = res.json() as { items: { code: string; coordinates: MultiPolygon }[]; nextCursor: string | null };
      for (const item of page.items) {
        expect(item.coordinates[0]![0]!.length).toBeGreaterThan(3);
        codes.push(item.code);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(codes).toEqual(
      readDemoGrids()
        .grids.map((g) => g.code)
        .sort(),
    );
    // The grid worker of one grid asks for the county and gets that grid alone.
    const gridWorker = await get().login('gridworker');
    const own = await get().inject({
      method: 'GET',
      url: `/api/v1/units/${county.id}/grid-geometries`,
      token: gridWorker,
    });
    expect((own.json() as { items: { code: string }[] }).items.map((i) => i.code)).toEqual(['370702001001G01']);
    const missing = await get().inject({ method: 'GET', url: '/api/v1/units/999999999/grid-geometries', token: admin });
    expect(missing.statusCode).toBe(404);
  });
});
