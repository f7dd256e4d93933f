// A one-time code is accepted once per account: the time step (unix time / 30 s) of the last code
// accepted is remembered, and only a later step is accepted after it (RFC 6238 §5.2).
// Frozen in time: this file must never import application code.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  // bigint: a step is about 5.9e7 today, but the column outlives today.
  await db.schema.alterTable('app_user').addColumn('totp_last_step', 'bigint').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('app_user').dropColumn('totp_last_step').execute();
}
