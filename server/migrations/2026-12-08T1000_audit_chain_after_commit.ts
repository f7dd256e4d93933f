// The audit chain is linked after commit (ADR 0038): a writer inserts its entry with a number from
// a sequence and a MAC of its own content, and a single chaining job gives each committed entry its
// place (`chain_seq`, dense from 1) and its links. Rows already in the log are chained: their place
// is their number. On SQLite the writer still links its own row (one writer at a time anyway), so
// the link columns stay NOT NULL there.
// Frozen in time: this file must never import application code.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

const isPostgres = (db: AnyDb) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('chain_seq', 'integer').execute();
  await db.schema.alterTable('audit_log').addColumn('row_mac', 'text').execute();
  await db
    .updateTable('audit_log')
    .set({ chain_seq: sql`seq` })
    .execute();
  await db.schema.createIndex('audit_log_chain_idx').on('audit_log').column('chain_seq').unique().execute();
  // Only the rows still waiting for the chainer: "nothing to do" is one probe of an empty index.
  await db.schema
    .createIndex('audit_log_pending_idx')
    .on('audit_log')
    .column('seq')
    .where(sql.ref('chain_seq'), 'is', null)
    .execute();
  if (isPostgres(db)) {
    await sql`alter table audit_log alter column prev_hash drop not null, alter column hash drop not null`.execute(db);
    await sql`create sequence audit_log_seq_seq as integer owned by audit_log.seq`.execute(db);
    await sql`select setval('audit_log_seq_seq', coalesce((select max(seq) from audit_log), 0) + 1, false)`.execute(db);
    await sql`alter table audit_log alter column seq set default nextval('audit_log_seq_seq')`.execute(db);
  }
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table audit_log alter column seq drop default`.execute(db);
    await sql`drop sequence audit_log_seq_seq`.execute(db);
  }
  await db.schema.dropIndex('audit_log_pending_idx').execute();
  await db.schema.dropIndex('audit_log_chain_idx').execute();
  await db.schema.alterTable('audit_log').dropColumn('row_mac').execute();
  await db.schema.alterTable('audit_log').dropColumn('chain_seq').execute();
}
