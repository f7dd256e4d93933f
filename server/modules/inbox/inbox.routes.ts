// HTTP for one's own inbox: the list with the unread count, marking notices read. Every query is
// scoped to the signed-in user: another user's notice id is answered 404, as if it did not exist.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { IdParams, decodeCursor, errorResponses, keysetPage } from '../../platform/http/schemas.ts';
import { authorize } from '../auth/index.ts';
import { countUnread, listNotices, markAllRead, markRead, type InboxCursor } from './inbox.repository.ts';
import { InboxPage, InboxQuery, ReadAllAnswer, ReadAnswer } from './inbox.schemas.ts';
import { presentNotices } from './inbox-view.ts';
import { announceInboxChange } from './inbox-events.ts';

const isInboxCursor = (value: unknown): value is InboxCursor => {
  if (typeof value !== 'object' || value === null) return false;
  const { unread, id } = value as Record<string, unknown>;
  return typeof unread === 'boolean' && typeof id === 'number' && Number.isSafeInteger(id) && id > 0;
};

export function inboxRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/inbox',
    {
      schema: {
        tags: ['inbox'],
        summary: '我的通知（未读在前）/ My notices, unread first',
        querystring: InboxQuery,
        response: { 200: InboxPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'inbox:read');
      const limit = request.query.limit ?? 30;
      const rows = await listNotices(ctx.db, {
        userId: actor.userId,
        unreadOnly: request.query.unread === true,
        after: decodeCursor(request.query.cursor, isInboxCursor),
        limit: limit + 1,
      });
      const { page, nextCursor } = keysetPage(rows, limit, (r) => ({ unread: r.read_at === null, id: r.id }));
      return {
        items: await presentNotices(ctx.db, page),
        unreadCount: await countUnread(ctx.db, actor.userId),
        nextCursor,
      };
    },
  );

  app.post(
    '/api/v1/inbox/:id/read',
    {
      schema: {
        tags: ['inbox'],
        summary: '标为已读 / Mark a notice read',
        params: IdParams,
        response: { 200: ReadAnswer, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'inbox:read');
      const row = await markRead(ctx.db, actor.userId, request.params.id, ctx.clock.now().toISOString());
      if (!row) throw new AppError('NOT_FOUND', '没有这条通知 / No such notice');
      announceInboxChange(ctx, [actor.userId]);
      const [item] = await presentNotices(ctx.db, [row]);
      return { item: item!, unreadCount: await countUnread(ctx.db, actor.userId) };
    },
  );

  app.post(
    '/api/v1/inbox/read-all',
    {
      schema: {
        tags: ['inbox'],
        summary: '全部标为已读 / Mark every notice read',
        response: { 200: ReadAllAnswer, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'inbox:read');
      const marked = await markAllRead(ctx.db, actor.userId, ctx.clock.now().toISOString());
      if (marked > 0) announceInboxChange(ctx, [actor.userId]);
      return { marked, unreadCount: await countUnread(ctx.db, actor.userId) };
    },
  );
}
