// Who reaches what of the points: a holder is a resident account whose home is its resident
// membership's unit; staff reach a holder, a reward or a redemption inside their area for the power
// asked; a resident reaches the rewards and the leaderboard of its home and the units above it.
// Outside, the record does not exist for the actor (404).
import type { Db, Trx } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { isWithin } from '../../platform/db/subtree.ts';
import { can, findMemberships, type Actor } from '../auth/index.ts';
import type { Power } from '../../../common/powers.ts';

export interface Home {
  unitId: number;
  unitPath: string;
  unitName: string;
}

/** The unit of the account's resident membership (its home), or null for an account that is no resident's. */
export async function residentHome(db: Db | Trx, userId: number): Promise<Home | null> {
  const m = (await findMemberships(db, [userId])).find((x) => x.role === 'resident');
  return m ? { unitId: m.unitId, unitPath: m.unitPath, unitName: m.unitName } : null;
}

/** The acting resident's home; a resident account without one (never, in practice) reaches nothing. */
export function actorHome(actor: Actor): Home | null {
  const m = actor.memberships.find((x) => x.role === 'resident');
  return m ? { unitId: m.unitId, unitPath: m.unitPath, unitName: m.unitName } : null;
}

/** Does a resident at `home` reach something at `unitPath` (its home, or a unit above it)? */
export const homeReaches = (home: Home | null, unitPath: string) => home !== null && isWithin(home.unitPath, unitPath);

const missing = (what: string, type: string, id: number | string, exists: boolean) => {
  const error = new AppError('NOT_FOUND', `${what}不存在 / Not found`);
  return exists ? error.denying(type, id) : error;
};

/** A holder (resident account) inside the actor's area for `power`, or 404. */
export async function loadHolder(db: Db, actor: Actor, userId: number, power: Power): Promise<Home> {
  const home = await residentHome(db, userId);
  if (!home || !can(actor, power, [home.unitPath])) throw missing('积分账户', 'point_account', userId, home !== null);
  return home;
}

export function notFoundRecord(what: string, type: string, id: number | string, exists: boolean): AppError {
  return missing(what, type, id, exists);
}
