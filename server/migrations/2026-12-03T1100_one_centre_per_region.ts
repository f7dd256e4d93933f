// A region's 综治中心 was found by its code ("<region code>-centre"); it is now the region's child
// of type centre (org's centreOf), and this index makes that relation hold: at most one centre
// per region, found by one index look-up. Every region loaded so far has exactly one, so
// existing rows, the demo county and the reference-data loader need nothing filled in.
// Frozen in time: this file must never import application code.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createIndex('org_unit_one_centre_idx')
    .on('org_unit')
    .column('parent_id')
    .unique()
    .where(sql.ref('type'), '=', 'centre')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('org_unit_one_centre_idx').execute();
}
