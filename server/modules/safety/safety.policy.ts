// Who reads and writes what: the safety index of a unit inside the reader's jurisdiction; the
// screening ledger of a grid or village inside it. A unit outside does not exist for the caller.
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { can, jurisdictionPaths, type Actor } from '../auth/index.ts';
import { findUnitById, listUnits, type OrgUnitRow } from '../org/index.ts';
import type { Power } from '../../../common/powers.ts';
import { SCREENING_LEVELS } from './screening-coverage.ts';

const noUnit = (id: number) => new AppError('NOT_FOUND', '单位不存在 / No such unit').denying('org_unit', id);

/** A region unit the actor reaches with `power`; 404 for any other. */
export async function regionInReach(ctx: AppContext, actor: Actor, unitId: number, power: Power): Promise<OrgUnitRow> {
  const unit = await findUnitById(ctx.db, unitId);
  if (!unit || unit.type !== 'region' || !can(actor, power, [unit.path])) throw noUnit(unitId);
  return unit;
}

/** Without a unit named: the region at the top of the actor's (first) jurisdiction for `power`. */
export async function defaultRegion(ctx: AppContext, actor: Actor, power: Power): Promise<OrgUnitRow> {
  const root = jurisdictionPaths(actor, power)[0];
  const units = root ? await listUnits(ctx.db, { scopePaths: [root], withinPath: root, limit: 1 }) : [];
  const top = units.find((u) => u.path === root);
  if (!top) throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
  return top;
}

export const keepsLedger = (unit: Pick<OrgUnitRow, 'type' | 'level'>) =>
  unit.type === 'region' && (SCREENING_LEVELS as readonly string[]).includes(unit.level);

/** A grid or village whose ledger the actor writes. */
export async function ledgerUnitToRecord(ctx: AppContext, actor: Actor, unitId: number): Promise<OrgUnitRow> {
  const unit = await findUnitById(ctx.db, unitId);
  if (!unit || !can(actor, 'screening:record', [unit.path])) throw noUnit(unitId);
  if (!keepsLedger(unit)) throw new AppError('SCREENING_UNIT_INVALID', undefined, { field: 'unitId' });
  return unit;
}

export const canRecordAt = (actor: Actor, unitPath: string) => can(actor, 'screening:record', [unitPath]);
export const canReadLedgerAt = (actor: Actor, unitPath: string) => can(actor, 'screening:read', [unitPath]);
