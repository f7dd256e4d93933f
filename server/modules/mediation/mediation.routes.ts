// HTTP for mediation files: the list, one file (by id or by its case), registering one by hand,
// and the mediators' figures. Commands on a file are in file-commands.routes.ts, the printable
// agreement in agreement-document.routes.ts.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import {
  IdParams,
  Page,
  decodeCursor,
  keysetPage,
  errorResponses,
  positiveIntCursor,
} from '../../platform/http/schemas.ts';
import { authorize, type Actor } from '../auth/index.ts';
import { caseMatches, findCaseBriefs } from '../cases/index.ts';
import { unitNames } from '../org/index.ts';
import { loadVisibleFile, loadVisibleFileOfCase, presentFile } from './mediation-file.ts';
import { fileScope } from './mediation.policy.ts';
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
        description: 'A mediator sees the files of their committees; leaders and dispatchers those of their area.',
        querystring: FileListQuery,
        response: { 200: Page(FileSummary), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'mediation:read');
      const q = request.query;
      const limit = q.limit ?? 20;
      const scope = fileScope(actor);
      if (scope.committeeIds.length === 0 && scope.regionPaths.length === 0) return { items: [], nextCursor: null };
      let query = ctx.db
        .selectFrom('mediation_file')
        .select(['id', 'number', 'status', 'registered_at', 'deadline', 'outcome', 'committee_id', 'case_id'])
        .where((eb) =>
          eb.or([
            ...(scope.committeeIds.length > 0 ? [eb('mediation_file.committee_id', 'in', scope.committeeIds)] : []),
            ...(scope.regionPaths.length > 0
              ? [caseMatches(eb, 'mediation_file.case_id', { within: scope.regionPaths })]
              : []),
          ]),
        );
      if (q.status) query = query.where('mediation_file.status', '=', q.status);
      if (q.committeeId) query = query.where('mediation_file.committee_id', '=', q.committeeId);
      const before = decodeCursor(q.cursor, isIdCursor)?.id;
      if (before !== undefined) query = query.where('mediation_file.id', '<', before);
      const rows = await query
        .orderBy('mediation_file.id', 'desc')
        .limit(limit + 1)
        .execute();
      const { page, nextCursor } = keysetPage(rows, limit, (r) => ({ id: r.id }));
      const cases = await findCaseBriefs(
        ctx.db,
        page.map((r) => r.case_id),
      );
      const committees = await unitNames(
        ctx.db,
        page.map((r) => r.committee_id),
      );
      const now = ctx.clock.now().toISOString();
      return {
        items: page.flatMap((r) => {
          const c = cases.get(r.case_id);
          if (!c) return [];
          return [
            {
              id: r.id,
              number: r.number,
              status: r.status,
              caseId: c.id,
              caseNumber: c.number,
              caseTitle: c.title,
              caseStatus: c.status,
              committeeId: r.committee_id,
              committeeName: committees.get(r.committee_id) ?? '',
              registeredAt: r.registered_at,
              deadline: r.deadline,
              overdue: r.status === 'open' && r.deadline < now,
              outcome: r.outcome,
            },
          ];
        }),
        nextCursor,
      };
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
      return mediationFigures(ctx, actor, request.query);
    },
  );
}
