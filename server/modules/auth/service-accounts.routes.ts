// HTTP for service accounts (issue 15): an administrator creates, lists and revokes the API keys of
// other systems bound to units of their own area; outside it an account "does not exist" (404).
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { IdParams, errorResponses } from '../../platform/http/schemas.ts';
import { ExportFormat, allPages, exportFilters, exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import { isScope } from '../../../common/powers.ts';
import { auditActorOf, authorize } from './auth.hook.ts';
import { findMembershipUnit } from './auth.repository.ts';
import {
  SERVICE_ACCOUNT_EXPORT_COLUMNS,
  SERVICE_ACCOUNT_EXPORT_PAGE_SIZE,
  SERVICE_ACCOUNT_LIST_LIMIT,
  listServiceAccounts,
  presentServiceAccounts,
  type ServiceAccountListItem,
} from './service-account-list.ts';
import {
  CreateServiceAccountBody,
  CreatedServiceAccount,
  ServiceAccountList,
  UpdateWebhookBody,
  UpdatedWebhook,
  ServiceAccountOut,
} from './service-accounts.schemas.ts';
import {
  createServiceAccount,
  findServiceAccount,
  revokeServiceAccount,
  updateServiceAccountWebhook,
  type ServiceAccountRow,
} from './service-accounts.ts';
import type { CommandMeta } from './use-cases/manage-users.ts';

const TAGS = ['service-accounts'];
const POWER = 'service_account:manage';

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
          "Administrators: the service accounts (other systems' API keys) bound to units of their area, newest first, revoked ones included. Keys are never shown again: only their first characters. `format=xlsx` sends every such account as an Excel sheet (never a key or a secret), streamed, and audits the export.",
        querystring: Type.Object({ format: ExportFormat }, { additionalProperties: false }),
        response: {
          200: jsonOrXlsx(ServiceAccountList, '服务账号列表 / Service accounts'),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, POWER);
      if (request.query.format !== 'xlsx') {
        return { items: (await listServiceAccounts(ctx, actor, undefined, SERVICE_ACCOUNT_LIST_LIMIT)).items };
      }
      const now = ctx.clock.now();
      return sendXlsx(reply, {
        filename: `服务账号-${exportStamp(now)}.xlsx`,
        sheetName: '服务账号',
        columns: SERVICE_ACCOUNT_EXPORT_COLUMNS,
        rows: allPages<ServiceAccountListItem, number>(async (before) => {
          const { items, next } = await listServiceAccounts(ctx, actor, before, SERVICE_ACCOUNT_EXPORT_PAGE_SIZE);
          return { rows: items, next };
        }),
        audit: {
          log: ctx.audit,
          db: ctx.db,
          at: now,
          actor: auditActorOf(actor, POWER),
          clientIp: request.ip,
          what: 'service_accounts',
          filters: exportFilters(request.query),
        },
      });
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
      const [account] = await presentServiceAccounts(ctx, [row!]);
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
      return (await presentServiceAccounts(ctx, [(await findServiceAccount(ctx.db, request.params.id))!]))[0]!;
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
      const [account] = await presentServiceAccounts(ctx, [(await findServiceAccount(ctx.db, request.params.id))!]);
      return { account: account!, webhookSecret };
    },
  );
}
