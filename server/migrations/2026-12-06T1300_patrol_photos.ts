// Issue 18 §1 (ADR 0031): photos taken on a patrol's visits, and the base-data house a visit was
// made to (so coverage counts houses of the grid rather than place names as written).
// Frozen in time: this file must never import application code.
import { type Kysely, type ColumnDefinitionBuilder, PostgresAdapter } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

const isPostgres = (db: AnyDb) => db.getExecutor().adapter instanceof PostgresAdapter;

function idColumn(db: AnyDb) {
  return (c: ColumnDefinitionBuilder) =>
    isPostgres(db) ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey();
}

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('patrol_visit_photo')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('visit_id', 'integer', (c) => c.notNull().references('patrol_visit.id'))
    .addColumn('patrol_id', 'integer', (c) => c.notNull().references('patrol.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    // Where the photo was taken (GCJ-02), when the phone read it from the EXIF.
    .addColumn('lng', 'double precision')
    .addColumn('lat', 'double precision')
    .addColumn('uploaded_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('patrol_visit_photo_visit_idx').on('patrol_visit_photo').column('visit_id').execute();

  await db.schema
    .alterTable('patrol_visit')
    .addColumn('house_id', 'integer', (c) => c.references('house.id'))
    .execute();
  await db.schema.createIndex('patrol_visit_house_idx').on('patrol_visit').column('house_id').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('patrol_visit_house_idx').execute();
  await db.schema.alterTable('patrol_visit').dropColumn('house_id').execute();
  await db.schema.dropTable('patrol_visit_photo').execute();
}
