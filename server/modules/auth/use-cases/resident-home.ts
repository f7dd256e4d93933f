// A resident's home (issue 19, ADR 0037): the unit of its `resident` membership. A self-registered
// account is anchored at the county (residentHomeUnit) until township or village staff verify where
// it lives; the consultations module's verification moves the membership here, inside its own
// transaction (the caller audits).
import type { Db, Trx } from '../../../context.ts';

type Executor = Db | Trx;

export interface ResidentHome {
  membershipId: number;
  userId: number;
  unitId: number;
}

/** The resident membership of a user, if it has one (the first, when several). */
export async function findResidentHome(db: Executor, userId: number): Promise<ResidentHome | undefined> {
  const row = await db
    .selectFrom('membership')
    .select(['id', 'user_id', 'unit_id'])
    .where('user_id', '=', userId)
    .where('role', '=', 'resident')
    .orderBy('id')
    .executeTakeFirst();
  return row ? { membershipId: row.id, userId: row.user_id, unitId: row.unit_id } : undefined;
}

/** Moves the resident membership to `unitId`; false when it is no longer there (moved meanwhile). */
export async function moveResidentHome(trx: Trx, home: ResidentHome, unitId: number): Promise<boolean> {
  const result = await trx
    .updateTable('membership')
    .set({ unit_id: unitId })
    .where('id', '=', home.membershipId)
    .where('unit_id', '=', home.unitId)
    .where('role', '=', 'resident')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
