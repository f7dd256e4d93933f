// The legal library (issue 17, item 7): statutes and their articles, loaded at start from
// data/legal/*.json, with Chinese word search — FTS5 on SQLite, a weighted 'simple' tsvector with a
// GIN index on PostgreSQL (as the knowledge base) — and the articles a mediator cites in a
// mediation file, copied as they read when cited (the agreement prints and signs that wording).
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
    .createTable('legal_law')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('short_title', 'text', (c) => c.notNull())
    .addColumn('issuing_body', 'text', (c) => c.notNull())
    .addColumn('version_date', 'text', (c) => c.notNull())
    .addColumn('effective_date', 'text', (c) => c.notNull())
    .addColumn('coverage', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('retrieved_on', 'text', (c) => c.notNull())
    .addColumn('content_sha256', 'text', (c) => c.notNull())
    .addColumn('loaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('legal_article')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('law_id', 'integer', (c) => c.notNull().references('legal_law.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('part', 'text')
    .addColumn('chapter', 'text')
    .addColumn('section', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('title_words', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('in_force', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('legal_article_law_label_idx')
    .on('legal_article')
    .columns(['law_id', 'label'])
    .unique()
    .execute();
  await db.schema
    .createIndex('legal_article_law_number_idx')
    .on('legal_article')
    .columns(['law_id', 'number'])
    .execute();
  if (isPostgres(db)) {
    await sql`create index legal_article_search_idx on legal_article using gin ((setweight(to_tsvector('simple', title_words), 'A') || setweight(to_tsvector('simple', search_text), 'B')))`.execute(
      db,
    );
  } else {
    await sql`create virtual table legal_fts using fts5(title, body, tokenize = 'unicode61')`.execute(db);
  }

  await db.schema
    .createTable('mediation_legal_basis')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('file_id', 'integer', (c) => c.notNull().references('mediation_file.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('legal_article.id'))
    .addColumn('law_title', 'text', (c) => c.notNull())
    .addColumn('article_label', 'text', (c) => c.notNull())
    .addColumn('article_text', 'text', (c) => c.notNull())
    .addColumn('version_date', 'text', (c) => c.notNull())
    .addColumn('cited_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('cited_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('mediation_legal_basis_file_idx')
    .on('mediation_legal_basis')
    .columns(['file_id', 'position'])
    .unique()
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('mediation_legal_basis').execute();
  if (!isPostgres(db)) await sql`drop table legal_fts`.execute(db);
  await db.schema.dropTable('legal_article').execute();
  await db.schema.dropTable('legal_law').execute();
}
