// The audit chain becomes keyed (HMAC-SHA-256 with a key kept outside the database) and anchored
// by signed checkpoints. `audit_chain` records which hash the rows carry: a log written before
// this migration is still plain SHA-256 until the app re-signs it at start (platform/audit).
// Frozen in time: this file must never import application code.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('audit_checkpoint')
    .addColumn('head_seq', 'integer', (c) => c.primaryKey())
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('audit_chain')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('alg', 'text', (c) => c.notNull())
    .execute();
  const existing = await db.selectFrom('audit_log').select('seq').limit(1).executeTakeFirst();
  await db
    .insertInto('audit_chain')
    .values({ id: 1, alg: existing ? 'sha256' : 'hmac-sha256' })
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('audit_chain').execute();
  await db.schema.dropTable('audit_checkpoint').execute();
}
