// Access-matrix rows: Accounts, sessions, the unit tree, people, categories and the calendar.
import { holds } from '../../common/powers.ts';
import {
  INSIDE_GRID,
  PASSWORD,
  anywhere,
  inJurisdiction,
  listIsScoped,
  open,
  refusedToAll,
  type Row,
} from './expectations.ts';
import { newPerson, newUser, uniqueSuffix } from './fixtures.ts';

export const AUTH_ORG_PEOPLE_ROWS: Record<string, Row> = {
  'POST /api/v1/auth/login': {
    build: (f, _w, role) => ({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: f.actors[role].username, password: PASSWORD },
    }),
    anonymous: true,
    access: open(200),
  },
  'POST /api/v1/auth/logout': {
    // Signs out a second session of the same actor so the matrix keeps its own token.
    build: async (f, _w, role) => {
      const res = await f.h.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: f.actors[role].username, password: PASSWORD },
      });
      return {
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { authorization: `Bearer ${(res.json() as { token: string }).token}` },
      };
    },
    access: open(200),
  },
  'GET /api/v1/me': { build: () => ({ method: 'GET', url: '/api/v1/me' }), access: open(200) },
  'POST /api/v1/auth/password': {
    // A wrong current password: reachable by every role, refused on the merits (nothing changes).
    build: () => ({
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: 'wrong-one-1', newPassword: 'newpass123' },
    }),
    access: open(400),
  },
  'POST /api/v1/auth/totp/setup': {
    build: () => ({ method: 'POST', url: '/api/v1/auth/totp/setup' }),
    access: open(200),
  },
  'POST /api/v1/auth/totp/confirm': {
    build: () => ({ method: 'POST', url: '/api/v1/auth/totp/confirm', payload: { otp: 'abcdef' } }),
    access: open(400),
  },
  'GET /api/v1/units': {
    build: (f, where) => ({
      method: 'GET',
      url: `/api/v1/units?within=${(where === 'inside' ? f.insideGrid : f.outsideGrid).id}`,
    }),
    access: anywhere('unit:read'),
    check: listIsScoped,
  },
  'GET /api/v1/units/:id': {
    build: (f, where) => ({
      method: 'GET',
      url: `/api/v1/units/${(where === 'inside' ? f.insideGrid : f.outsideGrid).id}`,
    }),
    access: inJurisdiction('unit:read'),
  },
  'GET /api/v1/units/:id/geometry': {
    build: (f, where) => ({
      method: 'GET',
      url: `/api/v1/units/${(where === 'inside' ? f.insideGrid : f.outsideGrid).id}/geometry`,
    }),
    access: inJurisdiction('unit:read'),
  },
  'GET /api/v1/units/:id/grid-geometries': {
    build: (f, where) => ({
      method: 'GET',
      url: `/api/v1/units/${(where === 'inside' ? f.insideGrid : f.outsideGrid).id}/grid-geometries`,
    }),
    access: anywhere('unit:read'),
    check: listIsScoped,
  },
  'GET /api/v1/grids/locate': {
    // Locating a point is open to every signed-in role wherever the point is.
    build: (f, where) => {
      const [lng, lat] = where === 'inside' ? f.insidePoint : f.outsidePoint;
      return { method: 'GET', url: `/api/v1/grids/locate?lng=${lng}&lat=${lat}` };
    },
    access: anywhere('unit:locate'),
  },
  'GET /api/v1/base-map': {
    // Public administrative geography: every signed-in role gets the county of a unit, inside or outside its area.
    build: (f, where) => ({
      method: 'GET',
      url: `/api/v1/base-map?unitId=${(where === 'inside' ? f.insideGrid : f.outsideGrid).id}`,
    }),
    access: anywhere('unit:base_map'),
  },
  'GET /api/v1/users': {
    build: async (f, where) => {
      const id = await newUser(f, where);
      const user = await f.h.ctx.db
        .selectFrom('app_user')
        .select('username')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return { method: 'GET', url: `/api/v1/users?q=${user.username}` };
    },
    access: anywhere('user:read'),
    check: listIsScoped,
  },
  'POST /api/v1/users': {
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        username: `n${uniqueSuffix()}`,
        displayName: '新用户',
        memberships: [
          { unitId: (await f.h.unit(where === 'inside' ? INSIDE_GRID : '370702002-centre')).id, role: 'operator' },
        ],
      },
    }),
    access: inJurisdiction('user:manage', { ok: 201 }),
  },
  'GET /api/v1/users/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/users/${await newUser(f, where)}` }),
    access: inJurisdiction('user:read'),
  },
  'POST /api/v1/users/:id/memberships': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/users/${await newUser(f, where)}/memberships`,
      payload: { unitId: (where === 'inside' ? f.insideGrid : f.outsideGrid).id, role: 'grid_worker' },
    }),
    access: inJurisdiction('user:manage'),
  },
  'DELETE /api/v1/users/:id/memberships/:membershipId': {
    build: async (f, where) => {
      const id = await newUser(f, where);
      const m = await f.h.ctx.db
        .selectFrom('membership')
        .select('id')
        .where('user_id', '=', id)
        .executeTakeFirstOrThrow();
      return { method: 'DELETE', url: `/api/v1/users/${id}/memberships/${m.id}` };
    },
    access: inJurisdiction('user:manage'),
  },
  'POST /api/v1/users/:id/disable': {
    build: async (f, where) => ({ method: 'POST', url: `/api/v1/users/${await newUser(f, where)}/disable` }),
    access: inJurisdiction('user:manage'),
  },
  'POST /api/v1/users/:id/enable': {
    build: async (f, where) => ({ method: 'POST', url: `/api/v1/users/${await newUser(f, where)}/enable` }),
    access: inJurisdiction('user:manage'),
  },
  'POST /api/v1/users/:id/password-reset': {
    build: async (f, where) => ({ method: 'POST', url: `/api/v1/users/${await newUser(f, where)}/password-reset` }),
    access: inJurisdiction('user:manage'),
  },
  'GET /api/v1/people': {
    build: async (f, where) => {
      await newPerson(f, where);
      return { method: 'GET', url: `/api/v1/people?unitId=${(where === 'inside' ? f.insideGrid : f.outsideGrid).id}` };
    },
    access: anywhere('person:read'),
    check: listIsScoped,
  },
  // The same route asked for an exact phone or ID number: a look-up is a power of its own (issue 13),
  // checked before person:read, so it has a row of its own.
  'GET /api/v1/people?phone=': {
    build: async (f, where) => {
      await newPerson(f, where);
      const unitId = (where === 'inside' ? f.insideGrid : f.outsideGrid).id;
      return { method: 'GET', url: `/api/v1/people?phone=13900001111&purpose=matrix&unitId=${unitId}` };
    },
    access: anywhere('person:lookup_exact'),
    check: listIsScoped,
  },
  'POST /api/v1/people': {
    build: (f, where) => ({
      method: 'POST',
      url: '/api/v1/people',
      payload: { name: '王五', unitId: (where === 'inside' ? f.insideGrid : f.outsideGrid).id, phone: '13700002222' },
    }),
    access: inJurisdiction('person:create', { ok: 201 }),
  },
  'GET /api/v1/people/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/people/${await newPerson(f, where)}` }),
    access: inJurisdiction('person:read'),
  },
  'POST /api/v1/people/:id/reveal': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/people/${await newPerson(f, where)}/reveal`,
      payload: { fields: ['phone'] },
    }),
    // Readers without the need to call (admin, leader) see the record but not the clear number.
    access: inJurisdiction('person:read', { may: (role) => holds(role, 'person:reveal_phone') }),
  },
  'GET /api/v1/categories': {
    build: () => ({ method: 'GET', url: '/api/v1/categories' }),
    access: anywhere('category:read'),
  },
  'GET /api/v1/calendar': {
    build: () => ({ method: 'GET', url: '/api/v1/calendar?year=2026' }),
    access: anywhere('calendar:read'),
  },
  'PUT /api/v1/calendar/:day': {
    build: () => ({ method: 'PUT', url: '/api/v1/calendar/2027-02-08', payload: { kind: 'holiday', name: '春节' } }),
    // Province-wide settings: the matrix admin is a township's, so refused too.
    access: refusedToAll('calendar:manage'),
  },
  'DELETE /api/v1/calendar/:day': {
    build: async (f) => {
      await f.h.ctx.db
        .insertInto('calendar_day')
        .values({ day: '2027-01-01', kind: 'holiday', name: '元旦', updated_at: new Date().toISOString() })
        .onConflict((oc) => oc.column('day').doNothing())
        .execute();
      return { method: 'DELETE', url: '/api/v1/calendar/2027-01-01' };
    },
    // Province-wide settings: the matrix admin is a township's, so refused too.
    access: refusedToAll('calendar:manage'),
  },
};
