// Every route × every role × (inside, outside) the actor's jurisdiction. The actors all work in
// 城关街道 (370702001); "outside" records live in 南关街道 (370702002). A route registered without
// a row here makes the test fail: access is decided on purpose, never by accident.
import { expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { ROLES, type Role } from '../common/roles.ts';
import { createUser } from '../server/modules/auth/index.ts';
import { describeEachDialect, type Harness } from './support/harness.ts';

type Where = 'inside' | 'outside';

interface Fixture {
  h: Harness;
  actors: Record<Role, { token: string; username: string; id: number }>;
  /** A grid inside every actor's jurisdiction (the grid worker's own grid). */
  insideGrid: { id: number; path: string };
  outsideGrid: { id: number; path: string };
  /** Points (GCJ-02) inside each grid. */
  insidePoint: [number, number];
  outsidePoint: [number, number];
}

/** Where each role's actor is a member. */
const ACTOR_UNITS: Record<Role, string> = {
  admin: '370702001-centre',
  leader: '370702001',
  dispatcher: '370702001-centre',
  operator: '370702001-centre',
  department: '370702001-dept-justice',
  grid_worker: '370702001001G01',
  mediator: '370702001-cmte-territorial',
  evaluator: '370702001',
  resident: '370702001001',
};

const INSIDE_GRID = '370702001001G01';
const OUTSIDE_GRID = '370702002001G01';

let counter = 0;
async function newUser(f: Fixture, where: Where): Promise<number> {
  const unit = await f.h.unit(where === 'inside' ? INSIDE_GRID : '370702002-centre');
  const { id } = await createUser(
    f.h.ctx,
    { actor: null, clientIp: null },
    {
      username: `m${Date.now().toString(36)}${++counter}`,
      displayName: '矩阵测试',
      password: 'matrix1234',
      memberships: [{ unitId: unit.id, role: 'operator' }],
    },
  );
  return id;
}

async function newPerson(f: Fixture, where: Where): Promise<number> {
  const grid = where === 'inside' ? f.insideGrid : f.outsideGrid;
  const now = new Date().toISOString();
  const row = await f.h.ctx.db
    .insertInto('person')
    .values({
      name: '李四',
      unit_id: grid.id,
      phone_enc: f.h.ctx.cipher.encrypt('13900001111'),
      phone_hash: f.h.ctx.cipher.blindIndex('13900001111'),
      id_number_enc: null,
      id_number_hash: null,
      note: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

type Expectation = [inside: number, outside: number];

interface Row {
  build(f: Fixture, where: Where, role: Role): Promise<InjectOptions> | InjectOptions;
  expect(role: Role): Expectation;
  /** Sent without the actor's token (signing in must not rotate the matrix's own session away). */
  anonymous?: boolean;
  /** Extra check on a 200 response (lists: outside queries return nothing). */
  check?(res: LightMyRequestResponse, where: Where, role: Role): void;
}

/** Roles in `allowed` get `ok` inside and 404 outside; every other role is refused with 403. */
function only(allowed: readonly Role[], ok = 200, outside = 404) {
  return (role: Role): Expectation => (allowed.includes(role) ? [ok, outside] : [403, 403]);
}
const everyone =
  (status = 200) =>
  (): Expectation => [status, status];

const STAFF: Role[] = ROLES.filter((r) => r !== 'resident');
const PERSON_READ: Role[] = ['admin', 'leader', 'dispatcher', 'operator', 'department', 'grid_worker', 'mediator'];
const PERSON_CREATE: Role[] = ['admin', 'dispatcher', 'operator', 'grid_worker', 'mediator'];
const PERSON_REVEAL_PHONE: Role[] = ['dispatcher', 'operator', 'department', 'grid_worker', 'mediator'];

const listIsScoped = (res: LightMyRequestResponse, where: Where) => {
  const items = (res.json() as { items: unknown[] }).items;
  if (where === 'inside') expect(items.length).toBeGreaterThan(0);
  else expect(items).toEqual([]);
};

/** A dispatched case: inside, reported by the matrix resident, led by the matrix department
 * with the matrix committee assisting; outside, in 南关街道 and nobody's. */
async function newCase(f: Fixture, where: Where): Promise<{ id: number; version: number }> {
  const grid = where === 'inside' ? f.insideGrid : f.outsideGrid;
  const now = new Date().toISOString();
  const centre = await f.h.unit(where === 'inside' ? '370702001-centre' : '370702002-centre');
  const lead = await f.h.unit(where === 'inside' ? ACTOR_UNITS.department : '370702002-dept-justice');
  const row = await f.h.ctx.db
    .insertInto('case_record')
    .values({
      number: `M-${where}-${Date.now().toString(36)}-${++counter}`,
      title: '矩阵测试事件',
      description: '矩阵测试事件：邻里噪音',
      kind: 'complaint',
      category_code: 'CMP.NOISE',
      channel: 'window',
      status: 'dispatched',
      version: 1,
      region_id: grid.id,
      region_path: grid.path,
      grid_id: grid.id,
      centre_id: centre.id,
      lead_unit_id: lead.id,
      lng: null,
      lat: null,
      address: null,
      reporter_name: '张三',
      reporter_phone_enc: null,
      reporter_phone_hash: null,
      reporter_phone_last4_hash: null,
      reporter_user_id: where === 'inside' ? f.actors.resident.id : null,
      created_by: null,
      created_at: now,
      updated_at: now,
      stage: null,
      stage_deadline: null,
      yellow_at: null,
      yellow_carded_at: null,
      red_carded_at: null,
      supervise_noticed_at: null,
      handle_deadline: null,
      extension_days: 0,
      extension_pending: null,
      return_count: 0,
      reopen_count: 0,
      supervise_count: 0,
      resolved_at: null,
      result: null,
      closed_at: null,
      rating: null,
      merged_into_id: null,
      search_text: '矩阵 测试 噪音',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const assist = await f.h.unit(ACTOR_UNITS.mediator);
  await f.h.ctx.db
    .insertInto('case_assignment')
    .values([
      {
        case_id: row.id,
        unit_id: lead.id,
        role: 'lead',
        active: 1,
        deadline: null,
        reported_at: null,
        note: null,
        created_at: now,
      },
      ...(where === 'inside'
        ? [
            {
              case_id: row.id,
              unit_id: assist.id,
              role: 'assist' as const,
              active: 1,
              deadline: null,
              reported_at: null,
              note: null,
              created_at: now,
            },
          ]
        : []),
    ])
    .execute();
  return { id: row.id, version: 1 };
}

const CASE_CREATE: Role[] = ['admin', 'dispatcher', 'operator', 'grid_worker', 'resident'];

const MATRIX: Record<string, Row> = {
  'POST /api/v1/auth/login': {
    build: (f, _w, role) => ({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: f.actors[role].username, password: 'matrix1234' },
    }),
    anonymous: true,
    expect: everyone(200),
  },
  'POST /api/v1/auth/logout': {
    // Signs out a second session of the same actor so the matrix keeps its own token.
    build: async (f, _w, role) => {
      const res = await f.h.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: f.actors[role].username, password: 'matrix1234' },
      });
      return {
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { authorization: `Bearer ${(res.json() as { token: string }).token}` },
      };
    },
    expect: everyone(200),
  },
  'GET /api/v1/me': { build: () => ({ method: 'GET', url: '/api/v1/me' }), expect: everyone(200) },
  'POST /api/v1/auth/password': {
    // A wrong current password: reachable by every role, refused on the merits (nothing changes).
    build: () => ({
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: 'wrong-one-1', newPassword: 'newpass123' },
    }),
    expect: everyone(400),
  },
  'POST /api/v1/auth/totp/setup': {
    build: () => ({ method: 'POST', url: '/api/v1/auth/totp/setup' }),
    expect: everyone(200),
  },
  'POST /api/v1/auth/totp/confirm': {
    build: () => ({ method: 'POST', url: '/api/v1/auth/totp/confirm', payload: { otp: 'abcdef' } }),
    expect: everyone(400),
  },
  'GET /api/v1/units': {
    build: (f, where) => ({
      method: 'GET',
      url: `/api/v1/units?within=${(where === 'inside' ? f.insideGrid : f.outsideGrid).id}`,
    }),
    expect: (role) => (STAFF.includes(role) ? [200, 200] : [403, 403]),
    check: listIsScoped,
  },
  'GET /api/v1/units/:id': {
    build: (f, where) => ({
      method: 'GET',
      url: `/api/v1/units/${(where === 'inside' ? f.insideGrid : f.outsideGrid).id}`,
    }),
    expect: only(STAFF),
  },
  'GET /api/v1/units/:id/geometry': {
    build: (f, where) => ({
      method: 'GET',
      url: `/api/v1/units/${(where === 'inside' ? f.insideGrid : f.outsideGrid).id}/geometry`,
    }),
    expect: only(STAFF),
  },
  'GET /api/v1/grids/locate': {
    // Locating a point is open to every signed-in role wherever the point is.
    build: (f, where) => {
      const [lng, lat] = where === 'inside' ? f.insidePoint : f.outsidePoint;
      return { method: 'GET', url: `/api/v1/grids/locate?lng=${lng}&lat=${lat}` };
    },
    expect: everyone(200),
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
    expect: (role) => (role === 'admin' ? [200, 200] : [403, 403]),
    check: listIsScoped,
  },
  'POST /api/v1/users': {
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        username: `n${Date.now().toString(36)}${++counter}`,
        displayName: '新用户',
        memberships: [
          { unitId: (await f.h.unit(where === 'inside' ? INSIDE_GRID : '370702002-centre')).id, role: 'operator' },
        ],
      },
    }),
    expect: only(['admin'], 201),
  },
  'GET /api/v1/users/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/users/${await newUser(f, where)}` }),
    expect: only(['admin']),
  },
  'POST /api/v1/users/:id/memberships': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/users/${await newUser(f, where)}/memberships`,
      payload: { unitId: (where === 'inside' ? f.insideGrid : f.outsideGrid).id, role: 'grid_worker' },
    }),
    expect: only(['admin']),
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
    expect: only(['admin']),
  },
  'POST /api/v1/users/:id/disable': {
    build: async (f, where) => ({ method: 'POST', url: `/api/v1/users/${await newUser(f, where)}/disable` }),
    expect: only(['admin']),
  },
  'POST /api/v1/users/:id/enable': {
    build: async (f, where) => ({ method: 'POST', url: `/api/v1/users/${await newUser(f, where)}/enable` }),
    expect: only(['admin']),
  },
  'POST /api/v1/users/:id/password-reset': {
    build: async (f, where) => ({ method: 'POST', url: `/api/v1/users/${await newUser(f, where)}/password-reset` }),
    expect: only(['admin']),
  },
  'GET /api/v1/people': {
    build: async (f, where) => {
      await newPerson(f, where);
      return { method: 'GET', url: `/api/v1/people?unitId=${(where === 'inside' ? f.insideGrid : f.outsideGrid).id}` };
    },
    expect: (role) => (PERSON_READ.includes(role) ? [200, 200] : [403, 403]),
    check: listIsScoped,
  },
  'POST /api/v1/people': {
    build: (f, where) => ({
      method: 'POST',
      url: '/api/v1/people',
      payload: { name: '王五', unitId: (where === 'inside' ? f.insideGrid : f.outsideGrid).id, phone: '13700002222' },
    }),
    expect: only(PERSON_CREATE, 201),
  },
  'GET /api/v1/people/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/people/${await newPerson(f, where)}` }),
    expect: only(PERSON_READ),
  },
  'POST /api/v1/people/:id/reveal': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/people/${await newPerson(f, where)}/reveal`,
      payload: { fields: ['phone'] },
    }),
    // Readers without the need to call (admin, leader) see the record but not the clear number.
    expect: (role) =>
      PERSON_REVEAL_PHONE.includes(role) ? [200, 404] : PERSON_READ.includes(role) ? [403, 404] : [403, 403],
  },
  'GET /api/v1/categories': { build: () => ({ method: 'GET', url: '/api/v1/categories' }), expect: everyone(200) },
  'GET /api/v1/calendar': {
    build: () => ({ method: 'GET', url: '/api/v1/calendar?year=2026' }),
    expect: everyone(200),
  },
  'PUT /api/v1/calendar/:day': {
    build: () => ({ method: 'PUT', url: '/api/v1/calendar/2027-02-08', payload: { kind: 'holiday', name: '春节' } }),
    // Province-wide settings: the matrix admin is a township's, so refused too.
    expect: () => [403, 403],
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
    expect: () => [403, 403],
  },
  'POST /api/v1/cases': {
    // Staff record cases in their own area (outside: 422 OUTSIDE_JURISDICTION); residents anywhere.
    build: (f, where) => ({
      method: 'POST',
      url: '/api/v1/cases',
      payload: {
        kind: 'complaint',
        categoryCode: 'CMP.NOISE',
        channel: 'window',
        description: '楼上装修噪音，周末也不停',
        unitId: (where === 'inside' ? f.insideGrid : f.outsideGrid).id,
        reporter: { name: '赵六', phone: '13600003333' },
      },
    }),
    expect: (role) => (role === 'resident' ? [201, 201] : CASE_CREATE.includes(role) ? [201, 422] : [403, 403]),
  },
  'GET /api/v1/cases': {
    build: async (f, where) => {
      await newCase(f, where);
      return {
        method: 'GET',
        url: `/api/v1/cases?unitId=${(where === 'inside' ? f.insideGrid : f.outsideGrid).id}&limit=200`,
      };
    },
    expect: everyone(200),
    check: (res, where, role) => {
      // The resident also reported a case in 南关街道 (POST /cases above): their own, so listed.
      if (role === 'resident') return;
      const items = (res.json() as { items: unknown[] }).items;
      if (where === 'outside') expect(items).toEqual([]);
      else expect(items.length).toBeGreaterThan(0);
    },
  },
  'GET /api/v1/cases/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/cases/${(await newCase(f, where)).id}` }),
    expect: () => [200, 404],
  },
  'POST /api/v1/cases/:id/actions': {
    // 督办: dispatchers and leaders covering the case; every other actor who sees it is refused.
    build: async (f, where) => {
      const c = await newCase(f, where);
      return {
        method: 'POST',
        url: `/api/v1/cases/${c.id}/actions`,
        payload: { action: 'supervise', note: '请加快办理', version: c.version },
      };
    },
    expect: (role) => (['dispatcher', 'leader'].includes(role) ? [200, 404] : [403, 404]),
  },
  // The notification queue spans the province: the matrix admin (a township's) is refused too;
  // deadlines.test.ts shows the province admin reading and retrying dead letters.
  'GET /api/v1/notifications': {
    build: () => ({ method: 'GET', url: '/api/v1/notifications?status=dead' }),
    expect: () => [403, 403],
  },
  'POST /api/v1/notifications/:id/retry': {
    build: () => ({ method: 'POST', url: '/api/v1/notifications/1/retry' }),
    expect: () => [403, 403],
  },
  'PATCH /api/v1/categories/:code': {
    build: () => ({ method: 'PATCH', url: '/api/v1/categories/CMP.NOISE', payload: { handleDays: 5 } }),
    // Province-wide settings: the matrix admin is a township's, so refused too.
    expect: () => [403, 403],
  },
  'POST /api/v1/cases/:id/attachments': {
    // Everyone who sees the case may add a photo or document, except the read-only leader and evaluator.
    build: async (f, where) => {
      const { multipartFile, TINY_PNG } = await import('./support/uploads.ts');
      return {
        method: 'POST',
        url: `/api/v1/cases/${(await newCase(f, where)).id}/attachments`,
        ...multipartFile('现场.png', TINY_PNG, { contentType: 'image/png' }),
      };
    },
    expect: (role) => (['leader', 'evaluator'].includes(role) ? [403, 404] : [201, 404]),
  },
  'GET /api/v1/cases/:id/attachments': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/cases/${(await newCase(f, where)).id}/attachments` }),
    expect: () => [200, 404],
  },
  'GET /api/v1/cases/:id/attachments/:attachmentId': {
    // An attachment stored on the fixture case (outside too: there the case hides it).
    build: async (f, where) => {
      const { TINY_PNG, writeStoredFile } = await import('./support/uploads.ts');
      const c = await newCase(f, where);
      const key = `matrix/${Math.random().toString(36).slice(2)}`;
      await writeStoredFile(f.h.ctx.config.attachmentsDir, key, TINY_PNG);
      const row = await f.h.ctx.db
        .insertInto('case_attachment')
        .values({
          case_id: c.id,
          file_name: '现场.png',
          media_type: 'image/png',
          size: TINY_PNG.length,
          sha256: '0'.repeat(64),
          storage_key: key,
          uploaded_by: null,
          created_at: new Date().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { method: 'GET', url: `/api/v1/cases/${c.id}/attachments/${row.id}` };
    },
    expect: () => [200, 404],
  },
  'GET /api/v1/stats/cases': {
    // Figures over the cases the actor may list, within a unit of its jurisdiction (elsewhere 404).
    build: async (f, where) => {
      await newCase(f, where);
      const day = 86_400_000;
      const window = `from=${new Date(Date.now() - day).toISOString()}&to=${new Date(Date.now() + day).toISOString()}`;
      const grid = where === 'inside' ? f.insideGrid : f.outsideGrid;
      return { method: 'GET', url: `/api/v1/stats/cases?unitId=${grid.id}&${window}` };
    },
    expect: only(['admin', 'leader', 'dispatcher', 'evaluator']),
    check: (res) => expect((res.json() as { total: number }).total).toBeGreaterThan(0),
  },
  'GET /api/v1/stats/overdue': {
    build: async (f, where) => {
      const c = await newCase(f, where);
      await f.h.ctx.db
        .updateTable('case_record')
        .set({ stage: 'accept', stage_deadline: '2026-01-01T00:00:00.000Z' })
        .where('id', '=', c.id)
        .execute();
      const grid = where === 'inside' ? f.insideGrid : f.outsideGrid;
      return { method: 'GET', url: `/api/v1/stats/overdue?unitId=${grid.id}` };
    },
    expect: only(['admin', 'leader', 'dispatcher', 'evaluator']),
    check: (res) => expect((res.json() as { items: unknown[] }).items.length).toBeGreaterThan(0),
  },
  'GET /api/v1/audit': {
    build: (f, where) => ({
      method: 'GET',
      url: `/api/v1/audit?actorUserId=${where === 'inside' ? f.actors.operator.id : f.actors.admin.id + 100000}`,
    }),
    expect: (role) => (role === 'admin' ? [200, 200] : [403, 403]),
    check: listIsScoped,
  },
};

/** Routes anyone may call without signing in. */
const PUBLIC_ROUTES = ['GET /healthz', 'GET /api/v1/openapi.json', 'GET /api/v1/track'];

describeEachDialect('access matrix: route × role × jurisdiction', (get) => {
  it('has a row for every registered route', () => {
    const registered = get()
      .routes.filter((r) => !r.url.startsWith('/api/docs'))
      .map((r) => `${r.method} ${r.url}`);
    const covered = new Set([...Object.keys(MATRIX), ...PUBLIC_ROUTES]);
    expect(registered.filter((r) => !covered.has(r))).toEqual([]);
    expect(
      get()
        .routes.filter((r) => r.auth === 'public')
        .map((r) => `${r.method} ${r.url}`)
        .sort(),
    ).toEqual(['POST /api/v1/auth/login', ...PUBLIC_ROUTES].sort());
  });

  it('answers every route for every role as the matrix says', async () => {
    const h = get();
    const actors = {} as Fixture['actors'];
    for (const role of ROLES) {
      const unit = await h.unit(ACTOR_UNITS[role]);
      const username = `actor_${role}_${Date.now().toString(36)}`;
      const { id } = await createUser(
        h.ctx,
        { actor: null, clientIp: null },
        {
          username,
          displayName: role,
          password: 'matrix1234',
          mustChangePassword: false,
          memberships: [{ unitId: unit.id, role }],
        },
      );
      actors[role] = { id, username, token: await h.login(username, 'matrix1234') };
    }
    // An audit row of the inside operator, so the admin's inside audit query has something to find.
    await h.inject({ method: 'GET', url: '/api/v1/me', token: actors.operator.token });
    const grids = await h.ctx.db
      .selectFrom('org_unit')
      .innerJoin('org_geometry', 'org_geometry.unit_id', 'org_unit.id')
      .select(['org_unit.id', 'org_unit.code', 'org_unit.path', 'org_geometry.geojson'])
      .where('org_unit.code', 'in', [INSIDE_GRID, OUTSIDE_GRID])
      .execute();
    const pointIn = (geojson: string): [number, number] => {
      const ring = (JSON.parse(geojson) as [number, number][][][])[0]![0]!.slice(0, -1);
      return [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length];
    };
    const inside = grids.find((g) => g.code === INSIDE_GRID)!;
    const outside = grids.find((g) => g.code === OUTSIDE_GRID)!;
    const fixture: Fixture = {
      h,
      actors,
      insideGrid: inside,
      outsideGrid: outside,
      insidePoint: pointIn(inside.geojson),
      outsidePoint: pointIn(outside.geojson),
    };

    const mismatches: string[] = [];
    for (const [route, row] of Object.entries(MATRIX)) {
      for (const role of ROLES) {
        const [expectInside, expectOutside] = row.expect(role);
        for (const [where, expected] of [
          ['inside', expectInside],
          ['outside', expectOutside],
        ] as const) {
          const options = await row.build(fixture, where, role);
          const headers = row.anonymous
            ? (options.headers ?? {})
            : { authorization: `Bearer ${actors[role].token}`, ...(options.headers ?? {}) };
          const res = await h.app.inject({ ...options, headers });
          if (res.statusCode !== expected) {
            mismatches.push(
              `${route} as ${role} (${where}): expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 120)}`,
            );
          } else if (expected === 200 && row.check) {
            row.check(res, where, role);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    // Anonymous callers reach nothing but the public routes.
    for (const route of Object.keys(MATRIX).filter((r) => r !== 'POST /api/v1/auth/login')) {
      const options = await MATRIX[route]!.build(fixture, 'inside', 'admin');
      const res = await h.app.inject({ ...options, headers: {} });
      expect(res.statusCode, route).toBe(401);
    }
  });
});
