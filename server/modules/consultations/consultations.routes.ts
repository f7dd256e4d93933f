// HTTP for consultations (议事协商, issue 19 §1, ADR 0037): the list (staff: their area, .xlsx export;
// residents: the topics of their verified home's area), a topic with its discussion, options, result
// after close and the earlier levels' record; raise, support, vote, comment, report, hide, options,
// decision, progress, escalate; the verification of a resident's home; and the public follow-up list.
import type { FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { IdParams, decodeCursor, errorResponses, keysetPage, positiveIntCursor } from '../../platform/http/schemas.ts';
import { exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import {
  auditActorOf,
  authorize,
  can,
  jurisdictionPaths,
  requireActor,
  rolesAllow,
  type Actor,
} from '../auth/index.ts';
import { findUnitById, unitNames } from '../org/index.ts';
import { LEVEL_LABELS, STATUS_LABELS } from '../../../common/consultations.ts';
import {
  eventsOf,
  findComment,
  findConsultation,
  listConsultations,
  publicFollowUps,
} from './consultations.repository.ts';
import {
  homeLine,
  homeVerified,
  loadConsultation,
  requireVerifiedResident,
  residentHome,
} from './consultations.policy.ts';
import {
  CommentBody,
  CommentParams,
  ConsultationDetail,
  ConsultationList,
  DecisionBody,
  EscalateBody,
  HideBody,
  HomeBody,
  HomeOut,
  ListQuery,
  OptionsBody,
  ProgressBody,
  PublicFollowUps,
  PublicQuery,
  RaiseBody,
  UserParams,
  VoteBody,
} from './consultations.schemas.ts';
import { presentDetail, presentItem } from './consultations.view.ts';
import { raiseConsultation } from './use-cases/raise-consultation.ts';
import { setConsultationOptions } from './use-cases/set-options.ts';
import { supportConsultation, voteOnConsultation } from './use-cases/take-part.ts';
import { commentOnConsultation, hideConsultationComment, reportConsultationComment } from './use-cases/comments.ts';
import { decideConsultation, recordConsultationProgress } from './use-cases/decide.ts';
import { escalateConsultation } from './use-cases/escalate.ts';
import { verifyResidentHome } from './use-cases/verify-home.ts';

const TAGS = ['consultations'];
const isIdCursor = positiveIntCursor('id');

/** Staff who read topics, or residents who take part: anyone else is refused (403, audited). */
async function reader(ctx: AppContext, request: FastifyRequest): Promise<Actor> {
  const actor = requireActor(request);
  if (rolesAllow(actor, 'consultation:read') || rolesAllow(actor, 'consultation:take_part')) return actor;
  return authorize(ctx, request, 'consultation:read');
}

/** A resident taking part (verified home), or 403. */
async function participant(ctx: AppContext, request: FastifyRequest): Promise<Actor> {
  const actor = await authorize(ctx, request, 'consultation:take_part');
  requireVerifiedResident(actor);
  return actor;
}

export function consultationRoutes(app: Api, ctx: AppContext): void {
  const detail = async (actor: Actor, id: number) => presentDetail(ctx, actor, (await findConsultation(ctx.db, id))!);

  app.get(
    '/api/v1/consultations',
    {
      schema: {
        tags: TAGS,
        summary: '议题列表 / Consultation topics',
        description:
          'Staff: the topics held in their area, newest first; `unitId` those inside one unit, `level`, `status`; ' +
          '`format=xlsx` exports them (audited). A resident: the topics of its verified home’s area (its home and the ' +
          'units above it); `homeVerified: false` and no topics until staff verify its home.',
        querystring: ListQuery,
        response: { 200: jsonOrXlsx(ConsultationList, '议题 / Topics'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await reader(ctx, request);
      const q = request.query;
      const staff = rolesAllow(actor, 'consultation:read');
      let within: string | undefined;
      if (q.unitId !== undefined) {
        const unit = await findUnitById(ctx.db, q.unitId);
        if (!unit || !(staff ? can(actor, 'consultation:read', [unit.path]) : false)) {
          if (staff || !unit) throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
        }
        within = unit.path;
      }
      const home = residentHome(actor);
      const scope = staff
        ? { scopePaths: jurisdictionPaths(actor, 'consultation:read') }
        : { exactPaths: homeVerified(home) ? homeLine(home) : [] };
      const filter = { ...scope, within, level: q.level, status: q.status };
      if (q.format === 'xlsx') {
        if (!staff) throw new AppError('FORBIDDEN', '无权导出 / You may not export');
        const rows = await listConsultations(ctx.db, { ...filter, limit: 5000 });
        const names = await unitNames(ctx.db, [...rows.map((r) => r.unitId), ...rows.map((r) => r.decisionUnitId)]);
        const now = ctx.clock.now();
        return sendXlsx(reply, {
          filename: `议事协商-${exportStamp(now)}.xlsx`,
          sheetName: '议题',
          columns: [
            { key: 'id', header: '编号', type: 'number', width: 8 },
            { key: 'title', header: '议题', width: 30 },
            { key: 'unitName', header: '单位', width: 22, value: (r) => names.get(r.unitId) ?? '' },
            {
              key: 'level',
              header: '层级',
              value: (r) => LEVEL_LABELS[r.level].zh + (r.buildingLabel ? `（${r.buildingLabel}）` : ''),
            },
            { key: 'status', header: '状态', value: (r) => STATUS_LABELS[r.status].zh },
            { key: 'supporterCount', header: '附议人数', type: 'number' },
            { key: 'createdAt', header: '发起时间', type: 'datetime', width: 18 },
            { key: 'closedAt', header: '结束时间', type: 'datetime', width: 18 },
            { key: 'decision', header: '决定', width: 30 },
            {
              key: 'decisionUnit',
              header: '承办单位',
              width: 22,
              value: (r) => (r.decisionUnitId ? (names.get(r.decisionUnitId) ?? '') : ''),
            },
            { key: 'decisionDue', header: '完成期限', width: 12 },
            { key: 'progress', header: '落实进度', type: 'percent', value: (r) => r.progress / 100 },
          ],
          rows,
          audit: {
            log: ctx.audit,
            db: ctx.db,
            at: now,
            actor: auditActorOf(actor, 'consultation:read'),
            clientIp: request.ip,
            what: 'consultations',
            filters: { unitId: q.unitId ?? null, level: q.level ?? null, status: q.status ?? null },
          },
        });
      }
      const limit = q.limit ?? 50;
      const rows = await listConsultations(ctx.db, {
        ...filter,
        beforeId: decodeCursor(q.cursor, isIdCursor)?.id,
        limit: limit + 1,
      });
      const { page, nextCursor } = keysetPage(rows, limit, (r) => ({ id: r.id }));
      const names = await unitNames(
        ctx.db,
        page.map((r) => r.unitId),
      );
      return {
        items: page.map((r) => presentItem(r, names)),
        nextCursor,
        ...(staff ? {} : { homeVerified: homeVerified(home) }),
      };
    },
  );

  app.post(
    '/api/v1/consultations',
    {
      schema: {
        tags: TAGS,
        summary: '发起议题 / Raise a topic',
        description:
          'Staff raise a topic at a unit of their area (county, township, village or community, grid; a building: a ' +
          'grid with `buildingLabel`); it opens at once. A verified resident raises one in its home area (not at ' +
          'the county): it gathers supporters first (the number per level is data). Options (2–10) may come now ' +
          'or later. A unit outside the area: 404; a unit of the wrong kind: 422 CONSULTATION_LEVEL_INVALID; a ' +
          'resident whose home is not verified: 403 CONSULTATION_HOME_UNVERIFIED.',
        body: RaiseBody,
        response: { 201: ConsultationDetail, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!rolesAllow(actor, 'consultation:manage') && !rolesAllow(actor, 'consultation:take_part')) {
        await authorize(ctx, request, 'consultation:manage');
      }
      const id = await raiseConsultation(ctx, actor, request.body, request.ip);
      reply.code(201);
      return detail(actor, id);
    },
  );

  app.get(
    '/api/v1/consultations/:id',
    {
      schema: {
        tags: TAGS,
        summary: '议题详情 / A topic',
        description:
          'The topic, its options (the counts per option only once voting has ended), the turnout (never who voted ' +
          'for what), the discussion (a hidden comment shows as 已隐藏 to others), the history, the decision and its ' +
          'follow-up, and an escalated topic’s earlier record. Outside the reader’s area or home area: 404.',
        params: IdParams,
        response: { 200: ConsultationDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await reader(ctx, request);
      const topic = await loadConsultation(ctx, actor, request.params.id, 'read');
      return presentDetail(ctx, actor, topic);
    },
  );

  const staffAction = (
    path: string,
    summary: string,
    description: string,
    body: TSchema,
    run: (
      actor: Actor,
      topic: Awaited<ReturnType<typeof loadConsultation>>,
      body: never,
      ip: string,
    ) => Promise<unknown>,
    created = false,
  ) => {
    app.post(
      path,
      {
        schema: {
          tags: TAGS,
          summary,
          description,
          params: IdParams,
          body,
          response: { [created ? 201 : 200]: ConsultationDetail, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const actor = await authorize(ctx, request, 'consultation:manage');
        const topic = await loadConsultation(ctx, actor, request.params.id, 'manage');
        const result = await run(actor, topic, request.body as never, request.ip);
        if (created) reply.code(201);
        return detail(actor, typeof result === 'number' ? result : topic.id);
      },
    );
  };

  staffAction(
    '/api/v1/consultations/:id/options',
    '设置表决选项 / Set the options',
    'Staff who run the topic set 2–10 different options before the first vote. After a vote: 422 CONSULTATION_OPTIONS_LOCKED.',
    OptionsBody,
    (actor, topic, body: { options: string[] }) => setConsultationOptions(ctx, actor, topic, body.options, null),
  );

  staffAction(
    '/api/v1/consultations/:id/decision',
    '议定并结束 / Close with a decision',
    'Closes an open topic (or a proposal lead) with the decision, the unit that carries it out (in the topic’s ' +
      'county) and by when; the result is shown from now on, and the follow-up is public until done.',
    DecisionBody,
    (actor, topic, body: { decision: string; carriedOutByUnitId: number; dueDate: string }) =>
      decideConsultation(ctx, actor, topic, body, null),
  );

  staffAction(
    '/api/v1/consultations/:id/progress',
    '记录落实进度 / Record the follow-up',
    'The decision’s progress (0–100 %) with a note; shown on the public list until it reaches 100 %.',
    ProgressBody,
    (actor, topic, body: { percent: number; note: string }) =>
      recordConsultationProgress(ctx, actor, topic, body, null),
  );

  staffAction(
    '/api/v1/consultations/:id/escalate',
    '上报上级 / Escalate to the parent level',
    'A topic beyond the level’s power goes to the parent level (building → grid → village → township → county) ' +
      'as a new open topic with this one’s record; a county’s becomes a proposal lead (提案线索) for the county’s ' +
      'CPPCC committee (422 CONSULTATION_NO_CPPCC when none). Answers the new topic (201).',
    EscalateBody,
    (actor, topic, body: { reason: string }) => escalateConsultation(ctx, actor, topic, body.reason, null),
    true,
  );

  app.post(
    '/api/v1/consultations/:id/supports',
    {
      schema: {
        tags: TAGS,
        summary: '附议 / Support a topic',
        description:
          'A verified resident of the topic’s area supports a gathering topic, once (409 CONSULTATION_ALREADY_SUPPORTED); ' +
          'the supporter that reaches the level’s number opens it.',
        params: IdParams,
        response: { 200: ConsultationDetail, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const actor = await participant(ctx, request);
      const topic = await loadConsultation(ctx, actor, request.params.id, 'take_part');
      await supportConsultation(ctx, actor, topic, request.ip);
      return detail(actor, topic.id);
    },
  );

  app.post(
    '/api/v1/consultations/:id/votes',
    {
      schema: {
        tags: TAGS,
        summary: '投票 / Vote',
        description:
          'One secret vote per verified resident of the topic’s area on an open topic: the ballot is stored without ' +
          'its voter. A second vote: 409 CONSULTATION_ALREADY_VOTED; an unverified home: 403 ' +
          'CONSULTATION_HOME_UNVERIFIED; a resident of another area: 404. The result shows after close.',
        params: IdParams,
        body: VoteBody,
        response: { 200: ConsultationDetail, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const actor = await participant(ctx, request);
      const topic = await loadConsultation(ctx, actor, request.params.id, 'take_part');
      await voteOnConsultation(ctx, actor, topic, request.body.optionId, request.ip);
      return detail(actor, topic.id);
    },
  );

  app.post(
    '/api/v1/consultations/:id/comments',
    {
      schema: {
        tags: TAGS,
        summary: '发表评论 / Comment',
        description:
          'A verified resident of the topic’s area, or staff who run it, comment while it is gathering or open.',
        params: IdParams,
        body: CommentBody,
        response: { 201: ConsultationDetail, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const asStaff = rolesAllow(actor, 'consultation:manage');
      if (!asStaff) await participant(ctx, request);
      const topic = await loadConsultation(ctx, actor, request.params.id, asStaff ? 'manage' : 'take_part');
      await commentOnConsultation(ctx, actor, topic, request.body.body, asStaff, request.ip);
      reply.code(201);
      return detail(actor, topic.id);
    },
  );

  app.post(
    '/api/v1/consultations/:id/comments/:commentId/reports',
    {
      schema: {
        tags: TAGS,
        summary: '举报评论 / Report a comment',
        description:
          'A verified resident of the topic’s area reports a comment, once (409 CONSULTATION_ALREADY_REPORTED); ' +
          'at the level’s number of reports (data) the comment is hidden.',
        params: CommentParams,
        response: { 200: ConsultationDetail, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = await participant(ctx, request);
      const topic = await loadConsultation(ctx, actor, request.params.id, 'take_part');
      const comment = await findComment(ctx.db, topic.id, request.params.commentId);
      if (!comment) throw new AppError('NOT_FOUND', '评论不存在 / No such comment');
      await reportConsultationComment(ctx, actor, topic, comment, request.ip);
      return detail(actor, topic.id);
    },
  );

  app.post(
    '/api/v1/consultations/:id/comments/:commentId/hide',
    {
      schema: {
        tags: TAGS,
        summary: '隐藏评论 / Hide a comment',
        description: 'Staff who run the topic hide a comment (moderation, with a reason); others then see 已隐藏.',
        params: CommentParams,
        body: HideBody,
        response: { 200: ConsultationDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'consultation:manage');
      const topic = await loadConsultation(ctx, actor, request.params.id, 'manage');
      const comment = await findComment(ctx.db, topic.id, request.params.commentId);
      if (!comment) throw new AppError('NOT_FOUND', '评论不存在 / No such comment');
      await hideConsultationComment(ctx, actor, topic, comment, request.body?.reason, request.ip);
      return detail(actor, topic.id);
    },
  );

  app.put(
    '/api/v1/residents/:userId/home',
    {
      schema: {
        tags: TAGS,
        summary: '核实居民居住地 / Verify a resident’s home',
        description:
          'Township or village staff move a resident’s membership to the village, community or grid it lives in, ' +
          'within their area; from then on it takes part in that area’s consultations. A resident verified ' +
          'elsewhere, or not a resident: 404; a unit that is not a village or grid: 422 RESIDENT_HOME_UNIT_INVALID. Audited.',
        params: UserParams,
        body: HomeBody,
        response: { 200: HomeOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'resident_home:verify');
      const home = await verifyResidentHome(ctx, actor, request.params.userId, request.body.unitId, request.ip);
      return { userId: request.params.userId, ...home };
    },
  );

  app.get(
    '/api/v1/public/consultations',
    {
      config: { auth: 'public' },
      schema: {
        tags: TAGS,
        summary: '议事决定落实情况（公开） / Decisions and their follow-up (public)',
        description:
          'No sign-in. The decided topics inside a region unit whose follow-up is not done: title, decision, the unit ' +
          'carrying it out, due date, progress and its notes. Nothing personal: no names, no comments, no votes by person.',
        querystring: PublicQuery,
        response: { 200: PublicFollowUps, ...errorResponses(400, 404, 429) },
      },
    },
    async (request, reply) => {
      const unit = await findUnitById(ctx.db, request.query.unitId);
      if (!unit || unit.type !== 'region') throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
      const rows = await publicFollowUps(ctx.db, unit.path, 100);
      const [names, events] = await Promise.all([
        unitNames(ctx.db, [...rows.map((r) => r.unitId), ...rows.map((r) => r.decisionUnitId)]),
        eventsOf(
          ctx.db,
          rows.map((r) => r.id),
        ),
      ]);
      void reply.header('cache-control', 'public, max-age=60');
      return {
        items: rows.map((r) => ({
          id: r.id,
          unitName: names.get(r.unitId) ?? '',
          level: r.level,
          title: r.title,
          decision: r.decision ?? '',
          carriedOutByUnitName: r.decisionUnitId ? (names.get(r.decisionUnitId) ?? '') : '',
          dueDate: r.decisionDue ?? '',
          progress: r.progress,
          closedAt: r.closedAt ?? '',
          notes: events
            .filter((e) => e.consultationId === r.id && e.kind === 'progress')
            .map((e) => ({ at: e.at, percent: e.progress ?? 0, note: e.note ?? '' })),
        })),
      };
    },
  );
}
