// HTTP for the suggester: staff who register or triage cases ask for suggestions; an administrator
// asks for a training run and reads every version's evaluation.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { Type } from 'typebox';
import { ExportFormat, allPages, exportFilters, exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import { auditActorOf, authorize } from '../auth/index.ts';
import { MODEL_EXPORT_COLUMNS, MODEL_EXPORT_PAGE_SIZE, MODEL_LIST_LIMIT, listModelRuns } from './model-list.ts';
import { suggest } from './suggest.ts';
import type { TrainingRun } from './suggestions.repository.ts';
import { SuggestBody, SuggestionsOut, TrainingRequestOut, TrainingRunsOut } from './suggestions.schemas.ts';
import { requestTraining, trainPendingRun } from './use-cases/train-models.ts';

const TAGS = ['suggestions'];

export function suggestionRoutes(app: Api, ctx: AppContext): void {
  app.post(
    '/api/v1/suggestions',
    {
      schema: {
        tags: TAGS,
        summary: '分类与承办单位建议 / Suggest the category and the lead unit',
        description:
          "The top 3 categories and lead units for a report's text, each with the model's confidence (0–1), " +
          "learnt from the centre's own decisions (the category a case was worked under, the unit that finally " +
          'led it). Lead units are those the caller may dispatch to: handling units of the county of `unitId` ' +
          "(a unit in the caller's area), else of the caller's jurisdiction. Before any model is trained: " +
          'empty lists and `modelVersion` null.',
        body: SuggestBody,
        response: { 200: SuggestionsOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'suggestion:read');
      return suggest(ctx, actor, request.body);
    },
  );

  app.get(
    '/api/v1/suggestions/models',
    {
      schema: {
        tags: TAGS,
        summary: '建议模型版本 / The suggestion models',
        description:
          'The 20 newest training runs, newest first: status (pending, training, ready, failed), the number of ' +
          'cases each model learnt from and its stratified 5-fold evaluation (per-label precision, recall, F1; ' +
          'macro-F1), on a sample of at most 20,000 cases. The newest `ready` version answers suggestions. ' +
          '`format=xlsx` sends every run as an Excel sheet, streamed, and audits the export.',
        querystring: Type.Object({ format: ExportFormat }, { additionalProperties: false }),
        response: {
          200: jsonOrXlsx(TrainingRunsOut, '建议模型版本 / The suggestion models'),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'suggestion:manage');
      if (request.query.format !== 'xlsx') {
        return { items: (await listModelRuns(ctx.db, undefined, MODEL_LIST_LIMIT)).items };
      }
      const now = ctx.clock.now();
      return sendXlsx(reply, {
        filename: `智能分派模型-${exportStamp(now)}.xlsx`,
        sheetName: '智能分派模型',
        columns: MODEL_EXPORT_COLUMNS,
        rows: allPages<TrainingRun, number>(async (before) => {
          const { items, next } = await listModelRuns(ctx.db, before, MODEL_EXPORT_PAGE_SIZE);
          return { rows: items, next };
        }),
        audit: {
          log: ctx.audit,
          db: ctx.db,
          at: now,
          actor: auditActorOf(actor, 'suggestion:manage'),
          clientIp: request.ip,
          what: 'suggestion_models',
          filters: exportFilters(request.query),
        },
      });
    },
  );

  app.post(
    '/api/v1/suggestions/models',
    {
      schema: {
        tags: TAGS,
        summary: '重新训练建议模型 / Retrain the suggestion models',
        description:
          'Asks for a training run (audited) and starts it in the background; follow it with GET ' +
          '(`pending` → `training` → `ready` or `failed`). While a run is pending or training, that run is ' +
          'returned with `created` false instead of starting another. Models are also retrained nightly.',
        response: { 202: TrainingRequestOut, ...errorResponses(401, 403) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'suggestion:manage');
      const result = await requestTraining(ctx, actor, 'request', request.ip);
      if (result.created) {
        trainPendingRun(ctx).catch((error: unknown) => request.log.error({ err: error }, 'suggestion training failed'));
      }
      reply.code(202);
      return result;
    },
  );
}
