// The operators' knowledge base (issue 15): articles owned by a unit, with review dates, and their
// Chinese word search — FTS5 on SQLite (title and body columns, ranked by bm25), a weighted
// 'simple' tsvector with a GIN index on PostgreSQL.
// Frozen in time: this file must never import application code.
import { type Kysely, type ColumnDefinitionBuilder, PostgresAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

const isPostgres = (db: AnyDb) => db.getExecutor().adapter instanceof PostgresAdapter;

function idColumn(db: AnyDb) {
  return (c: ColumnDefinitionBuilder) =>
    isPostgres(db) ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey();
}

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('knowledge_article')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('category_code', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('review_due', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title_words', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('knowledge_article_unit_idx')
    .on('knowledge_article')
    .columns(['unit_id', 'status'])
    .execute();
  await db.schema
    .createIndex('knowledge_article_review_idx')
    .on('knowledge_article')
    .columns(['status', 'review_due'])
    .execute();
  if (isPostgres(db)) {
    await sql`create index knowledge_article_search_idx on knowledge_article using gin ((setweight(to_tsvector('simple', title_words), 'A') || setweight(to_tsvector('simple', search_text), 'B')))`.execute(
      db,
    );
  } else {
    await sql`create virtual table knowledge_fts using fts5(title, body, tokenize = 'unicode61')`.execute(db);
  }
}

export async function down(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) await sql`drop table knowledge_fts`.execute(db);
  await db.schema.dropTable('knowledge_article').execute();
}
