// 核实居住地: township or village staff verify where a resident lives, moving its resident membership
// (anchored at the county at sign-up) to a village, community or grid of their area. Only a resident
// not yet verified, or living in the staff member's own area, can be moved by them. Audited.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { isWithin } from '../../../platform/db/subtree.ts';
import { can, findResidentHome, moveResidentHome, type Actor } from '../../auth/index.ts';
import { findUnitById } from '../../org/index.ts';
import { auditConsultation } from './audit.ts';

const ABOVE_HOME = new Set(['province', 'city', 'county']);

export async function verifyResidentHome(
  ctx: AppContext,
  actor: Actor,
  userId: number,
  unitId: number,
  clientIp: string | null,
): Promise<{ unitId: number; unitName: string }> {
  const home = await findResidentHome(ctx.db, userId);
  const current = home ? await findUnitById(ctx.db, home.unitId) : undefined;
  const reachable =
    !!current &&
    ((current.type === 'region' && ABOVE_HOME.has(current.level) && can(actor, 'resident_home:verify')) ||
      can(actor, 'resident_home:verify', [current.path]));
  if (!home || !current || !reachable) {
    const error = new AppError('NOT_FOUND', '居民不存在 / No such resident');
    throw home ? error.denying('app_user', userId) : error;
  }
  const unit = await findUnitById(ctx.db, unitId);
  if (!unit || !can(actor, 'resident_home:verify', [unit.path])) {
    throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
  }
  if (unit.type !== 'region' || (unit.level !== 'village' && unit.level !== 'grid') || unit.closed_at !== null) {
    throw new AppError('RESIDENT_HOME_UNIT_INVALID');
  }
  // A resident verified elsewhere is not this actor's to move (checked above); an unverified one must
  // at least be anchored at a county that holds the new home.
  if (!isWithin(unit.path, current.path) && ABOVE_HOME.has(current.level)) {
    throw new AppError('RESIDENT_HOME_UNIT_INVALID');
  }
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await moveResidentHome(trx, home, unit.id))) throw new AppError('NOT_FOUND', '居民不存在 / No such resident');
    await auditConsultation(
      ctx,
      trx,
      actor,
      'resident_home:verify',
      'resident.verify_home',
      { type: 'app_user', id: userId },
      clientIp,
      { fromUnitId: home.unitId, toUnitId: unit.id },
      now,
    );
  });
  return { unitId: unit.id, unitName: unit.name };
}
