// The hot-spot test of ADR 0019: the Poisson upper tail against values computed independently, and
// the decisions the ADR gives as examples.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hotSpotTest, poissonUpperTail } from './hot-spot-test.ts';

describe('the Poisson upper tail', () => {
  it('matches known values', () => {
    // P(X ≥ 1 | 1) = 1 − e^−1; P(X ≥ 2 | 1) = 1 − 2/e; P(X ≥ 3 | 0.5) = 1 − e^−0.5 (1 + 0.5 + 0.125).
    expect(poissonUpperTail(1, 1)).toBeCloseTo(1 - Math.exp(-1), 12);
    expect(poissonUpperTail(2, 1)).toBeCloseTo(1 - 2 / Math.E, 12);
    expect(poissonUpperTail(3, 0.5)).toBeCloseTo(1 - Math.exp(-0.5) * 1.625, 12);
    expect(poissonUpperTail(0, 3)).toBe(1);
    // Tiny tails stay precise (no 1 − sum cancellation): P(X ≥ 20 | 0.1) is the term at 20,
    // 0.1^20 e^−0.1 / 20!, times 1 + 0.1/21 + 0.1²/(21·22) + … ≈ 1.0047836.
    const term = (Math.pow(0.1, 20) * Math.exp(-0.1)) / 2.43290200817664e18;
    expect(poissonUpperTail(20, 0.1) / term).toBeCloseTo(1 + 0.1 / 21 + 0.01 / (21 * 22), 6);
  });

  it('falls as the count rises and grows with the mean', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0.01, max: 30, noNaN: true }), (k, lambda) => {
        expect(poissonUpperTail(k + 1, lambda)).toBeLessThanOrEqual(poissonUpperTail(k, lambda));
        expect(poissonUpperTail(k, lambda * 1.5)).toBeGreaterThanOrEqual(poissonUpperTail(k, lambda) - 1e-15);
      }),
    );
  });
});

describe('the hot-spot decision', () => {
  const window = { recentDays: 7, baselineDays: 90 };
  const threshold = { minCount: 5, pValue: 0.001 };

  it('calls a burst far above the baseline a hot spot and an ordinary week not', () => {
    const burst = hotSpotTest({ recent: 8, baseline: 2 }, window, threshold);
    expect(burst.expected).toBeCloseTo(0.156, 3);
    expect(burst.p).toBeLessThan(1e-9);
    expect(burst.hot).toBe(true);
    const ordinary = hotSpotTest({ recent: 2, baseline: 13 }, window, threshold);
    expect(ordinary.p).toBeCloseTo(0.27, 2);
    expect(ordinary.hot).toBe(false);
  });

  it('never calls fewer cases than the minimum a hot spot, however rare the category', () => {
    expect(hotSpotTest({ recent: 4, baseline: 0 }, window, threshold)).toMatchObject({ hot: false });
    expect(hotSpotTest({ recent: 5, baseline: 0 }, window, threshold)).toMatchObject({ hot: true });
  });
});
