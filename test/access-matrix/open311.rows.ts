// Access-matrix rows: Open311 GeoReport v2 (server/modules/open311). These routes do not use the
// session: discovery and services are public, the rest take a service account's API key (scope
// open311) bound to the inside township, so the answer is the same for every role's token — the
// key decides, and its unit is the jurisdiction: inside the township the record exists, outside it
// does not (404). The matrix checks that no role's session changes that.
import { expect } from 'vitest';
import { toWgs84 } from '../../server/modules/open311/request-view.ts';
import { buildCase } from '../support/factories.ts';
import { GRID, type Access, type Fixture, type Row, type Where } from './expectations.ts';

/** The same answer for every role, inside and outside. */
const byKey = (inside: number, outside: number): Access => ({ power: null, expect: () => [inside, outside] });

const keys = new WeakMap<Fixture['h'], Promise<string>>();

/** One service account per harness, bound to the inside township (created by the matrix's admin). */
function keyOf(f: Fixture): Promise<string> {
  let key = keys.get(f.h);
  if (!key) {
    key = (async () => {
      const unit = await f.h.unit('370702001');
      const res = await f.h.inject({
        method: 'POST',
        url: '/api/v1/service-accounts',
        token: f.actors.admin.token,
        payload: { name: `matrix-open311-${f.h.dialect}`, unitId: unit.id, scopes: ['open311'] },
      });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { key: string }).key;
    })();
    keys.set(f.h, key);
  }
  return key;
}

const point = (f: Fixture, where: Where) => {
  const [long, lat] = toWgs84(...(where === 'inside' ? f.insidePoint : f.outsidePoint));
  return { lat: String(lat), long: String(long) };
};

const cases = new WeakMap<Fixture['h'], Map<Where, Promise<{ number: string }>>>();

/** A case in each side's grid, made once per harness: these rows only read it. */
function caseIn(f: Fixture, where: Where): Promise<{ number: string }> {
  const made = cases.get(f.h) ?? new Map<Where, Promise<{ number: string }>>();
  cases.set(f.h, made);
  let built = made.get(where);
  if (!built) {
    built = buildCase(f.h, { at: GRID[where], title: '矩阵测试 Open311' });
    made.set(where, built);
  }
  return built;
}

function rowsFor(format: 'json' | 'xml'): Record<string, Row> {
  return {
    [`GET /open311/discovery.${format}`]: {
      build: () => ({ method: 'GET', url: `/open311/discovery.${format}` }),
      access: byKey(200, 200),
    },
    [`GET /open311/v2/services.${format}`]: {
      build: () => ({ method: 'GET', url: `/open311/v2/services.${format}` }),
      access: byKey(200, 200),
    },
    [`POST /open311/v2/requests.${format}`]: {
      // A report at a point in the account's township is a case; a point in the next is not its own.
      build: async (f, where) => ({
        method: 'POST',
        url: `/open311/v2/requests.${format}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          api_key: await keyOf(f),
          service_code: 'CMP.STREET_VENDOR',
          description: '矩阵测试：路口占道经营',
          ...point(f, where),
        }).toString(),
      }),
      access: byKey(201, 404),
    },
    [`GET /open311/v2/requests.${format}`]: {
      build: async (f, where) => {
        const c = await caseIn(f, where);
        return {
          method: 'GET',
          url: `/open311/v2/requests.json?api_key=${await keyOf(f)}&service_request_id=${c.number}`.replace(
            '.json',
            `.${format}`,
          ),
        };
      },
      access: byKey(200, 200),
      check: (res, where) => {
        if (format === 'xml') expect(res.body.includes('<request>')).toBe(where === 'inside');
        else expect((res.json() as unknown[]).length).toBe(where === 'inside' ? 1 : 0);
      },
    },
    [`GET /open311/v2/servicerequestupdates.${format}`]: {
      build: async (f) => ({
        method: 'GET',
        url: `/open311/v2/servicerequestupdates.${format}?api_key=${await keyOf(f)}`,
      }),
      access: byKey(200, 200),
    },
  };
}

export const OPEN311_ROWS: Record<string, Row> = {
  ...rowsFor('json'),
  ...rowsFor('xml'),
  'GET /open311/v2/services/:service_code': {
    build: () => ({ method: 'GET', url: '/open311/v2/services/HAZ.ROAD.json' }),
    access: byKey(200, 200),
  },
  'GET /open311/v2/requests/:service_request_id': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/open311/v2/requests/${(await caseIn(f, where)).number}.json?api_key=${await keyOf(f)}`,
    }),
    access: byKey(200, 404),
  },
};
