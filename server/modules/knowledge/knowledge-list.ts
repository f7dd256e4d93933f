// The knowledge list (GET /api/v1/knowledge): one page of the articles that apply in the caller's
// area, for the JSON list and, page after page, for its .xlsx export — one query for both.
import type { Static } from 'typebox';
import type { AppContext } from '../../context.ts';
import { beijingDay } from '../../platform/calendar/working-days.ts';
import type { XlsxColumn } from '../../platform/http/xlsx.ts';
import { canManageArticle } from './knowledge.policy.ts';
import { jurisdictionPaths, type Actor } from '../auth/index.ts';
import { listArticles, type KnowledgeArticle } from './knowledge.repository.ts';
import type { KnowledgeQuery } from './knowledge.schemas.ts';
import { queryWords, snippetOf } from './knowledge-text.ts';

/** Articles read per query while exporting. */
export const KNOWLEDGE_EXPORT_PAGE_SIZE = 200;

export function presentArticleFields(actor: Actor, article: KnowledgeArticle, today: string) {
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

export type KnowledgeListItem = Awaited<ReturnType<typeof listKnowledge>>['items'][number];

/** The articles from `offset` on, in the list's order, at most `limit`; `more` when others follow. */
export async function listKnowledge(
  ctx: AppContext,
  actor: Actor,
  query: Pick<Static<typeof KnowledgeQuery>, 'q' | 'categoryCode' | 'status' | 'overdue' | 'sort'>,
  offset: number,
  limit: number,
) {
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
  return {
    items: rows
      .slice(0, limit)
      .map((article) => ({ ...presentArticleFields(actor, article, today), ...snippetOf(article, words) })),
    more: rows.length > limit,
  };
}

/** The sheet of the knowledge list: the article's facts, not its body (the snippet shows where it matched). */
export const KNOWLEDGE_EXPORT_COLUMNS: readonly XlsxColumn<KnowledgeListItem>[] = [
  { key: 'title', header: '标题', width: 36 },
  { key: 'tags', header: '标签', width: 24, value: (a) => a.tags.join('、') },
  { key: 'categoryCode', header: '事件分类代码', width: 16 },
  { key: 'unitName', header: '适用范围', width: 24 },
  { key: 'status', header: '状态', width: 8, value: (a) => (a.status === 'active' ? '在用' : '已归档') },
  { key: 'reviewDue', header: '复核日期', width: 12, type: 'date' },
  { key: 'reviewOverdue', header: '复核超期', width: 10 },
  { key: 'version', header: '版本', width: 8, type: 'number' },
  { key: 'updatedAt', header: '更新时间', width: 18, type: 'datetime' },
];
