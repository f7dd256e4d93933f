// Issue 17 §4: a screening finding handed to a mediation committee keeps the mediation file it
// became (排查转调解), so a second click finds the same file. Unique: one finding, one file.
// Frozen in time: this file must never import application code.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('screening_finding').addColumn('mediation_file_id', 'integer').execute();
  await db.schema
    .createIndex('screening_finding_mediation_file')
    .unique()
    .on('screening_finding')
    .column('mediation_file_id')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('screening_finding_mediation_file').execute();
  await db.schema.alterTable('screening_finding').dropColumn('mediation_file_id').execute();
}
