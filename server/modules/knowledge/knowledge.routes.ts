// HTTP for the knowledge base: staff search and read the articles that apply in their area while
// on a call; an administrator writes, edits, archives and restores those of its own area.
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { IdParams, Page, decodeCursor, encodeCursor, errorResponses } from '../../platform/http/schemas.ts';
import { beijingDay } from '../../platform/calendar/working-days.ts';
import { allPages, exportFilters, exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import { auditActorOf, authorize, userNames, type Actor } from '../auth/index.ts';
import { findArticle, type KnowledgeArticle } from './knowledge.repository.ts';
import { canManageArticle, canReadArticle } from './knowledge.policy.ts';
import {
  KNOWLEDGE_EXPORT_COLUMNS,
  KNOWLEDGE_EXPORT_PAGE_SIZE,
  listKnowledge,
  presentArticleFields,
  type KnowledgeListItem,
} from './knowledge-list.ts';
import {
  ArticleListItem,
  ArticleOut,
  CreateArticleBody,
  KnowledgeQuery,
  UpdateArticleBody,
} from './knowledge.schemas.ts';
import { createArticle } from './use-cases/create-article.ts';
import { updateArticleCommand } from './use-cases/update-article.ts';

const TAGS = ['knowledge'];

const isOffsetCursor = (value: unknown): value is { offset: number } => {
  if (typeof value !== 'object' || value === null) return false;
  const n = (value as Record<string, unknown>).offset;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 && n <= 10_000;
};

async function present(ctx: AppContext, actor: Actor, article: KnowledgeArticle) {
  const names = await userNames(ctx.db, [article.updatedBy]);
  return {
    ...presentArticleFields(actor, article, beijingDay(ctx.clock.now())),
    body: article.body,
    createdAt: article.createdAt,
    updatedByName: article.updatedBy !== null ? (names.get(article.updatedBy) ?? null) : null,
  };
}

/** The article if the actor reads it; one that does not apply in its area does not exist for it. */
async function loadReadable(
  ctx: AppContext,
  request: FastifyRequest,
  id: number,
  power: 'knowledge:read' | 'knowledge:manage',
) {
  const actor = await authorize(ctx, request, power);
  const article = await findArticle(ctx.db, id);
  if (!article || !canReadArticle(actor, article)) {
    const error = new AppError('NOT_FOUND', '条目不存在 / No such article');
    throw article ? error.denying('knowledge_article', id) : error;
  }
  return { actor, article };
}

export function knowledgeRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/knowledge',
    {
      schema: {
        tags: TAGS,
        summary: '知识库检索 / Search the knowledge base',
        description:
          "The articles that apply in the caller's area: its units', those of the units above (province-wide " +
          'articles) and below. `q` is cut into Chinese words (jieba); an article containing any of them is ' +
          'found, those with more and rarer words, above all in the title and tags, first. Each item has a ' +
          '`snippet` of the body around the first word found and the `highlights` (the words found). Without ' +
          '`q`, the newest changes first; `sort=reviewDue` lists the earliest review dates first. ' +
          '`reviewOverdue` marks an active article whose review date has passed. `format=xlsx` sends every ' +
          'matching article (not one page, without the body) as an Excel sheet, streamed, and audits the export.',
        querystring: KnowledgeQuery,
        response: {
          200: jsonOrXlsx(Page(ArticleListItem), '知识库条目 / Articles'),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'knowledge:read');
      const query = request.query;
      if (query.format !== 'xlsx') {
        const limit = query.limit ?? 20;
        const offset = decodeCursor(query.cursor, isOffsetCursor)?.offset ?? 0;
        const { items, more } = await listKnowledge(ctx, actor, query, offset, limit);
        return {
          items,
          nextCursor: more && offset + limit <= 10_000 ? encodeCursor({ offset: offset + limit }) : null,
        };
      }
      const now = ctx.clock.now();
      return sendXlsx(reply, {
        filename: `知识库-${exportStamp(now)}.xlsx`,
        sheetName: '知识库',
        columns: KNOWLEDGE_EXPORT_COLUMNS,
        rows: allPages<KnowledgeListItem, number>(async (offset = 0) => {
          const { items, more } = await listKnowledge(ctx, actor, query, offset, KNOWLEDGE_EXPORT_PAGE_SIZE);
          return { rows: items, next: more ? offset + KNOWLEDGE_EXPORT_PAGE_SIZE : undefined };
        }),
        audit: {
          log: ctx.audit,
          db: ctx.db,
          at: now,
          actor: auditActorOf(actor, 'knowledge:read'),
          clientIp: request.ip,
          what: 'knowledge_articles',
          filters: exportFilters(query),
        },
      });
    },
  );

  app.get(
    '/api/v1/knowledge/:id',
    {
      schema: {
        tags: TAGS,
        summary: '知识库条目 / One article',
        params: IdParams,
        response: { 200: ArticleOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { actor, article } = await loadReadable(ctx, request, request.params.id, 'knowledge:read');
      return present(ctx, actor, article);
    },
  );

  app.post(
    '/api/v1/knowledge',
    {
      schema: {
        tags: TAGS,
        summary: '新建知识库条目 / Write an article',
        description:
          'An administrator writes an article for a region of its area (`unitId`; a centre or department ' +
          "stands for its region; default: the administrator's own area). `reviewDue` defaults to a year " +
          "from today. A unit outside the administrator's area does not exist for it (404).",
        body: CreateArticleBody,
        response: { 201: ArticleOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'knowledge:manage');
      const article = await createArticle(ctx, actor, request.body, request.ip);
      reply.code(201);
      return present(ctx, actor, article);
    },
  );

  app.patch(
    '/api/v1/knowledge/:id',
    {
      schema: {
        tags: TAGS,
        summary: '修改、归档或恢复条目 / Edit, archive or restore an article',
        description:
          'Send the `version` you loaded (409 VERSION_CONFLICT when someone changed the article since). ' +
          '`status: "archived"` takes the article out of the operators\' search; `"active"` restores it. ' +
          'An archived article is restored before anything else changes (422 KNOWLEDGE_ARTICLE_ARCHIVED). ' +
          "Only an administrator whose area holds the article's unit edits it; a province-wide article " +
          'is read, not edited, in a county (403).',
        params: IdParams,
        body: UpdateArticleBody,
        response: { 200: ArticleOut, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const { actor, article } = await loadReadable(ctx, request, request.params.id, 'knowledge:manage');
      if (!canManageArticle(actor, article)) {
        throw new AppError(
          'FORBIDDEN',
          '该条目属于上级单位，不能在此修改 / The article belongs to a unit above yours',
        ).denying('knowledge_article', article.id);
      }
      return present(ctx, actor, await updateArticleCommand(ctx, actor, article, request.body, request.ip));
    },
  );
}
