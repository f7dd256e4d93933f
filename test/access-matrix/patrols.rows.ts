// Access-matrix rows: patrols and grid tasks (issue 18 §1). Inside is the matrix grid worker's grid
// (its patrols are that worker's own); outside is 南关街道's first grid, patrolled by a worker of it.
import { buildUser } from '../support/factories.ts';
import { multipartFile, TINY_PNG, writeStoredFile } from '../support/uploads.ts';
import { inJurisdiction, OUTSIDE_GRID, type Fixture, type Row, type Where } from './expectations.ts';

const gridOf = (f: Fixture, where: Where) => (where === 'inside' ? f.insideGrid : f.outsideGrid);

/** The worker of `where`: the matrix's own inside, a fresh one of the outside grid. */
async function workerOf(f: Fixture, where: Where): Promise<{ id: number; name: string }> {
  if (where === 'inside') return { id: f.actors.grid_worker.id, name: '矩阵网格员' };
  const user = await buildUser(f.h, { role: 'grid_worker', unit: OUTSIDE_GRID, signIn: false });
  return { id: user.id, name: '矩阵外网格员' };
}

/** Finishes any open patrol of the worker, as the one-open-patrol rule wants before another starts. */
async function closeOpenPatrols(f: Fixture, workerId: number): Promise<void> {
  await f.h.ctx.db
    .updateTable('patrol')
    .set({ status: 'finished', open_worker_id: null, finished_at: f.h.clock.now().toISOString() })
    .where('open_worker_id', '=', workerId)
    .execute();
}

/** An open patrol of the grid of `where`, with one visit that found a problem. */
async function newPatrol(f: Fixture, where: Where): Promise<{ id: number; visitId: number }> {
  const grid = gridOf(f, where);
  const worker = await workerOf(f, where);
  await closeOpenPatrols(f, worker.id);
  const at = f.h.clock.now().toISOString();
  return f.h.ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('patrol')
      .values({
        worker_id: worker.id,
        worker_name: worker.name,
        unit_id: grid.id,
        unit_path: grid.path,
        status: 'open',
        open_worker_id: worker.id,
        started_at: at,
        finished_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const visit = await trx
      .insertInto('patrol_visit')
      .values({
        patrol_id: id,
        place_kind: 'household',
        place: '矩阵住户',
        place_key: '矩阵住户',
        address: null,
        met: '矩阵户主',
        situation: '矩阵走访',
        finding: '矩阵发现',
        lng: null,
        lat: null,
        visited_at: at,
        case_id: null,
        created_by: worker.id,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id, visitId: visit.id };
  });
}

/** An open task for the whole grid of `where`, due in a week. */
async function newTask(f: Fixture, where: Where): Promise<number> {
  const grid = gridOf(f, where);
  const now = f.h.clock.now();
  const row = await f.h.ctx.db
    .insertInto('grid_task')
    .values({
      kind: 'visit',
      title: '矩阵任务',
      note: null,
      unit_id: grid.id,
      unit_path: grid.path,
      assignee_id: null,
      due_date: new Date(now.getTime() + 7 * 86_400_000).toISOString().slice(0, 10),
      status: 'open',
      done_at: null,
      done_by: null,
      done_note: null,
      created_by: f.actors.admin.id,
      created_at: now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const PATROL_ROWS: Record<string, Row> = {
  // A grid worker starts a patrol in its own grid; another township's grid does not exist for it.
  'POST /api/v1/patrols': {
    build: async (f, where) => {
      await closeOpenPatrols(f, f.actors.grid_worker.id);
      return { method: 'POST', url: '/api/v1/patrols', payload: { unitId: gridOf(f, where).id } };
    },
    access: inJurisdiction('patrol:record', { ok: 201 }),
  },
  'GET /api/v1/patrols': {
    build: (f, where) => ({ method: 'GET', url: `/api/v1/patrols?withinUnitId=${gridOf(f, where).id}` }),
    access: inJurisdiction('patrol:read'),
  },
  'GET /api/v1/patrols/coverage': {
    build: (f, where) => ({ method: 'GET', url: `/api/v1/patrols/coverage?withinUnitId=${gridOf(f, where).id}` }),
    access: inJurisdiction('patrol:oversee'),
  },
  // The inside patrol is the matrix worker's own: it and the supervisors over the grid read it.
  'GET /api/v1/patrols/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/patrols/${(await newPatrol(f, where)).id}` }),
    access: inJurisdiction('patrol:read'),
  },
  'POST /api/v1/patrols/:id/track': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/patrols/${(await newPatrol(f, where)).id}/track`,
      payload: { points: [{ lat: 36.7, lng: 119.1, at: f.h.clock.now().toISOString(), accuracy: 10 }] },
    }),
    access: inJurisdiction('patrol:record'),
  },
  'POST /api/v1/patrols/:id/visits': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/patrols/${(await newPatrol(f, where)).id}/visits`,
      payload: { placeKind: 'enterprise', place: '矩阵商户', met: '店主', situation: '矩阵走访' },
    }),
    access: inJurisdiction('patrol:record', { ok: 201 }),
  },
  'POST /api/v1/patrols/:id/visits/:visitId/to-case': {
    build: async (f, where) => {
      const p = await newPatrol(f, where);
      return {
        method: 'POST',
        url: `/api/v1/patrols/${p.id}/visits/${p.visitId}/to-case`,
        payload: { categoryCode: 'DSP.NEIGHBOUR' },
      };
    },
    access: inJurisdiction('patrol:record', { ok: 201 }),
  },
  // A visit's photos: its worker adds them; the worker and the supervisors over the grid read them.
  'POST /api/v1/patrols/:id/visits/:visitId/photos': {
    build: async (f, where) => {
      const p = await newPatrol(f, where);
      return {
        method: 'POST',
        url: `/api/v1/patrols/${p.id}/visits/${p.visitId}/photos`,
        ...multipartFile('走访.png', TINY_PNG, { contentType: 'image/png' }),
      };
    },
    access: inJurisdiction('patrol:record', { ok: 201 }),
  },
  'GET /api/v1/patrols/:id/visits/:visitId/photos/:photoId': {
    build: async (f, where) => {
      const p = await newPatrol(f, where);
      const key = `patrol/matrix/${Math.random().toString(36).slice(2)}`;
      await writeStoredFile(f.h.ctx.config.attachmentsDir, key, TINY_PNG);
      const row = await f.h.ctx.db
        .insertInto('patrol_visit_photo')
        .values({
          visit_id: p.visitId,
          patrol_id: p.id,
          file_name: '走访.png',
          media_type: 'image/png',
          size: TINY_PNG.length,
          sha256: '0'.repeat(64),
          storage_key: key,
          lng: null,
          lat: null,
          uploaded_by: f.actors.grid_worker.id,
          created_at: new Date().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { method: 'GET', url: `/api/v1/patrols/${p.id}/visits/${p.visitId}/photos/${row.id}` };
    },
    access: inJurisdiction('patrol:read'),
  },
  // The day's patrols for the supervisors' map, under a grid of the area.
  'GET /api/v1/patrols/map': {
    build: async (f, where) => {
      await newPatrol(f, where);
      return { method: 'GET', url: `/api/v1/patrols/map?withinUnitId=${gridOf(f, where).id}` };
    },
    access: inJurisdiction('patrol:oversee'),
  },
  'POST /api/v1/patrols/:id/finish': {
    build: async (f, where) => ({ method: 'POST', url: `/api/v1/patrols/${(await newPatrol(f, where)).id}/finish` }),
    access: inJurisdiction('patrol:record'),
  },
  'POST /api/v1/grid-tasks': {
    build: (f, where) => ({
      method: 'POST',
      url: '/api/v1/grid-tasks',
      payload: { kind: 'publicity', title: '矩阵宣传', unitId: gridOf(f, where).id, dueDate: '2026-12-31' },
    }),
    access: inJurisdiction('grid_task:assign', { ok: 201 }),
  },
  'GET /api/v1/grid-tasks': {
    build: (f, where) => ({ method: 'GET', url: `/api/v1/grid-tasks?withinUnitId=${gridOf(f, where).id}` }),
    access: inJurisdiction('grid_task:read'),
  },
  'POST /api/v1/grid-tasks/:id/done': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/grid-tasks/${await newTask(f, where)}/done`,
      payload: {},
    }),
    access: inJurisdiction('grid_task:complete'),
  },
};
