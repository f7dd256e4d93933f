// Kysely only: the warnings, the cases behind them, their history and the rules' thresholds.
import type { Db, Trx } from '../../context.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import { WARNING_LEVELS, type WarningLevel } from '../../../common/warnings.ts';

type Executor = Db | Trx;

export async function warningCaseIds(db: Executor, warningId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('warning_case')
    .select('case_id')
    .where('warning_id', '=', warningId)
    .orderBy('case_id')
    .execute();
  return rows.map((r) => r.case_id);
}

/**
 * Warnings raised in [from, to) in the unit's subtree, per level (the safety index's component).
 * A dismissed warning was a false alarm and is not counted; open, handled and closed ones are.
 */
export async function countWarningsByLevel(
  db: Executor,
  unitPath: string,
  from: string,
  to: string,
): Promise<Record<WarningLevel, number>> {
  const rows = await db
    .selectFrom('warning')
    .select((eb) => ['level', eb.fn.countAll<number | string>().as('n')])
    .where('unit_path', '>=', unitPath)
    .where('unit_path', '<', subtreeUpperBound(unitPath))
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .where('status', '!=', 'dismissed')
    .groupBy('level')
    .execute();
  const counts = Object.fromEntries(WARNING_LEVELS.map((level) => [level, 0])) as Record<WarningLevel, number>;
  for (const row of rows) counts[row.level] = Number(row.n);
  return counts;
}
