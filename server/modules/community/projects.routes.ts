// HTTP for service projects (公益服务项目): list (.xlsx) and publish (township staff), apply and claim,
// award, progress (the social organisation's member accounts), and the residents' ratings.
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { IdParams, errorResponses } from '../../platform/http/schemas.ts';
import { AppError } from '../../platform/http/errors.ts';
import { exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import { auditActorOf, authorize, can, type Actor } from '../auth/index.ts';
import type { Power } from '../../../common/powers.ts';
import {
  findBody,
  findProject,
  listApplications,
  listProgress,
  listProjects,
  ratingsOf,
  type ProjectRow,
} from './community.repository.ts';
import { actingBodies, livesIn, notFound, overlap, reaches, readArea, type ActingBody } from './community.policy.ts';
import {
  ApplyBody,
  AwardBody,
  ProgressBody,
  ProjectCreate,
  ProjectDetail,
  ProjectOut,
  ProjectQuery,
  RatingBody,
} from './community.schemas.ts';
import { presentProjects } from './community.view.ts';
import {
  applyForProject,
  awardProject,
  publishProject,
  rateProject,
  reportProgress,
} from './use-cases/service-projects.ts';

const TAGS = ['service-projects'];
const STATUS_LABEL = { open: '征集中', awarded: '实施中', completed: '已完成' } as const;

/** Does the actor reach the project: its area (staff, or residents living there), or through a body it acts for? */
function reachesProject(actor: Actor, p: ProjectRow, acting: ActingBody[]): boolean {
  return (
    reaches(actor, 'service_project:read', p.unitPath) ||
    (can(actor, 'service_project:act') &&
      acting.some((b) => b.kind === 'social_org' && overlap(b.unitPath, p.unitPath)))
  );
}

async function loadProject(ctx: AppContext, actor: Actor, id: number, power: Power) {
  const project = await findProject(ctx.db, id);
  const acting = await actingBodies(ctx, actor);
  let reach = !!project && reachesProject(actor, project, acting);
  if (project && power === 'service_project:publish') reach = can(actor, power, [project.unitPath]);
  if (project && power === 'service_project:rate') reach = livesIn(actor, project.unitPath);
  if (!project || !reach) throw notFound('服务项目', 'service_project', id, !!project);
  return { project, acting };
}

export function projectRoutes(app: Api, ctx: AppContext): void {
  const detail = async (actor: Actor, id: number, acting: ActingBody[]) => {
    const p = (await findProject(ctx.db, id))!;
    const [[out], applications, progress, ratings] = await Promise.all([
      presentProjects(ctx, actor, [p], acting),
      listApplications(ctx.db, [p.id]),
      listProgress(ctx.db, p.id),
      can(actor, 'community:read') ? ratingsOf(ctx.db, p.id) : Promise.resolve([]),
    ]);
    // The applications: staff of the area see all; an organisation sees its own.
    const mineOnly = !can(actor, 'service_project:read', [p.unitPath]) || !can(actor, 'community:read');
    return {
      ...out!,
      applications: applications
        .filter((a) => !mineOnly || acting.some((b) => b.id === a.body_id))
        .map((a) => ({ id: a.id, bodyId: a.body_id, bodyName: a.body_name, note: a.note, createdAt: a.created_at })),
      progress: progress.map((r) => ({ id: r.id, percent: Number(r.percent), note: r.note, createdAt: r.created_at })),
      ratings: ratings.map((r) => ({ score: Number(r.score), comment: r.comment, createdAt: r.created_at })),
    };
  };

  app.get(
    '/api/v1/service-projects',
    {
      schema: {
        tags: TAGS,
        summary: '公益服务项目列表 / Service projects',
        description:
          'Staff: the projects whose area overlaps theirs. A resident: those of where they live (to rate), and, ' +
          'acting for a social organisation, those overlapping its area (to apply for and report on). `status` ' +
          'filters; `format=xlsx` exports (staff, audited).',
        querystring: ProjectQuery,
        response: {
          200: jsonOrXlsx(Type.Object({ items: Type.Array(ProjectOut) }), '服务项目 / Projects'),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'service_project:read');
      const q = request.query;
      const acting = can(actor, 'service_project:act') ? await actingBodies(ctx, actor) : [];
      const area = readArea(actor, 'service_project:read');
      const orgPaths = acting.filter((b) => b.kind === 'social_org').map((b) => b.unitPath);
      const rows = await listProjects(ctx.db, {
        area: { within: [...(area.within ?? []), ...orgPaths], covering: [...(area.covering ?? []), ...orgPaths] },
        status: q.status,
        limit: q.format === 'xlsx' ? 20_000 : (q.limit ?? 200),
      });
      const items = await presentProjects(ctx, actor, rows, acting);
      if (q.format === 'xlsx') {
        if (!can(actor, 'community:read')) throw new AppError('FORBIDDEN');
        const now = ctx.clock.now();
        return sendXlsx(reply, {
          filename: `公益服务项目-${exportStamp(now)}.xlsx`,
          sheetName: '服务项目',
          columns: [
            { key: 'title', header: '项目', width: 28 },
            { key: 'unitName', header: '发布单位', width: 18 },
            { key: 'status', header: '状态', value: (p) => STATUS_LABEL[p.status] },
            { key: 'budgetYuan', header: '预算（元）', type: 'number' },
            { key: 'startsOn', header: '开始日期', type: 'date' },
            { key: 'endsOn', header: '结束日期', type: 'date' },
            { key: 'awardedBodyName', header: '承接组织', width: 24 },
            { key: 'progressPercent', header: '进度', type: 'percent', value: (p) => p.progressPercent / 100 },
            { key: 'ratingCount', header: '评价人数', type: 'number' },
            { key: 'ratingAverage', header: '平均评分', type: 'number' },
          ],
          rows: items,
          audit: {
            log: ctx.audit,
            db: ctx.db,
            at: now,
            actor: auditActorOf(actor, 'service_project:read'),
            clientIp: request.ip,
            what: 'service_projects',
            filters: { status: q.status ?? null },
          },
        });
      }
      return { items };
    },
  );

  app.post(
    '/api/v1/service-projects',
    {
      schema: {
        tags: TAGS,
        summary: '发布公益服务项目 / Publish a service project',
        description:
          'A township or village of the caller’s area publishes a project (title, description, optional budget and ' +
          'dates). `awardMode`: `select` (default, the township awards one applicant) or `first_claim` (the first ' +
          'application takes it). Another kind of unit: 422 COMMUNITY_UNIT_NOT_ALLOWED; outside the area: 404.',
        body: ProjectCreate,
        response: { 201: ProjectDetail, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'service_project:publish');
      const id = await publishProject(ctx, actor, request.body, request.ip);
      reply.code(201);
      return detail(actor, id, []);
    },
  );

  app.get(
    '/api/v1/service-projects/:id',
    {
      schema: {
        tags: TAGS,
        summary: '服务项目详情 / A service project',
        description:
          'With its applications (staff: all; an organisation: its own), progress reports and, for staff, the ' +
          'ratings (scores and comments, no names). Outside the caller’s reach: 404.',
        params: IdParams,
        response: { 200: ProjectDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'service_project:read');
      const { project, acting } = await loadProject(ctx, actor, request.params.id, 'service_project:read');
      return detail(actor, project.id, acting);
    },
  );

  app.post(
    '/api/v1/service-projects/:id/applications',
    {
      schema: {
        tags: TAGS,
        summary: '申请（认领）服务项目 / Apply for (claim) a project',
        description:
          'A member account of a social organisation (`bodyId`) whose area overlaps the project’s applies for it; ' +
          'on a `first_claim` project the first application takes it. Applied already: 409 ' +
          'SERVICE_PROJECT_ALREADY_APPLIED; no longer open: 422 SERVICE_PROJECT_NOT_OPEN; a body the caller does ' +
          'not act for: 404.',
        params: IdParams,
        body: ApplyBody,
        response: { 201: ProjectDetail, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'service_project:act');
      const { project, acting } = await loadProject(ctx, actor, request.params.id, 'service_project:act');
      const body = acting.find((b) => b.id === request.body.bodyId);
      if (!body || !overlap(body.unitPath, project.unitPath)) {
        throw notFound(
          '社区组织',
          'community_body',
          request.body.bodyId,
          !!(await findBody(ctx.db, request.body.bodyId)),
        );
      }
      await applyForProject(ctx, actor, project, body, request.body.note, request.ip);
      reply.code(201);
      return detail(actor, project.id, acting);
    },
  );

  app.post(
    '/api/v1/service-projects/:id/award',
    {
      schema: {
        tags: TAGS,
        summary: '确定承接组织 / Award the project',
        description:
          'Staff of the project’s area award it to one application. No longer open: 422 SERVICE_PROJECT_NOT_OPEN.',
        params: IdParams,
        body: AwardBody,
        response: { 200: ProjectDetail, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'service_project:publish');
      const { project } = await loadProject(ctx, actor, request.params.id, 'service_project:publish');
      await awardProject(ctx, actor, project, request.body.applicationId, request.ip);
      return detail(actor, project.id, []);
    },
  );

  app.post(
    '/api/v1/service-projects/:id/progress',
    {
      schema: {
        tags: TAGS,
        summary: '报告项目进展 / Report progress',
        description:
          'A member account of the organisation awarded the project reports progress (0–100 %, a note); 100 % ' +
          'completes it and opens the residents’ rating. Another organisation: 403 SERVICE_PROJECT_NOT_AWARDEE; ' +
          'not under way: 422 SERVICE_PROJECT_NOT_OPEN.',
        params: IdParams,
        body: ProgressBody,
        response: { 200: ProjectDetail, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'service_project:act');
      const { project, acting } = await loadProject(ctx, actor, request.params.id, 'service_project:act');
      if (!acting.some((b) => b.id === project.awardedBodyId)) {
        throw new AppError('SERVICE_PROJECT_NOT_AWARDEE').denying('service_project', project.id);
      }
      await reportProgress(ctx, actor, project, request.body, request.ip);
      return detail(actor, project.id, acting);
    },
  );

  app.post(
    '/api/v1/service-projects/:id/ratings',
    {
      schema: {
        tags: TAGS,
        summary: '居民评价 / Rate the project',
        description:
          'A verified resident of the project’s area (home inside it) rates the completed project once, 1–5 with ' +
          'an optional comment. Rated already: 409 SERVICE_PROJECT_ALREADY_RATED; not completed: 422 ' +
          'SERVICE_PROJECT_NOT_COMPLETED; a resident of another area: 404.',
        params: IdParams,
        body: RatingBody,
        response: { 201: ProjectOut, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'service_project:rate');
      const { project, acting } = await loadProject(ctx, actor, request.params.id, 'service_project:rate');
      await rateProject(ctx, actor, project, request.body, request.ip);
      reply.code(201);
      return (await presentProjects(ctx, actor, [(await findProject(ctx.db, project.id))!], acting))[0]!;
    },
  );
}
