// Issue 14. The search box finds a caller's cases by the blind index of the reporter's phone, which
// no index covered (every case row read per look-up). The case map asks for the cases in a box:
// an index on (lat, lng) reads the latitude band and checks the longitude, the status and the
// region in the index itself, so counting and clustering a county's cases touch no table row.
// Frozen in time: this file must never import application code.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createIndex('case_reporter_phone_idx')
    .on('case_record')
    .columns(['reporter_phone_hash', 'id'])
    .execute();
  await db.schema
    .createIndex('case_map_idx')
    .on('case_record')
    .columns(['lat', 'lng', 'status', 'region_path'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('case_map_idx').execute();
  await db.schema.dropIndex('case_reporter_phone_idx').execute();
}
