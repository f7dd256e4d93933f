// Access-matrix rows: emergency mode (issue 18 §6, ADR 0029). Inside is an emergency over the matrix
// grid worker's grid (in every actor's area); outside one over 南关街道's first grid. Each row that
// changes it gets a fresh one, with one door-to-door item in its grid.
import type { Fixture, Row, Where } from './expectations.ts';
import { anywhere, inJurisdiction } from './expectations.ts';

const gridOf = (f: Fixture, where: Where) => (where === 'inside' ? f.insideGrid : f.outsideGrid);

/** An active emergency over the grid of `where` with one household item; its id and the item's. */
async function newEmergency(f: Fixture, where: Where): Promise<{ id: number; itemId: number }> {
  const grid = gridOf(f, where);
  const at = f.h.clock.now().toISOString();
  return f.h.ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('emergency')
      .values({
        unit_id: grid.id,
        unit_path: grid.path,
        kind: 'flood',
        level: 'III',
        drill: 1,
        instructions: '矩阵演练',
        status: 'active',
        item_count: 1,
        declared_by: f.actors.leader.id,
        declared_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const item = await trx
      .insertInto('emergency_item')
      .values({
        emergency_id: id,
        subject: 'household',
        label: '矩阵住户',
        grid_id: grid.id,
        grid_path: grid.path,
        township_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id, itemId: item.id };
  });
}

export const EMERGENCY_ROWS: Record<string, Row> = {
  'POST /api/v1/emergencies': {
    build: (f, where) => ({
      method: 'POST',
      url: '/api/v1/emergencies',
      payload: { unitId: gridOf(f, where).id, kind: 'fire', level: 'IV', drill: true, instructions: '矩阵演练' },
    }),
    access: inJurisdiction('emergency:declare', { ok: 201 }),
  },
  'GET /api/v1/emergencies': {
    build: () => ({ method: 'GET', url: '/api/v1/emergencies?active=1' }),
    access: anywhere('emergency:banner'),
  },
  'GET /api/v1/emergencies/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/emergencies/${(await newEmergency(f, where)).id}` }),
    access: inJurisdiction('emergency:read'),
  },
  'GET /api/v1/emergencies/:id/items': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/emergencies/${(await newEmergency(f, where)).id}/items`,
    }),
    access: inJurisdiction('emergency:read'),
  },
  'GET /api/v1/emergencies/:id/report': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/emergencies/${(await newEmergency(f, where)).id}/report`,
    }),
    access: inJurisdiction('emergency:read'),
  },
  'POST /api/v1/emergencies/:id/items/:itemId': {
    build: async (f, where) => {
      const e = await newEmergency(f, where);
      return {
        method: 'POST',
        url: `/api/v1/emergencies/${e.id}/items/${e.itemId}`,
        payload: { result: 'reached', note: '矩阵走访' },
      };
    },
    access: inJurisdiction('emergency:mark'),
  },
  'POST /api/v1/emergencies/:id/stand-down': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/emergencies/${(await newEmergency(f, where)).id}/stand-down`,
      payload: { summary: '矩阵解除' },
    }),
    access: inJurisdiction('emergency:declare'),
  },
};
