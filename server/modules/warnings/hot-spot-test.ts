// The hot-spot test (ADR 0019): is a count far above what the baseline rate expects? Under the
// hypothesis "nothing changed", the count over the recent window is Poisson with mean
// λ = baseline count × recent days ÷ baseline days; the count is "far above" when the chance of at
// least that many, P(X ≥ k | λ), is below the threshold (0.001 by default).

const lnFactorial = (n: number): number => {
  let sum = 0;
  for (let i = 2; i <= n; i++) sum += Math.log(i);
  return sum;
};

/** P(X ≥ k) for X ~ Poisson(λ), summed from k upwards (precise for the tiny tails we care about). */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  let term = Math.exp(-lambda + k * Math.log(lambda) - lnFactorial(k));
  let sum = 0;
  for (let i = k; i < k + 10_000; i++) {
    sum += term;
    term *= lambda / (i + 1);
    if (term < sum * 1e-16) break;
  }
  return Math.min(1, sum);
}

export interface HotSpotTest {
  expected: number;
  p: number;
  hot: boolean;
}

/**
 * The test for one place and category. A baseline of zero cases is taken as one (a category new to
 * a place is compared with a rate of one case per baseline window, not with zero, which any single
 * case would exceed); `minCount` keeps a handful of cases from ever being a hot spot.
 */
export function hotSpotTest(
  counts: { recent: number; baseline: number },
  window: { recentDays: number; baselineDays: number },
  threshold: { minCount: number; pValue: number },
): HotSpotTest {
  const expected = (Math.max(counts.baseline, 1) * window.recentDays) / window.baselineDays;
  const p = poissonUpperTail(counts.recent, expected);
  return { expected, p, hot: counts.recent >= threshold.minCount && p < threshold.pValue };
}
