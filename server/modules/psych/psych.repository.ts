// Kysely only: referrals and their follow-ups. Sealed fields stay sealed here; the view opens them.
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import type { PsychStatus } from '../../../common/psych.ts';
import type { PsychFollowUpTable, PsychReferralTable } from './psych.table.ts';

type Executor = Db | Trx;

export type PsychReferralRow = Selectable<PsychReferralTable>;
export type PsychFollowUpRow = Selectable<PsychFollowUpTable>;

export async function insertReferral(trx: Trx, row: Insertable<PsychReferralTable>): Promise<number> {
  const inserted = await trx.insertInto('psych_referral').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function findReferral(db: Executor, id: number): Promise<PsychReferralRow | undefined> {
  return db.selectFrom('psych_referral').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Updates the referral only while it is in `from` (a conditional write: two team members recording
 * at once cannot both move it). Returns whether it was updated.
 */
export async function updateReferral(
  trx: Trx,
  id: number,
  from: readonly PsychStatus[],
  changes: Updateable<PsychReferralTable>,
): Promise<boolean> {
  const result = await trx
    .updateTable('psych_referral')
    .set(changes)
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface ReferralFilter {
  /** Referrals sent to these teams (the actor's team memberships). */
  teamUnitIds: readonly number[];
  /** And the referrals this user made (null: none of their own). */
  referrerUserId: number | null;
  status?: PsychStatus | undefined;
  urgency?: 'normal' | 'urgent' | undefined;
  /** Keyset: ids below this one. */
  beforeId?: number | undefined;
  limit: number;
}

/** Newest first. Only the actor's teams' referrals and its own: nothing else is ever read. */
export async function listReferrals(db: Executor, filter: ReferralFilter): Promise<PsychReferralRow[]> {
  if (filter.teamUnitIds.length === 0 && filter.referrerUserId === null) return [];
  let query = db
    .selectFrom('psych_referral')
    .selectAll()
    .where((eb) => {
      const reach = [];
      if (filter.teamUnitIds.length > 0) reach.push(eb('team_unit_id', 'in', [...filter.teamUnitIds]));
      if (filter.referrerUserId !== null) reach.push(eb('referrer_user_id', '=', filter.referrerUserId));
      return eb.or(reach);
    });
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.urgency) query = query.where('urgency', '=', filter.urgency);
  if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
  return query.orderBy('id', 'desc').limit(filter.limit).execute();
}

export async function insertFollowUp(trx: Trx, row: Insertable<PsychFollowUpTable>): Promise<void> {
  await trx.insertInto('psych_follow_up').values(row).execute();
}

export async function followUpsOf(db: Executor, referralId: number): Promise<PsychFollowUpRow[]> {
  return db.selectFrom('psych_follow_up').selectAll().where('referral_id', '=', referralId).orderBy('id').execute();
}

/** Urgent referrals still not contacted, made at or before `createdBefore`, not yet warned of. */
export async function overdueUrgentReferrals(db: Executor, createdBefore: string): Promise<PsychReferralRow[]> {
  return db
    .selectFrom('psych_referral')
    .selectAll()
    .where('urgency', '=', 'urgent')
    .where('status', '=', 'referred')
    .where('created_at', '<=', createdBefore)
    .where('overdue_warned_at', 'is', null)
    .orderBy('id')
    .execute();
}

/** Marks the referral warned of, once: false when another scan got there first. */
export async function markOverdueWarned(trx: Trx, id: number, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('psych_referral')
    .set({ overdue_warned_at: at })
    .where('id', '=', id)
    .where('overdue_warned_at', 'is', null)
    .where('status', '=', 'referred')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
