// An administrator writes a new article for a region of its area, with the date it is to be
// checked again; indexed for search and audited in the same transaction.
import type { AppContext } from '../../../context.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { findArticle, insertArticle, type KnowledgeArticle } from '../knowledge.repository.ts';
import { articleWords } from '../knowledge-text.ts';
import { checkDate, cleanTags, cleanText, defaultReviewDue, ownerRegion } from './article-input.ts';

export interface CreateArticleInput {
  unitId?: number | undefined;
  title: string;
  body: string;
  categoryCode?: string | null | undefined;
  tags?: string[] | undefined;
  reviewDue?: string | undefined;
}

export async function createArticle(
  ctx: AppContext,
  actor: Actor,
  input: CreateArticleInput,
  clientIp: string | null,
): Promise<KnowledgeArticle> {
  const title = cleanText(input.title, 'title');
  const body = cleanText(input.body, 'body');
  const tags = cleanTags(input.tags ?? []);
  const now = ctx.clock.now();
  const reviewDue = input.reviewDue !== undefined ? checkDate(input.reviewDue) : defaultReviewDue(now);
  const region = await ownerRegion(ctx, actor, input.unitId);
  const words = articleWords({ title, tags, body });
  const id = await ctx.db.transaction().execute(async (trx) => {
    const at = now.toISOString();
    const inserted = await insertArticle(trx, ctx.dialect, {
      unit_id: region.id,
      title,
      body,
      category_code: input.categoryCode ?? null,
      tags: JSON.stringify(tags),
      review_due: reviewDue,
      status: 'active',
      version: 1,
      title_words: words.titleWords,
      search_text: words.searchText,
      created_by: actor.userId,
      updated_by: actor.userId,
      created_at: at,
      updated_at: at,
    });
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'knowledge:manage'),
        action: 'knowledge.create',
        subjectType: 'knowledge_article',
        subjectId: inserted,
        outcome: 'success',
        clientIp,
        details: { unitId: region.id, title, reviewDue },
      },
      now,
    );
    return inserted;
  });
  return (await findArticle(ctx.db, id))!;
}
