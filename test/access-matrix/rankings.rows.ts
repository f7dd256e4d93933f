// Access-matrix rows: rankings and assessment (issue 16). Rankings are within a township: inside,
// the actors' 城关街道; outside, 南关街道, which does not exist for them (404).
import { anywhere, inJurisdiction, type Fixture, type Row, type Where } from './expectations.ts';

const TOWNSHIP: Record<Where, string> = { inside: '370702001', outside: '370702002' };
const within = async (f: Fixture, where: Where) => (await f.h.unit(TOWNSHIP[where])).id;

const RULES = {
  weights: { response: 25, resolution: 25, satisfaction: 25, onTime: 25, acceptedOnTime: 0 },
  minimumSample: { received: 1, rated: 0 },
  deductions: { redCard: 1, supervision: 1, verifiedUnsatisfied: 1 },
  bonuses: [],
  useSampledSatisfaction: false,
};

export const RANKINGS_ROWS: Record<string, Row> = {
  'GET /api/v1/rankings': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/rankings?level=committee&withinUnitId=${await within(f, where)}&period=2026-11`,
    }),
    access: inJurisdiction('ranking:read'),
  },
  'GET /api/v1/assessment-schemes': {
    build: () => ({ method: 'GET', url: '/api/v1/assessment-schemes' }),
    access: anywhere('ranking:read'),
  },
  'POST /api/v1/assessment-schemes': {
    build: () => ({
      method: 'POST',
      url: '/api/v1/assessment-schemes',
      payload: { name: '矩阵方案', effectiveFrom: '2099-01-01', rules: RULES },
    }),
    access: anywhere('assessment:manage', 201),
  },
  'GET /api/v1/assessment-scores': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/assessment-scores?level=committee&withinUnitId=${await within(f, where)}&period=2026-10`,
    }),
    access: inJurisdiction('ranking:read'),
  },
  'POST /api/v1/assessment-scores/recompute': {
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/assessment-scores/recompute',
      payload: { level: 'committee', withinUnitId: await within(f, where), period: '2026-10' },
    }),
    access: inJurisdiction('assessment:manage'),
  },
};
