// Access-matrix rows: the safety index and the screening ledgers (issue 17 §3–4). Inside is the
// actors' 城关街道 (and the grid worker's grid in it); outside is 南关街道 (and its first grid).
import { anywhere, inJurisdiction, type Fixture, type Row, type Where } from './expectations.ts';

const TOWNSHIP: Record<Where, string> = { inside: '370702001', outside: '370702002' };
const gridOf = (f: Fixture, where: Where) => (where === 'inside' ? f.insideGrid : f.outsideGrid);

/** A screening of the grid of `where`, with one finding, written as the ledger stores them. */
async function newScreening(f: Fixture, where: Where): Promise<{ id: number; findingId: number }> {
  const grid = gridOf(f, where);
  const at = new Date().toISOString();
  return f.h.ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('screening_record')
      .values({
        unit_id: grid.id,
        unit_path: grid.path,
        frequency: 'monthly',
        period: '2026-11',
        screened_by: f.actors.grid_worker.id,
        screened_by_name: '矩阵网格员',
        done_at: at,
        note: null,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const finding = await trx
      .insertInto('screening_finding')
      .values({
        screening_id: id,
        parties: JSON.stringify([{ name: '矩阵当事人', phoneEnc: null }]),
        description: '矩阵测试发现',
        risk_grade: 'blue',
        measures: '矩阵测试措施',
        responsible_person: '矩阵责任人',
        case_id: null,
        mediation_file_id: null,
        created_by: f.actors.grid_worker.id,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id, findingId: finding.id };
  });
}

const FINDING = {
  parties: [{ name: '矩阵当事人' }],
  description: '矩阵测试发现',
  riskGrade: 'blue',
  measures: '矩阵测试措施',
  responsiblePerson: '矩阵责任人',
};

export const SAFETY_ROWS: Record<string, Row> = {
  // The dashboard's readers see the index of a unit in their jurisdiction; another township's does not exist.
  'GET /api/v1/safety-index': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/safety-index?unitId=${(await f.h.unit(TOWNSHIP[where])).id}&period=2026-11`,
    }),
    access: inJurisdiction('safety:read'),
  },
  'GET /api/v1/safety-index/settings': {
    build: () => ({ method: 'GET', url: '/api/v1/safety-index/settings' }),
    access: anywhere('safety:read'),
  },
  // Province-wide settings: an administrator sends them back unchanged.
  'PUT /api/v1/safety-index/settings': {
    build: async (f) => {
      const rows = await f.h.ctx.db.selectFrom('safety_component').selectAll().orderBy('sort').execute();
      return {
        method: 'PUT',
        url: '/api/v1/safety-index/settings',
        payload: {
          components: rows.map((r) => ({
            key: r.key,
            weight: Number(r.weight),
            best: Number(r.best),
            worst: Number(r.worst),
          })),
        },
      };
    },
    access: anywhere('safety:manage'),
  },
  'PUT /api/v1/safety-index/populations/:unitId': {
    build: async (f, where) => ({
      method: 'PUT',
      url: `/api/v1/safety-index/populations/${(await f.h.unit(TOWNSHIP[where])).id}`,
      payload: { population: 50_000, source: '矩阵测试' },
    }),
    access: inJurisdiction('safety:manage'),
  },
  // Lists under a grid every reader inside reaches (a grid worker does not reach its township).
  'GET /api/v1/screenings': {
    build: (f, where) => ({
      method: 'GET',
      url: `/api/v1/screenings?withinUnitId=${gridOf(f, where).id}`,
    }),
    access: inJurisdiction('screening:read'),
  },
  'POST /api/v1/screenings': {
    build: (f, where) => ({ method: 'POST', url: '/api/v1/screenings', payload: { unitId: gridOf(f, where).id } }),
    access: inJurisdiction('screening:record', { ok: 201 }),
  },
  'GET /api/v1/screenings/coverage': {
    build: (f, where) => ({
      method: 'GET',
      url: `/api/v1/screenings/coverage?withinUnitId=${gridOf(f, where).id}`,
    }),
    access: inJurisdiction('screening:read'),
  },
  'PUT /api/v1/screenings/schedules/:unitId': {
    build: async (f, where) => ({
      method: 'PUT',
      url: `/api/v1/screenings/schedules/${(await f.h.unit(TOWNSHIP[where])).id}`,
      payload: { frequency: 'monthly' },
    }),
    access: inJurisdiction('safety:manage'),
  },
  'GET /api/v1/screenings/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/screenings/${(await newScreening(f, where)).id}` }),
    access: inJurisdiction('screening:read'),
  },
  'POST /api/v1/screenings/:id/findings': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/screenings/${(await newScreening(f, where)).id}/findings`,
      payload: FINDING,
    }),
    access: inJurisdiction('screening:record', { ok: 201 }),
  },
  'POST /api/v1/screenings/:id/findings/:fid/to-case': {
    build: async (f, where) => {
      const s = await newScreening(f, where);
      return {
        method: 'POST',
        url: `/api/v1/screenings/${s.id}/findings/${s.findingId}/to-case`,
        payload: { categoryCode: 'DSP.NEIGHBOUR' },
      };
    },
    access: inJurisdiction('screening:record', { ok: 201 }),
  },
  // 排查转调解: as turning it into a case — whoever records the grid's ledger; another township's does not exist.
  'POST /api/v1/screenings/:id/findings/:fid/to-mediation': {
    build: async (f, where) => {
      const s = await newScreening(f, where);
      return {
        method: 'POST',
        url: `/api/v1/screenings/${s.id}/findings/${s.findingId}/to-mediation`,
        payload: { categoryCode: 'DSP.NEIGHBOUR' },
      };
    },
    access: inJurisdiction('screening:record', { ok: 201 }),
  },
};
