// Access-matrix rows: early warnings (issue 17). A warning sits on a grid: inside, the actors' grid;
// outside, a grid of another township, which does not exist for them (404). The thresholds are
// province-wide: the matrix's administrator is a township's, so every role is refused their edit.
import { expect } from 'vitest';
import { raiseWarning } from '../../server/modules/warnings/index.ts';
import { GRID, anywhere, inJurisdiction, refusedToAll, type Fixture, type Row, type Where } from './expectations.ts';
import { uniqueSuffix } from './fixtures.ts';

async function newWarning(f: Fixture, where: Where): Promise<number> {
  const grid = await f.h.unit(GRID[where]);
  const { id } = await f.h.ctx.db.transaction().execute((trx) =>
    raiseWarning(trx, f.h.ctx, {
      kind: 'screening_overdue',
      level: 'blue',
      unitId: grid.id,
      situationKey: `matrix-${uniqueSuffix()}`,
      title: '矩阵测试预警',
      explanation: '矩阵测试：网格未按期排查',
      caseIds: [],
      at: f.h.ctx.clock.now(),
    }),
  );
  return id;
}

export const WARNINGS_ROWS: Record<string, Row> = {
  // The warnings of a grid: of the actor's own area, or of another township (404).
  'GET /api/v1/warnings': {
    build: async (f, where) => {
      await newWarning(f, where);
      return { method: 'GET', url: `/api/v1/warnings?withinUnitId=${(await f.h.unit(GRID[where])).id}` };
    },
    access: inJurisdiction('warning:read'),
    check: (res, where) => {
      if (where === 'inside') expect((res.json() as { items: unknown[] }).items.length).toBeGreaterThan(0);
    },
  },
  'GET /api/v1/warnings/counts': {
    build: () => ({ method: 'GET', url: '/api/v1/warnings/counts' }),
    access: anywhere('warning:read'),
  },
  'GET /api/v1/warnings/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/warnings/${await newWarning(f, where)}` }),
    access: inJurisdiction('warning:read'),
  },
  // Dispatchers and leaders act; those who only read are refused before anything is looked up.
  'POST /api/v1/warnings/:id/actions': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/warnings/${await newWarning(f, where)}/actions`,
      payload: { action: 'acknowledge' },
    }),
    access: inJurisdiction('warning:act'),
  },
  'GET /api/v1/warnings/assignees': {
    build: () => ({ method: 'GET', url: '/api/v1/warnings/assignees' }),
    access: anywhere('warning:act'),
  },
  'POST /api/v1/warnings/scan': {
    build: () => ({ method: 'POST', url: '/api/v1/warnings/scan' }),
    access: anywhere('warning:act'),
  },
  'GET /api/v1/warning-settings': {
    build: () => ({ method: 'GET', url: '/api/v1/warning-settings' }),
    access: anywhere('warning:read'),
  },
  // Province-wide: the matrix's administrator (of a township) is refused like everyone else.
  'PUT /api/v1/warning-settings': {
    build: () => ({
      method: 'PUT',
      url: '/api/v1/warning-settings',
      payload: { rules: [{ kind: 'escalation_words', enabled: true, level: 'red' }] },
    }),
    access: refusedToAll('warning:manage'),
  },
};
