// HTTP for reading the audit log (admins, within their jurisdiction; system rows only for an
// admin of the whole province).
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { Page, decodeCursor, keysetPage, errorResponses, positiveIntCursor } from '../../platform/http/schemas.ts';
import { listAuditLog } from '../../platform/audit/audit.ts';
import { authorize, coversWholeTree, jurisdictionPaths } from '../auth/index.ts';
import { unitWithin } from '../org/index.ts';
import { nameAuditRows, type AuditNameLookups } from './audit-names.ts';

const AuditOut = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actorUserId: Type.Union([Type.Integer(), Type.Null()]),
  actorUsername: Type.Union([Type.String(), Type.Null()]),
  actorRole: Type.Union([Type.String(), Type.Null()]),
  actorUnitId: Type.Union([Type.Integer(), Type.Null()]),
  action: Type.String(),
  subjectType: Type.Union([Type.String(), Type.Null()]),
  subjectId: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  clientIp: Type.Union([Type.String(), Type.Null()]),
  details: Type.Unknown(),
  // The same facts in words, resolved here so the page shows people and things, not ids.
  actorName: Type.Union([Type.String(), Type.Null()], { description: 'the actor’s display name' }),
  actorUnitName: Type.Union([Type.String(), Type.Null()]),
  subjectName: Type.Union([Type.String(), Type.Null()], {
    description: 'a user’s display name, a unit’s name or a case’s number',
  }),
  names: Type.Record(Type.String(), Type.String(), {
    description: 'names of the ids in `details`, keyed `unit:<id>`, `case:<id>`, `user:<id>` (a case by its number)',
  }),
});

const AuditQuery = Type.Object(
  {
    action: Type.Optional(Type.String({ maxLength: 64 })),
    outcome: Type.Optional(Type.Union([Type.Literal('success'), Type.Literal('denied'), Type.Literal('failure')])),
    subjectType: Type.Optional(Type.String({ maxLength: 64 })),
    subjectId: Type.Optional(Type.String({ maxLength: 64 })),
    actorUserId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);

const isSeqCursor = positiveIntCursor('seq');

export function auditRoutes(app: Api, ctx: AppContext, lookups: AuditNameLookups): void {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志（最新在前） / Audit log, newest first',
        querystring: AuditQuery,
        response: { 200: Page(AuditOut), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'audit:read');
      const roots = jurisdictionPaths(actor, 'audit:read');
      const q = request.query;
      const limit = q.limit ?? 100;
      const rows = await listAuditLog(ctx.db, {
        action: q.action,
        outcome: q.outcome,
        subjectType: q.subjectType,
        subjectId: q.subjectId,
        actorUserId: q.actorUserId,
        beforeSeq: decodeCursor(q.cursor, isSeqCursor)?.seq,
        limit: limit + 1,
        // Rows of units in the admin's area; system rows (no unit) only for the whole province.
        actorUnitWhere: coversWholeTree(actor, 'audit:read')
          ? undefined
          : (eb, column) => unitWithin(eb, column, roots),
      });
      const { page, nextCursor } = keysetPage(rows, limit, (r) => ({ seq: r.seq }));
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
      return { items: entries.map((entry, i) => ({ ...entry, ...names[i]! })), nextCursor };
    },
  );
}
