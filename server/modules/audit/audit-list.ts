// The audit log list (GET /api/v1/audit): one page of the records an administrator may read, newest
// first, with names resolved — for the JSON list and, page after page, for its .xlsx export.
import { ROLE_LABELS, isRole } from '../../../common/roles.ts';
import type { AppContext } from '../../context.ts';
import { listAuditLog } from '../../platform/audit/audit.ts';
import type { XlsxColumn } from '../../platform/http/xlsx.ts';
import { coversWholeTree, jurisdictionPaths, type Actor } from '../auth/index.ts';
import { unitWithin } from '../org/index.ts';
import { nameAuditRows, type AuditNameLookups } from './audit-names.ts';

/** Records read per query while exporting. */
export const AUDIT_EXPORT_PAGE_SIZE = 500;

export interface AuditListFilters {
  action?: string;
  outcome?: 'success' | 'denied' | 'failure';
  subjectType?: string;
  subjectId?: string;
  actorUserId?: number;
}

export type AuditListItem = Awaited<ReturnType<typeof listAudit>>['items'][number];

/** Records with a sequence number below `before`, newest first, at most `limit`; `next` continues. */
export async function listAudit(
  ctx: AppContext,
  lookups: AuditNameLookups,
  actor: Actor,
  q: AuditListFilters,
  before: number | undefined,
  limit: number,
) {
  const roots = jurisdictionPaths(actor, 'audit:read');
  const rows = await listAuditLog(ctx.db, {
    action: q.action,
    outcome: q.outcome,
    subjectType: q.subjectType,
    subjectId: q.subjectId,
    actorUserId: q.actorUserId,
    beforeSeq: before,
    limit: limit + 1,
    // Rows of units in the admin's area; system rows (no unit) only for the whole province.
    actorUnitWhere: coversWholeTree(actor, 'audit:read') ? undefined : (eb, column) => unitWithin(eb, column, roots),
  });
  const page = rows.slice(0, limit);
  const entries = page.map((r) => ({
    seq: r.seq,
    at: r.at,
    actorUserId: r.actor_user_id,
    actorUsername: r.actor_username,
    actorRole: r.actor_role,
    actorUnitId: r.actor_unit_id,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    outcome: r.outcome,
    clientIp: r.client_ip,
    details: r.details ? (JSON.parse(r.details) as unknown) : null,
  }));
  const names = await nameAuditRows(ctx.db, lookups, entries);
  return {
    items: entries.map((entry, i) => ({ ...entry, ...names[i]! })),
    next: rows.length > limit ? page[page.length - 1]!.seq : undefined,
  };
}

const OUTCOMES: Record<string, string> = { success: '成功', denied: '拒绝', failure: '失败' };

/** The sheet of the audit log: the page's columns, with the details as their JSON. */
export const AUDIT_EXPORT_COLUMNS: readonly XlsxColumn<AuditListItem>[] = [
  { key: 'seq', header: '序号', width: 10, type: 'number' },
  { key: 'at', header: '时间', width: 18, type: 'datetime' },
  {
    key: 'actor',
    header: '操作人',
    width: 20,
    value: (e) => e.actorName ?? e.actorUsername ?? (e.actorUserId === null ? '系统' : null),
  },
  { key: 'actorUsername', header: '用户名', width: 16 },
  {
    key: 'actorRole',
    header: '角色',
    width: 12,
    value: (e) => (e.actorRole && isRole(e.actorRole) ? ROLE_LABELS[e.actorRole].zh : e.actorRole),
  },
  { key: 'actorUnitName', header: '所属单位', width: 24 },
  { key: 'action', header: '操作', width: 28 },
  { key: 'subjectType', header: '对象类型', width: 16 },
  { key: 'subject', header: '对象', width: 24, value: (e) => e.subjectName ?? e.subjectId },
  { key: 'outcome', header: '结果', width: 8, value: (e) => OUTCOMES[e.outcome] ?? e.outcome },
  { key: 'clientIp', header: 'IP 地址', width: 16 },
  { key: 'details', header: '详情', width: 60, value: (e) => (e.details === null ? null : JSON.stringify(e.details)) },
];
