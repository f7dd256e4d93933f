// HTTP for reading the audit log (admins, within their jurisdiction; system rows only for an
// admin of the whole province).
import { Type } from 'typebox';
import { readContext, type AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { Page, decodeCursor, encodeCursor, errorResponses, positiveIntCursor } from '../../platform/http/schemas.ts';
import { ExportFormat, allPages, exportFilters, exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import { auditActorOf, authorize } from '../auth/index.ts';
import type { AuditNameLookups } from './audit-names.ts';
import { AUDIT_EXPORT_COLUMNS, AUDIT_EXPORT_PAGE_SIZE, listAudit, type AuditListItem } from './audit-list.ts';

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
    format: ExportFormat,
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
        description:
          'Records of units in your area (system records only for an administrator of the whole province). `format=xlsx` sends every matching record (not one page) as an Excel sheet, streamed, and audits the export.',
        querystring: AuditQuery,
        response: { 200: jsonOrXlsx(Page(AuditOut), '审计日志 / The audit log'), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'audit:read');
      const q = request.query;
      if (q.format !== 'xlsx') {
        const before = decodeCursor(q.cursor, isSeqCursor)?.seq;
        const { items, next } = await listAudit(ctx, lookups, actor, q, before, q.limit ?? 100);
        return { items, nextCursor: next === undefined ? null : encodeCursor({ seq: next }) };
      }
      const now = ctx.clock.now();
      // Exports read the replica while it is fresh (ADR 0041); their own audit record, the primary.
      const reads = readContext(ctx, actor);
      return sendXlsx(reply, {
        filename: `审计日志-${exportStamp(now)}.xlsx`,
        sheetName: '审计日志',
        columns: AUDIT_EXPORT_COLUMNS,
        rows: allPages<AuditListItem, number>(async (before) => {
          const { items, next } = await listAudit(reads, lookups, actor, q, before, AUDIT_EXPORT_PAGE_SIZE);
          return { rows: items, next };
        }),
        audit: {
          log: ctx.audit,
          db: ctx.db,
          at: now,
          actor: auditActorOf(actor, 'audit:read'),
          clientIp: request.ip,
          what: 'audit_log',
          filters: exportFilters(q),
        },
      });
    },
  );
}
