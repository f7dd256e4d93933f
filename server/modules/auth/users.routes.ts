// HTTP for account administration (admin only, within the admin's jurisdiction).
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import {
  IdParams,
  Page,
  decodeCursor,
  encodeCursor,
  errorResponses,
  positiveIntCursor,
} from '../../platform/http/schemas.ts';
import { allPages, exportFilters, exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
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
import { can, coversWholeTree, type Action } from './access.policy.ts';
import { findMembershipUnit, findMemberships, findUserById } from './auth.repository.ts';
import { SERVICE_USERNAME_PREFIX } from './service-accounts.ts';
import {
  addMembership,
  createUser,
  removeMembership,
  resetPassword,
  setUserDisabled,
  type CommandMeta,
} from './use-cases/manage-users.ts';
import { USER_EXPORT_COLUMNS, USER_EXPORT_PAGE_SIZE, listUsers, presentUsers, type UserListItem } from './user-list.ts';

const TAGS = ['users'];

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
        description:
          'Accounts holding a role in your area, and those holding none. `format=xlsx` sends every matching account (not one page) as an Excel sheet, streamed, and audits the export.',
        querystring: UserListQuery,
        response: { 200: jsonOrXlsx(Page(UserOut), '用户列表 / Accounts'), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'user:read');
      const q = request.query;
      if (q.format !== 'xlsx') {
        const after = decodeCursor(q.cursor, isUserCursor)?.id;
        const { items, next } = await listUsers(ctx, actor, q, after, q.limit ?? 50);
        return { items, nextCursor: next === undefined ? null : encodeCursor({ id: next }) };
      }
      const now = ctx.clock.now();
      return sendXlsx(reply, {
        filename: `用户列表-${exportStamp(now)}.xlsx`,
        sheetName: '用户',
        columns: USER_EXPORT_COLUMNS,
        rows: allPages<UserListItem, number>(async (after) => {
          const { items, next } = await listUsers(ctx, actor, q, after, USER_EXPORT_PAGE_SIZE);
          return { rows: items, next };
        }),
        audit: {
          log: ctx.audit,
          db: ctx.db,
          at: now,
          actor: auditActorOf(actor, 'user:read'),
          clientIp: request.ip,
          what: 'users',
          filters: exportFilters(q),
        },
      });
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
