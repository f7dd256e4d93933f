// Photos that say what they show (issue 14): each attachment's stage (report, before, after,
// result, other), who uploaded it as named and acting then, and where a photo was taken (GCJ-02).
// Earlier rows: the reporter's own uploads become `report` (what a resident already saw), every
// other `other` (still hidden from the resident); the uploader's name comes from the account and
// the role from the timeline's attach event.
// Frozen in time: this file must never import application code.
import { type Kysely, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('case_attachment')
    .addColumn('stage', 'text', (c) => c.notNull().defaultTo('other'))
    .execute();
  await db.schema.alterTable('case_attachment').addColumn('uploader_name', 'text').execute();
  await db.schema.alterTable('case_attachment').addColumn('uploader_role', 'text').execute();
  await db.schema.alterTable('case_attachment').addColumn('lng', 'double precision').execute();
  await db.schema.alterTable('case_attachment').addColumn('lat', 'double precision').execute();

  await sql`update case_attachment set stage = 'report'
    where uploaded_by is not null
      and uploaded_by = (select reporter_user_id from case_record where case_record.id = case_attachment.case_id)`.execute(
    db,
  );
  await sql`update case_attachment set uploader_name =
      (select display_name from app_user where app_user.id = case_attachment.uploaded_by)
    where uploaded_by is not null`.execute(db);
  const events = await db
    .selectFrom('case_event')
    .select(['actor_role', 'data'])
    .where('action', '=', 'attach')
    .where('actor_role', 'is not', null)
    .execute();
  for (const event of events as { actor_role: string; data: string | null }[]) {
    let attachmentId: unknown;
    try {
      attachmentId = (JSON.parse(event.data ?? 'null') as { attachmentId?: unknown } | null)?.attachmentId;
    } catch {
      continue;
    }
    if (typeof attachmentId !== 'number') continue;
    await db
      .updateTable('case_attachment')
      .set({ uploader_role: event.actor_role })
      .where('id', '=', attachmentId)
      .execute();
  }
}

export async function down(db: AnyDb): Promise<void> {
  for (const column of ['lat', 'lng', 'uploader_role', 'uploader_name', 'stage']) {
    await db.schema.alterTable('case_attachment').dropColumn(column).execute();
  }
}
