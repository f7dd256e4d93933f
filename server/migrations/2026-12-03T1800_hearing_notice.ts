// A public hearing gets its host (主持人), its notice (听证公告) and, once held, who attended
// (JSON array of names). Hearings scheduled before have none of them (null).
// Frozen in time: this file must never import application code.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('hearing').addColumn('host', 'text').execute();
  await db.schema.alterTable('hearing').addColumn('notice', 'text').execute();
  await db.schema.alterTable('hearing').addColumn('attendees', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('hearing').dropColumn('attendees').execute();
  await db.schema.alterTable('hearing').dropColumn('notice').execute();
  await db.schema.alterTable('hearing').dropColumn('host').execute();
}
