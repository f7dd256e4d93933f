// Working days on the Chinese official calendar: weekends rest unless swapped to working days,
// official holidays rest. Days are Beijing dates ("YYYY-MM-DD", UTC+8, no daylight saving).
// Deadlines fall at the end (23:59:59.999 Beijing) of the Nth working day after the start day.

export type DayKind = 'holiday' | 'workday';

export interface WorkCalendar {
  isWorkingDay(day: string): boolean;
}

const BEIJING_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

export function calendarOf(exceptions: ReadonlyMap<string, DayKind>): WorkCalendar {
  return {
    isWorkingDay(day) {
      const exception = exceptions.get(day);
      if (exception) return exception === 'workday';
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      return weekday !== 0 && weekday !== 6;
    },
  };
}

export function beijingDay(instant: Date): string {
  return new Date(instant.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 23:59:59.999 Beijing time on `day`. */
export function endOfBeijingDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - BEIJING_OFFSET_MS + DAY_MS - 1);
}

/** The end of the `count`-th working day after the day of `start` (the start day is not counted). */
export function addWorkingDays(calendar: WorkCalendar, start: Date, count: number): Date {
  if (!Number.isInteger(count) || count < 0) throw new Error(`working days must be a whole number ≥ 0, got ${count}`);
  let day = beijingDay(start);
  if (count === 0) return endOfBeijingDay(day);
  let left = count;
  // Bounded: no real calendar has a year without working days.
  for (let guard = 0; guard < 3660; guard++) {
    day = shiftDay(day, 1);
    if (calendar.isWorkingDay(day) && --left === 0) return endOfBeijingDay(day);
  }
  throw new Error('no working days found');
}

/** Yellow card time: the end of the working day before the deadline's day, so the whole last day is yellow. */
export function yellowCardAt(calendar: WorkCalendar, deadline: Date): Date {
  let day = beijingDay(deadline);
  for (let guard = 0; guard < 3660; guard++) {
    day = shiftDay(day, -1);
    if (calendar.isWorkingDay(day)) return endOfBeijingDay(day);
  }
  throw new Error('no working days found');
}

/** Working days from the day after `from` up to and including the day of `to` (0 when `to` ≤ `from`). */
export function workingDaysBetween(calendar: WorkCalendar, from: Date, to: Date): number {
  let day = beijingDay(from);
  const last = beijingDay(to);
  let count = 0;
  for (let guard = 0; day < last && guard < 3660; guard++) {
    day = shiftDay(day, 1);
    if (calendar.isWorkingDay(day)) count++;
  }
  return count;
}
