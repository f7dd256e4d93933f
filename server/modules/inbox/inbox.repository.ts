// Kysely queries over inbox_item. Every read and write is for one user: nobody reaches another's
// notices (a foreign id is simply not found).
import { sql, type Selectable } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import type { InboxItemTable } from './inbox.table.ts';

type Executor = Db | Trx;
export type InboxItemRow = Selectable<InboxItemTable>;

export interface NewNotice {
  outboxId: number;
  topic: string;
  subjectType: string | null;
  subjectId: string | null;
}

/**
 * One notice per user, inserted or ignored: the (outbox_id, user_id) key makes a second delivery of
 * the same message add nothing. Answers the users who got a new row.
 */
export async function addNotices(db: Executor, notice: NewNotice, userIds: readonly number[], at: string) {
  if (userIds.length === 0) return [];
  const rows = await db
    .insertInto('inbox_item')
    .values(
      [...new Set(userIds)].map((userId) => ({
        user_id: userId,
        outbox_id: notice.outboxId,
        topic: notice.topic,
        subject_type: notice.subjectType,
        subject_id: notice.subjectId,
        created_at: at,
        read_at: null,
      })),
    )
    .onConflict((oc) => oc.columns(['outbox_id', 'user_id']).doNothing())
    .returning('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

/** The list's order: unread first, then newest first. The cursor is the last row's place in it. */
export interface InboxCursor {
  unread: boolean;
  id: number;
}

export async function listNotices(
  db: Executor,
  query: { userId: number; unreadOnly: boolean; after: InboxCursor | undefined; limit: number },
): Promise<InboxItemRow[]> {
  let q = db.selectFrom('inbox_item').selectAll().where('user_id', '=', query.userId);
  if (query.unreadOnly) q = q.where('read_at', 'is', null);
  const after = query.after;
  if (after) {
    q = q.where((eb) =>
      after.unread
        ? eb.or([eb.and([eb('read_at', 'is', null), eb('id', '<', after.id)]), eb('read_at', 'is not', null)])
        : eb.and([eb('read_at', 'is not', null), eb('id', '<', after.id)]),
    );
  }
  return q
    .orderBy(sql`case when read_at is null then 0 else 1 end`)
    .orderBy('id', 'desc')
    .limit(query.limit)
    .execute();
}

export async function countUnread(db: Executor, userId: number): Promise<number> {
  const row = await db
    .selectFrom('inbox_item')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Marks one of the user's notices read; undefined when the user has no such notice. */
export async function markRead(db: Executor, userId: number, id: number, at: string) {
  await db
    .updateTable('inbox_item')
    .set({ read_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .execute();
  return db.selectFrom('inbox_item').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
}

/** Marks every unread notice of the user read; answers how many. */
export async function markAllRead(db: Executor, userId: number, at: string): Promise<number> {
  const result = await db
    .updateTable('inbox_item')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
