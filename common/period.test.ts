import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currentMonth, monthsOf, parsePeriod, previousPeriod, rangePeriod } from './period.ts';

describe('report periods', () => {
  it('reads months, quarters, years and day ranges as Beijing windows', () => {
    expect(parsePeriod('2026-11')).toEqual({
      kind: 'month',
      label: '2026-11',
      from: '2026-10-31T16:00:00.000Z',
      to: '2026-11-30T16:00:00.000Z',
    });
    expect(parsePeriod('2026-Q4')).toMatchObject({ from: '2026-09-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    expect(parsePeriod('2026')).toMatchObject({ from: '2025-12-31T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    expect(parsePeriod('2026-11-01..2026-11-15')).toMatchObject({
      kind: 'range',
      from: '2026-10-31T16:00:00.000Z',
      to: '2026-11-15T16:00:00.000Z',
    });
  });

  it('refuses what is not a period', () => {
    for (const text of [
      '2026-13',
      '2026-00',
      '2026-Q5',
      '1999',
      '2026-02-30..2026-03-01',
      '2026-11-15..2026-11-01',
      '',
      'x',
      '2026-1',
    ])
      expect(parsePeriod(text), text).toBeNull();
    expect(rangePeriod('2020-01-01', '2026-01-01')).toBeNull();
  });

  it('steps back to the period before, across year ends', () => {
    expect(previousPeriod(parsePeriod('2026-01')!).label).toBe('2025-12');
    expect(previousPeriod(parsePeriod('2026-Q1')!).label).toBe('2025-Q4');
    expect(previousPeriod(parsePeriod('2026')!).label).toBe('2025');
    expect(previousPeriod(parsePeriod('2026-03-01..2026-03-10')!).label).toBe('2026-02-19..2026-02-28');
  });

  it('has the previous period end exactly where the period starts', () => {
    const labels = fc.oneof(
      fc
        .tuple(fc.integer({ min: 2001, max: 2099 }), fc.integer({ min: 1, max: 12 }))
        .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
      fc.tuple(fc.integer({ min: 2001, max: 2099 }), fc.integer({ min: 1, max: 4 })).map(([y, q]) => `${y}-Q${q}`),
      fc.integer({ min: 2001, max: 2099 }).map(String),
    );
    fc.assert(
      fc.property(labels, (label) => {
        const period = parsePeriod(label)!;
        const before = previousPeriod(period);
        expect(before.to).toBe(period.from);
        expect(before.kind).toBe(period.kind);
      }),
    );
  });

  it('names the Beijing month of an instant and the months a period touches', () => {
    expect(currentMonth(new Date('2026-11-30T16:30:00Z')).label).toBe('2026-12');
    expect(monthsOf(parsePeriod('2026-Q4')!)).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(monthsOf(parsePeriod('2026-11-20..2026-12-02')!)).toEqual(['2026-11', '2026-12']);
  });
});
