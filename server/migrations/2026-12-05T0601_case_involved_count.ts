// Issue 17 §2: how many people a dispute involves and whether intake marked it a group matter
// (群体性事件), asked at intake; the group-dispute warning reads them. Older cases: unknown, not group.
// Frozen in time: this file must never import application code.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('case_record').addColumn('involved_count', 'integer').execute();
  await db.schema
    .alterTable('case_record')
    .addColumn('group_matter', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('case_record').dropColumn('group_matter').execute();
  await db.schema.alterTable('case_record').dropColumn('involved_count').execute();
}
