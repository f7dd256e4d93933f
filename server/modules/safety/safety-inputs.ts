// The raw value of each safety-index component for one region unit and month, read where each is
// defined: the disputes' figures through the cases module's KPI rules (kpi.ts, counted by its
// countKpis), warnings by level through the warnings module, the screenings from this module's
// own ledgers (screenings done, group disputes found), residents from region_population.
import type { Db } from '../../context.ts';
import type { ReportPeriod } from '../../../common/period.ts';
import type { SafetyComponentKey } from '../../../common/safety.ts';
import type { WarningLevel } from '../../../common/warnings.ts';
import { countKpis, rate, RATES } from '../cases/index.ts';
import { countWarningsByLevel } from '../warnings/index.ts';
import { coverageShare, screeningCoverage } from './screening-coverage.ts';
import { populationOf, populationsWithin } from './safety.repository.ts';
import { countGroupFindings } from './screening.repository.ts';

/** Points per warning by level: a red warning weighs four blue ones. */
export const WARNING_POINTS: Record<WarningLevel, number> = { red: 4, orange: 3, yellow: 2, blue: 1 };

/** The counts behind the values, for the explanations. */
export interface SafetyFacts {
  population: number | null;
  disputes: number;
  resolved: number;
  rated: number;
  satisfied: number;
  overdue: number;
  reopened: number;
  warnings: Record<WarningLevel, number>;
  warningPoints: number;
  groupDisputes: number;
  screeningsDone: number;
  screeningsExpected: number;
}

export type SafetyValues = Record<SafetyComponentKey, number | null>;

/**
 * A group dispute (群体性纠纷): a screening finding involving at least this many parties — the
 * issue's own threshold for the group-dispute warning. The warnings module's index offers counts by
 * level only, so its group-dispute warnings are counted within the warning points, not here.
 */
export const GROUP_PARTIES = 5;

const per10k = (count: number, population: number | null) =>
  population === null || population <= 0 ? null : (count / population) * 10_000;

export async function gatherFacts(db: Db, path: string, month: ReportPeriod, now: Date): Promise<SafetyFacts> {
  const filter = {
    scope: { regionPaths: [path], handlerUnitIds: [], reporterUserId: null },
    withinPath: path,
    createdFrom: month.from,
    createdTo: month.to,
    kinds: ['dispute'],
  };
  const [kpis, warnings, groupDisputes, coverage, populations] = await Promise.all([
    countKpis(db, filter, now.toISOString(), ['notCancelled', 'resolved', 'rated', 'satisfied', 'overdue', 'reopened']),
    countWarningsByLevel(db, path, month.from, month.to),
    countGroupFindings(db, path, month.from, month.to, GROUP_PARTIES),
    screeningCoverage(db, path, month, now),
    populationsWithin(db, path),
  ]);
  const share = coverageShare(coverage);
  return {
    population: populationOf(path, populations),
    disputes: kpis.notCancelled,
    resolved: kpis.resolved,
    rated: kpis.rated,
    satisfied: kpis.satisfied,
    overdue: kpis.overdue,
    reopened: kpis.reopened,
    warnings,
    warningPoints: (Object.keys(WARNING_POINTS) as WarningLevel[]).reduce(
      (sum, level) => sum + WARNING_POINTS[level] * warnings[level],
      0,
    ),
    groupDisputes,
    screeningsDone: share.done,
    screeningsExpected: share.expected,
  };
}

/** Each component's raw value from the facts; the rates by the dashboard's own definitions (RATES). */
export function valuesOf(f: SafetyFacts): SafetyValues {
  const resolution = RATES.resolution;
  const satisfaction = RATES.satisfaction;
  // The rates' numerator and denominator are the KPIs named in RATES; the facts hold exactly those.
  const kpi = { notCancelled: f.disputes, resolved: f.resolved, rated: f.rated, satisfied: f.satisfied };
  return {
    disputes_per_10k: per10k(f.disputes, f.population),
    resolution_rate: rate(kpi[resolution.numerator], kpi[resolution.denominator]),
    satisfaction_rate: rate(kpi[satisfaction.numerator], kpi[satisfaction.denominator]),
    overdue_share: rate(f.overdue, f.disputes),
    warning_points_per_10k: per10k(f.warningPoints, f.population),
    repeat_share: rate(f.reopened, f.disputes),
    group_disputes_per_10k: per10k(f.groupDisputes, f.population),
    screening_coverage: rate(f.screeningsDone, f.screeningsExpected),
  };
}
