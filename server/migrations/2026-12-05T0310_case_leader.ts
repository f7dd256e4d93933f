// 领导包案 (issue 17): the leader a case is assigned to, who answers for it until it is closed, and
// when; an index for the leader's own list (newest first).
// Frozen in time: this file must never import application code.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('case_record')
    .addColumn('leader_user_id', 'integer', (c) => c.references('app_user.id'))
    .execute();
  await db.schema.alterTable('case_record').addColumn('leader_assigned_at', 'text').execute();
  await db.schema.createIndex('case_leader_idx').on('case_record').columns(['leader_user_id', 'id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('case_leader_idx').execute();
  await db.schema.alterTable('case_record').dropColumn('leader_assigned_at').execute();
  await db.schema.alterTable('case_record').dropColumn('leader_user_id').execute();
}
