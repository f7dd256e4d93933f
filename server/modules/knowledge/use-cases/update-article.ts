// An administrator edits, archives or restores an article of its area. The loaded `version` must
// still be current (409 otherwise), so two editors never silently overwrite each other.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { findArticle, updateArticle, type KnowledgeArticle } from '../knowledge.repository.ts';
import type { ArticleStatus, KnowledgeArticleTable } from '../knowledge.table.ts';
import { articleWords } from '../knowledge-text.ts';
import { checkDate, cleanTags, cleanText } from './article-input.ts';

export interface UpdateArticleInput {
  version: number;
  title?: string | undefined;
  body?: string | undefined;
  categoryCode?: string | null | undefined;
  tags?: string[] | undefined;
  reviewDue?: string | undefined;
  status?: ArticleStatus | undefined;
}

/** `article` was loaded and its editing authorised by the caller. */
export async function updateArticleCommand(
  ctx: AppContext,
  actor: Actor,
  article: KnowledgeArticle,
  input: UpdateArticleInput,
  clientIp: string | null,
): Promise<KnowledgeArticle> {
  if (input.version !== article.version)
    throw new AppError('VERSION_CONFLICT', undefined, { currentVersion: article.version });
  const changesContent =
    input.title !== undefined ||
    input.body !== undefined ||
    input.categoryCode !== undefined ||
    input.tags !== undefined ||
    input.reviewDue !== undefined;
  if (article.status === 'archived' && input.status !== 'active' && changesContent) {
    throw new AppError('KNOWLEDGE_ARTICLE_ARCHIVED');
  }
  const title = input.title !== undefined ? cleanText(input.title, 'title') : article.title;
  const body = input.body !== undefined ? cleanText(input.body, 'body') : article.body;
  const tags = input.tags !== undefined ? cleanTags(input.tags) : article.tags;
  const now = ctx.clock.now();
  const patch: Partial<Omit<KnowledgeArticleTable, 'id' | 'version'>> = {
    updated_by: actor.userId,
    updated_at: now.toISOString(),
  };
  const changed: string[] = [];
  if (input.title !== undefined || input.body !== undefined || input.tags !== undefined) {
    const words = articleWords({ title, tags, body });
    Object.assign(patch, {
      title,
      body,
      tags: JSON.stringify(tags),
      title_words: words.titleWords,
      search_text: words.searchText,
    });
    if (input.title !== undefined) changed.push('title');
    if (input.body !== undefined) changed.push('body');
    if (input.tags !== undefined) changed.push('tags');
  }
  if (input.categoryCode !== undefined) {
    patch.category_code = input.categoryCode;
    changed.push('categoryCode');
  }
  if (input.reviewDue !== undefined) {
    patch.review_due = checkDate(input.reviewDue);
    changed.push('reviewDue');
  }
  if (input.status !== undefined) {
    patch.status = input.status;
    changed.push('status');
  }
  await ctx.db.transaction().execute(async (trx) => {
    const updated = await updateArticle(trx, ctx.dialect, article.id, input.version, patch);
    if (!updated) {
      const current = await findArticle(trx, article.id);
      throw new AppError('VERSION_CONFLICT', undefined, { currentVersion: current?.version ?? null });
    }
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'knowledge:manage'),
        action: input.status === 'archived' && article.status === 'active' ? 'knowledge.archive' : 'knowledge.update',
        subjectType: 'knowledge_article',
        subjectId: article.id,
        outcome: 'success',
        clientIp,
        details: { unitId: article.unitId, changed, version: input.version + 1 },
      },
      now,
    );
  });
  return (await findArticle(ctx.db, article.id))!;
}
