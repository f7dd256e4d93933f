// HTTP for service accounts (issue 15): an administrator creates, lists and revokes the API keys of
// other systems bound to units of their own area; outside it an account "does not exist" (404).
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { IdParams, errorResponses } from '../../platform/http/schemas.ts';
import { unitWithin } from '../org/index.ts';
import { isScope } from '../../../common/powers.ts';
import { auditActorOf, authorize } from './auth.hook.ts';
import { jurisdictionPaths } from './access.policy.ts';
import { findMembershipUnit, userNames } from './auth.repository.ts';
import {
  CreateServiceAccountBody,
  CreatedServiceAccount,
  ServiceAccountList,
  UpdateWebhookBody,
  UpdatedWebhook,
  ServiceAccountOut,
} from './service-accounts.schemas.ts';
import {
  SERVICE_USERNAME_PREFIX,
  createServiceAccount,
  findServiceAccount,
  revokeServiceAccount,
  scopesOf,
  updateServiceAccountWebhook,
  type ServiceAccountRow,
} from './service-accounts.ts';
import type { CommandMeta } from './use-cases/manage-users.ts';

const TAGS = ['service-accounts'];
const POWER = 'service_account:manage';

async function present(ctx: AppContext, rows: ServiceAccountRow[]) {
  const units = new Map<number, string>();
  for (const unitId of new Set(rows.map((r) => r.unit_id))) {
    units.set(unitId, (await findMembershipUnit(ctx.db, unitId))?.name ?? '');
  }
  const creators = await userNames(ctx.db, [...new Set(rows.map((r) => r.created_by))]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    username: SERVICE_USERNAME_PREFIX + r.name,
    unitId: r.unit_id,
    unitName: units.get(r.unit_id) ?? '',
    scopes: scopesOf(r.scopes),
    system: r.system,
    keyPrefix: r.key_prefix,
    ratePerMinute: r.rate_per_minute,
    webhookUrl: r.webhook_url,
    createdBy: creators.get(r.created_by) ?? null,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  }));
}

function meta(request: FastifyRequest): CommandMeta {
  return { actor: auditActorOf(request.actor, POWER), clientIp: request.ip };
}

/** Loads an account the admin may manage; outside the admin's area (or unknown) it is a 404. */
async function authorizeAccount(ctx: AppContext, request: FastifyRequest, id: number): Promise<ServiceAccountRow> {
  const row = await findServiceAccount(ctx.db, id);
  if (!row) {
    await authorize(ctx, request, POWER);
    throw new AppError('NOT_FOUND');
  }
  const unit = await findMembershipUnit(ctx.db, row.unit_id);
  await authorize(ctx, request, POWER, { paths: unit ? [unit.path] : [], type: 'service_account', id });
  return row;
}

export function serviceAccountRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/service-accounts',
    {
      schema: {
        tags: TAGS,
        summary: '服务账号列表 / List service accounts',
        description:
          "Administrators: the service accounts (other systems' API keys) bound to units of their area, newest first, revoked ones included. Keys are never shown again: only their first characters.",
        response: { 200: ServiceAccountList, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, POWER);
      const roots = jurisdictionPaths(actor, POWER);
      const rows = await ctx.db
        .selectFrom('service_account')
        .selectAll()
        .where((eb) => unitWithin(eb, 'service_account.unit_id', roots))
        .orderBy('id', 'desc')
        .limit(500)
        .execute();
      return { items: await present(ctx, rows) };
    },
  );

  app.post(
    '/api/v1/service-accounts',
    {
      schema: {
        tags: TAGS,
        summary: '新建服务账号 / Create a service account',
        description:
          "Administrators, for a unit of their area (otherwise 404). Answers the API key (send it as `X-Api-Key`, or Open311 `api_key`) and, with a `webhookUrl`, the secret that signs the webhook bodies (`X-Concord-Signature: sha256=<HMAC-SHA256 hex of the body>`): both shown this once. Scopes: `cases:create`, `cases:read` (cases in the unit's area), `cases:update-status` (rate, reopen, cancel on the cases it sent), `open311`.",
        body: CreateServiceAccountBody,
        response: { 201: CreatedServiceAccount, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const unit = await findMembershipUnit(ctx.db, request.body.unitId);
      if (!unit) {
        await authorize(ctx, request, POWER);
        throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
      }
      const actor = await authorize(ctx, request, POWER, { paths: [unit.path], type: 'org_unit', id: unit.id });
      const created = await createServiceAccount(
        ctx,
        { ...meta(request), actorUserId: actor.userId },
        { ...request.body, scopes: request.body.scopes.filter(isScope) },
      );
      const row = await findServiceAccount(ctx.db, created.id);
      const [account] = await present(ctx, [row!]);
      return reply.status(201).send({ ...created, account: account! });
    },
  );

  app.post(
    '/api/v1/service-accounts/:id/revoke',
    {
      schema: {
        tags: TAGS,
        summary: '吊销服务账号 / Revoke a service account',
        description: 'Its key is refused (403 API_KEY_INVALID) from this moment. Revoking twice keeps the first time.',
        params: IdParams,
        response: { 200: ServiceAccountOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await authorizeAccount(ctx, request, request.params.id);
      await revokeServiceAccount(ctx, meta(request), request.params.id);
      return (await present(ctx, [(await findServiceAccount(ctx.db, request.params.id))!]))[0]!;
    },
  );

  app.patch(
    '/api/v1/service-accounts/:id',
    {
      schema: {
        tags: TAGS,
        summary: '修改服务账号回调地址 / Change the webhook address',
        description:
          'Sets (or, with null, clears) the address that receives the signed status changes. A first address, or `rotateSecret: true`, answers a new signing secret, shown this once.',
        params: IdParams,
        body: UpdateWebhookBody,
        response: { 200: UpdatedWebhook, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await authorizeAccount(ctx, request, request.params.id);
      const { webhookSecret } = await updateServiceAccountWebhook(ctx, meta(request), request.params.id, request.body);
      const [account] = await present(ctx, [(await findServiceAccount(ctx.db, request.params.id))!]);
      return { account: account!, webhookSecret };
    },
  );
}
