// HTTP for the knowledge base: staff search and read the articles that apply in their area while
// on a call; an administrator writes, edits, archives and restores those of its own area.
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { IdParams, Page, decodeCursor, encodeCursor, errorResponses } from '../../platform/http/schemas.ts';
import { beijingDay } from '../../platform/calendar/working-days.ts';
import { authorize, jurisdictionPaths, userNames, type Actor } from '../auth/index.ts';
import { findArticle, listArticles, type KnowledgeArticle } from './knowledge.repository.ts';
import { canManageArticle, canReadArticle } from './knowledge.policy.ts';
import { queryWords, snippetOf } from './knowledge-text.ts';
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

function presentFields(actor: Actor, article: KnowledgeArticle, today: string) {
  return {
    id: article.id,
    unitId: article.unitId,
    unitName: article.unitName,
    title: article.title,
    categoryCode: article.categoryCode,
    tags: article.tags,
    reviewDue: article.reviewDue,
    reviewOverdue: article.status === 'active' && article.reviewDue < today,
    status: article.status,
    version: article.version,
    updatedAt: article.updatedAt,
    abilities: { edit: canManageArticle(actor, article) },
  };
}

async function present(ctx: AppContext, actor: Actor, article: KnowledgeArticle) {
  const names = await userNames(ctx.db, [article.updatedBy]);
  return {
    ...presentFields(actor, article, beijingDay(ctx.clock.now())),
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
          '`reviewOverdue` marks an active article whose review date has passed.',
        querystring: KnowledgeQuery,
        response: { 200: Page(ArticleListItem), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'knowledge:read');
      const query = request.query;
      const limit = query.limit ?? 20;
      const offset = decodeCursor(query.cursor, isOffsetCursor)?.offset ?? 0;
      const words = query.q ? queryWords(query.q) : [];
      const today = beijingDay(ctx.clock.now());
      const rows = await listArticles(ctx.db, ctx.dialect, {
        scopePaths: jurisdictionPaths(actor, 'knowledge:read'),
        words,
        categoryCode: query.categoryCode,
        status: query.status ?? 'active',
        overdueBefore: query.overdue ? today : undefined,
        sort: query.sort ?? (words.length > 0 ? 'relevance' : 'updatedAt'),
        offset,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return {
        items: page.map((article) => ({ ...presentFields(actor, article, today), ...snippetOf(article, words) })),
        nextCursor: rows.length > limit && offset + limit <= 10_000 ? encodeCursor({ offset: offset + limit }) : null,
      };
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
