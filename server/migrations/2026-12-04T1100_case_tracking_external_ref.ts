// Every channel in (issue 15): each case gets a random tracking code a reporter follows it by
// without an account, and a case sent by another system (the 12345 platform, Open311, an import)
// keeps that system's reference — unique per system, so a retry finds the case it already created —
// and the service account that sent it, which hears of its status changes. Existing cases,
// demo ones included, get their codes here.
// Frozen in time: this file must never import application code.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

/** 32 symbols without 0/O and 1/I: a byte's low five bits pick one without bias. */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const LENGTH = 10;

function trackingCode(): string {
  const bytes = randomBytes(LENGTH);
  let code = '';
  for (const byte of bytes) code += ALPHABET[byte & 31];
  return code;
}

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('case_record').addColumn('tracking_code', 'text').execute();
  await db.schema.alterTable('case_record').addColumn('external_system', 'text').execute();
  await db.schema.alterTable('case_record').addColumn('external_id', 'text').execute();
  await db.schema.alterTable('case_record').addColumn('service_account_id', 'integer').execute();

  const seen = new Set<string>();
  for (;;) {
    const rows = (await db
      .selectFrom('case_record')
      .select('id')
      .where('tracking_code', 'is', null)
      .orderBy('id')
      .limit(1000)
      .execute()) as { id: number }[];
    if (rows.length === 0) break;
    for (const { id } of rows) {
      let code = trackingCode();
      while (seen.has(code)) code = trackingCode();
      seen.add(code);
      await db.updateTable('case_record').set({ tracking_code: code }).where('id', '=', id).execute();
    }
  }

  await db.schema.createIndex('case_record_tracking_code').unique().on('case_record').column('tracking_code').execute();
  // NULLs are distinct in a unique index on both engines: only cases with a reference are constrained.
  await db.schema
    .createIndex('case_record_external_ref')
    .unique()
    .on('case_record')
    .columns(['external_system', 'external_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('case_record_external_ref').execute();
  await db.schema.dropIndex('case_record_tracking_code').execute();
  for (const column of ['service_account_id', 'external_id', 'external_system', 'tracking_code']) {
    await db.schema.alterTable('case_record').dropColumn(column).execute();
  }
}
