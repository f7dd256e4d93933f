import type { Generated } from 'kysely';

export interface LegalLawTable {
  id: Generated<number>;
  /** Stable key of the statute (data/legal/<code>.json), e.g. `minfadian`. */
  code: string;
  /** Full title: 中华人民共和国民法典. */
  title: string;
  /** What a mediator says: 民法典. */
  short_title: string;
  issuing_body: string;
  /** The latest adoption or amendment this text carries (YYYY-MM-DD). */
  version_date: string;
  /** 施行日期 of that version (YYYY-MM-DD). */
  effective_date: string;
  /** `full` or `excerpt` (then `source.chapters` lists what was saved). */
  coverage: 'full' | 'excerpt';
  /** JSON: {repository, path, commit, official, chapters?}. */
  source: string;
  retrieved_on: string;
  /** SHA-256 of the loaded JSON: an unchanged file is not loaded again. */
  content_sha256: string;
  loaded_at: string;
}

export interface LegalArticleTable {
  id: Generated<number>;
  law_id: number;
  number: number;
  /** 第二百八十八条 */
  label: string;
  part: string | null;
  chapter: string | null;
  section: string | null;
  text: string;
  /** jieba words of the law's titles, the label and the chapter headings (ranked higher). */
  title_words: string;
  /** jieba words of the text. */
  search_text: string;
  /** 0 once a newer load of the statute no longer holds the article (kept: a citation names it). */
  in_force: number;
}

export interface LegalTables {
  legal_law: LegalLawTable;
  legal_article: LegalArticleTable;
}
