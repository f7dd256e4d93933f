// Residents sign up and sign in by a code sent by SMS (issue 15): `sms_challenge` holds one row per
// code sent, found by the phone's blind index; the phone is sealed, the code kept as a keyed hash and,
// sealed, only until the SMS channel has taken it. `app_user` gains the sealed phone of a resident
// account and its blind index (unique: one account per phone).
// Frozen in time: this file must never import application code.
import { type Kysely, type ColumnDefinitionBuilder, PostgresAdapter } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

function idColumn(db: AnyDb) {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  return (c: ColumnDefinitionBuilder) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey());
}

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('sms_challenge')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('phone_enc', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('code_enc', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('consumed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('client', 'text')
    .execute();
  // The phone's latest code, and its codes of the last hour (the per-phone limits).
  await db.schema
    .createIndex('sms_challenge_phone_idx')
    .on('sms_challenge')
    .columns(['phone_hash', 'created_at'])
    .execute();
  await db.schema.createIndex('sms_challenge_created_idx').on('sms_challenge').column('created_at').execute();

  await db.schema.alterTable('app_user').addColumn('phone_enc', 'text').execute();
  await db.schema.alterTable('app_user').addColumn('phone_hash', 'text').execute();
  await db.schema.createIndex('app_user_phone_idx').on('app_user').column('phone_hash').unique().execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('app_user_phone_idx').execute();
  await db.schema.alterTable('app_user').dropColumn('phone_hash').execute();
  await db.schema.alterTable('app_user').dropColumn('phone_enc').execute();
  await db.schema.dropTable('sms_challenge').execute();
}
