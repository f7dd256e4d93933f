// Issue 18 §6: emergency mode — an emergency (or drill) declared over an area with a kind, a level
// and instructions, until stood down with a summary; and its door-to-door list, one item per house
// of the base data and per key-group person in the area at declaration (a house or person appears
// once per emergency: the unique indexes), with the visit's result, who marked it when, and a
// version for concurrent marks.
// Frozen in time: this file must never import application code.
import { type Kysely, type ColumnDefinitionBuilder, PostgresAdapter } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

function idColumn(db: AnyDb) {
  return (c: ColumnDefinitionBuilder) =>
    db.getExecutor().adapter instanceof PostgresAdapter
      ? c.primaryKey().generatedByDefaultAsIdentity()
      : c.primaryKey();
}

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('emergency')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('unit_path', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('drill', 'integer', (c) => c.notNull())
    .addColumn('instructions', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('item_count', 'integer', (c) => c.notNull())
    .addColumn('declared_by', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('declared_at', 'text', (c) => c.notNull())
    .addColumn('stood_down_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('stood_down_at', 'text')
    .addColumn('summary', 'text')
    .execute();
  await db.schema.createIndex('emergency_status_idx').on('emergency').columns(['status', 'unit_path']).execute();

  await db.schema
    .createTable('emergency_item')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('emergency_id', 'integer', (c) => c.notNull().references('emergency.id'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('house_id', 'integer', (c) => c.references('house.id'))
    .addColumn('person_id', 'integer', (c) => c.references('person.id'))
    .addColumn('key_groups', 'text')
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('grid_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('grid_path', 'text', (c) => c.notNull())
    .addColumn('township_id', 'integer', (c) => c.references('org_unit.id'))
    .addColumn('result', 'text')
    .addColumn('note', 'text')
    .addColumn('visited_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('visited_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('emergency_item_house_uq')
    .unique()
    .on('emergency_item')
    .columns(['emergency_id', 'house_id'])
    .execute();
  await db.schema
    .createIndex('emergency_item_person_uq')
    .unique()
    .on('emergency_item')
    .columns(['emergency_id', 'person_id'])
    .execute();
  await db.schema
    .createIndex('emergency_item_grid_idx')
    .on('emergency_item')
    .columns(['emergency_id', 'grid_path'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('emergency_item').execute();
  await db.schema.dropTable('emergency').execute();
}
