// Kysely queries over the statutes, their articles and the articles' word index (FTS5 on SQLite, a
// weighted tsvector on PostgreSQL, migration 2026-12-05T0800).
import { sql, type Selectable, type SqlBool } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import type { DialectName } from '../../platform/db/database.ts';
import type { LegalArticleTable, LegalLawTable } from './legal.table.ts';

type Executor = Db | Trx;
export type LawRow = Selectable<LegalLawTable>;
export type ArticleRow = Selectable<LegalArticleTable>;

export interface LawSource {
  repository: string;
  path: string;
  commit: string;
  official: string;
  chapters?: string[];
}

/** An article as other modules and the routes see it: with its statute, camelCase. */
export interface LegalArticle {
  id: number;
  lawId: number;
  lawCode: string;
  lawTitle: string;
  lawShortTitle: string;
  issuingBody: string;
  versionDate: string;
  effectiveDate: string;
  coverage: 'full' | 'excerpt';
  source: LawSource;
  retrievedOn: string;
  number: number;
  label: string;
  part: string | null;
  chapter: string | null;
  section: string | null;
  text: string;
  inForce: boolean;
}

export function parseSource(text: string): LawSource {
  return JSON.parse(text) as LawSource;
}

const COLUMNS = [
  'legal_article.id',
  'legal_article.law_id',
  'legal_article.number',
  'legal_article.label',
  'legal_article.part',
  'legal_article.chapter',
  'legal_article.section',
  'legal_article.text',
  'legal_article.in_force',
  'legal_law.code as law_code',
  'legal_law.title as law_title',
  'legal_law.short_title as law_short_title',
  'legal_law.issuing_body',
  'legal_law.version_date',
  'legal_law.effective_date',
  'legal_law.coverage',
  'legal_law.source',
  'legal_law.retrieved_on',
] as const;

function baseQuery(db: Executor) {
  return db.selectFrom('legal_article').innerJoin('legal_law', 'legal_law.id', 'legal_article.law_id').select(COLUMNS);
}

type Joined = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

function toArticle(r: Joined): LegalArticle {
  return {
    id: r.id,
    lawId: r.law_id,
    lawCode: r.law_code,
    lawTitle: r.law_title,
    lawShortTitle: r.law_short_title,
    issuingBody: r.issuing_body,
    versionDate: r.version_date,
    effectiveDate: r.effective_date,
    coverage: r.coverage,
    source: parseSource(r.source),
    retrievedOn: r.retrieved_on,
    number: r.number,
    label: r.label,
    part: r.part,
    chapter: r.chapter,
    section: r.section,
    text: r.text,
    inForce: r.in_force === 1,
  };
}

export async function findLegalArticle(db: Executor, id: number): Promise<LegalArticle | undefined> {
  const row = await baseQuery(db).where('legal_article.id', '=', id).executeTakeFirst();
  return row ? toArticle(row) : undefined;
}

/** The articles of `ids` that exist, in the order asked. */
export async function findLegalArticles(db: Executor, ids: readonly number[]): Promise<LegalArticle[]> {
  if (ids.length === 0) return [];
  const rows = await baseQuery(db)
    .where('legal_article.id', 'in', [...new Set(ids)])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, toArticle(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function listLaws(db: Executor) {
  const rows = await db
    .selectFrom('legal_law')
    .leftJoin('legal_article', (join) =>
      join.onRef('legal_article.law_id', '=', 'legal_law.id').on('legal_article.in_force', '=', 1),
    )
    .select([
      'legal_law.id',
      'legal_law.code',
      'legal_law.title',
      'legal_law.short_title',
      'legal_law.issuing_body',
      'legal_law.version_date',
      'legal_law.effective_date',
      'legal_law.coverage',
      'legal_law.source',
      'legal_law.retrieved_on',
      (eb) => eb.fn.count<number>('legal_article.id').as('article_count'),
    ])
    .groupBy([
      'legal_law.id',
      'legal_law.code',
      'legal_law.title',
      'legal_law.short_title',
      'legal_law.issuing_body',
      'legal_law.version_date',
      'legal_law.effective_date',
      'legal_law.coverage',
      'legal_law.source',
      'legal_law.retrieved_on',
    ])
    .orderBy('legal_law.id')
    .execute();
  return rows.map((r) => ({ ...r, article_count: Number(r.article_count) }));
}

export interface ArticleFilter {
  /** jieba words of the query; any may match; more and rarer matches, above all in titles, first. */
  words: string[];
  lawCode?: string | undefined;
  offset: number;
  limit: number;
}

const ftsPhrase = (w: string) => `"${w.replace(/"/g, '""')}"`;
const PG_VECTOR = sql`(setweight(to_tsvector('simple', legal_article.title_words), 'A') || setweight(to_tsvector('simple', legal_article.search_text), 'B'))`;

export async function searchArticles(
  db: Executor,
  dialect: DialectName,
  filter: ArticleFilter,
): Promise<LegalArticle[]> {
  let query = baseQuery(db).where('legal_article.in_force', '=', 1);
  if (filter.lawCode) query = query.where('legal_law.code', '=', filter.lawCode);
  const words = filter.words.map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean);
  if (words.length > 0) {
    if (dialect === 'sqlite') {
      query = query
        .innerJoin(sql<{ rowid: number }>`legal_fts`.as('legal_fts'), (join) =>
          join.on(sql<SqlBool>`legal_fts.rowid = legal_article.id`),
        )
        .where(sql<SqlBool>`legal_fts match ${words.map(ftsPhrase).join(' OR ')}`)
        .orderBy(sql`bm25(legal_fts, 4.0, 1.0)`);
    } else {
      const tsquery = sql`to_tsquery('simple', ${words.join(' | ')})`;
      query = query
        .where(sql<SqlBool>`${PG_VECTOR} @@ ${tsquery}`)
        .orderBy(sql`ts_rank(${PG_VECTOR}, ${tsquery})`, 'desc');
    }
  }
  const rows = await query
    .orderBy('legal_law.id')
    .orderBy('legal_article.number')
    .orderBy('legal_article.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return rows.map(toArticle);
}

export async function indexArticle(trx: Trx, dialect: DialectName, id: number, titleWords: string, words: string) {
  // PostgreSQL indexes the columns themselves (GIN on the weighted tsvector); SQLite keeps FTS5.
  if (dialect !== 'sqlite') return;
  await sql`delete from legal_fts where rowid = ${id}`.execute(trx);
  await sql`insert into legal_fts (rowid, title, body) values (${id}, ${titleWords}, ${words})`.execute(trx);
}
