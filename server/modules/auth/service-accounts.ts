// Service accounts (issue 15): other systems — the 12345 platform, an Open311 client — call the API
// with a key (`X-Api-Key`, or Open311's `api_key`). The key is 256 random bits behind a
// recognisable prefix, shown once and stored as its SHA-256. The account acts through one
// synthetic membership anchored at its unit whose powers are its scopes' (common/powers.ts
// SCOPE_POWERS), and as its backing account `svc:<name>` (an app_user that cannot sign in), so
// every case, event and audit record it makes names it. Every use is audited; each key has its
// own rate per minute; a revoked key is refused at once.
import { createHash, randomBytes } from 'node:crypto';
import type { AppContext, Db, Trx } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { powersOfScopes, isScope, type Scope } from '../../../common/powers.ts';
import { anchorPathOf, SERVICE_ACCOUNT_ROLE, type Actor } from './access.policy.ts';
import { findMembershipUnit } from './auth.repository.ts';
import { countHit, tryAgainIn } from './rate-window.ts';
import { unitWithin } from '../org/index.ts';
import type { CommandMeta } from './use-cases/manage-users.ts';

export const API_KEY_PREFIX = 'ck_';
export const API_KEY_HEADER = 'x-api-key';
/** Characters of the key kept for display: the prefix and 8 more. */
const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;
export const DEFAULT_RATE_PER_MINUTE = 600;
const RATE_WINDOW_MS = 60_000;
/** last_used_at is written at most this often. */
const TOUCH_INTERVAL_MS = 60_000;
/** The backing account's username: what audit records and timelines show. */
export const SERVICE_USERNAME_PREFIX = 'svc:';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function newApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

function newWebhookSecret(): string {
  return 'whsec_' + randomBytes(32).toString('base64url');
}

export function scopesOf(stored: string): Scope[] {
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? parsed.filter((s): s is Scope => typeof s === 'string' && isScope(s)) : [];
  } catch {
    return [];
  }
}

function invalidKey(): AppError {
  return new AppError('API_KEY_INVALID');
}

/** What one request did with the key, for its audit record. */
export interface ApiKeyUse {
  method: string;
  route: string | null;
}

/**
 * The actor of a request that came with an API key. Throws 403 API_KEY_INVALID for a missing,
 * unknown or revoked key (a revoked key's attempt is audited as denied), and 429
 * API_KEY_RATE_LIMITED (details.retryAfterSeconds) over the key's rate. Every accepted use is
 * audited under `svc:<name>`.
 */
export async function authenticateApiKey(
  ctx: AppContext,
  key: string,
  clientIp: string,
  use: ApiKeyUse = { method: 'KEY', route: null },
): Promise<Actor> {
  if (typeof key !== 'string' || !key.startsWith(API_KEY_PREFIX) || key.length > 128) throw invalidKey();
  const row = await ctx.db
    .selectFrom('service_account')
    .selectAll()
    .where('key_hash', '=', hashApiKey(key))
    .executeTakeFirst();
  if (!row) throw invalidKey();
  const now = ctx.clock.now();
  const auditActor = {
    userId: row.user_id,
    username: SERVICE_USERNAME_PREFIX + row.name,
    role: SERVICE_ACCOUNT_ROLE,
    unitId: row.unit_id,
  };
  if (row.revoked_at !== null) {
    await ctx.db.transaction().execute((trx) =>
      ctx.audit.append(
        trx,
        {
          actor: auditActor,
          action: 'api_key.use',
          subjectType: 'service_account',
          subjectId: row.id,
          outcome: 'denied',
          clientIp,
          details: { ...use, code: 'API_KEY_INVALID', revokedAt: row.revoked_at },
        },
        now,
      ),
    );
    throw invalidKey();
  }
  const spent = await countHit(ctx.db, 'api_key', row.id, RATE_WINDOW_MS, now);
  if (spent.hits > row.rate_per_minute) {
    throw tryAgainIn(
      'API_KEY_RATE_LIMITED',
      { zh: '该密钥请求过于频繁', en: 'Too many requests with this key' },
      spent.retryAfterSeconds,
    );
  }
  const unit = await findMembershipUnit(ctx.db, row.unit_id);
  if (!unit) throw invalidKey();
  const scopes = scopesOf(row.scopes);
  await ctx.db.transaction().execute(async (trx) => {
    if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) > TOUCH_INTERVAL_MS) {
      await trx
        .updateTable('service_account')
        .set({ last_used_at: now.toISOString() })
        .where('id', '=', row.id)
        .execute();
    }
    await ctx.audit.append(
      trx,
      {
        actor: auditActor,
        action: 'api_key.use',
        subjectType: 'service_account',
        subjectId: row.id,
        outcome: 'success',
        clientIp,
        details: { ...use },
      },
      now,
    );
  });
  return {
    userId: row.user_id,
    username: SERVICE_USERNAME_PREFIX + row.name,
    displayName: row.name,
    memberships: [
      {
        id: 0,
        unitId: unit.id,
        unitName: unit.name,
        unitCode: unit.code,
        unitType: unit.type,
        unitLevel: unit.level,
        unitPath: unit.path,
        role: SERVICE_ACCOUNT_ROLE,
        anchorPath: anchorPathOf(unit),
        powers: powersOfScopes(scopes),
      },
    ],
    sessionId: 0,
    restriction: null,
    serviceAccount: { id: row.id, name: row.name, scopes, system: row.system },
  };
}

/** The service account of an external system's short code (revoked ones included), or null. */
export async function findServiceAccountBySystem(
  db: Db | Trx,
  system: string,
): Promise<{ id: number; unitId: number; revokedAt: string | null; userId: number } | null> {
  const row = await db
    .selectFrom('service_account')
    .select(['id', 'unit_id', 'revoked_at', 'user_id'])
    .where('system', '=', system)
    .executeTakeFirst();
  return row ? { id: row.id, unitId: row.unit_id, revokedAt: row.revoked_at, userId: row.user_id } : null;
}

export interface NewServiceAccount {
  name: string;
  unitId: number;
  scopes: Scope[];
  system?: string | null | undefined;
  webhookUrl?: string | null | undefined;
  ratePerMinute?: number | undefined;
}

export const SYSTEM_CODE_PATTERN = '^[a-z0-9][a-z0-9-]{1,31}$';

function checkWebhookUrl(url: string): void {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.username || parsed.password) {
    throw new AppError('VALIDATION_FAILED', '回调地址无效 / Invalid webhook URL', [
      { field: 'webhookUrl', message: '需为 http(s) 地址 / must be an http(s) URL' },
    ]);
  }
}

/** Creates the account and its backing `svc:<name>` account; the key (and webhook secret) only here. */
export async function createServiceAccount(
  ctx: AppContext,
  meta: CommandMeta & { actorUserId: number },
  input: NewServiceAccount,
): Promise<{ id: number; key: string; webhookSecret: string | null }> {
  const name = input.name.trim();
  if (name === '') {
    throw new AppError('VALIDATION_FAILED', '名称不能为空 / The name is empty', [{ field: 'name', message: 'empty' }]);
  }
  if (input.webhookUrl) checkWebhookUrl(input.webhookUrl);
  const scopes = [...new Set(input.scopes)];
  const key = newApiKey();
  const webhookSecret = input.webhookUrl ? newWebhookSecret() : null;
  const now = ctx.clock.now().toISOString();
  const username = SERVICE_USERNAME_PREFIX + name;
  const id = await ctx.db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('service_account').select('id').where('name', '=', name).executeTakeFirst();
    const userTaken = await trx.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst();
    if (taken || userTaken) {
      throw new AppError('SERVICE_ACCOUNT_NAME_TAKEN', undefined, [{ field: 'name', message: '已存在 / Taken' }]);
    }
    if (input.system && (await findServiceAccountBySystem(trx, input.system))) {
      throw new AppError('SERVICE_ACCOUNT_SYSTEM_TAKEN', undefined, [{ field: 'system', message: '已存在 / Taken' }]);
    }
    // The backing account: disabled, with no usable password, so it can never sign in.
    const user = await trx
      .insertInto('app_user')
      .values({
        username,
        display_name: name,
        password_hash: '!service-account',
        must_change_password: 0,
        failed_login_count: 0,
        locked_until: null,
        totp_secret: null,
        totp_enabled: 0,
        totp_last_step: null,
        disabled: 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const account = await trx
      .insertInto('service_account')
      .values({
        name,
        unit_id: input.unitId,
        scopes: JSON.stringify(scopes),
        system: input.system ?? null,
        key_hash: hashApiKey(key),
        key_prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
        rate_per_minute: input.ratePerMinute ?? DEFAULT_RATE_PER_MINUTE,
        webhook_url: input.webhookUrl ?? null,
        webhook_secret: webhookSecret === null ? null : ctx.cipher.encrypt(webhookSecret),
        user_id: user.id,
        created_by: meta.actorUserId,
        created_at: now,
        revoked_at: null,
        last_used_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ctx.audit.append(
      trx,
      {
        actor: meta.actor,
        action: 'service_account.create',
        subjectType: 'service_account',
        subjectId: account.id,
        outcome: 'success',
        clientIp: meta.clientIp,
        details: {
          name,
          unitId: input.unitId,
          scopes,
          system: input.system ?? null,
          webhook: input.webhookUrl != null,
        },
      },
      ctx.clock.now(),
    );
    return account.id;
  });
  return { id, key, webhookSecret };
}

export async function findServiceAccount(db: Db | Trx, id: number) {
  return db.selectFrom('service_account').selectAll().where('id', '=', id).executeTakeFirst();
}

export type ServiceAccountRow = NonNullable<Awaited<ReturnType<typeof findServiceAccount>>>;

/** Revokes the key at once (idempotent: a second revoke keeps the first time). */
export async function revokeServiceAccount(ctx: AppContext, meta: CommandMeta, id: number): Promise<void> {
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('service_account')
      .set({ revoked_at: at.toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return;
    await ctx.audit.append(
      trx,
      {
        actor: meta.actor,
        action: 'service_account.revoke',
        subjectType: 'service_account',
        subjectId: id,
        outcome: 'success',
        clientIp: meta.clientIp,
        details: null,
      },
      at,
    );
  });
}

/**
 * Sets or clears the webhook address; a first address gets a new signing secret, returned once
 * (as is a new one when `rotateSecret`).
 */
export async function updateServiceAccountWebhook(
  ctx: AppContext,
  meta: CommandMeta,
  id: number,
  change: { webhookUrl: string | null; rotateSecret?: boolean | undefined },
): Promise<{ webhookSecret: string | null }> {
  if (change.webhookUrl !== null) checkWebhookUrl(change.webhookUrl);
  const at = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await findServiceAccount(trx, id);
    if (!row) throw new AppError('NOT_FOUND');
    const secret =
      change.webhookUrl !== null && (row.webhook_secret === null || change.rotateSecret === true)
        ? newWebhookSecret()
        : null;
    await trx
      .updateTable('service_account')
      .set({
        webhook_url: change.webhookUrl,
        ...(secret === null ? {} : { webhook_secret: ctx.cipher.encrypt(secret) }),
      })
      .where('id', '=', id)
      .execute();
    await ctx.audit.append(
      trx,
      {
        actor: meta.actor,
        action: 'service_account.webhook',
        subjectType: 'service_account',
        subjectId: id,
        outcome: 'success',
        clientIp: meta.clientIp,
        details: { webhook: change.webhookUrl !== null, newSecret: secret !== null },
      },
      at,
    );
    return { webhookSecret: secret };
  });
}

/** The ids of the service accounts bound to units inside `paths` (an administrator's area). */
export async function serviceAccountIdsWithin(db: Db | Trx, paths: readonly string[]): Promise<number[]> {
  if (paths.length === 0) return [];
  const rows = await db
    .selectFrom('service_account')
    .select('id')
    .where((eb) => unitWithin(eb, 'service_account.unit_id', paths))
    .execute();
  return rows.map((r) => r.id);
}
