// HTTP for notices (通知公告): a township or village publishes (urgent ones also by SMS); staff list
// those overlapping their area (.xlsx); a resident reads those of where they live.
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import { auditActorOf, authorize } from '../auth/index.ts';
import { findNotice, listNotices } from './community.repository.ts';
import { readArea, residentHomes } from './community.policy.ts';
import { NoticeCreate, NoticeOut, NoticeQuery } from './community.schemas.ts';
import { presentNotices } from './community.view.ts';
import { publishNotice } from './use-cases/publish-notice.ts';

const TAGS = ['notices'];
const KIND_LABEL = { policy: '政策', meeting: '会议', emergency: '紧急' } as const;

export function noticeRoutes(app: Api, ctx: AppContext): void {
  app.post(
    '/api/v1/notices',
    {
      schema: {
        tags: TAGS,
        summary: '发布通知公告 / Publish a notice',
        description:
          'A township or village of the caller’s area publishes a notice (policy 政策, meeting 会议, emergency 紧急) ' +
          'to its residents’ app page. `urgent` (always, for an emergency) also queues an SMS to each resident ' +
          'account of the area with a phone (`smsCount`). Another kind of unit: 422 COMMUNITY_UNIT_NOT_ALLOWED; ' +
          'outside the area: 404.',
        body: NoticeCreate,
        response: { 201: NoticeOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'notice:publish');
      const id = await publishNotice(ctx, actor, request.body, request.ip);
      const notice = (await findNotice(ctx.db, id))!;
      reply.code(201);
      return (await presentNotices(ctx, [notice], true))[0]!;
    },
  );

  app.get(
    '/api/v1/notices',
    {
      schema: {
        tags: TAGS,
        summary: '通知公告列表 / Notices over the caller’s area',
        description:
          'Staff: notices whose area overlaps theirs, newest first, with the SMS count. `kind` filters; ' +
          '`format=xlsx` exports (audited).',
        querystring: NoticeQuery,
        response: {
          200: jsonOrXlsx(Type.Object({ items: Type.Array(NoticeOut) }), '通知公告 / Notices'),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'notice:read');
      const q = request.query;
      const rows = await listNotices(ctx.db, {
        area: readArea(actor, 'notice:read'),
        kind: q.kind,
        limit: q.format === 'xlsx' ? 20_000 : (q.limit ?? 200),
      });
      const items = await presentNotices(ctx, rows, true);
      if (q.format === 'xlsx') {
        const now = ctx.clock.now();
        return sendXlsx(reply, {
          filename: `通知公告-${exportStamp(now)}.xlsx`,
          sheetName: '通知公告',
          columns: [
            { key: 'publishedAt', header: '发布时间', type: 'datetime', width: 18 },
            { key: 'unitName', header: '发布单位', width: 18 },
            { key: 'kind', header: '类别', value: (n) => KIND_LABEL[n.kind] },
            { key: 'urgent', header: '紧急', value: (n) => (n.urgent ? '是' : '否') },
            { key: 'title', header: '标题', width: 30 },
            { key: 'smsCount', header: '短信条数', type: 'number' },
          ],
          rows: items,
          audit: {
            log: ctx.audit,
            db: ctx.db,
            at: now,
            actor: auditActorOf(actor, 'notice:read'),
            clientIp: request.ip,
            what: 'notices',
            filters: { kind: q.kind ?? null },
          },
        });
      }
      return { items };
    },
  );

  app.get(
    '/api/v1/notices/mine',
    {
      schema: {
        tags: TAGS,
        summary: '我所在地的通知 / Notices of where I live',
        description:
          'A resident: the notices of the township and village (community) of their home, newest first; nobody ' +
          'else’s.',
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(NoticeOut) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'notice:mine');
      const rows = await listNotices(ctx.db, {
        area: { covering: residentHomes(actor) },
        limit: request.query.limit ?? 50,
      });
      return { items: await presentNotices(ctx, rows, false) };
    },
  );
}
