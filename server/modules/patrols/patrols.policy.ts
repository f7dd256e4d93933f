// Who sees and does what with patrols and grid tasks. A worker patrols grids of its own jurisdiction
// and works only its own patrols; the region roles over an area oversee all patrols in it. A record
// the actor may not reach does not exist for it (404).
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { can, type Actor } from '../auth/index.ts';
import { findUnitById, type OrgUnitRow } from '../org/index.ts';
import type { Power } from '../../../common/powers.ts';
import { findPatrol, type PatrolRow } from './patrols.repository.ts';
import { findGridTask, type GridTaskRow } from './grid-tasks.repository.ts';

export const isGrid = (unit: Pick<OrgUnitRow, 'type' | 'level'>) => unit.type === 'region' && unit.level === 'grid';

/** Reads the patrol: its own worker, or a supervisor over its grid. */
export const canReadPatrol = (actor: Actor, p: Pick<PatrolRow, 'workerId' | 'unitPath'>) =>
  can(actor, 'patrol:oversee', [p.unitPath]) ||
  (p.workerId === actor.userId && can(actor, 'patrol:read', [p.unitPath]));

/** Works the patrol (track, visits, finish): only its own worker, while the grid is theirs. */
export const canWorkPatrol = (actor: Actor, p: Pick<PatrolRow, 'workerId' | 'unitPath'>) =>
  p.workerId === actor.userId && can(actor, 'patrol:record', [p.unitPath]);

export async function loadPatrol(ctx: AppContext, actor: Actor, id: number, mode: 'read' | 'work'): Promise<PatrolRow> {
  const p = await findPatrol(ctx.db, id);
  if (!p || !(mode === 'read' ? canReadPatrol(actor, p) : canWorkPatrol(actor, p))) {
    const error = new AppError('NOT_FOUND', '巡查记录不存在 / No such patrol');
    throw p ? error.denying('patrol', id) : error;
  }
  return p;
}

const noUnit = (id: number) => new AppError('NOT_FOUND', '单位不存在 / No such unit').denying('org_unit', id);

/** A grid the actor reaches with `power`; 404 outside, 422 for a unit that is not a grid. */
export async function gridInReach(ctx: AppContext, actor: Actor, unitId: number, power: Power): Promise<OrgUnitRow> {
  const unit = await findUnitById(ctx.db, unitId);
  if (!unit || !can(actor, power, [unit.path])) throw noUnit(unitId);
  if (!isGrid(unit)) throw new AppError('PATROL_UNIT_NOT_GRID', undefined, { field: 'unitId' });
  return unit;
}

/** Any unit the actor reaches with `power` (a list's `withinUnitId`); 404 otherwise. */
export async function unitInReach(ctx: AppContext, actor: Actor, unitId: number, power: Power): Promise<OrgUnitRow> {
  const unit = await findUnitById(ctx.db, unitId);
  if (!unit || !can(actor, power, [unit.path])) throw noUnit(unitId);
  return unit;
}

/** A task the actor reads: inside its jurisdiction, and for a worker assigned to it or to nobody. */
export const canReadTask = (actor: Actor, t: Pick<GridTaskRow, 'unitPath' | 'assigneeId'>) =>
  can(actor, 'grid_task:assign', [t.unitPath]) ||
  (can(actor, 'grid_task:read', [t.unitPath]) && (t.assigneeId === null || t.assigneeId === actor.userId));

export async function loadTaskToComplete(ctx: AppContext, actor: Actor, id: number): Promise<GridTaskRow> {
  const t = await findGridTask(ctx.db, id);
  if (
    !t ||
    !can(actor, 'grid_task:complete', [t.unitPath]) ||
    (t.assigneeId !== null && t.assigneeId !== actor.userId)
  ) {
    const error = new AppError('NOT_FOUND', '任务不存在 / No such task');
    throw t ? error.denying('grid_task', id) : error;
  }
  return t;
}
