// The safety index's arithmetic: normalisation in both directions, the score as the exact sum of
// the shown contributions, grades by threshold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradeOf, normalise, scoreComponents, weightsAreValid } from './safety-formula.ts';

const GRADES = [
  { code: 'excellent', nameZh: '优', nameEn: 'Excellent', minScore: 90 },
  { code: 'good', nameZh: '良', nameEn: 'Good', minScore: 75 },
  { code: 'fair', nameZh: '中', nameEn: 'Fair', minScore: 60 },
  { code: 'poor', nameZh: '差', nameEn: 'Poor', minScore: 0 },
];

describe('safety index formula', () => {
  it('normalises lower-is-better and higher-is-better values linearly, clamped', () => {
    expect(normalise(0, 0, 10)).toBe(1);
    expect(normalise(2.5, 0, 10)).toBe(0.75);
    expect(normalise(12, 0, 10)).toBe(0);
    expect(normalise(0.8, 1, 0.5)).toBeCloseTo(0.6);
    expect(normalise(0.4, 1, 0.5)).toBe(0);
    expect(normalise(null, 1, 0.5)).toBe(1);
  });

  it('scores the exact sum of the rounded contributions', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            weight: fc.integer({ min: 0, max: 3000 }).map((n) => n / 100),
            value: fc.option(fc.double({ min: -5, max: 20, noNaN: true }), { nil: null }),
          }),
          { minLength: 1, maxLength: 10 },
        ),
        (parts) => {
          const settings = parts.map((p, i) => ({ key: `k${i}`, weight: p.weight, best: 0, worst: 10 }));
          const { score, components } = scoreComponents(
            settings,
            parts.map((p, i) => ({ key: `k${i}`, value: p.value })),
          );
          const cents = components.reduce((sum, c) => sum + Math.round(c.contribution * 100), 0);
          expect(Math.round(score * 100)).toBe(cents);
          for (const c of components) {
            expect(c.contribution).toBeCloseTo(c.normalised * c.weight, 2);
            expect(c.contribution).toBeLessThanOrEqual(c.weight);
          }
        },
      ),
    );
  });

  it('grades by the highest threshold reached', () => {
    expect(gradeOf(95, GRADES).nameZh).toBe('优');
    expect(gradeOf(90, GRADES).code).toBe('excellent');
    expect(gradeOf(89.99, GRADES).code).toBe('good');
    expect(gradeOf(60, GRADES).code).toBe('fair');
    expect(gradeOf(12, GRADES).code).toBe('poor');
  });

  it('accepts weights summing to 100 only', () => {
    const base = [
      { key: 'a', weight: 60, best: 0, worst: 1 },
      { key: 'b', weight: 40, best: 1, worst: 0 },
    ];
    expect(weightsAreValid(base)).toBe(true);
    expect(weightsAreValid([{ ...base[0]!, weight: 61 }, base[1]!])).toBe(false);
    expect(weightsAreValid([base[0]!, { ...base[1]!, best: 0 }])).toBe(false);
  });
});
