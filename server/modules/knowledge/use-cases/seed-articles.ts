// Articles loaded without an author (the demo's, an install's starting set): once, into an empty
// knowledge base, indexed like any other.
import type { AppContext } from '../../../context.ts';
import { insertArticle } from '../knowledge.repository.ts';
import { articleWords } from '../knowledge-text.ts';

export interface SeedArticle {
  unitId: number;
  title: string;
  body: string;
  categoryCode: string | null;
  tags: string[];
  reviewDue: string;
}

/** How many were added: none when the knowledge base already holds an article. */
export async function seedArticles(ctx: AppContext, articles: SeedArticle[]): Promise<number> {
  const existing = await ctx.db.selectFrom('knowledge_article').select('id').limit(1).executeTakeFirst();
  if (existing) return 0;
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    for (const article of articles) {
      const words = articleWords(article);
      await insertArticle(trx, ctx.dialect, {
        unit_id: article.unitId,
        title: article.title,
        body: article.body,
        category_code: article.categoryCode,
        tags: JSON.stringify(article.tags),
        review_due: article.reviewDue,
        status: 'active',
        version: 1,
        title_words: words.titleWords,
        search_text: words.searchText,
        created_by: null,
        updated_by: null,
        created_at: at,
        updated_at: at,
      });
    }
  });
  return articles.length;
}
