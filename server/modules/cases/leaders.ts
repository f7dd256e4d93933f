// 领导包案 (issue 17): the leaders a case may be assigned to — enabled accounts with a leader
// membership at one of the regions the case lies in (its path, from the province down) — and the
// count of leader-taken cases per unit for the assessment.
import type { Db, Trx } from '../../context.ts';
import { pathIds, subtreeUpperBound } from '../../platform/db/subtree.ts';
import { activeHoldersAt } from '../auth/index.ts';

export interface LeaderCandidate {
  userId: number;
  displayName: string;
  unitId: number;
}

export function leadersOver(db: Db | Trx, regionPath: string): Promise<LeaderCandidate[]> {
  return activeHoldersAt(db, pathIds(regionPath), 'leader');
}

export interface LeaderCaseCounts {
  /** Cases located in the unit's area assigned to a leader within the period (the latest assignment). */
  assigned: number;
  /** Of those, closed or resolved now. */
  settled: number;
  /** Of those, still open now. */
  open: number;
}

/**
 * For the assessment (issue 17 §5): per unit (its area: the cases located in its subtree), the
 * cases whose leader was assigned within [from, to), and how many of them are settled. A case
 * handed to another leader counts once, by its latest assignment.
 */
export async function leaderCasesByUnit(
  db: Db | Trx,
  units: readonly { id: number; path: string }[],
  period: { from: string; to: string },
): Promise<Map<number, LeaderCaseCounts>> {
  const result = new Map<number, LeaderCaseCounts>();
  for (const unit of units) {
    const rows = await db
      .selectFrom('case_record')
      .select(['status'])
      .where('leader_user_id', 'is not', null)
      .where('leader_assigned_at', '>=', period.from)
      .where('leader_assigned_at', '<', period.to)
      .where('region_path', '>=', unit.path)
      .where('region_path', '<', subtreeUpperBound(unit.path))
      .execute();
    const settled = rows.filter((r) => r.status === 'resolved' || r.status === 'closed').length;
    const cancelled = rows.filter((r) => r.status === 'cancelled').length;
    result.set(unit.id, { assigned: rows.length, settled, open: rows.length - settled - cancelled });
  }
  return result;
}
