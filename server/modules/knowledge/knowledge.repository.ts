// Kysely queries over knowledge_article and its word index (FTS5 on SQLite, a weighted tsvector
// on PostgreSQL). Where an article applies comes from its owner unit, asked of the org module.
import { sql, type ExpressionBuilder, type Selectable, type SqlBool, type Expression } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import type { DialectName } from '../../platform/db/database.ts';
import { pathIds } from '../../platform/db/subtree.ts';
import { findUnitsByIds, unitWithin } from '../org/index.ts';
import type { DB } from '../../schema.ts';
import type { KnowledgeArticleTable, ArticleStatus } from './knowledge.table.ts';

type Executor = Db | Trx;
export type ArticleRow = Selectable<KnowledgeArticleTable>;

/** An article as the other modules see it: owner unit resolved, tags parsed, camelCase. */
export interface KnowledgeArticle {
  id: number;
  unitId: number;
  unitName: string;
  /** The owner unit's materialised path: the article applies to everything under it. */
  unitPath: string;
  title: string;
  body: string;
  categoryCode: string | null;
  tags: string[];
  reviewDue: string;
  status: ArticleStatus;
  version: number;
  createdBy: number | null;
  updatedBy: number | null;
  createdAt: string;
  updatedAt: string;
}

export function parseTags(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

async function withUnits(db: Executor, rows: ArticleRow[]): Promise<KnowledgeArticle[]> {
  const units = new Map(
    (
      await findUnitsByIds(
        db,
        rows.map((r) => r.unit_id),
      )
    ).map((u) => [u.id, u]),
  );
  return rows.flatMap((r) => {
    const unit = units.get(r.unit_id);
    if (!unit) return [];
    return [
      {
        id: r.id,
        unitId: r.unit_id,
        unitName: unit.name,
        unitPath: unit.path,
        title: r.title,
        body: r.body,
        categoryCode: r.category_code,
        tags: parseTags(r.tags),
        reviewDue: r.review_due,
        status: r.status,
        version: r.version,
        createdBy: r.created_by,
        updatedBy: r.updated_by,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      },
    ];
  });
}

/** One article by id, whatever its status and wherever it applies (callers check both). */
export async function findArticle(db: Executor, id: number): Promise<KnowledgeArticle | undefined> {
  const row = await db.selectFrom('knowledge_article').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await withUnits(db, [row]))[0] : undefined;
}

export type NewArticleRow = Omit<KnowledgeArticleTable, 'id'>;

export async function insertArticle(trx: Trx, dialect: DialectName, row: NewArticleRow): Promise<number> {
  const inserted = await trx.insertInto('knowledge_article').values(row).returning('id').executeTakeFirstOrThrow();
  await indexArticle(trx, dialect, inserted.id, row.title_words, row.search_text);
  return inserted.id;
}

/** A conditional update on `version`: false when another change came first. */
export async function updateArticle(
  trx: Trx,
  dialect: DialectName,
  id: number,
  version: number,
  patch: Partial<Omit<KnowledgeArticleTable, 'id' | 'version'>>,
): Promise<boolean> {
  const result = await trx
    .updateTable('knowledge_article')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  if (patch.title_words !== undefined && patch.search_text !== undefined) {
    await indexArticle(trx, dialect, id, patch.title_words, patch.search_text);
  }
  return true;
}

async function indexArticle(trx: Trx, dialect: DialectName, id: number, titleWords: string, words: string) {
  // PostgreSQL indexes the columns themselves (GIN on the weighted tsvector); SQLite keeps FTS5.
  if (dialect !== 'sqlite') return;
  await sql`delete from knowledge_fts where rowid = ${id}`.execute(trx);
  await sql`insert into knowledge_fts (rowid, title, body) values (${id}, ${titleWords}, ${words})`.execute(trx);
}

/**
 * The articles that apply in a jurisdiction: those of its units and the units below them, and
 * those of the units above (a province-wide article applies in every county).
 */
function appliesWithin(
  eb: ExpressionBuilder<DB, 'knowledge_article'>,
  scopePaths: readonly string[],
): Expression<SqlBool> {
  if (scopePaths.length === 0) return sql<SqlBool>`1 = 0`;
  const above = [...new Set(scopePaths.flatMap(pathIds))];
  return eb.or([eb('knowledge_article.unit_id', 'in', above), unitWithin(eb, 'knowledge_article.unit_id', scopePaths)]);
}

export type ArticleSort = 'relevance' | 'reviewDue' | 'updatedAt';

export interface ArticleFilter {
  scopePaths: readonly string[];
  /** jieba words of the query; any may match, articles with more (and rarer) matches rank first. */
  words: string[];
  categoryCode?: string | undefined;
  status: ArticleStatus;
  /** Only articles whose review date has passed (before this Beijing day). */
  overdueBefore?: string | undefined;
  sort: ArticleSort;
  offset: number;
  limit: number;
}

const ftsPhrase = (w: string) => `"${w.replace(/"/g, '""')}"`;
/** The same weighted vector the PostgreSQL index is built on (migration 2026-12-04T1600). */
const PG_VECTOR = sql`(setweight(to_tsvector('simple', knowledge_article.title_words), 'A') || setweight(to_tsvector('simple', knowledge_article.search_text), 'B'))`;

export async function listArticles(
  db: Executor,
  dialect: DialectName,
  filter: ArticleFilter,
): Promise<KnowledgeArticle[]> {
  let query = db
    .selectFrom('knowledge_article')
    .selectAll('knowledge_article')
    .where('knowledge_article.status', '=', filter.status)
    .where((eb) => appliesWithin(eb, filter.scopePaths));
  if (filter.categoryCode) {
    const code = filter.categoryCode;
    query = query.where((eb) =>
      eb.or([
        eb('knowledge_article.category_code', '=', code),
        eb('knowledge_article.category_code', 'like', `${code}.%`),
      ]),
    );
  }
  if (filter.overdueBefore) query = query.where('knowledge_article.review_due', '<', filter.overdueBefore);
  const words = filter.words.map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean);
  if (words.length > 0) {
    if (dialect === 'sqlite') {
      const match = words.map(ftsPhrase).join(' OR ');
      query = query
        .innerJoin(sql<{ rowid: number }>`knowledge_fts`.as('knowledge_fts'), (join) =>
          join.on(sql<SqlBool>`knowledge_fts.rowid = knowledge_article.id`),
        )
        .where(sql<SqlBool>`knowledge_fts match ${match}`);
      if (filter.sort === 'relevance') query = query.orderBy(sql`bm25(knowledge_fts, 4.0, 1.0)`);
    } else {
      const tsquery = sql`to_tsquery('simple', ${words.join(' | ')})`;
      query = query.where(sql<SqlBool>`${PG_VECTOR} @@ ${tsquery}`);
      if (filter.sort === 'relevance') query = query.orderBy(sql`ts_rank(${PG_VECTOR}, ${tsquery})`, 'desc');
    }
  }
  if (filter.sort === 'reviewDue') query = query.orderBy('knowledge_article.review_due');
  query = query.orderBy('knowledge_article.updated_at', 'desc').orderBy('knowledge_article.id', 'desc');
  const rows = await query.limit(filter.limit).offset(filter.offset).execute();
  return withUnits(db, rows);
}
