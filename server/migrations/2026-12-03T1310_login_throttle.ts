// Failed sign-ins are counted per (account, client address) instead of per account (ADR 0010):
// `login_throttle` holds one row per scope ('login' by the username as typed, 'password' for a
// password change's current-password check, by user id), client address and count; the old
// account-wide lock is released, since strangers could set it for everyone.
// Frozen in time: this file must never import application code.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('client', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .addColumn('blocked_until', 'text')
    .addPrimaryKeyConstraint('login_throttle_pk', ['scope', 'subject', 'client'])
    .execute();
  // Pruning forgotten rows, and an administrator's "is anyone paused on this account" look-up.
  await db.schema.createIndex('login_throttle_forget_idx').on('login_throttle').column('last_failure_at').execute();
  await db.updateTable('app_user').set({ failed_login_count: 0, locked_until: null }).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('login_throttle').execute();
}
