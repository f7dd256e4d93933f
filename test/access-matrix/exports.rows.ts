// Access-matrix rows: the monthly Word report (issue 16 exports). Whoever reads the dashboard may
// download its report for a region of the jurisdiction; a region outside it does not exist (404).
import { expect } from 'vitest';
import { inJurisdiction, type Row } from './expectations.ts';

export const EXPORTS_ROWS: Record<string, Row> = {
  'GET /api/v1/reports/monthly': {
    build: (f, where) => {
      const grid = where === 'inside' ? f.insideGrid : f.outsideGrid;
      return { method: 'GET', url: `/api/v1/reports/monthly?unitId=${grid.id}` };
    },
    access: inJurisdiction('report:read'),
    check: (res) => expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK'),
  },
};
