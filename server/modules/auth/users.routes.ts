import { sql } from 'kysely';
// HTTP for account administration (admin only, within the admin's jurisdiction).
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import {
  IdParams,
  Page,
  decodeCursor,
  keysetPage,
  errorResponses,
  positiveIntCursor,
} from '../../platform/http/schemas.ts';
import { unitWithin } from '../org/index.ts';
import {
  CreateUserBody,
  CreatedUser,
  MembershipBody,
  MembershipParams,
  Ok,
  TemporaryPassword,
  UserListQuery,
  UserOut,
} from './auth.schemas.ts';
import { auditActorOf, authorize } from './auth.hook.ts';
import { can, coversWholeTree, jurisdictionPaths, type Action } from './access.policy.ts';
import { findMembershipUnit, findMemberships, findUserById, type UserRow } from './auth.repository.ts';
import { pausedSubjects } from './login-throttle.ts';
import { SERVICE_USERNAME_PREFIX } from './service-accounts.ts';
import {
  addMembership,
  createUser,
  removeMembership,
  resetPassword,
  setUserDisabled,
  type CommandMeta,
} from './use-cases/manage-users.ts';

const TAGS = ['users'];

async function presentUsers(ctx: AppContext, users: UserRow[]) {
  const memberships = await findMemberships(
    ctx.db,
    users.map((u) => u.id),
  );
  // Paused from at least one address: "locked" for the administrator, though never for everyone.
  const paused = await pausedSubjects(
    ctx.db,
    'login',
    users.map((u) => u.username),
    ctx.clock.now(),
  );
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    disabled: u.disabled === 1,
    mustChangePassword: u.must_change_password === 1,
    totpEnabled: u.totp_enabled === 1,
    locked: paused.has(u.username),
    createdAt: u.created_at,
    memberships: memberships
      .filter((m) => m.userId === u.id)
      .map((m) => ({ id: m.id, unitId: m.unitId, unitName: m.unitName, unitCode: m.unitCode, role: m.role })),
  }));
}

/** Loads a user and checks the admin may act on it; outside the jurisdiction it does not exist. */
async function authorizeUser(ctx: AppContext, request: FastifyRequest, action: Action, userId: number) {
  const user = await findUserById(ctx.db, userId);
  // A service account's backing account (issue 15) is managed on its own page, never as a person.
  if (!user || user.username.startsWith(SERVICE_USERNAME_PREFIX)) {
    throw new AppError('NOT_FOUND', '用户不存在 / No such user');
  }
  const memberships = await findMemberships(ctx.db, [userId]);
  // An account with no membership belongs to no area: any admin may see it, but only one whose
  // area is the whole province may change it; a county admin who gave it a role in the county
  // would otherwise take over whatever account that is (a province admin's between roles).
  const paths = memberships.length === 0 ? undefined : memberships.map((m) => m.unitPath);
  const actor = await authorize(ctx, request, action, { paths, type: 'user', id: userId });
  if (action === 'user:manage' && !paths && !coversWholeTree(actor, action)) {
    throw new AppError(
      'FORBIDDEN',
      '未分配单位的账号须由省级管理员处理 / Only a province-level administrator manages an account without memberships',
    ).denying('user', userId);
  }
  // Changing an account touches every role it holds: an admin may do so only when all of them
  // are in the admin's own area (a county admin must not reset a province admin's password).
  if (action === 'user:manage' && paths && !paths.every((p) => can(actor, action, [p]))) {
    throw new AppError(
      'FORBIDDEN',
      '该账号在您的辖区外还有角色，须由上级管理员处理 / This account also holds roles outside your area',
    ).denying('user', userId);
  }
  return { user, actor };
}

async function authorizeUnit(ctx: AppContext, request: FastifyRequest, unitId: number) {
  const unit = await findMembershipUnit(ctx.db, unitId);
  if (!unit) {
    throw new AppError('VALIDATION_FAILED', '单位不存在 / Unknown unit', [
      { field: 'unitId', message: '单位不存在 / Unknown unit' },
    ]);
  }
  await authorize(ctx, request, 'user:manage', { paths: [unit.path], type: 'org_unit', id: unit.id });
}

function meta(request: FastifyRequest): CommandMeta {
  return { actor: auditActorOf(request.actor, 'user:manage'), clientIp: request.ip };
}

const isUserCursor = positiveIntCursor('id');

export function userRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/users',
    {
      schema: {
        tags: TAGS,
        summary: '用户列表 / List accounts',
        querystring: UserListQuery,
        response: { 200: Page(UserOut), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'user:read');
      const limit = request.query.limit ?? 50;
      const after = decodeCursor(request.query.cursor, isUserCursor);
      const roots = jurisdictionPaths(actor, 'user:read');
      let query = ctx.db
        .selectFrom('app_user')
        .selectAll()
        .where('username', 'not like', `${SERVICE_USERNAME_PREFIX}%`)
        .where((eb) =>
          eb.or([
            eb.exists(
              eb
                .selectFrom('membership')
                .select('membership.id')
                .whereRef('membership.user_id', '=', 'app_user.id')
                .where((inner) => unitWithin(inner, 'membership.unit_id', roots)),
            ),
            eb.not(
              eb.exists(
                eb.selectFrom('membership').select('membership.id').whereRef('membership.user_id', '=', 'app_user.id'),
              ),
            ),
          ]),
        );
      if (request.query.q) {
        const q = `%${request.query.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
        query = query.where((eb) =>
          eb.or([sql<boolean>`username like ${q} escape '\\'`, sql<boolean>`display_name like ${q} escape '\\'`]),
        );
      }
      if (after) query = query.where('id', '>', after.id);
      const rows = await query
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      const { page, nextCursor } = keysetPage(rows, limit, (r) => ({ id: r.id }));
      return {
        items: await presentUsers(ctx, page),
        nextCursor,
      };
    },
  );

  app.post(
    '/api/v1/users',
    {
      schema: {
        tags: TAGS,
        summary: '新建用户 / Create an account',
        body: CreateUserBody,
        response: { 201: CreatedUser, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      await authorize(ctx, request, 'user:manage');
      for (const m of request.body.memberships ?? []) await authorizeUnit(ctx, request, m.unitId);
      const created = await createUser(ctx, meta(request), request.body);
      const [user] = await presentUsers(ctx, [(await findUserById(ctx.db, created.id))!]);
      return reply.status(201).send({ user: user!, temporaryPassword: created.temporaryPassword });
    },
  );

  app.get(
    '/api/v1/users/:id',
    {
      schema: {
        tags: TAGS,
        summary: '用户详情 / One account',
        params: IdParams,
        response: { 200: UserOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { user } = await authorizeUser(ctx, request, 'user:read', request.params.id);
      return (await presentUsers(ctx, [user]))[0]!;
    },
  );

  app.post(
    '/api/v1/users/:id/memberships',
    {
      schema: {
        tags: TAGS,
        summary: '添加成员关系 / Add a membership',
        params: IdParams,
        body: MembershipBody,
        response: { 200: UserOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await authorizeUser(ctx, request, 'user:manage', request.params.id);
      await authorizeUnit(ctx, request, request.body.unitId);
      await addMembership(ctx, meta(request), request.params.id, request.body);
      return (await presentUsers(ctx, [(await findUserById(ctx.db, request.params.id))!]))[0]!;
    },
  );

  app.delete(
    '/api/v1/users/:id/memberships/:membershipId',
    {
      schema: {
        tags: TAGS,
        summary: '移除成员关系 / Remove a membership',
        params: MembershipParams,
        response: { 200: Ok, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await authorizeUser(ctx, request, 'user:manage', request.params.id);
      const membership = (await findMemberships(ctx.db, [request.params.id])).find(
        (m) => m.id === request.params.membershipId,
      );
      if (membership) await authorizeUnit(ctx, request, membership.unitId);
      await removeMembership(ctx, meta(request), request.params.id, request.params.membershipId);
      return { ok: true };
    },
  );

  for (const [suffix, disabled, summary] of [
    ['disable', true, '停用账号 / Disable an account'],
    ['enable', false, '启用账号 / Enable an account'],
  ] as const) {
    app.post(
      `/api/v1/users/:id/${suffix}`,
      {
        schema: { tags: TAGS, summary, params: IdParams, response: { 200: Ok, ...errorResponses(400, 401, 403, 404) } },
      },
      async (request) => {
        await authorizeUser(ctx, request, 'user:manage', request.params.id);
        await setUserDisabled(ctx, meta(request), request.params.id, disabled);
        return { ok: true };
      },
    );
  }

  app.post(
    '/api/v1/users/:id/password-reset',
    {
      schema: {
        tags: TAGS,
        summary: '重置密码 / Reset a password',
        params: IdParams,
        response: { 200: TemporaryPassword, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await authorizeUser(ctx, request, 'user:manage', request.params.id);
      return resetPassword(ctx, meta(request), request.params.id);
    },
  );
}
