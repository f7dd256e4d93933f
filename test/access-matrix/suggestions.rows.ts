// Access-matrix rows: the category and lead-unit suggester (issue 17). Suggestions are for the
// roles that register or triage cases, for a place in their area (outside it the unit does not
// exist for them); the models are an administrator's.
import { GRID, anywhere, inJurisdiction, type Row } from './expectations.ts';

export const SUGGESTION_ROWS: Record<string, Row> = {
  'POST /api/v1/suggestions': {
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/suggestions',
      payload: { text: '楼上噪音扰民，请求处理', unitId: (await f.h.unit(GRID[where])).id },
    }),
    access: inJurisdiction('suggestion:read'),
  },
  'GET /api/v1/suggestions/models': {
    build: () => ({ method: 'GET', url: '/api/v1/suggestions/models' }),
    access: anywhere('suggestion:manage'),
  },
  // A second request while a run is pending returns that run (202 as well).
  'POST /api/v1/suggestions/models': {
    build: () => ({ method: 'POST', url: '/api/v1/suggestions/models' }),
    access: anywhere('suggestion:manage', 202),
  },
};
