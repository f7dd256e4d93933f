// HTTP for mediation files: the list, one file (by id or by its case), registering one by hand,
// and the mediators' figures. Commands on a file are in file-commands.routes.ts, the printable
// agreement in agreement-document.routes.ts.
import { readContext, type AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import {
  IdParams,
  Page,
  decodeCursor,
  encodeCursor,
  errorResponses,
  positiveIntCursor,
} from '../../platform/http/schemas.ts';
import { auditActorOf, authorize, type Actor } from '../auth/index.ts';
import { allPages, exportFilters, exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import { EXPORT_PAGE_SIZE, FILE_EXPORT_COLUMNS, listFiles, type FileListItem } from './file-list.ts';
import { loadVisibleFile, loadVisibleFileOfCase, presentFile } from './mediation-file.ts';
import {
  FileListQuery,
  FileParams,
  FileSummary,
  MediationFile,
  MediationStats,
  MediationStatsQuery,
} from './mediation.schemas.ts';
import { openFile } from './use-cases/open-file.ts';
import { mediationFigures } from './mediation-stats.ts';
import { Type } from 'typebox';

const TAGS = ['mediation'];
const isIdCursor = positiveIntCursor('id');

async function present(ctx: AppContext, actor: Actor, id: number) {
  return presentFile(ctx, actor, await loadVisibleFile(ctx, actor, { id }));
}

export function mediationRoutes(app: Api, ctx: AppContext): void {
  const ok = { 200: MediationFile, ...errorResponses(400, 401, 403, 404, 409, 422) };

  app.get(
    '/api/v1/mediations',
    {
      schema: {
        tags: TAGS,
        summary: '调解卷宗列表 / Mediation files',
        description:
          'A mediator sees the files of their committees; leaders and dispatchers those of their area. `format=xlsx` sends every matching file (not one page) as an Excel sheet, streamed, and audits the export.',
        querystring: FileListQuery,
        response: {
          200: jsonOrXlsx(Page(FileSummary), '调解卷宗列表 / Mediation files'),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'mediation:read');
      const q = request.query;
      if (q.format !== 'xlsx') {
        const { items, next } = await listFiles(ctx, actor, q, decodeCursor(q.cursor, isIdCursor)?.id, q.limit ?? 20);
        return { items, nextCursor: next === undefined ? null : encodeCursor({ id: next }) };
      }
      const now = ctx.clock.now();
      // Exports read the replica while it is fresh (ADR 0041); their own audit record, the primary.
      const reads = readContext(ctx, actor);
      return sendXlsx(reply, {
        filename: `调解卷宗-${exportStamp(now)}.xlsx`,
        sheetName: '调解卷宗',
        columns: FILE_EXPORT_COLUMNS,
        rows: allPages<FileListItem, number>(async (before) => {
          const { items, next } = await listFiles(reads, actor, q, before, EXPORT_PAGE_SIZE);
          return { rows: items, next };
        }),
        audit: {
          log: ctx.audit,
          db: ctx.db,
          at: now,
          actor: auditActorOf(actor, 'mediation:read'),
          clientIp: request.ip,
          what: 'mediation_files',
          filters: exportFilters(q),
        },
      });
    },
  );

  app.get(
    '/api/v1/mediations/:id',
    {
      schema: {
        tags: TAGS,
        summary: '调解卷宗 / A mediation file',
        params: FileParams,
        response: ok,
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'mediation:read');
      return present(ctx, actor, request.params.id);
    },
  );

  app.get(
    '/api/v1/cases/:id/mediation',
    {
      schema: {
        tags: TAGS,
        summary: '事件的调解卷宗 / The mediation file of a case',
        description:
          '卷宗在调解委员会签收事件时登记；此前回答 null（事件须对本人可见，否则 404）。 / Registered when a mediation committee accepts the case; before that the answer is `null` (the case must be visible to the caller, else 404).',
        params: IdParams,
        response: {
          200: Type.Union([MediationFile, Type.Null()]),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'mediation:read');
      const loaded = await loadVisibleFileOfCase(ctx, actor, request.params.id);
      return loaded === null ? null : presentFile(ctx, actor, loaded);
    },
  );

  app.post(
    '/api/v1/cases/:id/mediation',
    {
      schema: {
        tags: TAGS,
        summary: '登记调解卷宗 / Register the mediation file of a dispute in mediation',
        description:
          'Files are registered automatically when a committee accepts a case; this registers one for a dispute the committee already handles without a file. 409 when it has one.',
        params: IdParams,
        response: { 201: MediationFile, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'mediation:read');
      await openFile(ctx, actor, request.params.id, request.ip);
      return reply
        .status(201)
        .send(await presentFile(ctx, actor, await loadVisibleFile(ctx, actor, { caseId: request.params.id })));
    },
  );

  app.get(
    '/api/v1/stats/mediation',
    {
      schema: {
        tags: TAGS,
        summary: '调解员与调委会工作量、成功率、平均用时 / Mediators’ and committees’ figures',
        querystring: MediationStatsQuery,
        response: { 200: MediationStats, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'mediation:read');
      // A dashboard: read from the replica while it is fresh (ADR 0041).
      return mediationFigures(readContext(ctx, actor), actor, request.query);
    },
  );
}
