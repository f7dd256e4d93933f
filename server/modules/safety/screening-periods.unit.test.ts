// Screening schedule periods on Beijing time: which week or month a screening covers, which one
// ended last (the overdue job's), which a month expects so far.
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../../common/period.ts';
import { expectedPeriods, lastEndedPeriod, screeningPeriodOf } from './screening-periods.ts';

const month = (label: string) => parsePeriod(label)!;

describe('screening periods', () => {
  it('labels a weekly period by its Monday and a monthly one by its month, in Beijing time', () => {
    // Sunday 2026-11-29 23:30 in Beijing is still the week of Monday 2026-11-23.
    expect(screeningPeriodOf('weekly', new Date('2026-11-29T15:30:00Z'))).toBe('2026-11-23');
    // Half an hour later it is Monday 2026-11-30 in Beijing.
    expect(screeningPeriodOf('weekly', new Date('2026-11-29T16:30:00Z'))).toBe('2026-11-30');
    expect(screeningPeriodOf('monthly', new Date('2026-11-30T16:30:00Z'))).toBe('2026-12');
  });

  it('names the last period that has ended', () => {
    expect(lastEndedPeriod('weekly', new Date('2026-11-27T01:00:00Z'))).toBe('2026-11-16');
    expect(lastEndedPeriod('monthly', new Date('2026-11-27T01:00:00Z'))).toBe('2026-10');
    expect(lastEndedPeriod('monthly', new Date('2026-01-05T01:00:00Z'))).toBe('2025-12');
  });

  it("expects a month's weeks whose Monday lies in it and has come", () => {
    const now = new Date('2026-11-27T01:00:00Z');
    expect(expectedPeriods('weekly', month('2026-11'), now)).toEqual([
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
      '2026-11-23',
    ]);
    expect(expectedPeriods('weekly', month('2026-10'), now)).toEqual([
      '2026-10-05',
      '2026-10-12',
      '2026-10-19',
      '2026-10-26',
    ]);
    expect(expectedPeriods('monthly', month('2026-11'), now)).toEqual(['2026-11']);
    expect(expectedPeriods('monthly', month('2026-12'), now)).toEqual([]);
  });
});
