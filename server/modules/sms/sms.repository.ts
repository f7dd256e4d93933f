// Kysely only: the module's four tables.
import type { Selectable } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import type { SmsMessageTable, SmsTemplateTable } from './sms.table.ts';

type Executor = Db | Trx;
export type SmsMessageRow = Selectable<SmsMessageTable>;
export type SmsTemplateRow = Selectable<SmsTemplateTable>;

export async function findTemplate(db: Executor, code: string): Promise<SmsTemplateRow | undefined> {
  return db.selectFrom('sms_template').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function listTemplates(db: Executor): Promise<SmsTemplateRow[]> {
  return db.selectFrom('sms_template').selectAll().orderBy('code').execute();
}

export async function alreadyHandled(db: Executor, outboxId: number, phoneHash: string): Promise<boolean> {
  const row = await db
    .selectFrom('sms_message')
    .select('id')
    .where('outbox_id', '=', outboxId)
    .where('phone_hash', '=', phoneHash)
    .executeTakeFirst();
  return row !== undefined;
}

export async function isOptedOut(db: Executor, phoneHash: string): Promise<boolean> {
  const row = await db
    .selectFrom('sms_opt_out')
    .select('phone_hash')
    .where('phone_hash', '=', phoneHash)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertMessage(db: Executor, row: Omit<SmsMessageTable, 'id'>): Promise<void> {
  await db.insertInto('sms_message').values(row).execute();
}

/** The newest messages (with an id below `before`, when given), newest first. */
export async function listMessages(db: Executor, limit: number, before?: number): Promise<SmsMessageRow[]> {
  let query = db.selectFrom('sms_message').selectAll();
  if (before !== undefined) query = query.where('id', '<', before);
  return query.orderBy('id', 'desc').limit(limit).execute();
}

export async function findMessage(db: Executor, id: number): Promise<SmsMessageRow | undefined> {
  return db.selectFrom('sms_message').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Opted-in staff of a topic: who, and their sealed phone. */
export async function subscribersOf(db: Executor, topic: string) {
  return db
    .selectFrom('sms_subscription')
    .select(['user_id', 'phone_enc'])
    .where('topic', '=', topic)
    .orderBy('user_id')
    .execute();
}

export async function subscriptionsOf(db: Executor, userId: number) {
  return db
    .selectFrom('sms_subscription')
    .select(['topic', 'phone_enc', 'phone_hash', 'phone_masked'])
    .where('user_id', '=', userId)
    .orderBy('topic')
    .execute();
}
