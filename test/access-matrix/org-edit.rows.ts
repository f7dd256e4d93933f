// Access-matrix rows (issue 18 §3): administrators edit the tree of their own area — create,
// rename, move, close, draw, split and merge — and staff read a unit's history. Inside: the
// actors' 城关街道 (370702001); outside: 南关街道 (370702002), where every edit answers 404.
import { GRID, inJurisdiction, type Fixture, type Row, type Where } from './expectations.ts';

const TOWNSHIP: Record<Where, string> = { inside: '370702001', outside: '370702002' };
const VILLAGE: Record<Where, string> = { inside: '370702001001', outside: '370702002001' };

let serial = 0;

/** A new open grid (no boundary) under `where`'s village, of the kind given. */
async function freshGrid(f: Fixture, where: Where, kind = 'basic'): Promise<number> {
  const village = await f.h.unit(VILLAGE[where]);
  const parent = await f.h.ctx.db
    .selectFrom('org_unit')
    .selectAll()
    .where('id', '=', village.id)
    .executeTakeFirstOrThrow();
  const code = `${parent.code}M${String(++serial).padStart(4, '0')}`;
  const { id } = await f.h.ctx.db
    .insertInto('org_unit')
    .values({
      code,
      name: `矩阵网格${serial}`,
      type: 'region',
      kind,
      level: 'grid',
      parent_id: parent.id,
      path: `${parent.path}m${serial}/`,
      depth: parent.depth + 1,
      created_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await f.h.ctx.db
    .updateTable('org_unit')
    .set({ path: `${parent.path}${id}/` })
    .where('id', '=', id)
    .execute();
  return id;
}

type Shape = [number, number][][][];

async function gridShape(f: Fixture, where: Where): Promise<Shape> {
  const row = await f.h.ctx.db
    .selectFrom('org_geometry')
    .select('geojson')
    .where('unit_id', '=', where === 'inside' ? f.insideGrid.id : f.outsideGrid.id)
    .executeTakeFirstOrThrow();
  return JSON.parse(row.geojson) as Shape;
}

/** Two small squares side by side inside `where`'s grid (a dedicated grid's split parts). */
function twoParts(f: Fixture, where: Where): Shape[] {
  const [x, y] = where === 'inside' ? f.insidePoint : f.outsidePoint;
  const s = 0.0005;
  const square = (x0: number): Shape => [
    [
      [
        [x0, y],
        [x0 + s, y],
        [x0 + s, y + s],
        [x0, y + s],
        [x0, y],
      ],
    ],
  ];
  return [square(x - s), square(x)];
}

export const ORG_EDIT_ROWS: Record<string, Row> = {
  'POST /api/v1/units': {
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/units',
      payload: {
        parentId: (await f.h.unit(TOWNSHIP[where])).id,
        kind: 'committee',
        domain: 'tourism',
        name: `矩阵旅游纠纷调委会${++serial}`,
      },
    }),
    access: inJurisdiction('unit:manage', { ok: 201 }),
  },
  'PATCH /api/v1/units/:id': {
    build: async (f, where) => ({
      method: 'PATCH',
      url: `/api/v1/units/${await freshGrid(f, where)}`,
      payload: { name: `矩阵改名网格${++serial}` },
    }),
    access: inJurisdiction('unit:manage'),
  },
  'PUT /api/v1/units/:id/geometry': {
    build: async (f, where) => ({
      method: 'PUT',
      url: `/api/v1/units/${(await f.h.unit(GRID[where])).id}/geometry`,
      payload: { type: 'MultiPolygon', coordinates: await gridShape(f, where) },
    }),
    access: inJurisdiction('unit:manage'),
  },
  'POST /api/v1/units/:id/split': {
    build: async (f, where) => {
      const [a, b] = twoParts(f, where);
      return {
        method: 'POST',
        url: `/api/v1/units/${await freshGrid(f, where, 'work_safety')}/split`,
        payload: {
          parts: [
            { name: '矩阵拆分甲', geometry: { type: 'MultiPolygon', coordinates: a } },
            { name: '矩阵拆分乙', geometry: { type: 'MultiPolygon', coordinates: b } },
          ],
        },
      };
    },
    access: inJurisdiction('unit:manage', { ok: 201 }),
  },
  'POST /api/v1/units/merge': {
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/units/merge',
      payload: { unitIds: [await freshGrid(f, where), await freshGrid(f, where)], name: `矩阵合并网格${++serial}` },
    }),
    access: inJurisdiction('unit:manage', { ok: 201 }),
  },
  'GET /api/v1/units/:id/history': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/units/${(await f.h.unit(GRID[where])).id}/history` }),
    access: inJurisdiction('unit:read'),
  },
};
