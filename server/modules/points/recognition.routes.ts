// HTTP for the recognition board (好人好事, issue 19 §5): nominate, the review list, approve or reject.
// What is published is answered by the public page's route (transparency: /api/v1/public/recognitions).
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { IdParams, errorResponses } from '../../platform/http/schemas.ts';
import { authorize, jurisdictionPaths } from '../auth/index.ts';
import { findUnitById } from '../org/index.ts';
import { can } from '../auth/index.ts';
import { notFoundRecord } from './points.policy.ts';
import { findRecognition, listRecognitions } from './recognition.repository.ts';
import { NominateBody, RecognitionOut, RecognitionsQuery, ReviewBody } from './points.schemas.ts';
import { presentRecognitions } from './points.view.ts';
import { loadRecognition, nominate, reviewRecognition } from './use-cases/recognitions.ts';

const TAGS = ['recognitions'];

export function recognitionRoutes(app: Api, ctx: AppContext): void {
  app.post(
    '/api/v1/recognitions',
    {
      schema: {
        tags: TAGS,
        summary: '推荐好人好事 / Nominate a good person or deed',
        description:
          'A resident nominates for its home village (community); staff for a region of their area (`unitId`). The ' +
          'nominee’s mobile (optional, not kept) links its resident account, which earns the good_deed points on ' +
          'approval; a resident naming itself: 422 RECOGNITION_SELF. A unit outside: 404. Audited.',
        body: NominateBody,
        response: { 201: RecognitionOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'recognition:nominate');
      const id = await nominate(ctx, actor, request.body, request.ip);
      reply.code(201);
      return (await presentRecognitions(ctx.db, actor, [(await findRecognition(ctx.db, id))!]))[0]!;
    },
  );

  app.get(
    '/api/v1/recognitions',
    {
      schema: {
        tags: TAGS,
        summary: '好人好事推荐列表 / Nominations to review',
        description:
          'The nominations for units in the caller’s area (`unitId`: that unit and below), newest first; `status` ' +
          'filters. `abilities.review` says whether the caller may decide one. A unit outside: 404.',
        querystring: RecognitionsQuery,
        response: { 200: Type.Object({ items: Type.Array(RecognitionOut) }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'recognition:read');
      const q = request.query;
      let roots = jurisdictionPaths(actor, 'recognition:read');
      if (q.unitId !== undefined) {
        const unit = await findUnitById(ctx.db, q.unitId);
        if (!unit || !can(actor, 'recognition:read', [unit.path]))
          throw notFoundRecord('单位', 'org_unit', q.unitId, !!unit);
        roots = [unit.path];
      }
      const rows = await listRecognitions(ctx.db, { roots, status: q.status, limit: q.limit ?? 100 });
      return { items: await presentRecognitions(ctx.db, actor, rows) };
    },
  );

  app.post(
    '/api/v1/recognitions/:id/review',
    {
      schema: {
        tags: TAGS,
        summary: '审核推荐 / Approve or reject a nomination',
        description:
          'The township’s or committee’s staff over the nomination’s unit approve it (published on the public page and ' +
          'in the residents’ app; the linked resident account earns good_deed points, once) or reject it with a ' +
          'reason. Decided already: 422 RECOGNITION_REVIEWED. Outside the area: 404. Audited.',
        params: IdParams,
        body: ReviewBody,
        response: { 200: RecognitionOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'recognition:review');
      const r = await loadRecognition(ctx, actor, request.params.id, 'recognition:review');
      await reviewRecognition(ctx, actor, r, request.body, request.ip);
      return (await presentRecognitions(ctx.db, actor, [(await findRecognition(ctx.db, r.id))!]))[0]!;
    },
  );
}
