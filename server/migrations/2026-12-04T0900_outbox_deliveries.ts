// Issue 15: one outbox message may go out on several channels (the log or webhook, staff inboxes,
// SMS, a service account's webhook). Each channel that has delivered a message is recorded, so a
// retry after one channel failed sends only what is missing (no second SMS for one event).
// Frozen in time: this file must never import application code.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('outbox_delivery')
    .addColumn('outbox_id', 'integer', (c) => c.notNull().references('outbox.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('outbox_delivery_pk', ['outbox_id', 'channel'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('outbox_delivery').execute();
}
