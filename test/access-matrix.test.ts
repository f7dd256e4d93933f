// Every route × every role × (inside, outside) the actor's jurisdiction. The actors all work in
// 城关街道 (370702001); "outside" records live in 南关街道 (370702002). A route registered without
// a row here makes the test fail: access is decided on purpose, never by accident.
import { expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { ROLES, type Role } from '../common/roles.ts';
import { createUser } from '../server/modules/auth/index.ts';
import { beijingDay } from '../server/platform/calendar/working-days.ts';
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

/** A case_record row in the inside or outside grid, led by `lead.unitId`; inside, the matrix
 * resident reported it. */
async function insertCase(
  f: Fixture,
  where: Where,
  lead: { unitId: number; status?: 'dispatched' | 'in_progress'; dispute?: boolean },
): Promise<number> {
  const grid = where === 'inside' ? f.insideGrid : f.outsideGrid;
  const now = new Date().toISOString();
  const centre = await f.h.unit(where === 'inside' ? '370702001-centre' : '370702002-centre');
  const row = await f.h.ctx.db
    .insertInto('case_record')
    .values({
      number: `M-${where}-${Date.now().toString(36)}-${++counter}`,
      title: lead.dispute ? '矩阵测试纠纷' : '矩阵测试事件',
      description: lead.dispute ? '矩阵测试纠纷：邻里之间因通道堆物发生争执' : '矩阵测试事件：邻里噪音',
      kind: lead.dispute ? 'dispute' : 'complaint',
      category_code: lead.dispute ? 'DSP.NEIGHBOUR' : 'CMP.NOISE',
      channel: 'window',
      status: lead.status ?? 'dispatched',
      version: 1,
      region_id: grid.id,
      region_path: grid.path,
      grid_id: grid.id,
      centre_id: centre.id,
      lead_unit_id: lead.unitId,
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
      stage: lead.status === 'in_progress' ? 'handle' : null,
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
  return row.id;
}

async function assign(f: Fixture, caseId: number, units: { unitId: number; role: 'lead' | 'assist' }[]) {
  const now = new Date().toISOString();
  await f.h.ctx.db
    .insertInto('case_assignment')
    .values(
      units.map((u) => ({
        case_id: caseId,
        unit_id: u.unitId,
        role: u.role,
        active: 1,
        deadline: null,
        reported_at: null,
        note: null,
        created_at: now,
      })),
    )
    .execute();
}

/** A dispatched case: inside, reported by the matrix resident, led by the matrix department
 * with the matrix committee assisting; outside, in 南关街道 and nobody's. */
async function newCase(f: Fixture, where: Where): Promise<{ id: number; version: number }> {
  const lead = await f.h.unit(where === 'inside' ? ACTOR_UNITS.department : '370702002-dept-justice');
  const id = await insertCase(f, where, { unitId: lead.id });
  const assist = await f.h.unit(ACTOR_UNITS.mediator);
  await assign(f, id, [
    { unitId: lead.id, role: 'lead' },
    ...(where === 'inside' ? [{ unitId: assist.id, role: 'assist' as const }] : []),
  ]);
  return { id, version: 1 };
}

// ---------------------------------------------------------------------------------------------
// Mediation (mediation.policy.ts): a file is read by its committee's members and the region roles
// over the case's area, worked only by the committee's mediators; a court or police station on a
// hand-off of the case reads it too (the matrix has none: its department is the justice office).

/** The committee of each side: inside, the matrix mediator's. */
const COMMITTEE: Record<Where, string> = { inside: ACTOR_UNITS.mediator, outside: '370702002-cmte-territorial' };
/** Each side's police station, a unit that refers disputes into mediation (警调对接). */
const POLICE: Record<Where, string> = { inside: '370702001-police', outside: '370702002-police' };
/** Each side's justice office: the matrix department's unit inside. */
const JUSTICE: Record<Where, string> = { inside: ACTOR_UNITS.department, outside: '370702002-dept-justice' };
const COURT = '370702-court';

/** Region roles that read every mediation file, hand-off and figure of their area. */
const FILE_OVERSIGHT: Role[] = ['admin', 'leader', 'dispatcher', 'evaluator'];
/** Roles holding mediation:read and referral:read (access.policy.ts). */
const MEDIATION_READ: Role[] = [...FILE_OVERSIGHT, 'mediator', 'department'];
const REFERRAL_READ: Role[] = [...FILE_OVERSIGHT, 'mediator', 'department'];
const HEARING_READ: Role[] = ['admin', 'leader', 'dispatcher', 'operator', 'department', 'mediator', 'evaluator'];
/** 公开听证: a centre's dispatcher or a leader over the case, or the lead committee's mediator. */
const HEARING_MANAGE: Role[] = ['dispatcher', 'leader', 'mediator'];

/** A file of the matrix committee (inside) or of 南关街道's (outside): its mediator and the region
 * roles read it; the justice office's department, on no hand-off of the case, finds nothing (404);
 * operators, grid workers and residents hold no mediation permission (403). */
const readFile =
  (ok = 200) =>
  (role: Role): Expectation =>
    [...FILE_OVERSIGHT, 'mediator'].includes(role) ? [ok, 404] : role === 'department' ? [404, 404] : [403, 403];
/** Only the committee's mediator works its file: the region roles see it but are refused (403). */
const workFile =
  (ok = 200) =>
  (role: Role): Expectation =>
    role === 'mediator'
      ? [ok, 404]
      : FILE_OVERSIGHT.includes(role)
        ? [403, 404]
        : role === 'department'
          ? [404, 404]
          : [403, 403];

/** A Beijing day `days` from the harness clock's today. */
const dayFromNow = (f: Fixture, days: number) =>
  beijingDay(new Date(f.h.ctx.clock.now().getTime() + days * 86_400_000));

/** A dispute led by the committee of `where`, assigned to it and in the state given. */
async function newCommitteeCase(
  f: Fixture,
  where: Where,
  status: 'dispatched' | 'in_progress' = 'in_progress',
): Promise<{ id: number; committeeId: number }> {
  const committee = await f.h.unit(COMMITTEE[where]);
  const id = await insertCase(f, where, { unitId: committee.id, status, dispute: true });
  await assign(f, id, [{ unitId: committee.id, role: 'lead' }]);
  return { id, committeeId: committee.id };
}

interface FileState {
  /** An applicant and a respondent, their numbers sealed. */
  parties?: boolean;
  /** A written agreement: a draft, signed by everyone (still a draft), or in effect. */
  agreement?: 'draft' | 'signed' | 'effective';
  /** Concluded: mediation failed. */
  failed?: boolean;
}

/** A registered mediation file on a case being handled by the committee of `where` (the state the
 * accept hook leaves, inside led by the matrix mediator), with what the route needs. */
async function newFile(
  f: Fixture,
  where: Where,
  state: FileState = {},
): Promise<{ id: number; caseId: number; committeeId: number; partyIds: number[] }> {
  const db = f.h.ctx.db;
  const c = await newCommitteeCase(f, where);
  const now = f.h.ctx.clock.now().toISOString();
  const file = await db
    .insertInto('mediation_file')
    .values({
      case_id: c.id,
      committee_id: c.committeeId,
      number: `矩阵调〔2026〕${++counter}号`,
      status: state.failed ? 'concluded' : 'open',
      lead_mediator_id: where === 'inside' ? f.actors.mediator.id : null,
      assist_mediator_ids: '[]',
      registered_at: now,
      deadline: new Date(f.h.ctx.clock.now().getTime() + 30 * 86_400_000).toISOString(),
      extension: null,
      outcome: state.failed ? 'no_agreement' : null,
      outcome_note: state.failed ? '双方分歧较大，调解不成' : null,
      outcome_at: state.failed ? now : null,
      version: 1,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const partyIds: number[] = [];
  if (state.parties || state.agreement) {
    for (const [role, name, phone, idNumber] of [
      ['applicant', '张三', '13800001111', '370702198003051235'],
      ['respondent', '李四', '13900002222', '370702198506120028'],
    ] as const) {
      const party = await db
        .insertInto('mediation_party')
        .values({
          file_id: file.id,
          role,
          kind: 'person',
          name,
          gender: null,
          ethnicity: null,
          birth_date: null,
          id_number_enc: f.h.ctx.cipher.encrypt(idNumber),
          id_number_hash: f.h.ctx.cipher.blindIndex(idNumber),
          phone_enc: f.h.ctx.cipher.encrypt(phone),
          phone_hash: f.h.ctx.cipher.blindIndex(phone),
          address: null,
          representative: null,
          credit_code: null,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      partyIds.push(party.id);
    }
  }
  if (state.agreement) {
    const effective = state.agreement === 'effective';
    const agreement = await db
      .insertInto('mediation_agreement')
      .values({
        file_id: file.id,
        form: 'written',
        facts: '李四在楼道堆放杂物，阻碍张三通行，双方多次争执。',
        issues: '杂物清理及今后通道使用。',
        responsibilities: '李四对堵塞通道负主要责任。',
        terms: JSON.stringify(['李四于三日内清理楼道杂物。', '双方今后不在公共通道堆物。']),
        performance_manner: '李四自行清理，社区监督',
        performance_deadline: dayFromNow(f, 30),
        copies: 3,
        status: effective ? 'effective' : 'draft',
        effective_at: effective ? now : null,
        confirmation_deadline: effective ? dayFromNow(f, 30) : null,
        performance: 'pending',
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (state.agreement !== 'draft') {
      await db
        .insertInto('agreement_signature')
        .values(
          [...partyIds.map((id) => `party:${id}`), 'mediator', 'committee'].map((key) => ({
            agreement_id: agreement.id,
            signer_key: key,
            party_id: key.startsWith('party:') ? Number(key.slice(6)) : null,
            user_id: key === 'mediator' && where === 'inside' ? f.actors.mediator.id : null,
            method: key === 'committee' ? ('seal' as const) : ('signature' as const),
            signed_at: now,
            recorded_by: null,
          })),
        )
        .execute();
    }
  }
  return { id: file.id, caseId: c.id, committeeId: c.committeeId, partyIds };
}

/** A hand-off of `caseId` from one unit to another, not yet answered. */
async function newReferral(
  f: Fixture,
  caseId: number,
  r: { kind: 'police' | 'judicial_confirmation'; from: string; to: string; externalRef: string },
): Promise<number> {
  const row = await f.h.ctx.db
    .insertInto('referral')
    .values({
      case_id: caseId,
      kind: r.kind,
      from_unit_id: (await f.h.unit(r.from)).id,
      to_unit_id: (await f.h.unit(r.to)).id,
      external_ref: r.externalRef,
      note: null,
      deadline: dayFromNow(f, 30),
      status: 'sent',
      sent_at: f.h.ctx.clock.now().toISOString(),
      sent_by: null,
      received_at: null,
      received_by: null,
      result_outcome: null,
      result: null,
      returned_at: null,
      returned_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A police station's hand-off into mediation (警调对接): to the committee of `where`. */
async function newIncomingReferral(f: Fixture, where: Where): Promise<number> {
  const c = await newCommitteeCase(f, where, 'dispatched');
  return newReferral(f, c.id, {
    kind: 'police',
    from: POLICE[where],
    to: COMMITTEE[where],
    externalRef: `矩阵-${where}-${++counter}`,
  });
}

/** A hand-off from a committee awaiting the receiving unit's receipt and result. The matrix has no
 * court actor: the application for judicial confirmation is addressed to the justice office of
 * `where`, the matrix department's unit inside, standing in for the court that receives it. */
async function newOutgoingReferral(f: Fixture, where: Where): Promise<number> {
  const file = await newFile(f, where, { agreement: 'effective' });
  return newReferral(f, file.caseId, {
    kind: 'judicial_confirmation',
    from: COMMITTEE[where],
    to: JUSTICE[where],
    externalRef: `矩阵调-${where}-${++counter}`,
  });
}

async function newHearing(f: Fixture, caseId: number, scheduledAt: Date): Promise<number> {
  const now = f.h.ctx.clock.now().toISOString();
  const row = await f.h.ctx.db
    .insertInto('hearing')
    .values({
      case_id: caseId,
      title: '矩阵测试听证会',
      scheduled_at: scheduledAt.toISOString(),
      place: '城关街道办事处会议室',
      agenda: '一、双方陈述；二、听证员评议',
      participants: JSON.stringify([{ name: '王律师', kind: 'lawyer', unitId: null }]),
      status: 'scheduled',
      record: null,
      outcome: null,
      held_at: null,
      convened_by: null,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const hoursFromNow = (f: Fixture, hours: number) => new Date(f.h.ctx.clock.now().getTime() + hours * 3_600_000);

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
  'GET /api/v1/units/:id/grid-geometries': {
    build: (f, where) => ({
      method: 'GET',
      url: `/api/v1/units/${(where === 'inside' ? f.insideGrid : f.outsideGrid).id}/grid-geometries`,
    }),
    expect: (role) => (STAFF.includes(role) ? [200, 200] : [403, 403]),
    check: listIsScoped,
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
  // Mediation files.
  'GET /api/v1/mediations': {
    // Everyone with mediation:read may list; only the files of their committee or area appear
    // (the justice office's department: none, it is on no hand-off).
    build: async (f, where) => {
      const file = await newFile(f, where);
      return { method: 'GET', url: `/api/v1/mediations?committeeId=${file.committeeId}` };
    },
    expect: (role) => (MEDIATION_READ.includes(role) ? [200, 200] : [403, 403]),
    check: (res, where, role) => {
      const items = (res.json() as { items: unknown[] }).items;
      if (where === 'inside' && role !== 'department') expect(items.length).toBeGreaterThan(0);
      else expect(items).toEqual([]);
    },
  },
  'GET /api/v1/mediations/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/mediations/${(await newFile(f, where)).id}` }),
    expect: readFile(),
  },
  'GET /api/v1/cases/:id/mediation': {
    // The department leads no committee case and is on no hand-off: the case and its file are not its.
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/cases/${(await newFile(f, where)).caseId}/mediation`,
    }),
    expect: readFile(),
  },
  'POST /api/v1/cases/:id/mediation': {
    // Registering a file by hand for a dispute the committee handles without one: only the lead
    // committee's mediator; region roles see the case but are refused, the department does not see it.
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/cases/${(await newCommitteeCase(f, where)).id}/mediation`,
    }),
    expect: workFile(201),
  },
  'PATCH /api/v1/mediations/:id': {
    build: async (f, where) => ({
      method: 'PATCH',
      url: `/api/v1/mediations/${(await newFile(f, where)).id}`,
      payload: { version: 1, leadMediatorId: f.actors.mediator.id },
    }),
    expect: workFile(),
  },
  'POST /api/v1/mediations/:id/parties': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/mediations/${(await newFile(f, where)).id}/parties`,
      payload: { role: 'applicant', kind: 'person', name: '王五', phone: '13700002222' },
    }),
    expect: workFile(201),
  },
  'DELETE /api/v1/mediations/:id/parties/:partyId': {
    build: async (f, where) => {
      const file = await newFile(f, where, { parties: true });
      return { method: 'DELETE', url: `/api/v1/mediations/${file.id}/parties/${file.partyIds[0]}` };
    },
    expect: workFile(),
  },
  'POST /api/v1/mediations/:id/parties/:partyId/reveal': {
    // Clear numbers only for the committee's mediator: readers of the file see them masked.
    build: async (f, where) => {
      const file = await newFile(f, where, { parties: true });
      return {
        method: 'POST',
        url: `/api/v1/mediations/${file.id}/parties/${file.partyIds[0]}/reveal`,
        payload: { fields: ['phone', 'idNumber'] },
      };
    },
    expect: workFile(),
  },
  'POST /api/v1/mediations/:id/sessions': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/mediations/${(await newFile(f, where)).id}/sessions`,
      payload: {
        heldAt: f.h.ctx.clock.now().toISOString(),
        place: '城关街道人民调解室',
        attendees: ['张三', '李四', '调解员'],
        record: '双方陈述堆物经过，各执一词',
      },
    }),
    expect: workFile(201),
  },
  'POST /api/v1/mediations/:id/extension': {
    // Both sides consent (every party named).
    build: async (f, where) => {
      const file = await newFile(f, where, { parties: true });
      return {
        method: 'POST',
        url: `/api/v1/mediations/${file.id}/extension`,
        payload: { until: dayFromNow(f, 60), consent: '双方当事人书面同意延长', partyIds: file.partyIds },
      };
    },
    expect: workFile(),
  },
  'PUT /api/v1/mediations/:id/agreement': {
    build: async (f, where) => ({
      method: 'PUT',
      url: `/api/v1/mediations/${(await newFile(f, where, { parties: true })).id}/agreement`,
      payload: {
        form: 'written',
        facts: '李四在楼道堆放杂物，阻碍张三通行，双方多次争执。',
        issues: '杂物清理及今后通道使用。',
        responsibilities: '李四对堵塞通道负主要责任。',
        terms: ['李四于三日内清理楼道杂物。'],
        performanceManner: '李四自行清理，社区监督',
        performanceDeadline: dayFromNow(f, 30),
      },
    }),
    expect: workFile(),
  },
  'POST /api/v1/mediations/:id/agreement/signatures': {
    // A draft agreement awaiting the mediator's signature.
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/mediations/${(await newFile(f, where, { agreement: 'draft' })).id}/agreement/signatures`,
      payload: { signer: 'mediator' },
    }),
    expect: workFile(),
  },
  'POST /api/v1/mediations/:id/agreement/effective': {
    // Every party, the mediator and the committee's seal are on it.
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/mediations/${(await newFile(f, where, { agreement: 'signed' })).id}/agreement/effective`,
    }),
    expect: workFile(),
  },
  'POST /api/v1/mediations/:id/outcome': {
    // Resolves the case too: the committee's mediator is its lead handler.
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/mediations/${(await newFile(f, where)).id}/outcome`,
      payload: { outcome: 'no_agreement', note: '双方分歧较大，调解不成', caseVersion: 1 },
    }),
    expect: workFile(),
  },
  'POST /api/v1/mediations/:id/follow-ups': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/mediations/${(await newFile(f, where, { agreement: 'effective' })).id}/follow-ups`,
      payload: { performance: 'kept', note: '回访张三，杂物已清理' },
    }),
    expect: workFile(201),
  },
  'POST /api/v1/mediations/:id/judicial-confirmation': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/mediations/${(await newFile(f, where, { agreement: 'effective' })).id}/judicial-confirmation`,
      payload: { courtId: (await f.h.unit(COURT)).id },
    }),
    expect: workFile(201),
  },
  'POST /api/v1/mediations/:id/refer-to-court': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/mediations/${(await newFile(f, where, { failed: true })).id}/refer-to-court`,
      payload: { courtId: (await f.h.unit(COURT)).id, note: '调解不成，引导诉讼' },
    }),
    expect: workFile(201),
  },
  // The agreement with the parties' numbers in clear: printed only by the committee's mediator (and
  // a court on a hand-off of the case, not in the matrix); region roles read the file but get 403.
  'GET /api/v1/mediations/:id/agreement.docx': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/mediations/${(await newFile(f, where, { agreement: 'effective' })).id}/agreement.docx`,
    }),
    expect: workFile(),
  },
  'GET /api/v1/mediations/:id/agreement.html': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/mediations/${(await newFile(f, where, { agreement: 'effective' })).id}/agreement.html`,
    }),
    expect: workFile(),
  },
  'GET /api/v1/stats/mediation': {
    // Figures of one committee: its mediator's and the area's; the department has no committee or
    // area in its mediation scope, so the committee is not found (404) inside too.
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/stats/mediation?unitId=${(await newFile(f, where)).committeeId}`,
    }),
    expect: readFile(),
    check: (res) => expect((res.json() as { committees: { files: number }[] }).committees[0]?.files).toBeGreaterThan(0),
  },
  // Hand-offs (诉调/警调/访调对接).
  'POST /api/v1/referrals': {
    // Only a court, police station or petition office refers a dispute. The matrix department is
    // the justice office, not a referring unit: refused by the use case (403), by design; every
    // other role lacks referral:create. mediation.test.ts shows a court referring.
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/referrals',
      payload: {
        toUnitId: (await f.h.unit(COMMITTEE[where])).id,
        externalRef: '（2026）鲁0702民诉前调1号',
        case: {
          kind: 'dispute',
          categoryCode: 'DSP.NEIGHBOUR',
          description: '邻里之间因通道堆物发生争执',
          unitId: (where === 'inside' ? f.insideGrid : f.outsideGrid).id,
        },
      },
    }),
    expect: () => [403, 403],
  },
  'GET /api/v1/referrals': {
    // The inbox of the actor's own units: the matrix committee's hand-offs reach its mediator only;
    // 南关街道's never reach anyone here.
    build: async (f, where) => {
      await newIncomingReferral(f, where);
      return { method: 'GET', url: '/api/v1/referrals?box=received&limit=100' };
    },
    expect: (role) => (REFERRAL_READ.includes(role) ? [200, 200] : [403, 403]),
    check: (res, where, role) => {
      const refs = (res.json() as { items: { externalRef: string | null }[] }).items.map((r) => r.externalRef ?? '');
      expect(refs.filter((r) => r.startsWith('矩阵-outside'))).toEqual([]);
      if (where === 'inside') expect(refs.some((r) => r.startsWith('矩阵-inside'))).toBe(role === 'mediator');
    },
  },
  'GET /api/v1/referrals/:id': {
    // Either end of the hand-off (the committee's mediator) or a region role over the case; the
    // justice office is neither (404).
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/referrals/${await newIncomingReferral(f, where)}` }),
    expect: (role) =>
      [...FILE_OVERSIGHT, 'mediator'].includes(role)
        ? [200, 404]
        : REFERRAL_READ.includes(role)
          ? [404, 404]
          : [403, 403],
  },
  // Only the receiving unit answers: region roles and the sending committee's mediator see the
  // hand-off but are refused (403).
  'POST /api/v1/referrals/:id/receipt': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/referrals/${await newOutgoingReferral(f, where)}/receipt`,
    }),
    expect: (role) =>
      role === 'department' ? [200, 404] : [...FILE_OVERSIGHT, 'mediator'].includes(role) ? [403, 404] : [403, 403],
  },
  'POST /api/v1/referrals/:id/result': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/referrals/${await newOutgoingReferral(f, where)}/result`,
      payload: { outcome: 'confirmed', result: '（2026）鲁0702民特1号民事裁定书：确认调解协议有效' },
    }),
    expect: (role) =>
      role === 'department' ? [200, 404] : [...FILE_OVERSIGHT, 'mediator'].includes(role) ? [403, 404] : [403, 403],
  },
  // 公开听证.
  'GET /api/v1/cases/:id/hearings': {
    // Whoever reads the case, except grid workers and residents (no hearing:read).
    build: async (f, where) => {
      const c = await newCase(f, where);
      await newHearing(f, c.id, hoursFromNow(f, 48));
      return { method: 'GET', url: `/api/v1/cases/${c.id}/hearings` };
    },
    expect: only(HEARING_READ),
  },
  'POST /api/v1/cases/:id/hearings': {
    // On a committee's case: the dispatcher and the leader over it, and the lead committee's mediator.
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/cases/${(await newCommitteeCase(f, where)).id}/hearings`,
      payload: {
        title: '通道堆物纠纷公开听证会',
        scheduledAt: hoursFromNow(f, 48).toISOString(),
        place: '城关街道办事处会议室',
        agenda: '一、双方陈述；二、听证员评议',
        participants: [
          { name: '王律师', kind: 'lawyer' },
          { name: '居民代表', kind: 'resident' },
        ],
      },
    }),
    expect: only(HEARING_MANAGE, 201),
  },
  'GET /api/v1/hearings': {
    // A window holding only this side's hearings (inside in 10 days, outside in 11).
    build: async (f, where) => {
      const at = hoursFromNow(f, where === 'inside' ? 240 : 264);
      await newHearing(f, (await newCase(f, where)).id, at);
      const from = encodeURIComponent(new Date(at.getTime() - 60_000).toISOString());
      const to = encodeURIComponent(new Date(at.getTime() + 60_000).toISOString());
      return { method: 'GET', url: `/api/v1/hearings?from=${from}&to=${to}` };
    },
    expect: (role) => (HEARING_READ.includes(role) ? [200, 200] : [403, 403]),
    check: listIsScoped,
  },
  'POST /api/v1/hearings/:id/record': {
    // Held an hour ago, on a committee's case.
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/hearings/${await newHearing(f, (await newCommitteeCase(f, where)).id, hoursFromNow(f, -1))}/record`,
      payload: { version: 1, record: '听证会如期举行，各方充分发表意见', outcome: '听证员多数意见：限期清理' },
    }),
    expect: only(HEARING_MANAGE),
  },
  'POST /api/v1/hearings/:id/cancel': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/hearings/${await newHearing(f, (await newCommitteeCase(f, where)).id, hoursFromNow(f, 72))}/cancel`,
      payload: { version: 1, reason: '当事人已自行和解' },
    }),
    expect: only(HEARING_MANAGE),
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

  // About 1,000 requests, each building its own records: minutes on a loaded 2-core machine.
  it('answers every route for every role as the matrix says', { timeout: 300_000 }, async () => {
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
