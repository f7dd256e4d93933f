// The townships' places in the county's ranking for a period, as assessment ranks them.
import type { AppContext } from '../../context.ts';
import type { ReportPeriod } from '../../../common/period.ts';
import type { OrgUnitRow } from '../org/index.ts';

export interface TownshipRank {
  rank: number | null;
  score: number | null;
  rankChange: number | null;
}

// TODO(merge h/rankings): computeRankings — filled in when its CONTRACT lands.
export function townshipRanks(
  _ctx: AppContext,
  _county: OrgUnitRow,
  _period: ReportPeriod,
  _now: Date,
): Promise<Map<number, TownshipRank>> {
  return Promise.resolve(new Map<number, TownshipRank>());
}
