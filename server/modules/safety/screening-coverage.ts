// 排查覆盖: which grids and villages under a unit have screened the schedule periods of a month
// that have begun, each by its own schedule (units no schedule applies to are not listed). The township's coverage table and the safety index's
// "screenings done" component both read it.
import type { Db } from '../../context.ts';
import type { ReportPeriod } from '../../../common/period.ts';
import type { ScreeningFrequency } from '../../../common/safety.ts';
import { listUnits } from '../org/index.ts';
import { frequencyAt, loadSchedules, screenedPeriods } from './screening.repository.ts';
import { expectedPeriods } from './screening-periods.ts';

export const SCREENING_LEVELS = ['village', 'grid'] as const;

export interface CoverageRow {
  unitId: number;
  code: string;
  name: string;
  level: string;
  path: string;
  frequency: ScreeningFrequency;
  expected: string[];
  done: string[];
  lastDoneAt: string | null;
  /** Every period expected so far has a screening. */
  screened: boolean;
}

/** The grids and villages (region units) at or under `path`, in code order. */
export async function screeningUnits(db: Db, path: string) {
  const [villages, grids] = await Promise.all(
    SCREENING_LEVELS.map((level) => listUnits(db, { scopePaths: [path], level, type: 'region', limit: 100_000 })),
  );
  return [...villages!, ...grids!].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

export async function screeningCoverage(db: Db, path: string, month: ReportPeriod, now: Date): Promise<CoverageRow[]> {
  const [units, schedules] = await Promise.all([screeningUnits(db, path), loadSchedules(db)]);
  const plans = units.flatMap((u) => {
    const frequency = frequencyAt(u.path, schedules);
    return frequency ? [{ unit: u, frequency, expected: expectedPeriods(frequency, month, now) }] : [];
  });
  const periods = [...new Set(plans.flatMap((p) => p.expected))];
  const screened = await screenedPeriods(db, path, periods);
  const byUnit = new Map<number, Map<string, string>>();
  for (const s of screened) {
    let m: Map<string, string> | undefined = byUnit.get(s.unitId);
    if (!m) byUnit.set(s.unitId, (m = new Map<string, string>()));
    m.set(s.period, s.lastDoneAt);
  }
  return plans.map(({ unit, frequency, expected }) => {
    const doneAt: Map<string, string> = byUnit.get(unit.id) ?? new Map<string, string>();
    const done = expected.filter((p) => doneAt.has(p));
    const last = [...doneAt.values()].sort().at(-1) ?? null;
    return {
      unitId: unit.id,
      code: unit.code,
      name: unit.name,
      level: unit.level,
      path: unit.path,
      frequency,
      expected,
      done,
      lastDoneAt: last,
      screened: done.length === expected.length,
    };
  });
}

/** Screenings done of those expected so far in the month, over the units at or under `path`. */
export function coverageShare(rows: readonly CoverageRow[]): { done: number; expected: number } {
  return rows.reduce((sum, r) => ({ done: sum.done + r.done.length, expected: sum.expected + r.expected.length }), {
    done: 0,
    expected: 0,
  });
}
