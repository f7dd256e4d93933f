// HTTP for 社会稳定风险评估: the list and the file, the stage commands (in order), the files attached
// to a stage, and the report as .docx. Staff of the jurisdiction holding the assessed unit read it;
// dispatchers and leaders record the stages; only a leader records the decision.
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { Page, decodeCursor, encodeCursor, errorResponses } from '../../platform/http/schemas.ts';
import { attachmentDisposition } from '../../platform/files/file-name.ts';
import { beijingDay } from '../../platform/calendar/working-days.ts';
import { auditActorOf, authorize, jurisdictionPaths, userNames, type Actor } from '../auth/index.ts';
import { findUnitById } from '../org/index.ts';
import { allPages, exportFilters, exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import { ASSESSMENT_EXPORT_COLUMNS, ASSESSMENT_EXPORT_PAGE, type ExportedAssessment } from './stability-export.ts';
import { findReadableHearing } from '../mediation/index.ts';
import {
  Assessment,
  AssessmentListItem,
  AssessmentParams,
  AssessmentQuery,
  AttachmentParams,
  ConclusionBody,
  CreateAssessmentBody,
  DecisionBody,
  ExpertReviewBody,
  MonitoringBody,
  PublicOpinionBody,
  RISK_ATTACHMENT_FORM,
  RiskPointsBody,
  Stage,
} from './stability.schemas.ts';
import {
  findAssessment,
  findAttachments,
  findStages,
  listAssessments,
  type AssessmentRow,
} from './stability.repository.ts';
import { mayDecideAssessment, mayManageAssessment, mayReadAssessment } from './stability.policy.ts';
import { createAssessment, recordStage } from './use-cases/record-stage.ts';
import { MAX_RISK_ATTACHMENT_BYTES, attachRiskFile, riskAttachmentStore } from './use-cases/attach-file.ts';
import { renderRiskReportDocx } from './report-document.ts';
import type { DECISION_KINDS, RiskStage } from '../../../common/risk-stages.ts';

const TAGS = ['stability'];

function summary(row: AssessmentRow) {
  return {
    id: row.id,
    unitId: row.unit_id,
    unitName: row.unit_name,
    title: row.title,
    decisionKind: row.decision_kind as (typeof DECISION_KINDS)[number],
    stage: row.stage,
    grade: row.grade,
    decision: row.decision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function present(ctx: AppContext, actor: Actor, row: AssessmentRow) {
  const [stages, attachments] = [await findStages(ctx.db, row.id), await findAttachments(ctx.db, row.id)];
  const names = await userNames(ctx.db, row.created_by !== null ? [row.created_by] : []);
  return {
    ...summary(row),
    description: row.description,
    createdByName: row.created_by !== null ? (names.get(row.created_by) ?? null) : null,
    version: row.version,
    stages: stages.map((s) => ({
      stage: s.stage,
      seq: s.seq,
      data: JSON.parse(s.data) as Record<string, unknown>,
      recorderName: s.recorder_name,
      recordedAt: s.recorded_at,
    })),
    attachments: attachments.map((a) => ({
      id: a.id,
      stage: a.stage,
      fileName: a.file_name,
      mediaType: a.media_type,
      size: a.size,
      uploaderName: a.uploader_name,
      createdAt: a.created_at,
    })),
    abilities: { manage: mayManageAssessment(actor, row.unit_path), decide: mayDecideAssessment(actor, row.unit_path) },
  };
}

/** The assessment if the actor reads it; one outside its area does not exist for it. */
async function loadReadable(ctx: AppContext, actor: Actor, id: number): Promise<AssessmentRow> {
  const row = await findAssessment(ctx.db, id);
  if (!row || !mayReadAssessment(actor, row.unit_path)) {
    const error = new AppError('NOT_FOUND', '稳评事项不存在 / No such assessment');
    throw row ? error.denying('risk_assessment', id) : error;
  }
  return row;
}

const isIdCursor = (value: unknown): value is { before: number } =>
  typeof value === 'object' &&
  value !== null &&
  Number.isSafeInteger((value as Record<string, unknown>).before) &&
  ((value as Record<string, unknown>).before as number) > 0;

export function stabilityRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/risk-assessments',
    {
      schema: {
        tags: TAGS,
        summary: '社会稳定风险评估列表 / Stability risk assessments in my area',
        description:
          'Newest first. `withinUnitId` keeps those of a unit and the units below it; `stage` those due at a stage. ' +
          '`format=xlsx` sends every matching assessment (not one page) as an Excel sheet, streamed, and audits the export.',
        querystring: AssessmentQuery,
        response: {
          200: jsonOrXlsx(Page(AssessmentListItem), '稳评列表 / Stability risk assessments'),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'stability:read');
      const q = request.query;
      let scopePaths = jurisdictionPaths(actor, 'stability:read');
      if (q.withinUnitId !== undefined) {
        const unit = await findUnitById(ctx.db, q.withinUnitId);
        if (!unit || !mayReadAssessment(actor, unit.path)) throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
        scopePaths = [unit.path];
      }
      if (q.format === 'xlsx') {
        const now = ctx.clock.now();
        return sendXlsx(reply, {
          filename: `社会稳定风险评估-${exportStamp(now)}.xlsx`,
          sheetName: '社会稳定风险评估',
          columns: ASSESSMENT_EXPORT_COLUMNS,
          rows: allPages<ExportedAssessment, number>(async (beforeId) => {
            const rows = await listAssessments(ctx.db, {
              scopePaths,
              stage: q.stage,
              beforeId,
              limit: ASSESSMENT_EXPORT_PAGE + 1,
            });
            const page = rows.slice(0, ASSESSMENT_EXPORT_PAGE);
            return {
              rows: page.map(summary),
              next: rows.length > ASSESSMENT_EXPORT_PAGE ? page.at(-1)!.id : undefined,
            };
          }),
          audit: {
            log: ctx.audit,
            db: ctx.db,
            at: now,
            actor: auditActorOf(actor, 'stability:read'),
            clientIp: request.ip,
            what: 'risk_assessments',
            filters: exportFilters(q),
          },
        });
      }
      const limit = q.limit ?? 50;
      const rows = await listAssessments(ctx.db, {
        scopePaths,
        stage: q.stage,
        beforeId: decodeCursor(q.cursor, isIdCursor)?.before,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return {
        items: page.map(summary),
        nextCursor: rows.length > limit ? encodeCursor({ before: page.at(-1)!.id }) : null,
      };
    },
  );

  app.post(
    '/api/v1/risk-assessments',
    {
      schema: {
        tags: TAGS,
        summary: '启动稳评：确定评估事项 / Start an assessment with its scope',
        description:
          'The scope stage: the decision to be assessed (`decisionKind`: land, demolition, project, policy), the unit ' +
          'whose decision it is (in your area: 404 otherwise) and what it is. The next stage due is `risk_points`.',
        body: CreateAssessmentBody,
        response: { 201: Assessment, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'stability:manage');
      const id = await createAssessment(ctx, actor, request.body, request.ip);
      return reply.status(201).send(await present(ctx, actor, (await findAssessment(ctx.db, id))!));
    },
  );

  app.get(
    '/api/v1/risk-assessments/:id',
    {
      schema: {
        tags: TAGS,
        summary: '稳评卷宗 / One assessment with its stages',
        params: AssessmentParams,
        response: { 200: Assessment, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'stability:read');
      return present(ctx, actor, await loadReadable(ctx, actor, request.params.id));
    },
  );

  type StageRecord = { data: Record<string, unknown>; sets?: Parameters<typeof recordStage>[6] };

  /** A stage command: in order (422 RISK_STAGE_OUT_OF_ORDER), answered with the file as it is now. */
  function stageRoute<B extends TSchema>(route: {
    slug: string;
    stage: Exclude<RiskStage, 'scope'>;
    summary: string;
    description: string;
    body: B;
    decide?: boolean;
    run: (actor: Actor, row: AssessmentRow, body: Static<B>) => StageRecord | Promise<StageRecord>;
  }) {
    app.post(
      `/api/v1/risk-assessments/:id/${route.slug}`,
      {
        schema: {
          tags: TAGS,
          summary: route.summary,
          description: `${route.description} 422 RISK_STAGE_OUT_OF_ORDER when another stage is due (\`details.expected\`).`,
          params: AssessmentParams,
          body: route.body,
          response: { 200: Assessment, ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request: FastifyRequest<{ Params: { id: number }; Body: Static<B> }>) => {
        const power = route.decide ? 'stability:decide' : 'stability:manage';
        const actor = await authorize(ctx, request, power);
        const row = await loadReadable(ctx, actor, request.params.id);
        const allowed = route.decide
          ? mayDecideAssessment(actor, row.unit_path)
          : mayManageAssessment(actor, row.unit_path);
        if (!allowed) throw new AppError('FORBIDDEN').denying('risk_assessment', row.id);
        const { data, sets } = await route.run(actor, row, request.body as Static<B>);
        await recordStage(ctx, actor, row.id, route.stage, data, request.ip, sets);
        return present(ctx, actor, (await findAssessment(ctx.db, row.id))!);
      },
    );
  }

  stageRoute({
    slug: 'risk-points',
    stage: 'risk_points',
    summary: '风险点排查 / Record the risk points',
    description: 'Each risk point with its likelihood and impact (high, medium, low) and the measures against it.',
    body: RiskPointsBody,
    run: (_a, _r, body) => ({ data: body }),
  });
  stageRoute({
    slug: 'public-opinion',
    stage: 'public_opinion',
    summary: '民意调查 / Record the public opinion',
    description:
      'The survey (how it was done, how many were asked, for, against, neutral; those three add up to at most ' +
      '`surveyed`) and, optionally, a public hearing held on the matter (`hearingId`, GET /api/v1/hearings; ' +
      '422 RISK_HEARING_UNKNOWN if you may not read it).',
    body: PublicOpinionBody,
    run: async (actor, _r, body) => {
      if (body.support + body.oppose + body.neutral > body.surveyed) {
        throw new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [
          {
            field: 'surveyed',
            message: '支持、反对、中立人数之和不能超过调查人数 / For, against and neutral exceed those surveyed',
          },
        ]);
      }
      let hearing = null;
      if (body.hearingId) {
        hearing = (await findReadableHearing(ctx, actor, body.hearingId)) ?? null;
        if (!hearing) {
          throw new AppError('RISK_HEARING_UNKNOWN', '所引听证不存在 / No such hearing', { hearingId: body.hearingId });
        }
      }
      return { data: { ...body, hearingId: body.hearingId ?? null, hearing } };
    },
  });
  stageRoute({
    slug: 'expert-review',
    stage: 'expert_review',
    summary: '专家论证 / Record the expert review',
    description: 'The experts consulted, each with their opinion, and the review’s summary.',
    body: ExpertReviewBody,
    run: (_a, _r, body) => ({ data: body }),
  });
  stageRoute({
    slug: 'conclusion',
    stage: 'conclusion',
    summary: '评估结论 / Record the graded conclusion',
    description: 'The risk grade (high, medium, low) with its reasons.',
    body: ConclusionBody,
    run: (_a, _r, body) => ({ data: body, sets: { grade: body.grade } }),
  });
  stageRoute({
    slug: 'decision',
    stage: 'decision',
    summary: '作出决策 / Record the decision (leaders)',
    description: 'Proceed, adjust, postpone or stop, with the reasons. Leaders only (stability:decide).',
    body: DecisionBody,
    decide: true,
    run: (_a, _r, body) => ({ data: body, sets: { decision: body.decision } }),
  });
  stageRoute({
    slug: 'monitoring',
    stage: 'monitoring',
    summary: '跟踪监测 / Add a monitoring entry',
    description: 'After the decision, any number of entries: the situation (stable, attention, incident) and a note.',
    body: MonitoringBody,
    run: (_a, _r, body) => ({ data: body }),
  });

  app.get(
    '/api/v1/risk-assessments/:id/report',
    {
      schema: {
        tags: TAGS,
        summary: '下载稳评报告（Word） / The assessment report (.docx)',
        description: 'Every stage as recorded, the graded conclusion and the decision, and the monitoring so far.',
        params: AssessmentParams,
        response: { 200: Type.Any({ description: 'docx' }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'stability:read');
      const row = await loadReadable(ctx, actor, request.params.id);
      const file = await present(ctx, actor, row);
      const body = await renderRiskReportDocx({
        title: row.title,
        unitName: row.unit_name,
        decisionKind: file.decisionKind,
        description: row.description,
        grade: row.grade,
        decision: row.decision,
        date: beijingDay(ctx.clock.now()),
        stages: file.stages,
        attachments: file.attachments,
      });
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', attachmentDisposition(`社会稳定风险评估报告-${row.id}.docx`))
        .header('cache-control', 'private, no-store')
        .send(body);
    },
  );

  void app.register(async (scope: Api) => {
    await scope.register(multipart, { limits: { fileSize: MAX_RISK_ATTACHMENT_BYTES, files: 1, fields: 5, parts: 6 } });
    scope.post(
      '/api/v1/risk-assessments/:id/attachments',
      {
        config: { multipart: true },
        schema: {
          tags: TAGS,
          summary: '上传环节附件 / Attach a file to a stage',
          description:
            'multipart/form-data with one field `file` (≤ 10 MB; JPEG, PNG, WebP, GIF, PDF, DOCX, XLSX, read from the ' +
            'content) and `stage` in the query: a stage already recorded or the one due now.',
          // Documents the form for OpenAPI; validation is the handler's (a multipart body is a stream).
          body: { content: { 'multipart/form-data': { schema: RISK_ATTACHMENT_FORM } } },
          params: AssessmentParams,
          querystring: Type.Object({ stage: Stage }, { additionalProperties: false }),
          response: { 201: Assessment, ...errorResponses(400, 401, 403, 404, 413, 415, 422) },
        },
      },
      async (request, reply) => {
        const actor = await authorize(ctx, request, 'stability:manage');
        const row = await loadReadable(ctx, actor, request.params.id);
        if (!mayManageAssessment(actor, row.unit_path))
          throw new AppError('FORBIDDEN').denying('risk_assessment', row.id);
        if (!request.isMultipart()) {
          throw new AppError(
            'UNSUPPORTED_MEDIA_TYPE',
            '请以 multipart/form-data 上传文件 / Upload the file as multipart/form-data',
          );
        }
        const part = await request.file();
        if (!part || part.fieldname !== 'file') {
          part?.file.resume();
          throw new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [
            { field: 'file', message: '必填 / Required' },
          ]);
        }
        await attachRiskFile(
          ctx,
          actor,
          row,
          request.query.stage,
          {
            fileName: part.filename,
            stream: part.file,
            truncated: () => part.file.truncated,
          },
          request.ip,
        );
        return reply.status(201).send(await present(ctx, actor, (await findAssessment(ctx.db, row.id))!));
      },
    );
  });

  app.get(
    '/api/v1/risk-assessments/:id/attachments/:attachmentId',
    {
      schema: {
        tags: TAGS,
        summary: '下载环节附件 / Download a stage’s file',
        params: AttachmentParams,
        response: { 200: Type.Any({ description: 'the file' }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'stability:read');
      const row = await loadReadable(ctx, actor, request.params.id);
      const attachment = (await findAttachments(ctx.db, row.id)).find((a) => a.id === request.params.attachmentId);
      if (!attachment) throw new AppError('NOT_FOUND', '附件不存在 / No such attachment');
      return reply
        .header('content-type', attachment.media_type)
        .header('content-disposition', attachmentDisposition(attachment.file_name))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(await riskAttachmentStore(ctx).read(attachment.storage_key));
    },
  );
}
