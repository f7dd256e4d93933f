// Access-matrix rows: the 12345 work-order import (issue 15). Operators and dispatchers import into
// their own area; a default unit outside it does not exist for them (404).
import { expect } from 'vitest';
import { randomBytes } from 'node:crypto';
import { workOrder, workOrderXlsx, xlsxUpload } from '../support/work-orders.ts';
import { anywhere, inJurisdiction, type Row } from './expectations.ts';

export const IMPORT_ROWS: Record<string, Row> = {
  'POST /api/v1/cases/import': {
    // One row naming no unit, placed at the grid given as the default unit.
    build: async (f, where) => {
      const file = await workOrderXlsx([workOrder(`MX-${randomBytes(6).toString('hex')}`, { '所属乡镇/街道': null })]);
      const grid = where === 'inside' ? f.insideGrid : f.outsideGrid;
      return { method: 'POST', url: `/api/v1/cases/import?unitId=${grid.id}`, ...xlsxUpload(file) };
    },
    access: inJurisdiction('case:import'),
    check: (res) => {
      const report = res.json() as { created: number; rows: { status: string }[] };
      expect(report.rows.map((r) => r.status)).toEqual(['created']);
    },
  },
  'GET /api/v1/cases/import/template': {
    build: () => ({ method: 'GET', url: '/api/v1/cases/import/template' }),
    access: anywhere('case:import'),
  },
};
