// GET /api/v1/base-map: the county outline and its grids for every signed-in user, residents
// included, and nothing but region units.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { buildUnit, buildUser } from '../../../test/support/factories.ts';
import { geometryRow, insertGeometriesInBatches } from './org.repository.ts';
import type { MultiPolygon } from './geo.ts';

interface BaseMapJson {
  type: string;
  county: { id: number; name: string; level: string };
  features: {
    type: string;
    properties: {
      kind: 'county' | 'grid';
      id: number;
      name: string;
      townshipId: number | null;
      townshipName: string | null;
      basic: boolean;
    };
    geometry: { type: string; coordinates: unknown };
  }[];
}

describeEachDialect('base map', (get) => {
  it('gives a resident the county outline and its grids with their township names', async () => {
    const resident = await buildUser(get(), { role: 'resident', unit: '370702001001' });
    const res = await get().inject({ method: 'GET', url: '/api/v1/base-map', token: resident.token });
    expect(res.statusCode).toBe(200);
    const map = res.json() as BaseMapJson;
    expect(map.type).toBe('FeatureCollection');
    expect(map.county.name).toBe('潍城区');
    const county = map.features.filter((f) => f.properties.kind === 'county');
    expect(county.map((f) => f.properties.name)).toEqual(['潍城区']);
    const grids = map.features.filter((f) => f.properties.kind === 'grid');
    expect(grids.length).toBeGreaterThan(50);
    const home = await get().unit('370702001001G01');
    const own = grids.find((g) => g.properties.id === home.id);
    expect(own?.properties.name).toBe(home.name);
    expect(own?.properties.townshipName).toBe('城关街道');
    expect(own?.properties.townshipId).toBe((await get().unit('370702001')).id);
    expect(new Set(grids.map((g) => g.properties.townshipName)).size).toBeGreaterThan(3);
    expect(grids.every((g) => g.geometry.type === 'MultiPolygon' && Array.isArray(g.geometry.coordinates))).toBe(true);
    expect(res.headers['cache-control']).toMatch(/private/);
  });

  it('holds region units only: a committee drawn with a boundary stays out', async () => {
    const grid = await get().unit('370702001001G01');
    const committee = await buildUnit(get(), { parent: '370702001001G01', type: 'committee', name: '测试调委会' });
    const shape = await get()
      .ctx.db.selectFrom('org_geometry')
      .select('geojson')
      .where('unit_id', '=', grid.id)
      .executeTakeFirstOrThrow();
    await insertGeometriesInBatches(get().ctx.db, [
      geometryRow(committee.id, true, JSON.parse(shape.geojson) as MultiPolygon),
    ]);
    const staff = await buildUser(get(), { role: 'dispatcher', unit: '370702001-centre' });
    const res = await get().inject({ method: 'GET', url: '/api/v1/base-map', token: staff.token });
    expect(res.statusCode).toBe(200);
    const map = res.json() as BaseMapJson;
    const ids = map.features.map((f) => f.properties.id);
    expect(ids).not.toContain(committee.id);
    expect(map.features.map((f) => f.properties.name)).not.toContain('测试调委会');
    const types = await get().ctx.db.selectFrom('org_unit').select(['type', 'level']).where('id', 'in', ids).execute();
    expect(types.length).toBe(ids.length);
    expect(types.every((u) => u.type === 'region')).toBe(true);
  });

  it('finds the county by a unit or a point, answers 304 to its ETag, and refuses anonymous callers', async () => {
    const resident = await buildUser(get(), { role: 'resident', unit: '370702001001' });
    const court = await get().unit('370702-court');
    const byUnit = await get().inject({
      method: 'GET',
      url: `/api/v1/base-map?unitId=${court.id}`,
      token: resident.token,
    });
    expect(byUnit.statusCode).toBe(200);
    expect((byUnit.json() as BaseMapJson).county.name).toBe('潍城区');
    const byPoint = await get().inject({
      method: 'GET',
      url: '/api/v1/base-map?lng=119.03&lat=36.70',
      token: resident.token,
    });
    expect((byPoint.json() as BaseMapJson).county.name).toBe('潍城区');
    const etag = byPoint.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await get().inject({
      method: 'GET',
      url: '/api/v1/base-map?lng=119.03&lat=36.70',
      token: resident.token,
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const outside = await get().inject({
      method: 'GET',
      url: '/api/v1/base-map?lng=120.38&lat=36.07',
      token: resident.token,
    });
    expect(outside.statusCode).toBe(404);
    const anonymous = await get().inject({ method: 'GET', url: '/api/v1/base-map' });
    expect(anonymous.statusCode).toBe(401);
  });
});
