// The service-account list (GET /api/v1/service-accounts): the accounts bound to units of an
// administrator's area, newest first — for the JSON list and, page after page, for its .xlsx export.
// Neither ever holds a key or a webhook secret: only the key's first characters.
import type { Scope } from '../../../common/powers.ts';
import type { AppContext } from '../../context.ts';
import type { XlsxColumn } from '../../platform/http/xlsx.ts';
import { unitWithin } from '../org/index.ts';
import { jurisdictionPaths, type Actor } from './access.policy.ts';
import { findMembershipUnit, userNames } from './auth.repository.ts';
import { SERVICE_USERNAME_PREFIX, scopesOf, type ServiceAccountRow } from './service-accounts.ts';

/** What the JSON list shows at most (the page has no paging). */
export const SERVICE_ACCOUNT_LIST_LIMIT = 500;
/** Accounts read per query while exporting. */
export const SERVICE_ACCOUNT_EXPORT_PAGE_SIZE = 500;

export async function presentServiceAccounts(ctx: AppContext, rows: ServiceAccountRow[]) {
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

export type ServiceAccountListItem = Awaited<ReturnType<typeof presentServiceAccounts>>[number];

/** Accounts of the admin's area with an id below `before`, newest first, at most `limit`. */
export async function listServiceAccounts(ctx: AppContext, actor: Actor, before: number | undefined, limit: number) {
  const roots = jurisdictionPaths(actor, 'service_account:manage');
  let query = ctx.db
    .selectFrom('service_account')
    .selectAll()
    .where((eb) => unitWithin(eb, 'service_account.unit_id', roots));
  if (before !== undefined) query = query.where('id', '<', before);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    items: await presentServiceAccounts(ctx, page),
    next: rows.length > limit ? page[page.length - 1]!.id : undefined,
  };
}

const SCOPE_LABELS: Record<Scope, string> = {
  'cases:create': '登记事件',
  'cases:read': '查看辖区事件',
  'cases:update-status': '回传评价、重办、撤销',
  open311: '市政服务开放接口（311）',
};

/** The sheet of the service-account list: the page's columns; the key only by its first characters. */
export const SERVICE_ACCOUNT_EXPORT_COLUMNS: readonly XlsxColumn<ServiceAccountListItem>[] = [
  { key: 'name', header: '名称', width: 28 },
  { key: 'username', header: '审计账号', width: 28 },
  { key: 'unitName', header: '所属辖区', width: 24 },
  { key: 'scopes', header: '授权范围', width: 40, value: (a) => a.scopes.map((s) => SCOPE_LABELS[s]).join('；') },
  { key: 'system', header: '外部系统代码', width: 16 },
  { key: 'keyPrefix', header: '密钥前缀', width: 14 },
  { key: 'ratePerMinute', header: '每分钟调用上限', width: 14, type: 'number' },
  { key: 'webhookUrl', header: '结果回传地址', width: 36 },
  { key: 'status', header: '状态', width: 10, value: (a) => (a.revokedAt ? '已吊销' : '有效') },
  { key: 'createdBy', header: '创建人', width: 16 },
  { key: 'createdAt', header: '创建时间', width: 18, type: 'datetime' },
  { key: 'revokedAt', header: '吊销时间', width: 18, type: 'datetime' },
  { key: 'lastUsedAt', header: '最近使用', width: 18, type: 'datetime' },
];
