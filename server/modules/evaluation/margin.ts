// Whether the self-reported and the sampled satisfaction differ by more than chance (ADR 0016).
// The sampled rate p̂ = satisfied / rated over n rated calls, drawn without replacement from a frame
// of N closed cases. Its 95 % interval is Wilson's score interval with the finite-population
// correction applied to n (effective n' = n · (N − 1) / (N − n), so a sample of the whole frame has
// no error):  centre = (p̂ + z²/2n') / (1 + z²/n'),  half-width = z·√(p̂(1−p̂)/n' + z²/4n'²) / (1 + z²/n'),
// z = 1.96. The gap is flagged when the self-reported rate lies outside that interval.

const Z95 = 1.959964;

export interface SampledInterval {
  rate: number;
  low: number;
  high: number;
  /** Half the interval's width: the margin of error. */
  margin: number;
}

/** The Wilson 95 % interval of `satisfied / rated`, corrected for a frame of `population`; null when nothing was rated. */
export function wilsonInterval(satisfied: number, rated: number, population: number): SampledInterval | null {
  if (rated <= 0) return null;
  const p = satisfied / rated;
  if (population <= rated) return { rate: p, low: p, high: p, margin: 0 }; // the whole frame: no sampling error
  const n = (rated * (population - 1)) / (population - rated);
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  const low = Math.max(0, centre - half);
  const high = Math.min(1, centre + half);
  return { rate: p, low, high, margin: (high - low) / 2 };
}

/** Is the self-reported rate outside the sampled interval? Null when either side has no ratings. */
export function gapBeyondMargin(selfReported: number | null, interval: SampledInterval | null): boolean | null {
  if (selfReported === null || interval === null) return null;
  const EPSILON = 1e-9;
  return selfReported < interval.low - EPSILON || selfReported > interval.high + EPSILON;
}
