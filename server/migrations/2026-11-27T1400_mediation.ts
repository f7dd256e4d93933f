// Mediation (人民调解法 Art. 27–33): the mediation file with parties, sessions, the agreement and
// its signatures, follow-up visits; hand-offs between courts, police, petition offices and
// committees; public hearings. Frozen in time: this file must never import application code.
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
    .createTable('mediation_file')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('case_id', 'integer', (c) => c.notNull().unique().references('case_record.id'))
    .addColumn('committee_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('lead_mediator_id', 'integer', (c) => c.references('app_user.id'))
    .addColumn('assist_mediator_ids', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('extension', 'text')
    .addColumn('outcome', 'text')
    .addColumn('outcome_note', 'text')
    .addColumn('outcome_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('mediation_file_committee_idx')
    .on('mediation_file')
    .columns(['committee_id', 'registered_at'])
    .execute();

  await db.schema
    .createTable('mediation_party')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('file_id', 'integer', (c) => c.notNull().references('mediation_file.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('gender', 'text')
    .addColumn('ethnicity', 'text')
    .addColumn('birth_date', 'text')
    .addColumn('id_number_enc', 'text')
    .addColumn('id_number_hash', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('phone_hash', 'text')
    .addColumn('address', 'text')
    .addColumn('representative', 'text')
    .addColumn('credit_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mediation_party_file_idx').on('mediation_party').column('file_id').execute();

  await db.schema
    .createTable('mediation_session')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('file_id', 'integer', (c) => c.notNull().references('mediation_file.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('held_at', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('attendees', 'text', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('agreed', 'text')
    .addColumn('next_step', 'text')
    .addColumn('recorded_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('mediation_session_seq_unique', ['file_id', 'seq'])
    .execute();

  await db.schema
    .createTable('mediation_agreement')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('file_id', 'integer', (c) => c.notNull().unique().references('mediation_file.id'))
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('issues', 'text', (c) => c.notNull())
    .addColumn('responsibilities', 'text', (c) => c.notNull())
    .addColumn('terms', 'text', (c) => c.notNull())
    .addColumn('performance_manner', 'text', (c) => c.notNull())
    .addColumn('performance_deadline', 'text', (c) => c.notNull())
    .addColumn('copies', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('effective_at', 'text')
    .addColumn('confirmation_deadline', 'text')
    .addColumn('performance', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('agreement_signature')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('agreement_id', 'integer', (c) => c.notNull().references('mediation_agreement.id'))
    .addColumn('signer_key', 'text', (c) => c.notNull())
    .addColumn('party_id', 'integer', (c) => c.references('mediation_party.id'))
    .addColumn('user_id', 'integer', (c) => c.references('app_user.id'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.references('app_user.id'))
    .addUniqueConstraint('agreement_signature_unique', ['agreement_id', 'signer_key'])
    .execute();

  await db.schema
    .createTable('mediation_followup')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('file_id', 'integer', (c) => c.notNull().references('mediation_file.id'))
    .addColumn('visited_at', 'text', (c) => c.notNull())
    .addColumn('performance', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mediation_followup_file_idx').on('mediation_followup').column('file_id').execute();

  await db.schema
    .createTable('referral')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('case_id', 'integer', (c) => c.notNull().references('case_record.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('to_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
    .addColumn('external_ref', 'text')
    .addColumn('note', 'text')
    .addColumn('deadline', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('sent_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('received_at', 'text')
    .addColumn('received_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('result_outcome', 'text')
    .addColumn('result', 'text')
    .addColumn('returned_at', 'text')
    .addColumn('returned_by', 'integer', (c) => c.references('app_user.id'))
    .execute();
  await db.schema.createIndex('referral_case_idx').on('referral').column('case_id').execute();
  await db.schema.createIndex('referral_from_idx').on('referral').columns(['from_unit_id', 'id']).execute();
  await db.schema.createIndex('referral_to_idx').on('referral').columns(['to_unit_id', 'id']).execute();

  await db.schema
    .createTable('hearing')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('case_id', 'integer', (c) => c.notNull().references('case_record.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('agenda', 'text', (c) => c.notNull())
    .addColumn('participants', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('record', 'text')
    .addColumn('outcome', 'text')
    .addColumn('held_at', 'text')
    .addColumn('convened_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hearing_case_idx').on('hearing').column('case_id').execute();
  await db.schema.createIndex('hearing_scheduled_idx').on('hearing').column('scheduled_at').execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    'hearing',
    'referral',
    'mediation_followup',
    'agreement_signature',
    'mediation_agreement',
    'mediation_session',
    'mediation_party',
    'mediation_file',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
