import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { referenceDataDir } from '../paths.ts';
import {
  addWorkingDays,
  beijingDay,
  calendarOf,
  workingDaysBetween,
  yellowCardAt,
  type DayKind,
} from './working-days.ts';

const file = JSON.parse(readFileSync(path.join(referenceDataDir, 'calendar-cn.json'), 'utf8')) as {
  days: Record<string, [DayKind, string]>;
};
const calendar = calendarOf(new Map(Object.entries(file.days).map(([day, [kind]]) => [day, kind])));
const at = (iso: string) => new Date(iso);

describe('working days on the real 2026 calendar', () => {
  it('skips the Spring Festival holiday and counts the swapped Saturdays', () => {
    // Friday 13 Feb 2026: Sat 14 Feb is a working day, 15–23 Feb are the holiday.
    const deadline = addWorkingDays(calendar, at('2026-02-13T10:00:00+08:00'), 5);
    expect(beijingDay(deadline)).toBe('2026-02-27');
    expect(deadline.toISOString()).toBe('2026-02-27T15:59:59.999Z');
    expect(beijingDay(addWorkingDays(calendar, at('2026-02-13T10:00:00+08:00'), 1))).toBe('2026-02-14');
    expect(beijingDay(addWorkingDays(calendar, at('2026-02-16T10:00:00+08:00'), 1))).toBe('2026-02-24');
  });

  it('skips the National Day week and counts 10 October', () => {
    // 1–7 Oct 2026 rest; Sat 10 Oct is a working day.
    expect(beijingDay(addWorkingDays(calendar, at('2026-09-30T09:00:00+08:00'), 1))).toBe('2026-10-08');
    expect(beijingDay(addWorkingDays(calendar, at('2026-09-30T09:00:00+08:00'), 3))).toBe('2026-10-10');
    expect(beijingDay(addWorkingDays(calendar, at('2026-10-03T09:00:00+08:00'), 5))).toBe('2026-10-13');
  });

  it('uses Beijing dates, not UTC ones', () => {
    // 23:30 Beijing on Friday is still Friday although it is 15:30 UTC.
    expect(beijingDay(at('2026-11-27T23:30:00+08:00'))).toBe('2026-11-27');
    expect(beijingDay(addWorkingDays(calendar, at('2026-11-27T23:30:00+08:00'), 1))).toBe('2026-11-30');
  });

  it('turns yellow on the last working day before the deadline', () => {
    const deadline = addWorkingDays(calendar, at('2026-02-13T10:00:00+08:00'), 2); // Tue 24 Feb
    expect(beijingDay(deadline)).toBe('2026-02-24');
    expect(beijingDay(yellowCardAt(calendar, deadline))).toBe('2026-02-14');
  });

  it('round-trips: N working days later is N working days between', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2026-11-30T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 40 }),
        (start, n) => {
          const deadline = addWorkingDays(calendar, start, n);
          expect(workingDaysBetween(calendar, start, deadline)).toBe(n);
          expect(n === 0 || calendar.isWorkingDay(beijingDay(deadline))).toBe(true);
          expect(deadline.getTime()).toBeGreaterThan(start.getTime());
        },
      ),
    );
  });
});
