// Access-matrix rows: intake's channels (issue 15) — reports without an account, following a case
// by its tracking code, and another system's reference on intake.
import { holds } from '../../common/powers.ts';
import { ROLES } from '../../common/roles.ts';
import { buildCase } from '../support/factories.ts';
import { GRID, open, type Row } from './expectations.ts';

/** A number of its own per request: the public limits count per address and per phone. */
const indexOf = (where: string, role: string) =>
  (where === 'inside' ? 0 : 100) + ROLES.indexOf(role as (typeof ROLES)[number]) + 1;
const addressOf = (where: string, role: string) => `198.51.100.${indexOf(where, role)}`;

let refs = 0;

export const INTAKE_ROWS: Record<string, Row> = {
  // Public: anyone reports, wherever the point is; the answer is the number and the tracking code.
  'POST /api/v1/public/reports': {
    build: (f, where, role) => ({
      method: 'POST',
      url: '/api/v1/public/reports',
      remoteAddress: addressOf(where, role),
      payload: {
        categoryCode: 'CMP.NOISE',
        description: '夜间施工噪音扰民，持续到凌晨',
        unitId: (where === 'inside' ? f.insideGrid : f.outsideGrid).id,
        reporter: { phone: `1360000${String(indexOf(where, role)).padStart(4, '0')}` },
      },
    }),
    anonymous: true,
    access: open(201),
  },
  // Public: the tracking code opens the case's public view, wherever it is.
  'GET /api/v1/track?code=': {
    build: async (f, where, role) => {
      const c = (await buildCase(f.h, { at: GRID[where] })) as unknown as { trackingCode: string };
      return { method: 'GET', url: `/api/v1/track?code=${c.trackingCode}`, remoteAddress: addressOf(where, role) };
    },
    anonymous: true,
    access: open(200),
  },
  // Staff send another system's work order in their own area (outside: 422 OUTSIDE_JURISDICTION);
  // a resident may not carry a reference at all (400).
  'POST /api/v1/cases (externalRef)': {
    build: (f, where) => ({
      method: 'POST',
      url: '/api/v1/cases',
      payload: {
        kind: 'complaint',
        categoryCode: 'CMP.NOISE',
        channel: 'api',
        description: '12345 转办：楼上装修噪音',
        unitId: (where === 'inside' ? f.insideGrid : f.outsideGrid).id,
        externalRef: { system: '12345-sd', id: `matrix-${++refs}` },
      },
    }),
    access: {
      power: 'case:create',
      expect: (role) => {
        if (!holds(role, 'case:create')) return [403, 403];
        return holds(role, 'case:own_reports') ? [400, 400] : [201, 422];
      },
    },
  },
};
