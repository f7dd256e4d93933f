// Issue 17's repeat-location warning looks at every case registered at the same address (spaces
// ignored) in the last 30 days, inside intake's transaction. Without an index on the address as it is
// compared, that read scanned the whole case table: 644 ms per intake at 1M cases (bench, 2026-12-06).
// The point half (cases within 100 m) read a band of latitude across the whole county (3.8 ms at 1M);
// it now reads the ~0.001° cells (about 110 × 90 m here) around the point, each a short index range
// of its recent cases. Both databases index the same expressions the query compares.
// Frozen in time: this file must never import application code.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await sql`create index case_address_key_idx on case_record (replace(address, ' ', ''), created_at)`.execute(db);
  // Covering: the rule wants the ids within the radius, and reads no row for them.
  await sql`create index case_place_cell_idx on case_record
    (cast(lat * 1000 as integer), cast(lng * 1000 as integer), created_at, lat, lng, merged_into_id)`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index case_place_cell_idx`.execute(db);
  await sql`drop index case_address_key_idx`.execute(db);
}
