// Access-matrix rows: points and the civilisation bank, the recognition board (issue 19 §3, §5).
// Inside is the matrix resident's village (370702001001, in every staff actor's township; the grid
// worker's grid lies below it, so a village's ledgers, rewards and counter are not the grid
// worker's); outside is 370702002001. Each row builds its own holder, reward, code or nomination.
import type { Role } from '../../common/roles.ts';
import { buildUser } from '../support/factories.ts';
import type { Fixture, Row, Where } from './expectations.ts';
import { anywhere, inJurisdiction, open } from './expectations.ts';

const VILLAGE: Record<Where, string> = { inside: '370702001001', outside: '370702002001' };
/** A village's records are out of reach of a worker of a grid below it. */
const notGridWorker = (role: Role) => role !== 'grid_worker';

async function village(f: Fixture, where: Where) {
  const row = await f.h.ctx.db
    .selectFrom('org_unit')
    .select(['id', 'path'])
    .where('code', '=', VILLAGE[where])
    .executeTakeFirstOrThrow();
  return row;
}

async function newHolder(f: Fixture, where: Where): Promise<number> {
  const user = await buildUser(f.h, { role: 'resident', unit: VILLAGE[where], displayName: '矩阵居民', signIn: false });
  return user.id;
}

async function newReward(f: Fixture, where: Where): Promise<number> {
  const v = await village(f, where);
  const at = f.h.clock.now().toISOString();
  const row = await f.h.ctx.db
    .insertInto('point_reward')
    .values({
      unit_id: v.id,
      unit_path: v.path,
      name: '矩阵奖品',
      description: null,
      cost: 1,
      stock: 1000,
      active: 1,
      created_by: f.actors.admin.id,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

let codes = 0;
async function newCode(f: Fixture, where: Where): Promise<string> {
  const rewardId = await newReward(f, where);
  const v = await village(f, where);
  const code = `MX${String(++codes).padStart(4, '0')}${Date.now().toString(36).slice(-2).toUpperCase()}`;
  await f.h.ctx.db
    .insertInto('point_redemption')
    .values({
      reward_id: rewardId,
      user_id: f.actors.resident.id,
      unit_path: v.path,
      cost: 1,
      code,
      status: 'issued',
      created_at: f.h.clock.now().toISOString(),
    })
    .execute();
  return code;
}

async function newNomination(f: Fixture, where: Where): Promise<number> {
  const v = await village(f, where);
  const row = await f.h.ctx.db
    .insertInto('recognition')
    .values({
      unit_id: v.id,
      unit_path: v.path,
      nominee_name: '矩阵好人',
      nominee_user_id: null,
      deed: '矩阵测试事迹：扶老人过马路',
      nominated_by: f.actors.resident.id,
      nominated_at: f.h.clock.now().toISOString(),
      status: 'pending',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The matrix resident can afford any matrix reward. */
async function fund(f: Fixture): Promise<void> {
  await f.h.ctx.db
    .insertInto('point_account')
    .values({
      user_id: f.actors.resident.id,
      unit_id: null,
      unit_path: null,
      balance: 1000,
      earned: 0,
      updated_at: f.h.clock.now().toISOString(),
    })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ balance: 1000 }))
    .execute();
}

export const POINTS_ROWS: Record<string, Row> = {
  'GET /api/v1/points/rules': {
    build: () => ({ method: 'GET', url: '/api/v1/points/rules' }),
    access: anywhere('points:rules_read'),
  },
  'PUT /api/v1/points/rules': {
    build: () => ({
      method: 'PUT',
      url: '/api/v1/points/rules',
      payload: {
        rules: [{ code: 'vote', name: '参与议事投票', points: 2, cap: 20, capPeriod: 'month', active: true }],
      },
    }),
    access: anywhere('points:rules_manage'),
  },
  'GET /api/v1/points/me': {
    build: () => ({ method: 'GET', url: '/api/v1/points/me' }),
    access: anywhere('points:own'),
  },
  'GET /api/v1/points/ledger': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/points/ledger?personId=${await newHolder(f, where)}` }),
    access: inJurisdiction('points:read', { reach: notGridWorker }),
  },
  'GET /api/v1/points/rewards': {
    build: () => ({ method: 'GET', url: '/api/v1/points/rewards' }),
    access: anywhere('points:catalogue'),
  },
  'POST /api/v1/points/rewards': {
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/points/rewards',
      payload: { unitId: (await village(f, where)).id, name: '矩阵奖品', cost: 5, stock: 3 },
    }),
    access: inJurisdiction('points:counter', { ok: 201, reach: notGridWorker }),
  },
  'PATCH /api/v1/points/rewards/:id': {
    build: async (f, where) => ({
      method: 'PATCH',
      url: `/api/v1/points/rewards/${await newReward(f, where)}`,
      payload: { stock: 7 },
    }),
    access: inJurisdiction('points:counter', { reach: notGridWorker }),
  },
  'POST /api/v1/points/redemptions': {
    build: async (f, where) => {
      await fund(f);
      return { method: 'POST', url: '/api/v1/points/redemptions', payload: { rewardId: await newReward(f, where) } };
    },
    access: inJurisdiction('points:own', { ok: 201 }),
  },
  'POST /api/v1/points/redemptions/check': {
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/points/redemptions/check',
      payload: { code: await newCode(f, where) },
    }),
    access: inJurisdiction('points:counter', { reach: notGridWorker }),
  },
  'GET /api/v1/points/leaderboard': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/points/leaderboard?unitId=${(await village(f, where)).id}`,
    }),
    access: inJurisdiction('points:catalogue', { reach: notGridWorker }),
  },
  'POST /api/v1/points/adjustments': {
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/points/adjustments',
      payload: { userId: await newHolder(f, where), amount: 3, reason: '矩阵补录' },
    }),
    access: inJurisdiction('points:adjust'),
  },
  'POST /api/v1/recognitions': {
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/recognitions',
      payload: { unitId: (await village(f, where)).id, nomineeName: '矩阵好人', deed: '矩阵测试事迹：扶老人过马路' },
    }),
    access: inJurisdiction('recognition:nominate', { ok: 201, reach: notGridWorker }),
  },
  'GET /api/v1/recognitions': {
    build: () => ({ method: 'GET', url: '/api/v1/recognitions' }),
    access: anywhere('recognition:read'),
  },
  'POST /api/v1/recognitions/:id/review': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/recognitions/${await newNomination(f, where)}/review`,
      payload: { decision: 'approve' },
    }),
    access: inJurisdiction('recognition:review'),
  },
  'GET /api/v1/public/recognitions': {
    build: () => ({ method: 'GET', url: '/api/v1/public/recognitions' }),
    anonymous: true,
    access: open(200),
  },
};
