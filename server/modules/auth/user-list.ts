// The account list (GET /api/v1/users): one keyset page of the accounts an administrator may see,
// for the JSON list and, page after page, for its .xlsx export — one query for both.
import { sql } from 'kysely';
import { ROLE_LABELS, isRole } from '../../../common/roles.ts';
import type { AppContext } from '../../context.ts';
import type { XlsxColumn } from '../../platform/http/xlsx.ts';
import { unitWithin } from '../org/index.ts';
import { jurisdictionPaths, type Actor } from './access.policy.ts';
import { findMemberships, type UserRow } from './auth.repository.ts';
import { pausedSubjects } from './login-throttle.ts';
import { SERVICE_USERNAME_PREFIX } from './service-accounts.ts';

/** Accounts read per query while exporting. */
export const USER_EXPORT_PAGE_SIZE = 500;

export async function presentUsers(ctx: AppContext, users: UserRow[]) {
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

export type UserListItem = Awaited<ReturnType<typeof presentUsers>>[number];

/**
 * Accounts with an id above `after`, in id order, at most `limit`: those holding a role in the
 * admin's area and those holding none; never a service account's backing account. `next` is the
 * id to continue after (undefined at the end).
 */
export async function listUsers(
  ctx: AppContext,
  actor: Actor,
  q: { q?: string },
  after: number | undefined,
  limit: number,
) {
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
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    query = query.where((eb) =>
      eb.or([sql<boolean>`username like ${like} escape '\\'`, sql<boolean>`display_name like ${like} escape '\\'`]),
    );
  }
  if (after !== undefined) query = query.where('id', '>', after);
  const rows = await query
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    items: await presentUsers(ctx, page),
    next: rows.length > limit ? page[page.length - 1]!.id : undefined,
  };
}

const roleLabel = (role: string) => (isRole(role) ? ROLE_LABELS[role].zh : role);

/** The sheet of the account list: what the page shows; never a password hash or a second-factor secret. */
export const USER_EXPORT_COLUMNS: readonly XlsxColumn<UserListItem>[] = [
  { key: 'username', header: '用户名', width: 20 },
  { key: 'displayName', header: '姓名', width: 20 },
  {
    key: 'memberships',
    header: '单位与角色',
    width: 48,
    value: (u) => u.memberships.map((m) => `${m.unitName}（${roleLabel(m.role)}）`).join('；'),
  },
  { key: 'disabled', header: '状态', width: 10, value: (u) => (u.disabled ? '已停用' : '正常') },
  { key: 'locked', header: '登录锁定', width: 10 },
  { key: 'mustChangePassword', header: '须修改密码', width: 12 },
  { key: 'totpEnabled', header: '双因素认证', width: 12 },
  { key: 'createdAt', header: '创建时间', width: 18, type: 'datetime' },
];
