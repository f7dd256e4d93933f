// Open311 (issue 15): what a GeoReport request carried besides the case itself — the media URL
// and the answers to its service's attributes — keyed by the case it became.
// Frozen in time: this file must never import application code.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('open311_request')
    .addColumn('case_id', 'integer', (c) => c.primaryKey().references('case_record.id'))
    .addColumn('service_account_id', 'integer')
    .addColumn('media_url', 'text')
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('open311_request').execute();
}
