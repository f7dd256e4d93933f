// The unit a community record is placed at: inside the caller's area for `power` (else 404), a region,
// and for what a township or village publishes, one of those levels (else 422).
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { can, type Actor } from '../../auth/index.ts';
import { findUnitById, type OrgUnitRow } from '../../org/index.ts';
import type { Power } from '../../../../common/powers.ts';
import { PUBLISHING_LEVELS } from '../../../../common/community.ts';

export async function unitToPlace(
  ctx: AppContext,
  actor: Actor,
  unitId: number,
  power: Power,
  publishing: boolean,
): Promise<OrgUnitRow> {
  const unit = await findUnitById(ctx.db, unitId);
  if (!unit || !can(actor, power, [unit.path])) {
    const error = new AppError('NOT_FOUND', '单位不存在 / No such unit');
    throw unit ? error.denying('org_unit', unit.id) : error;
  }
  const levelOk = !publishing || (PUBLISHING_LEVELS as readonly string[]).includes(unit.level);
  if (unit.type !== 'region' || !levelOk) {
    throw new AppError('COMMUNITY_UNIT_NOT_ALLOWED', undefined, { field: 'unitId' });
  }
  return unit;
}
