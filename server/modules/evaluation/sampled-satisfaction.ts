// What the evaluator heard, per unit: over the samples drawn for a unit whose period lies within the
// asked one, each sampled case counts once, by its last call that reached the reporter (a case drawn
// in two samples of the unit, or called twice, is not counted twice). The assessment reads this.
import type { Db, Trx } from '../../context.ts';
import type { ReportPeriod } from '../../../common/period.ts';
import type { Rating } from '../../../common/case-state.ts';
import { SATISFIED_RATINGS } from '../cases/index.ts';

export interface SampledSatisfaction {
  /** Sampled cases whose reporter was reached at least once. */
  reached: number;
  /** Of those, the ones whose last reached call recorded a rating. */
  rated: number;
  /** Of those, rated satisfied or basically satisfied (kpi.ts's SATISFIED_RATINGS). */
  satisfied: number;
}

export interface LastReachedCall {
  unitId: number;
  caseId: number;
  rating: Rating | null;
  solved: number | null;
}

/** The last reached call of each (sample unit, case) among samples of these units within the period. */
export async function lastReachedCalls(
  db: Db | Trx,
  unitIds: number[],
  period: Pick<ReportPeriod, 'from' | 'to'>,
  sampleId?: number,
): Promise<LastReachedCall[]> {
  if (unitIds.length === 0) return [];
  let query = db
    .selectFrom('evaluation_call as c')
    .innerJoin('evaluation_sample as s', 's.id', 'c.sample_id')
    .innerJoin('evaluation_sample_item as i', 'i.id', 'c.item_id')
    .select(['c.id', 's.unit_id', 'i.case_id', 'c.rating', 'c.solved'])
    .where('c.reached', '=', 1)
    .where('s.unit_id', 'in', unitIds)
    .where('s.period_from', '>=', period.from)
    .where('s.period_to', '<=', period.to);
  if (sampleId !== undefined) query = query.where('s.id', '=', sampleId);
  const rows = await query.orderBy('c.id').execute();
  const last = new Map<string, LastReachedCall>();
  for (const row of rows) {
    last.set(`${row.unit_id}:${row.case_id}`, {
      unitId: row.unit_id,
      caseId: row.case_id,
      rating: row.rating,
      solved: row.solved,
    });
  }
  return [...last.values()];
}

export function tallyCalls(calls: Iterable<Pick<LastReachedCall, 'rating'>>): SampledSatisfaction {
  const tally: SampledSatisfaction = { reached: 0, rated: 0, satisfied: 0 };
  for (const call of calls) {
    tally.reached += 1;
    if (call.rating === null) continue;
    tally.rated += 1;
    if (SATISFIED_RATINGS.includes(call.rating)) tally.satisfied += 1;
  }
  return tally;
}

/**
 * CONTRACT (issue 16, for the assessment): per unit asked, the sampled satisfaction over the calls
 * recorded in samples drawn for that unit whose period lies within `period` (a quarter gathers its
 * months' samples). Every unit asked has an entry, zeros when nothing was sampled.
 */
export async function sampledSatisfactionByUnit(
  db: Db | Trx,
  unitIds: number[],
  period: ReportPeriod,
): Promise<Map<number, SampledSatisfaction>> {
  const calls = await lastReachedCalls(db, unitIds, period);
  const result = new Map<number, SampledSatisfaction>();
  for (const unitId of unitIds) {
    result.set(unitId, tallyCalls(calls.filter((c) => c.unitId === unitId)));
  }
  return result;
}
