// Administrators edit the tree (issue 18 §3), on both databases: boundaries refused with a clear
// Chinese reason (overlap naming the neighbour, leaving the area above, crossing itself) or
// stored; a split grid's old case still shows its grid by name while new cases go to the new
// grids; closing refused while units or cases are open; another county's admin finds nothing.
import polygonClipping from 'polygon-clipping';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { buildCase, buildUser } from '../../../test/support/factories.ts';
import type { MultiPolygon, Position } from './geo.ts';
import { triangulate } from '../../../common/polygon-checks.ts';

const GRID = '370702001001G01';
const GRID_NAME = '曹家巷网格';
const VILLAGE = '370702001001';
const TOWNSHIP = '370702001';

interface UnitJson {
  id: number;
  name: string;
  kind: string | null;
  level: string;
  parentId: number | null;
  path: string;
  closedAt: string | null;
}
interface ErrorJson {
  error: { code: string; message: string; details?: Record<string, { id: number; name: string }> };
}

/** A polygon scaled about its vertices' mean (shrunk below 1, grown above). */
function scaled(mp: MultiPolygon, factor: number, shift: Position = [0, 0]): MultiPolygon {
  const ring = mp[0]![0]!;
  const cx = ring.reduce((s, p) => s + p[0], 0) / ring.length;
  const cy = ring.reduce((s, p) => s + p[1], 0) / ring.length;
  return [[ring.map(([x, y]): Position => [cx + (x - cx) * factor + shift[0], cy + (y - cy) * factor + shift[1]])]];
}

/** A point surely inside: the centre of the polygon's first triangle. */
function inside(mp: MultiPolygon): Position {
  const [a, b, c] = triangulate(mp[0]![0]!)[0]!;
  return [(a[0] + b[0] + c[0]) / 3, (a[1] + b[1] + c[1]) / 3];
}

/** The two halves of a polygon either side of the vertical line through its box's middle. */
function halves(mp: MultiPolygon): [MultiPolygon, MultiPolygon] {
  const xs = mp[0]![0]!.map((p) => p[0]);
  const ys = mp[0]![0]!.map((p) => p[1]);
  const mid = (Math.min(...xs) + Math.max(...xs)) / 2;
  const box = (x0: number, x1: number): polygonClipping.Polygon => [
    [
      [x0, Math.min(...ys) - 1],
      [x1, Math.min(...ys) - 1],
      [x1, Math.max(...ys) + 1],
      [x0, Math.max(...ys) + 1],
      [x0, Math.min(...ys) - 1],
    ],
  ];
  const cut = (x0: number, x1: number) =>
    polygonClipping.intersection(mp as polygonClipping.MultiPolygon, box(x0, x1)) as unknown as MultiPolygon;
  return [cut(Math.min(...xs) - 1, mid), cut(mid, Math.max(...xs) + 1)];
}

const polygon = (mp: MultiPolygon) => ({ type: 'MultiPolygon', coordinates: mp });

describeEachDialect('admins edit the tree and draw grids', (get) => {
  const admin = () => buildUser(get(), { role: 'admin', unit: '370702-centre' });

  async function gridBoundary(token: string, id: number): Promise<MultiPolygon> {
    const res = await get().inject({ method: 'GET', url: `/api/v1/units/${id}/geometry`, token });
    expect(res.statusCode).toBe(200);
    return (res.json() as { coordinates: MultiPolygon }).coordinates;
  }

  async function createGrid(token: string, name: string, domain = 'basic', geometry?: MultiPolygon) {
    const village = await get().unit(VILLAGE);
    return get().inject({
      method: 'POST',
      url: '/api/v1/units',
      token,
      payload: {
        parentId: village.id,
        kind: 'grid',
        name,
        domain,
        ...(geometry ? { geometry: polygon(geometry) } : {}),
      },
    });
  }

  it('refuses a grid that overlaps its neighbour, leaves its area or crosses itself, each in Chinese; stores a valid one', async () => {
    const { token } = await admin();
    const grid = await get().unit(GRID);
    const village = await get().unit(VILLAGE);
    const gridShape = await gridBoundary(token, grid.id);

    const created = await createGrid(token, '曹家巷新网格');
    expect(created.statusCode).toBe(201);
    const fresh = created.json() as UnitJson;
    expect(fresh).toMatchObject({
      name: '曹家巷新网格',
      kind: 'basic',
      level: 'grid',
      parentId: village.id,
      closedAt: null,
    });

    // Over the neighbour (half of it): refused, naming it.
    const over = await get().inject({
      method: 'PUT',
      url: `/api/v1/units/${fresh.id}/geometry`,
      token,
      payload: polygon(scaled(gridShape, 0.7)),
    });
    expect(over.statusCode).toBe(422);
    const overlap = over.json() as ErrorJson;
    expect(overlap.error.code).toBe('GEOMETRY_OVERLAPS_SIBLING');
    expect(overlap.error.message).toContain(`与网格「${GRID_NAME}」重叠`);
    expect(overlap.error.details?.sibling).toEqual({ id: grid.id, name: GRID_NAME });

    // Far outside the county (the nearest unit above with a boundary): refused, naming it.
    const away = await get().inject({
      method: 'PUT',
      url: `/api/v1/units/${fresh.id}/geometry`,
      token,
      payload: polygon(scaled(gridShape, 1, [0.5, 0])),
    });
    expect(away.statusCode).toBe(422);
    expect((away.json() as ErrorJson).error).toMatchObject({ code: 'GEOMETRY_OUTSIDE_PARENT' });
    expect((away.json() as ErrorJson).error.message).toContain('边界超出「潍城区」的范围');

    // A bow-tie: refused as crossing itself.
    const [a, b, c, d] = gridShape[0]![0]!;
    const tie = await get().inject({
      method: 'PUT',
      url: `/api/v1/units/${fresh.id}/geometry`,
      token,
      payload: { type: 'Polygon', coordinates: [[a, c, b, d, a]] },
    });
    expect(tie.statusCode).toBe(422);
    expect((tie.json() as ErrorJson).error.code).toBe('GEOMETRY_SELF_INTERSECTS');
    expect((tie.json() as ErrorJson).error.message).toContain('边界自相交');
    expect(
      (await get().ctx.db.selectFrom('org_geometry').select('unit_id').where('unit_id', '=', fresh.id).execute())
        .length,
    ).toBe(0);

    // The village's own boundary drawn (its grid's outline); a grid leaving the village is refused.
    const villageShape = await get().inject({
      method: 'PUT',
      url: `/api/v1/units/${village.id}/geometry`,
      token,
      payload: polygon(gridShape),
    });
    expect(villageShape.statusCode, villageShape.body).toBe(200);
    const leaving = await get().inject({
      method: 'PUT',
      url: `/api/v1/units/${fresh.id}/geometry`,
      token,
      payload: polygon(scaled(gridShape, 0.3, [0.012, 0])),
    });
    expect(leaving.statusCode).toBe(422);
    expect((leaving.json() as ErrorJson).error.message).toContain(`边界超出「${village.name}」的范围`);

    // A dedicated school grid inside the basic grid: dedicated grids lie over basic ones.
    const school = (await createGrid(token, '曹家巷小学专属网格', 'education')).json() as UnitJson;
    const stored = await get().inject({
      method: 'PUT',
      url: `/api/v1/units/${school.id}/geometry`,
      token,
      payload: polygon(scaled(gridShape, 0.3)),
    });
    expect(stored.statusCode).toBe(200);
    const located = await get().inject({
      method: 'GET',
      url: `/api/v1/grids/locate?lng=${inside(scaled(gridShape, 0.3))[0]}&lat=${inside(scaled(gridShape, 0.3))[1]}`,
      token,
    });
    expect((located.json() as UnitJson).name).toBe('曹家巷小学专属网格');
    const history = await get().inject({ method: 'GET', url: `/api/v1/units/${school.id}/history`, token });
    expect((history.json() as { items: { change: string }[] }).items.map((i) => i.change)).toEqual([
      'geometry',
      'create',
    ]);
  });

  it('keeps an old case on its grid after a split, by name, while new cases go to the new grids', async () => {
    const { token } = await admin();
    const grid = await get().unit(GRID);
    const old = await buildCase(get(), { at: GRID });
    const [left, right] = halves(await gridBoundary(token, grid.id));

    const split = await get().inject({
      method: 'POST',
      url: `/api/v1/units/${grid.id}/split`,
      token,
      payload: {
        parts: [
          { name: '曹家巷西网格', geometry: polygon(left) },
          { name: '曹家巷东网格', geometry: polygon(right) },
        ],
      },
    });
    expect(split.statusCode).toBe(201);
    const { closed, created } = split.json() as { closed: UnitJson; created: UnitJson[] };
    expect(closed.closedAt).not.toBeNull();
    expect(created.map((u) => u.name)).toEqual(['曹家巷西网格', '曹家巷东网格']);

    const oldCase = await get().inject({ method: 'GET', url: `/api/v1/cases/${old.id}`, token });
    expect(oldCase.json()).toMatchObject({ gridId: grid.id, grid: { id: grid.id, name: GRID_NAME, closed: true } });

    // A new case at a point of the western half goes to the western grid.
    const [lng, lat] = inside(left);
    const fresh = await get().inject({
      method: 'POST',
      url: '/api/v1/cases',
      token,
      payload: {
        kind: 'complaint',
        categoryCode: 'CMP.NOISE',
        channel: 'window',
        description: '拆分后的新事件：夜间施工噪音',
        location: { lng, lat, crs: 'gcj02' },
      },
    });
    expect(fresh.statusCode).toBe(201);
    expect(fresh.json()).toMatchObject({ gridId: created[0]!.id, grid: { name: '曹家巷西网格', closed: false } });

    // The closed grid takes no new case.
    const onClosed = await get().inject({
      method: 'POST',
      url: '/api/v1/cases',
      token,
      payload: {
        kind: 'complaint',
        categoryCode: 'CMP.NOISE',
        channel: 'window',
        description: '报到已撤销的网格',
        unitId: grid.id,
      },
    });
    expect(onClosed.statusCode).toBe(422);
    expect((onClosed.json() as ErrorJson).error.code).toBe('UNIT_CLOSED');

    const history = await get().inject({ method: 'GET', url: `/api/v1/units/${grid.id}/history`, token });
    expect((history.json() as { items: { change: string; detail: unknown }[] }).items[0]).toMatchObject({
      change: 'split',
      detail: { into: created.map((u) => u.id) },
    });

    // Merged back into one: both halves closed, one grid with both boundaries.
    const merged = await get().inject({
      method: 'POST',
      url: '/api/v1/units/merge',
      token,
      payload: { unitIds: created.map((u) => u.id), name: '曹家巷合并网格' },
    });
    expect(merged.statusCode).toBe(201);
    const after = merged.json() as { closed: UnitJson[]; created: UnitJson };
    expect(after.closed.every((u) => u.closedAt !== null)).toBe(true);
    const again = await get().inject({ method: 'GET', url: `/api/v1/grids/locate?lng=${lng}&lat=${lat}`, token });
    expect((again.json() as UnitJson).id).toBe(after.created.id);
  });

  it('creates committees of every domain, renames, moves and closes — refusing to close what is still open', async () => {
    const { token } = await admin();
    const county = await get().unit('370702');
    const township = await get().unit(TOWNSHIP);
    const cmte = await get().inject({
      method: 'POST',
      url: '/api/v1/units',
      token,
      payload: { parentId: county.id, kind: 'committee', domain: 'court_invited', name: '潍城区特邀调解工作室' },
    });
    expect(cmte.statusCode).toBe(201);
    const unit = cmte.json() as UnitJson;
    expect(unit).toMatchObject({ kind: 'court_invited', level: 'county' });
    const tourism = await get().inject({
      method: 'POST',
      url: '/api/v1/units',
      token,
      payload: { parentId: county.id, kind: 'committee', domain: 'tourism', name: '潍城区旅游纠纷人民调解委员会' },
    });
    expect(tourism.statusCode).toBe(201);

    const badDomain = await get().inject({
      method: 'POST',
      url: '/api/v1/units',
      token,
      payload: { parentId: county.id, kind: 'committee', domain: 'astrology', name: '某委员会' },
    });
    expect(badDomain.statusCode).toBe(400);
    const gridUnderCounty = await get().inject({
      method: 'POST',
      url: '/api/v1/units',
      token,
      payload: { parentId: county.id, kind: 'grid', name: '县级网格' },
    });
    expect(gridUnderCounty.statusCode).toBe(422);
    expect((gridUnderCounty.json() as ErrorJson).error.code).toBe('UNIT_PARENT_INVALID');

    const renamed = await get().inject({
      method: 'PATCH',
      url: `/api/v1/units/${unit.id}`,
      token,
      payload: { name: '潍城区法院特邀调解室', parentId: township.id },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: '潍城区法院特邀调解室', parentId: township.id, level: 'county' });
    expect((renamed.json() as UnitJson).path.startsWith(township.path)).toBe(true);

    const closed = await get().inject({
      method: 'PATCH',
      url: `/api/v1/units/${unit.id}`,
      token,
      payload: { closed: true },
    });
    expect(closed.statusCode).toBe(200);
    expect((closed.json() as UnitJson).closedAt).not.toBeNull();

    // A village with open grids, a grid with an open case: refused with the reason.
    const village = await get().unit(VILLAGE);
    const withChildren = await get().inject({
      method: 'PATCH',
      url: `/api/v1/units/${village.id}`,
      token,
      payload: { closed: true },
    });
    expect(withChildren.statusCode).toBe(422);
    expect((withChildren.json() as ErrorJson).error.code).toBe('UNIT_HAS_OPEN_CHILDREN');
    await buildCase(get(), { at: '370702001002G01' });
    const busy = await get().unit('370702001002G01');
    const withCases = await get().inject({
      method: 'PATCH',
      url: `/api/v1/units/${busy.id}`,
      token,
      payload: { closed: true },
    });
    expect(withCases.statusCode).toBe(422);
    expect((withCases.json() as ErrorJson).error).toMatchObject({ code: 'UNIT_HAS_OPEN_CASES' });
    expect((withCases.json() as ErrorJson).error.message).toContain('未办结的事件');
    expect((await get().unit('370702001002G01')).id).toBe(busy.id);
    const still = await get()
      .ctx.db.selectFrom('org_unit')
      .select('closed_at')
      .where('id', '=', busy.id)
      .executeTakeFirstOrThrow();
    expect(still.closed_at).toBeNull();
  });

  it('lets no admin of another county create, edit or draw in this one (404), and writes nothing on refusal', async () => {
    const other = await buildUser(get(), { role: 'admin', unit: '370703-centre' });
    const village = await get().unit(VILLAGE);
    const grid = await get().unit(GRID);
    const count = async () =>
      Number(
        (
          await get()
            .ctx.db.selectFrom('org_unit')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const requests = [
      {
        method: 'POST' as const,
        url: '/api/v1/units',
        payload: { parentId: village.id, kind: 'grid', name: '越界网格' },
      },
      { method: 'PATCH' as const, url: `/api/v1/units/${grid.id}`, payload: { name: '越界改名' } },
      {
        method: 'PUT' as const,
        url: `/api/v1/units/${grid.id}/geometry`,
        payload: polygon(scaled(await gridBoundary((await admin()).token, grid.id), 0.5)),
      },
      { method: 'GET' as const, url: `/api/v1/units/${grid.id}/history` },
    ];
    for (const request of requests) {
      const res = await get().inject({ ...request, token: other.token });
      expect(res.statusCode, request.url).toBe(404);
    }
    expect(await count()).toBe(before);
    expect((await get().unit(GRID)).name).toBe(GRID_NAME);
  });
});
