import type { Generated } from 'kysely';

export type ArticleStatus = 'active' | 'archived';

export interface KnowledgeArticleTable {
  id: Generated<number>;
  /** The owner: an article of a county applies within it; province-wide articles sit at the root. */
  unit_id: number;
  title: string;
  /** Plain text, at most 20,000 characters. */
  body: string;
  category_code: string | null;
  /** JSON array of short labels. */
  tags: string;
  /** Beijing date (YYYY-MM-DD) by which the article is to be checked again. */
  review_due: string;
  status: ArticleStatus;
  version: number;
  /** jieba words of the title and tags, and of title, tags and body (space-separated). */
  title_words: string;
  search_text: string;
  created_by: number | null;
  updated_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface KnowledgeTables {
  knowledge_article: KnowledgeArticleTable;
}
