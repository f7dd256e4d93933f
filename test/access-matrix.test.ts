// Every route × every role × (inside, outside) the actor's jurisdiction. The actors all work in
// 城关街道 (370702001); "outside" records live in 南关街道 (370702002). A route registered without
// a row here makes the test fail: access is decided on purpose, never by accident.
//
// The expected answers are not written per role: each row declares the power its route checks
// first (the roles × powers table, common/powers.ts) and the shape of its answer — a list, a
// record in a jurisdiction, a record only some holders reach or work — and the expectation for
// each role follows from the table and from where the matrix put its records. A refusal for want
// of the declared power must also be the policy's refusal of that power (its audit record says
// which), so a row cannot name one power while its route checks another.
import { expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { ROLES, type Role } from '../common/roles.ts';
import { holds, type Power } from '../common/powers.ts';
import { beijingDay } from '../server/platform/calendar/working-days.ts';
import { describeEachDialect, type Harness } from './support/harness.ts';
import { buildCase, buildUser, type BuiltUser } from './support/factories.ts';

type Where = 'inside' | 'outside';

interface Fixture {
  h: Harness;
  actors: Record<Role, BuiltUser>;
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
const GRID: Record<Where, string> = { inside: INSIDE_GRID, outside: OUTSIDE_GRID };
const PASSWORD = 'matrix1234';

// ---------------------------------------------------------------------------------------------
// What each role should get, from the table.

type Expectation = [inside: number, outside: number];

/** How a route answers, given the power it checks first. */
interface Access {
  /** The power the route asks the policy for before anything else; null: any signed-in user. */
  power: Power | null;
  expect(role: Role): Expectation;
}

/** No power needed: every signed-in role gets `status`, wherever. */
const open = (status = 200): Access => ({ power: null, expect: () => [status, status] });

/** Holders get `ok` wherever the record or point is (a list is scoped: outside lists are empty). */
const anywhere = (power: Power, ok = 200): Access => ({
  power,
  expect: (role) => (holds(role, power) ? [ok, ok] : [403, 403]),
});

interface RecordRules {
  ok?: number;
  /** Does this role's actor reach the inside record at all (else it "does not exist", 404)? Default: yes. */
  reach?(role: Role): boolean;
  /** Of those who reach it, who may do this to it (else 403)? Default: everyone who reaches it. */
  may?(role: Role): boolean;
  /** The answer outside the actor's jurisdiction (default 404: the record does not exist for it). */
  outside?(role: Role): number;
}

/** A record in a jurisdiction: holders act on it inside; outside it does not exist for them. */
const inJurisdiction = (power: Power, rules: RecordRules = {}): Access => ({
  power,
  expect: (role) => {
    if (!holds(role, power)) return [403, 403];
    const outside = rules.outside?.(role) ?? 404;
    if (rules.reach && !rules.reach(role)) return [404, outside];
    return [rules.may && !rules.may(role) ? 403 : (rules.ok ?? 200), outside];
  },
});

/** Refused to every role in the matrix, holders included, for the reason given at the row. */
const refusedToAll = (power: Power): Access => ({ power, expect: () => [403, 403] });

/** Where the matrix put its mediation records: each side's committee, police station and justice
 * office (the matrix department's unit inside); a court for hand-offs out of mediation. */
const COMMITTEE: Record<Where, string> = { inside: ACTOR_UNITS.mediator, outside: '370702002-cmte-territorial' };
const POLICE: Record<Where, string> = { inside: '370702001-police', outside: '370702002-police' };
const JUSTICE: Record<Where, string> = { inside: ACTOR_UNITS.department, outside: '370702002-dept-justice' };
const COURT = '370702-court';

/** A member of one of `units` (inside), whatever its role. */
const memberOf =
  (...units: string[]) =>
  (role: Role) =>
    units.includes(ACTOR_UNITS[role]);

/** Reaches the inside mediation file: the region roles over the area, or a member of its committee.
 * The matrix's department (the justice office) is on no hand-off of these cases. */
const reachesFile = (role: Role) => holds(role, 'mediation:oversee') || memberOf(COMMITTEE.inside)(role);
/** A file is read by those who reach it. */
const readFile = (ok = 200) => inJurisdiction('mediation:read', { ok, reach: reachesFile });
/** A file is worked only by its committee's mediators: the others who read it are refused (403). */
const workFile = (ok = 200) =>
  inJurisdiction('mediation:read', {
    ok,
    reach: reachesFile,
    may: (role) => holds(role, 'mediation:manage') && memberOf(COMMITTEE.inside)(role),
  });

/** Reaches a hand-off: the region roles over the area, or a member of a unit at either end. */
const reachesReferral =
  (...ends: string[]) =>
  (role: Role) =>
    holds(role, 'mediation:oversee') || memberOf(...ends)(role);
/** A hand-off from the committee of a side to its justice office (inside: the matrix department's
 * unit, standing in for the court that receives an application for judicial confirmation): only
 * the receiving unit answers; the region roles and the sending committee see it but are refused. */
const answerReferral = inJurisdiction('referral:read', {
  reach: reachesReferral(COMMITTEE.inside, JUSTICE.inside),
  may: (role) => holds(role, 'referral:handle') && memberOf(JUSTICE.inside)(role),
});

/** 督办 is decided by the workflow's relations (common/workflow.ts), not by a power: a dispatcher
 * triaging at the case's centre or a leader over it. The matrix's dispatcher and leader are both. */
const SUPERVISORS: readonly Role[] = ['dispatcher', 'leader'];

const listIsScoped = (res: LightMyRequestResponse, where: Where) => {
  const items = (res.json() as { items: unknown[] }).items;
  if (where === 'inside') expect(items.length).toBeGreaterThan(0);
  else expect(items).toEqual([]);
};

// ---------------------------------------------------------------------------------------------
// Records, made through the factories (test/support/factories.ts) where there is one.

async function newUser(f: Fixture, where: Where): Promise<number> {
  const user = await buildUser(f.h, {
    role: 'operator',
    unit: where === 'inside' ? INSIDE_GRID : '370702002-centre',
    displayName: '矩阵测试',
    signIn: false,
  });
  return user.id;
}

let counter = 0;

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

/** A dispatched case: inside, reported by the matrix resident, led by the matrix department with
 * the matrix committee assisting; outside, in 南关街道 and nobody's. */
async function newCase(f: Fixture, where: Where): Promise<{ id: number; version: number }> {
  return buildCase(f.h, {
    at: GRID[where],
    title: '矩阵测试事件',
    ...(where === 'inside' ? { by: f.actors.resident } : {}),
    status: 'dispatched',
    lead: JUSTICE[where],
    assist: where === 'inside' ? [COMMITTEE.inside] : [],
  });
}

/** A dispute led by the committee of `where`. Accepted (in progress) by the committee's mediator
 * (inside: the matrix mediator), whose accept registers its mediation file. */
async function newCommitteeCase(
  f: Fixture,
  where: Where,
  status: 'dispatched' | 'in_progress' = 'in_progress',
): Promise<{ id: number; version: number; committeeId: number }> {
  const c = await buildCase(f.h, {
    at: GRID[where],
    kind: 'dispute',
    title: '矩阵测试纠纷',
    status,
    lead: COMMITTEE[where],
    ...(where === 'inside' ? { acceptedBy: f.actors.mediator } : {}),
  });
  return { id: c.id, version: c.version, committeeId: c.leadUnitId! };
}

/** A Beijing day `days` from the harness clock's today. */
const dayFromNow = (f: Fixture, days: number) =>
  beijingDay(new Date(f.h.ctx.clock.now().getTime() + days * 86_400_000));

interface FileState {
  /** An applicant and a respondent, their numbers sealed. */
  parties?: boolean;
  /** A written agreement: a draft, signed by everyone (still a draft), or in effect. */
  agreement?: 'draft' | 'signed' | 'effective';
  /** Concluded: mediation failed. */
  failed?: boolean;
}

/** The mediation file of a dispute the committee of `where` has accepted (inside, by the matrix
 * mediator, its lead mediator), with what the route needs added to it. */
async function newFile(
  f: Fixture,
  where: Where,
  state: FileState = {},
): Promise<{ id: number; caseId: number; caseVersion: number; committeeId: number; partyIds: number[] }> {
  const db = f.h.ctx.db;
  const c = await newCommitteeCase(f, where);
  const file = await db.selectFrom('mediation_file').select('id').where('case_id', '=', c.id).executeTakeFirstOrThrow();
  const now = f.h.ctx.clock.now().toISOString();
  if (state.failed) {
    await db
      .updateTable('mediation_file')
      .set({ status: 'concluded', outcome: 'no_agreement', outcome_note: '双方分歧较大，调解不成', outcome_at: now })
      .where('id', '=', file.id)
      .execute();
  }
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
  return { id: file.id, caseId: c.id, caseVersion: c.version, committeeId: c.committeeId, partyIds };
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

interface Row {
  access: Access;
  build(f: Fixture, where: Where, role: Role): Promise<InjectOptions> | InjectOptions;
  /** Sent without the actor's token (signing in must not rotate the matrix's own session away). */
  anonymous?: boolean;
  /** Extra check on a 200 response (lists: outside queries return nothing). */
  check?(res: LightMyRequestResponse, where: Where, role: Role): void;
}

const MATRIX: Record<string, Row> = {
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
        username: `n${Date.now().toString(36)}${++counter}`,
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
    access: inJurisdiction('case:create', {
      ok: 201,
      outside: (role) => (holds(role, 'case:own_reports') ? 201 : 422),
    }),
  },
  'GET /api/v1/cases': {
    build: async (f, where) => {
      await newCase(f, where);
      return {
        method: 'GET',
        url: `/api/v1/cases?unitId=${(where === 'inside' ? f.insideGrid : f.outsideGrid).id}&limit=200`,
      };
    },
    access: anywhere('case:read'),
    check: (res, where, role) => {
      // The resident also reported a case in 南关街道 (POST /cases above): their own, so listed.
      if (holds(role, 'case:own_reports')) return;
      const items = (res.json() as { items: unknown[] }).items;
      if (where === 'outside') expect(items).toEqual([]);
      else expect(items.length).toBeGreaterThan(0);
    },
  },
  'GET /api/v1/cases/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/cases/${(await newCase(f, where)).id}` }),
    access: inJurisdiction('case:read'),
  },
  'POST /api/v1/cases/:id/actions': {
    // 督办: who may supervise is the workflow's (common/workflow.ts: a dispatcher or leader covering
    // the case), not the table's; every other actor who sees the case is refused.
    build: async (f, where) => {
      const c = await newCase(f, where);
      return {
        method: 'POST',
        url: `/api/v1/cases/${c.id}/actions`,
        payload: { action: 'supervise', note: '请加快办理', version: c.version },
      };
    },
    access: inJurisdiction('case:read', { may: (role) => SUPERVISORS.includes(role) }),
  },
  // The notification queue spans the province: the matrix admin (a township's) is refused too;
  // deadlines.test.ts shows the province admin reading and retrying dead letters.
  'GET /api/v1/notifications': {
    build: () => ({ method: 'GET', url: '/api/v1/notifications?status=dead' }),
    access: refusedToAll('notification:manage'),
  },
  'POST /api/v1/notifications/:id/retry': {
    build: () => ({ method: 'POST', url: '/api/v1/notifications/1/retry' }),
    access: refusedToAll('notification:manage'),
  },
  'PATCH /api/v1/categories/:code': {
    build: () => ({ method: 'PATCH', url: '/api/v1/categories/CMP.NOISE', payload: { handleDays: 5 } }),
    // Province-wide settings: the matrix admin is a township's, so refused too.
    access: refusedToAll('category:manage'),
  },
  'POST /api/v1/cases/:id/attachments': {
    // Everyone who sees the case may add a photo or document, through a role holding case:attach.
    build: async (f, where) => {
      const { multipartFile, TINY_PNG } = await import('./support/uploads.ts');
      return {
        method: 'POST',
        url: `/api/v1/cases/${(await newCase(f, where)).id}/attachments`,
        ...multipartFile('现场.png', TINY_PNG, { contentType: 'image/png' }),
      };
    },
    access: inJurisdiction('case:read', { ok: 201, may: (role) => holds(role, 'case:attach') }),
  },
  'GET /api/v1/cases/:id/attachments': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/cases/${(await newCase(f, where)).id}/attachments` }),
    access: inJurisdiction('case:read'),
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
    access: inJurisdiction('case:read'),
  },
  'GET /api/v1/stats/cases': {
    // Figures over the cases the actor may list, within a unit of its jurisdiction (elsewhere 404).
    build: async (f, where) => {
      await newCase(f, where);
      const day = 86_400_000;
      const now = f.h.ctx.clock.now().getTime();
      const window = `from=${new Date(now - day).toISOString()}&to=${new Date(now + day).toISOString()}`;
      const grid = where === 'inside' ? f.insideGrid : f.outsideGrid;
      return { method: 'GET', url: `/api/v1/stats/cases?unitId=${grid.id}&${window}` };
    },
    access: inJurisdiction('stats:read'),
    check: (res) => expect((res.json() as { total: number }).total).toBeGreaterThan(0),
  },
  'GET /api/v1/stats/overdue': {
    build: async (f, where) => {
      const c = await newCase(f, where);
      // Past its acceptance deadline (the harness clock stands still).
      await f.h.ctx.db
        .updateTable('case_record')
        .set({ stage: 'accept', stage_deadline: '2026-01-01T00:00:00.000Z' })
        .where('id', '=', c.id)
        .execute();
      const grid = where === 'inside' ? f.insideGrid : f.outsideGrid;
      return { method: 'GET', url: `/api/v1/stats/overdue?unitId=${grid.id}` };
    },
    access: inJurisdiction('stats:read'),
    check: (res) => expect((res.json() as { items: unknown[] }).items.length).toBeGreaterThan(0),
  },
  'GET /api/v1/audit': {
    build: (f, where) => ({
      method: 'GET',
      url: `/api/v1/audit?actorUserId=${where === 'inside' ? f.actors.operator.id : f.actors.admin.id + 100000}`,
    }),
    access: anywhere('audit:read'),
    check: listIsScoped,
  },
  // Mediation files.
  'GET /api/v1/mediations': {
    // Everyone with mediation:read may list; only the files of their committee or area appear.
    build: async (f, where) => {
      const file = await newFile(f, where);
      return { method: 'GET', url: `/api/v1/mediations?committeeId=${file.committeeId}` };
    },
    access: anywhere('mediation:read'),
    check: (res, where, role) => {
      const items = (res.json() as { items: unknown[] }).items;
      if (where === 'inside' && reachesFile(role)) expect(items.length).toBeGreaterThan(0);
      else expect(items).toEqual([]);
    },
  },
  'GET /api/v1/mediations/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/mediations/${(await newFile(f, where)).id}` }),
    access: readFile(),
  },
  'GET /api/v1/cases/:id/mediation': {
    // The department leads no committee case and is on no hand-off: the case and its file are not its.
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/cases/${(await newFile(f, where)).caseId}/mediation`,
    }),
    access: readFile(),
  },
  'POST /api/v1/cases/:id/mediation': {
    // Registering a file by hand for a dispute the committee handles without one: only the lead
    // committee's mediator; region roles see the case but are refused, the department does not see it.
    build: async (f, where) => {
      const c = await newCommitteeCase(f, where);
      // A dispute accepted before mediation records existed, or imported: its file was never registered.
      await f.h.ctx.db.deleteFrom('mediation_file').where('case_id', '=', c.id).execute();
      return { method: 'POST', url: `/api/v1/cases/${c.id}/mediation` };
    },
    access: workFile(201),
  },
  'PATCH /api/v1/mediations/:id': {
    build: async (f, where) => ({
      method: 'PATCH',
      url: `/api/v1/mediations/${(await newFile(f, where)).id}`,
      payload: { version: 1, leadMediatorId: f.actors.mediator.id },
    }),
    access: workFile(),
  },
  'POST /api/v1/mediations/:id/parties': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/mediations/${(await newFile(f, where)).id}/parties`,
      payload: { role: 'applicant', kind: 'person', name: '王五', phone: '13700002222' },
    }),
    access: workFile(201),
  },
  'DELETE /api/v1/mediations/:id/parties/:partyId': {
    build: async (f, where) => {
      const file = await newFile(f, where, { parties: true });
      return { method: 'DELETE', url: `/api/v1/mediations/${file.id}/parties/${file.partyIds[0]}` };
    },
    access: workFile(),
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
    access: workFile(),
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
    access: workFile(201),
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
    access: workFile(),
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
    access: workFile(),
  },
  'POST /api/v1/mediations/:id/agreement/signatures': {
    // A draft agreement awaiting the mediator's signature.
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/mediations/${(await newFile(f, where, { agreement: 'draft' })).id}/agreement/signatures`,
      payload: { signer: 'mediator' },
    }),
    access: workFile(),
  },
  'POST /api/v1/mediations/:id/agreement/effective': {
    // Every party, the mediator and the committee's seal are on it.
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/mediations/${(await newFile(f, where, { agreement: 'signed' })).id}/agreement/effective`,
    }),
    access: workFile(),
  },
  'POST /api/v1/mediations/:id/outcome': {
    // Resolves the case too: the committee's mediator is its lead handler.
    build: async (f, where) => {
      const file = await newFile(f, where);
      return {
        method: 'POST',
        url: `/api/v1/mediations/${file.id}/outcome`,
        payload: { outcome: 'no_agreement', note: '双方分歧较大，调解不成', caseVersion: file.caseVersion },
      };
    },
    access: workFile(),
  },
  'POST /api/v1/mediations/:id/follow-ups': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/mediations/${(await newFile(f, where, { agreement: 'effective' })).id}/follow-ups`,
      payload: { performance: 'kept', note: '回访张三，杂物已清理' },
    }),
    access: workFile(201),
  },
  'POST /api/v1/mediations/:id/judicial-confirmation': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/mediations/${(await newFile(f, where, { agreement: 'effective' })).id}/judicial-confirmation`,
      payload: { courtId: (await f.h.unit(COURT)).id },
    }),
    access: workFile(201),
  },
  'POST /api/v1/mediations/:id/refer-to-court': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/mediations/${(await newFile(f, where, { failed: true })).id}/refer-to-court`,
      payload: { courtId: (await f.h.unit(COURT)).id, note: '调解不成，引导诉讼' },
    }),
    access: workFile(201),
  },
  // The agreement with the parties' numbers in clear: printed only by the committee's mediator (and
  // a court on a hand-off of the case, not in the matrix); region roles read the file but get 403.
  'GET /api/v1/mediations/:id/agreement.docx': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/mediations/${(await newFile(f, where, { agreement: 'effective' })).id}/agreement.docx`,
    }),
    access: workFile(),
  },
  'GET /api/v1/mediations/:id/agreement.html': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/mediations/${(await newFile(f, where, { agreement: 'effective' })).id}/agreement.html`,
    }),
    access: workFile(),
  },
  'GET /api/v1/stats/mediation': {
    // Figures of one committee: its mediator's and the area's; the department has no committee or
    // area in its mediation scope, so the committee is not found (404) inside too.
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/stats/mediation?unitId=${(await newFile(f, where)).committeeId}`,
    }),
    access: readFile(),
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
    access: refusedToAll('referral:create'),
  },
  'GET /api/v1/referrals': {
    // The inbox of the actor's own units: the matrix committee's hand-offs reach its members only;
    // 南关街道's never reach anyone here.
    build: async (f, where) => {
      await newIncomingReferral(f, where);
      return { method: 'GET', url: '/api/v1/referrals?box=received&limit=100' };
    },
    access: anywhere('referral:read'),
    check: (res, where, role) => {
      const refs = (res.json() as { items: { externalRef: string | null }[] }).items.map((r) => r.externalRef ?? '');
      expect(refs.filter((r) => r.startsWith('矩阵-outside'))).toEqual([]);
      if (where === 'inside')
        expect(refs.some((r) => r.startsWith('矩阵-inside'))).toBe(memberOf(COMMITTEE.inside)(role));
    },
  },
  'GET /api/v1/referrals/:id': {
    // Either end of the hand-off (a police station to the matrix committee) or a region role over
    // the case; the justice office is neither (404).
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/referrals/${await newIncomingReferral(f, where)}` }),
    access: inJurisdiction('referral:read', { reach: reachesReferral(POLICE.inside, COMMITTEE.inside) }),
  },
  // Only the receiving unit answers: region roles and the sending committee's mediator see the
  // hand-off but are refused (403).
  'POST /api/v1/referrals/:id/receipt': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/referrals/${await newOutgoingReferral(f, where)}/receipt`,
    }),
    access: answerReferral,
  },
  'POST /api/v1/referrals/:id/result': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/referrals/${await newOutgoingReferral(f, where)}/result`,
      payload: { outcome: 'confirmed', result: '（2026）鲁0702民特1号民事裁定书：确认调解协议有效' },
    }),
    access: answerReferral,
  },
  // 公开听证.
  'GET /api/v1/cases/:id/hearings': {
    // Whoever reads the case, except grid workers and residents (no hearing:read).
    build: async (f, where) => {
      const c = await newCase(f, where);
      await newHearing(f, c.id, hoursFromNow(f, 48));
      return { method: 'GET', url: `/api/v1/cases/${c.id}/hearings` };
    },
    access: inJurisdiction('hearing:read'),
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
    access: inJurisdiction('hearing:manage', { ok: 201 }),
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
    access: anywhere('hearing:read'),
    check: listIsScoped,
  },
  'POST /api/v1/hearings/:id/record': {
    // Held an hour ago, on a committee's case.
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/hearings/${await newHearing(f, (await newCommitteeCase(f, where)).id, hoursFromNow(f, -1))}/record`,
      payload: { version: 1, record: '听证会如期举行，各方充分发表意见', outcome: '听证员多数意见：限期清理' },
    }),
    access: inJurisdiction('hearing:manage'),
  },
  'POST /api/v1/hearings/:id/cancel': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/hearings/${await newHearing(f, (await newCommitteeCase(f, where)).id, hoursFromNow(f, 72))}/cancel`,
      payload: { version: 1, reason: '当事人已自行和解' },
    }),
    access: inJurisdiction('hearing:manage'),
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
      actors[role] = await buildUser(h, { role, unit: ACTOR_UNITS[role], displayName: role, password: PASSWORD });
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
        const [expectInside, expectOutside] = row.access.expect(role);
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
          } else if (row.access.power !== null && !holds(role, row.access.power)) {
            // Refused for want of the declared power: the policy's denial names that power.
            const denial = await h.ctx.db
              .selectFrom('audit_log')
              .select(['action', 'outcome'])
              .where('actor_user_id', '=', actors[role].id)
              .orderBy('seq', 'desc')
              .executeTakeFirst();
            if (denial?.outcome !== 'denied' || denial.action !== row.access.power) {
              mismatches.push(
                `${route} as ${role} (${where}): declared ${row.access.power}, but the refusal was for ${denial?.action}`,
              );
            }
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
