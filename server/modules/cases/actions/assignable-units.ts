// Units a dispatcher may assign or summon: handlers (departments, committees, courts, police,
// centres) in the case's county.
import { AppError } from '../../../platform/http/errors.ts';
import { isWithin } from '../../../platform/db/subtree.ts';
import { countyOf, findUnitsByIds } from '../../org/index.ts';
import type { ActionEnv } from './effect.ts';

export async function assignableUnits(env: ActionEnv, ids: readonly number[], field: string) {
  const county = await countyOf(env.ctx.db, { path: env.loaded.row.region_path });
  const found = new Map((await findUnitsByIds(env.ctx.db, ids)).map((u) => [u.id, u]));
  const units = [];
  for (const id of ids) {
    const unit = found.get(id);
    if (!unit || unit.type === 'region' || !county || !isWithin(unit.path, county.path)) {
      throw new AppError(
        'UNIT_NOT_ASSIGNABLE',
        `单位 ${id} 不是本区县的承办单位 / Unit ${id} is not a handling unit of this county`,
        [{ field, message: '不是本区县的承办单位 / Not a handling unit of this county' }],
      );
    }
    if (unit.closed_at !== null) {
      throw new AppError('UNIT_CLOSED', `「${unit.name}」已撤销，不再接收交办 / ${unit.name} is closed`, [
        { field, message: '该单位已撤销 / The unit is closed' },
      ]);
    }
    units.push(unit);
  }
  return units;
}
