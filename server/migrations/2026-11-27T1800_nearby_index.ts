// The duplicate check at intake looks for open cases of the same category within ~500 m in the
// last week. At a million cases the (category, created_at) index holds ~90,000 entries for a
// busy category's week, each checked against the row: 50 ms per intake. This index narrows to
// the open cases of the category in the latitude band, with the longitude and the time checked
// in the index itself.
// Frozen in time: this file must never import application code.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createIndex('case_nearby_idx')
    .on('case_record')
    .columns(['category_code', 'status', 'lat', 'lng', 'created_at'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('case_nearby_idx').execute();
}
