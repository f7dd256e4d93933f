// Access-matrix rows: 队伍建设 and 网格力量 (issue 18 §2, §10). Inside is the actors' grid in 城关街道;
// outside the first grid of 南关街道. A staff record of each side's grid (inside: the matrix's grid
// worker; outside: a grid worker of that grid), with one training, is written as the module stores it.
import { buildUser } from '../support/factories.ts';
import { inJurisdiction, anywhere, type Fixture, type Row, type Where } from './expectations.ts';
import { newCase } from './fixtures.ts';

const gridOf = (f: Fixture, where: Where) => (where === 'inside' ? f.insideGrid : f.outsideGrid);

const staffOnce = new WeakMap<Fixture, Promise<Record<Where, number>>>();

/** The staff record of each side's grid, made once per fixture. */
function staffOf(f: Fixture, where: Where): Promise<number> {
  let made = staffOnce.get(f);
  if (!made) {
    made = (async () => {
      const outsider = await buildUser(f.h, { role: 'grid_worker', unit: { id: f.outsideGrid.id }, signIn: false });
      const at = new Date().toISOString();
      const ids = {} as Record<Where, number>;
      for (const [side, userId] of [
        ['inside', f.actors.grid_worker.id],
        ['outside', outsider.id],
      ] as const) {
        const grid = gridOf(f, side);
        const { id } = await f.h.ctx.db
          .insertInto('staff_record')
          .values({
            user_id: userId,
            unit_id: grid.id,
            unit_path: grid.path,
            post: 'grid_worker_full',
            qualifications: null,
            duties: '入户走访',
            created_by: null,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await f.h.ctx.db
          .insertInto('staff_training')
          .values({
            staff_id: id,
            course: '矩阵培训',
            hours: 4,
            completed_on: '2020-01-01',
            certificate_no: 'M-1',
            expires_on: '2021-01-01',
            created_by: null,
            created_at: at,
          })
          .execute();
        ids[side] = id;
      }
      return ids;
    })();
    staffOnce.set(f, made);
  }
  return made.then((ids) => ids[where]);
}

export const WORKFORCE_ROWS: Record<string, Row> = {
  // The region roles over the area read the registry of a unit in it; another township's does not exist.
  'GET /api/v1/workforce/staff': {
    build: async (f, where) => {
      await staffOf(f, where);
      return { method: 'GET', url: `/api/v1/workforce/staff?unitId=${gridOf(f, where).id}` };
    },
    access: inJurisdiction('workforce:read'),
  },
  // Only an administrator adds a record, for an account that is a member of the grid.
  'POST /api/v1/workforce/staff': {
    build: async (f, where, role) => {
      const grid = gridOf(f, where);
      const user =
        role === 'admin'
          ? (await buildUser(f.h, { role: 'grid_worker', unit: { id: grid.id }, signIn: false })).id
          : f.actors.grid_worker.id;
      return {
        method: 'POST',
        url: '/api/v1/workforce/staff',
        payload: { userId: user, unitId: grid.id, post: 'grid_worker_part' },
      };
    },
    access: inJurisdiction('workforce:manage', { ok: 201 }),
  },
  'GET /api/v1/workforce/staff/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/workforce/staff/${await staffOf(f, where)}` }),
    access: inJurisdiction('workforce:read'),
  },
  'POST /api/v1/workforce/staff/:id/trainings': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/workforce/staff/${await staffOf(f, where)}/trainings`,
      payload: { course: '矩阵复训', hours: 2, completedOn: '2026-11-01' },
    }),
    access: inJurisdiction('workforce:manage', { ok: 201 }),
  },
  'POST /api/v1/workforce/staff/:id/evaluations': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/workforce/staff/${await staffOf(f, where)}/evaluations`,
      payload: { period: '2026', grade: 'competent' },
    }),
    access: inJurisdiction('workforce:manage', { ok: 201 }),
  },
  // A person's monthly figures: the cases they registered, in the reader's own case scope.
  'GET /api/v1/workforce/staff/:id/performance': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/workforce/staff/${await staffOf(f, where)}/performance?year=2026`,
    }),
    access: inJurisdiction('workforce:read'),
  },
  // The accounts of the administrator's own area: a list, scoped.
  'GET /api/v1/workforce/candidates': {
    build: () => ({ method: 'GET', url: '/api/v1/workforce/candidates' }),
    access: anywhere('workforce:manage'),
  },
  'GET /api/v1/workforce/certificates': {
    build: async (f, where) => {
      await staffOf(f, where);
      return { method: 'GET', url: `/api/v1/workforce/certificates?unitId=${gridOf(f, where).id}` };
    },
    access: inJurisdiction('workforce:read'),
  },
  'GET /api/v1/workforce/grids-without-worker': {
    build: (f, where) => ({
      method: 'GET',
      url: `/api/v1/workforce/grids-without-worker?unitId=${gridOf(f, where).id}`,
    }),
    access: inJurisdiction('workforce:read'),
  },
  // A grid's cadres are read by the region roles over it; an administrator attaches them.
  'GET /api/v1/grid-cadres': {
    build: (f, where) => ({ method: 'GET', url: `/api/v1/grid-cadres?gridId=${gridOf(f, where).id}` }),
    access: inJurisdiction('workforce:read'),
  },
  'POST /api/v1/grid-cadres': {
    build: (f, where) => ({
      method: 'POST',
      url: '/api/v1/grid-cadres',
      payload: { gridId: gridOf(f, where).id, name: '矩阵党员', role: 'party_member', phone: '13800000000' },
    }),
    access: inJurisdiction('workforce:manage', { ok: 201 }),
  },
  // A grid's page (ADR 0030): the roles who see its cadres (grid_cadre:read) in their area, the grid
  // worker in its own grid; another area's grid does not exist.
  'GET /api/v1/grids/:id/overview': {
    build: (f, where) => ({ method: 'GET', url: `/api/v1/grids/${gridOf(f, where).id}/overview` }),
    access: inJurisdiction('grid_cadre:read'),
  },
  // Calling the grid's cadres into a whistle: every reader of the case reaches it; only the
  // township's dispatcher over it (the matrix's dispatcher, at 城关街道's centre) may.
  'POST /api/v1/cases/:id/whistle-cadres': {
    build: async (f, where) => {
      const c = await newCase(f, where);
      const grid = gridOf(f, where);
      const at = new Date().toISOString();
      const urban = await f.h.unit('370702-dept-urban_management');
      await f.h.ctx.db
        .insertInto('case_assignment')
        .values({
          case_id: c.id,
          unit_id: urban.id,
          role: 'whistle',
          active: 1,
          deadline: at,
          reported_at: null,
          note: null,
          created_at: at,
        })
        .execute();
      const { id } = await f.h.ctx.db
        .insertInto('grid_cadre')
        .values({
          grid_id: grid.id,
          grid_path: grid.path,
          name: '矩阵联系干部',
          role: 'liaison_cadre',
          organisation: null,
          phone_enc: null,
          phone_hash: null,
          created_by: null,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { method: 'POST', url: `/api/v1/cases/${c.id}/whistle-cadres`, payload: { cadreIds: [id] } };
    },
    access: inJurisdiction('case:read', { may: (role) => role === 'dispatcher' }),
  },
};
