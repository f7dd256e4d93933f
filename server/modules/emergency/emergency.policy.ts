// Who reaches an emergency and its items. An emergency concerns everyone whose area it overlaps: a
// county leader's over the county, a grid worker's over its grid inside it. Outside, it does not
// exist for the actor (404). What an actor sees of the items is the part inside its own area.
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { isWithin } from '../../platform/db/subtree.ts';
import { can, jurisdictionPaths, type Actor } from '../auth/index.ts';
import type { Power } from '../../../common/powers.ts';
import { findEmergency, findItem, type EmergencyItemRow, type EmergencyRow } from './emergency.repository.ts';

/** Whether the actor's area for `power` overlaps the emergency's area (either way round). */
export function overlaps(actor: Actor, power: Power, unitPath: string): boolean {
  return jurisdictionPaths(actor, power).some((root) => isWithin(unitPath, root) || isWithin(root, unitPath));
}

/** The item scope of an actor: null when its area holds the whole emergency, else its own roots. */
export function itemScope(actor: Actor, power: Power, e: Pick<EmergencyRow, 'unitPath'>): string[] | null {
  const roots = jurisdictionPaths(actor, power);
  if (roots.some((root) => isWithin(e.unitPath, root))) return null;
  return roots.filter((root) => isWithin(root, e.unitPath));
}

const notFound = (id: number, exists: boolean) => {
  const error = new AppError('NOT_FOUND', '应急事件不存在 / No such emergency');
  return exists ? error.denying('emergency', id) : error;
};

export async function loadEmergency(ctx: AppContext, actor: Actor, id: number, power: Power): Promise<EmergencyRow> {
  const e = await findEmergency(ctx.db, id);
  const reach =
    power === 'emergency:declare' ? !!e && can(actor, power, [e.unitPath]) : !!e && overlaps(actor, power, e.unitPath);
  if (!e || !reach) throw notFound(id, !!e);
  return e;
}

export async function loadItemToMark(
  ctx: AppContext,
  actor: Actor,
  emergency: EmergencyRow,
  itemId: number,
): Promise<EmergencyItemRow> {
  const item = await findItem(ctx.db, emergency.id, itemId);
  if (!item || !can(actor, 'emergency:mark', [item.gridPath])) {
    const error = new AppError('NOT_FOUND', '走访对象不存在 / No such item');
    throw item ? error.denying('emergency_item', itemId) : error;
  }
  return item;
}
