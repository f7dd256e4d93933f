// The comparison of a sample: the unit's self-reported satisfaction for the period (the dashboard's
// figure, cases.index's satisfactionCounts) beside what the sample's reached reporters said, with
// the sampled rate's 95 % interval (margin.ts) and whether the self-reported rate lies outside it.
import type { AppContext } from '../../../context.ts';
import { satisfactionCounts } from '../../cases/index.ts';
import type { OrgUnitRow } from '../../org/index.ts';
import type { SampleRow } from '../evaluation.repository.ts';
import { gapBeyondMargin, wilsonInterval } from '../margin.ts';
import { lastReachedCalls, tallyCalls } from '../sampled-satisfaction.ts';

export const METHOD =
  'Wilson 95% interval of satisfied/rated over the sample’s last reached calls, n corrected for the finite frame N: n′ = n(N−1)/(N−n); flagged when the self-reported rate lies outside it (ADR 0016)';

export async function compareSample(
  ctx: AppContext,
  sample: SampleRow,
  unit: Pick<OrgUnitRow, 'id' | 'name' | 'type' | 'path'>,
) {
  const calls = await lastReachedCalls(
    ctx.db,
    [sample.unit_id],
    { from: sample.period_from, to: sample.period_to },
    sample.id,
  );
  const tally = tallyCalls(calls);
  const interval = wilsonInterval(tally.satisfied, tally.rated, sample.population);
  // Self-reported figures are a region's (the dashboard counts by where cases are); a department's
  // sample has none to compare with.
  const self =
    unit.type === 'region'
      ? await satisfactionCounts(ctx.db, unit.path, { from: sample.period_from, to: sample.period_to }, ctx.clock.now())
      : null;
  const selfRate = self && self.rated > 0 ? self.satisfied / self.rated : null;
  return {
    unitId: unit.id,
    unitName: unit.name,
    period: sample.period_label,
    selfReported: self ? { rated: self.rated, satisfied: self.satisfied, rate: selfRate } : null,
    sampled: {
      ...tally,
      solved: calls.filter((c) => c.solved === 1).length,
      rate: interval?.rate ?? null,
      low: interval?.low ?? null,
      high: interval?.high ?? null,
      margin: interval?.margin ?? null,
    },
    population: sample.population,
    gap: selfRate !== null && interval ? selfRate - interval.rate : null,
    beyondMargin: gapBeyondMargin(selfRate, interval),
    method: METHOD,
  };
}
