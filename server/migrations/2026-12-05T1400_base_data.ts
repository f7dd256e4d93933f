// Issue 18 §2: base data 一标三实 — houses at a standard address (`house`, one per normalised
// address: `address_key` is unique), enterprises and shops (`enterprise`, one per unified social
// credit code), who lives where (`person_house`: owner, tenant or resident) and who works where
// (`person_enterprise`), the key groups a person belongs to (`person_key_group`), and the history
// of every change (`base_data_change`, append-only: who changed which field when; sealed fields are
// recorded masked). Persons stay in the people module's `person` table (ADR 0025).
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
    .createTable('house')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('address_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('lng', 'double precision')
    .addColumn('lat', 'double precision')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('house_address_key').unique().on('house').column('address_key').execute();
  await db.schema.createIndex('house_unit_idx').on('house').column('unit_id').execute();

  await db.schema
    .createTable('enterprise')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('credit_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('contact_name', 'text')
    .addColumn('contact_phone_enc', 'text')
    .addColumn('contact_phone_hash', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('enterprise_credit_code').unique().on('enterprise').column('credit_code').execute();
  await db.schema.createIndex('enterprise_unit_idx').on('enterprise').column('unit_id').execute();

  await db.schema
    .createTable('person_house')
    .addColumn('person_id', 'integer', (c) => c.notNull().references('person.id'))
    .addColumn('house_id', 'integer', (c) => c.notNull().references('house.id'))
    .addColumn('relation', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('person_house_pk', ['person_id', 'house_id'])
    .execute();
  await db.schema.createIndex('person_house_house_idx').on('person_house').column('house_id').execute();

  await db.schema
    .createTable('person_enterprise')
    .addColumn('person_id', 'integer', (c) => c.notNull().references('person.id'))
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprise.id'))
    .addColumn('relation', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('person_enterprise_pk', ['person_id', 'enterprise_id'])
    .execute();
  await db.schema
    .createIndex('person_enterprise_enterprise_idx')
    .on('person_enterprise')
    .column('enterprise_id')
    .execute();

  await db.schema
    .createTable('person_key_group')
    .addColumn('person_id', 'integer', (c) => c.notNull().references('person.id'))
    .addColumn('group_code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('person_key_group_pk', ['person_id', 'group_code'])
    .execute();
  await db.schema.createIndex('person_key_group_code_idx').on('person_key_group').column('group_code').execute();

  await db.schema
    .createTable('base_data_change')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'integer', (c) => c.references('app_user.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('base_data_change_subject_idx')
    .on('base_data_change')
    .columns(['subject_type', 'subject_id', 'id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    'base_data_change',
    'person_key_group',
    'person_enterprise',
    'person_house',
    'enterprise',
    'house',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
