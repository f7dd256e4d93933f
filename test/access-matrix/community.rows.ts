// Access-matrix rows: community bodies, service projects, volunteers and notices (issue 19 §6–§7,
// ADR 0035). Bodies sit at the matrix grid of each side (kept by staff of the area, grid workers
// included); projects and notices at the township of each side (城关街道 inside, 南关街道 outside);
// volunteer activities at the first community of each side (the matrix resident lives in the inside
// one). The matrix resident acts for a social organisation of the inside township where a row needs it;
// the other bodies it is linked to are building heads, which act for nothing on projects.
import type { Role } from '../../common/roles.ts';
import type { Fixture, Row, Where } from './expectations.ts';
import { anywhere, inJurisdiction } from './expectations.ts';

const TOWNSHIP: Record<Where, string> = { inside: '370702001', outside: '370702002' };
const VILLAGE: Record<Where, string> = { inside: '370702001001', outside: '370702002001' };

async function unitAt(f: Fixture, code: string): Promise<{ id: number; path: string }> {
  return f.h.unit(code);
}

async function newBody(f: Fixture, unit: { id: number; path: string }, kind = 'building_head'): Promise<number> {
  const at = f.h.clock.now().toISOString();
  const { id } = await f.h.ctx.db
    .insertInto('community_body')
    .values({
      kind,
      name: '矩阵组织',
      unit_id: unit.id,
      unit_path: unit.path,
      contact_name: '联系人',
      contact_phone_enc: f.h.ctx.cipher.encrypt('13800009999'),
      note: null,
      created_by: f.actors.admin.id,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

async function link(f: Fixture, bodyId: number, userId: number, role = 'member'): Promise<void> {
  await f.h.ctx.db
    .insertInto('community_body_member')
    .values({
      body_id: bodyId,
      user_id: userId,
      role,
      added_by: f.actors.admin.id,
      added_at: f.h.clock.now().toISOString(),
    })
    .execute();
}

/** A social organisation of the inside township that the matrix resident acts for. */
async function residentsOrg(f: Fixture): Promise<number> {
  const id = await newBody(f, await unitAt(f, TOWNSHIP.inside), 'social_org');
  await link(f, id, f.actors.resident.id);
  return id;
}

async function newProject(
  f: Fixture,
  where: Where,
  state: { status?: string; awardedBodyId?: number | null; awardMode?: string } = {},
): Promise<number> {
  const unit = await unitAt(f, TOWNSHIP[where]);
  const { id } = await f.h.ctx.db
    .insertInto('service_project')
    .values({
      unit_id: unit.id,
      unit_path: unit.path,
      title: '矩阵项目',
      description: '矩阵',
      budget_yuan: null,
      starts_on: null,
      ends_on: null,
      award_mode: state.awardMode ?? 'select',
      status: state.status ?? 'open',
      awarded_body_id: state.awardedBodyId ?? null,
      awarded_at: null,
      completed_at: null,
      created_by: f.actors.admin.id,
      created_at: f.h.clock.now().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

async function newActivity(f: Fixture, where: Where, signUpUserId?: number): Promise<number> {
  const village = await unitAt(f, VILLAGE[where]);
  const team = await newBody(f, village, 'volunteer_team');
  const at = f.h.clock.now().toISOString();
  const { id } = await f.h.ctx.db
    .insertInto('volunteer_activity')
    .values({
      team_id: team,
      unit_id: village.id,
      unit_path: village.path,
      title: '矩阵活动',
      description: '',
      starts_at: at,
      place: null,
      created_by: f.actors.admin.id,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (signUpUserId !== undefined) {
    await f.h.ctx.db
      .insertInto('volunteer_signup')
      .values({ activity_id: id, user_id: signUpUserId, created_at: at })
      .execute();
  }
  return id;
}

const gridOf = (f: Fixture, where: Where) => (where === 'inside' ? f.insideGrid : f.outsideGrid);

const OWN_ROWS: Record<string, Row> = {
  'GET /api/v1/community-bodies': {
    build: () => ({ method: 'GET', url: '/api/v1/community-bodies' }),
    access: anywhere('community:read'),
  },
  'POST /api/v1/community-bodies': {
    build: (f, where) => ({
      method: 'POST',
      url: '/api/v1/community-bodies',
      payload: { kind: 'building_head', name: '矩阵楼栋长', unitId: gridOf(f, where).id, contactPhone: '13800001111' },
    }),
    access: inJurisdiction('community:manage', { ok: 201 }),
  },
  'GET /api/v1/community-bodies/:id': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/community-bodies/${await newBody(f, gridOf(f, where))}`,
    }),
    access: inJurisdiction('community:read'),
  },
  'PATCH /api/v1/community-bodies/:id': {
    build: async (f, where) => ({
      method: 'PATCH',
      url: `/api/v1/community-bodies/${await newBody(f, gridOf(f, where))}`,
      payload: { contactName: '新联系人' },
    }),
    access: inJurisdiction('community:manage'),
  },
  'POST /api/v1/community-bodies/:id/members': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/community-bodies/${await newBody(f, gridOf(f, where))}/members`,
      payload: { username: f.actors.resident.username, role: 'member' },
    }),
    access: inJurisdiction('community:manage'),
  },
  'DELETE /api/v1/community-bodies/:id/members/:userId': {
    build: async (f, where) => {
      const id = await newBody(f, gridOf(f, where));
      await link(f, id, f.actors.resident.id);
      return { method: 'DELETE', url: `/api/v1/community-bodies/${id}/members/${f.actors.resident.id}` };
    },
    access: inJurisdiction('community:manage'),
  },
  'POST /api/v1/community-bodies/:id/contact-phone': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/community-bodies/${await newBody(f, gridOf(f, where))}/contact-phone`,
      payload: { reason: '矩阵核对' },
    }),
    access: inJurisdiction('community:manage'),
  },

  'GET /api/v1/service-projects': {
    build: () => ({ method: 'GET', url: '/api/v1/service-projects' }),
    access: anywhere('service_project:read'),
  },
  'POST /api/v1/service-projects': {
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/service-projects',
      payload: { unitId: (await unitAt(f, TOWNSHIP[where])).id, title: '矩阵项目', description: '矩阵' },
    }),
    access: inJurisdiction('service_project:publish', { ok: 201 }),
  },
  'GET /api/v1/service-projects/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/service-projects/${await newProject(f, where)}` }),
    access: inJurisdiction('service_project:read'),
  },
  'POST /api/v1/service-projects/:id/applications': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/service-projects/${await newProject(f, where)}/applications`,
      payload: { bodyId: await residentsOrg(f) },
    }),
    access: inJurisdiction('service_project:act', { ok: 201 }),
  },
  'POST /api/v1/service-projects/:id/award': {
    build: async (f, where) => {
      const project = await newProject(f, where);
      const body = await newBody(f, await unitAt(f, TOWNSHIP[where]), 'social_org');
      const { id } = await f.h.ctx.db
        .insertInto('service_project_application')
        .values({
          project_id: project,
          body_id: body,
          applied_by: f.actors.resident.id,
          note: '',
          created_at: f.h.clock.now().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { method: 'POST', url: `/api/v1/service-projects/${project}/award`, payload: { applicationId: id } };
    },
    access: inJurisdiction('service_project:publish'),
  },
  'POST /api/v1/service-projects/:id/progress': {
    build: async (f, where) => {
      const project = await newProject(f, where, { status: 'awarded', awardedBodyId: await residentsOrg(f) });
      return {
        method: 'POST',
        url: `/api/v1/service-projects/${project}/progress`,
        payload: { percent: 40, note: '矩阵进展' },
      };
    },
    access: inJurisdiction('service_project:act'),
  },
  'POST /api/v1/service-projects/:id/ratings': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/service-projects/${await newProject(f, where, { status: 'completed' })}/ratings`,
      payload: { score: 4 },
    }),
    access: inJurisdiction('service_project:rate', { ok: 201 }),
  },

  'GET /api/v1/volunteer-activities': {
    build: () => ({ method: 'GET', url: '/api/v1/volunteer-activities' }),
    access: anywhere('volunteer:read'),
  },
  'POST /api/v1/volunteer-activities': {
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/volunteer-activities',
      payload: {
        teamId: await newBody(f, await unitAt(f, VILLAGE[where]), 'volunteer_team'),
        title: '矩阵活动',
        startsAt: '2026-12-12T01:00:00Z',
      },
    }),
    // A grid worker's area is its grid, inside the community the team serves: the team is not its to keep.
    access: inJurisdiction('volunteer:manage', { ok: 201, reach: (role) => role !== 'grid_worker' }),
  },
  'GET /api/v1/volunteer-activities/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/volunteer-activities/${await newActivity(f, where)}` }),
    access: inJurisdiction('volunteer:read'),
  },
  'POST /api/v1/volunteer-activities/:id/signups': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/volunteer-activities/${await newActivity(f, where)}/signups`,
    }),
    access: inJurisdiction('volunteer:join', { ok: 201 }),
  },
  'POST /api/v1/volunteer-activities/:id/hours': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/volunteer-activities/${await newActivity(f, where, f.actors.resident.id)}/hours`,
      payload: { userId: f.actors.resident.id, hours: 2 },
    }),
    // Those who see the activity; of them, staff who keep volunteers over its community log hours.
    access: inJurisdiction('volunteer:read', { may: (role) => role === 'admin' || role === 'dispatcher' }),
  },

  'POST /api/v1/notices': {
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/notices',
      payload: { unitId: (await unitAt(f, TOWNSHIP[where])).id, kind: 'meeting', title: '矩阵会议', body: '矩阵' },
    }),
    access: inJurisdiction('notice:publish', { ok: 201 }),
  },
  'GET /api/v1/notices': {
    build: () => ({ method: 'GET', url: '/api/v1/notices' }),
    access: anywhere('notice:read'),
  },
  'GET /api/v1/notices/mine': {
    build: () => ({ method: 'GET', url: '/api/v1/notices/mine' }),
    access: anywhere('notice:mine'),
  },
};

/** The contract's `/api/v1/community-orgs` serves the same body routes: the same rows there. */
const ALIAS_ROWS: Record<string, Row> = Object.fromEntries(
  Object.entries(OWN_ROWS)
    .filter(([route]) => route.includes('/api/v1/community-bodies'))
    .map(([route, row]) => [
      route.replace('/api/v1/community-bodies', '/api/v1/community-orgs'),
      {
        ...row,
        build: async (f: Fixture, where: Where, role: Role) => {
          const options = await row.build(f, where, role);
          // Every row above builds its url as a string.
          const url = typeof options.url === 'string' ? options.url : '';
          return { ...options, url: url.replace('/api/v1/community-bodies', '/api/v1/community-orgs') };
        },
      },
    ]),
);

export const COMMUNITY_ROWS: Record<string, Row> = { ...OWN_ROWS, ...ALIAS_ROWS };
