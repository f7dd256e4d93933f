// Days as the mediation rules count them: Beijing calendar days.
import dayjs, { type Dayjs } from 'dayjs';
import type { MediationFile } from '../../shared/api-types.ts';

const DAY_MS = 86_400_000;

/** YYYY-MM-DD of an instant in Beijing time. */
export function beijingDay(instant: Date | string): string {
  const time = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(time + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The server's today: the file's `daysLeft` counts from it to the deadline, so it holds even when
 * the server runs on a fixed clock (demos, tests). The browser's today otherwise.
 */
export function serverToday(file: MediationFile): string {
  if (file.daysLeft !== null) return addDays(beijingDay(file.deadline), -file.daysLeft);
  const agreement = file.agreement;
  if (agreement?.confirmationDeadline && agreement.confirmationDaysLeft !== null && agreement.confirmationDaysLeft >= 0)
    return addDays(agreement.confirmationDeadline, -agreement.confirmationDaysLeft);
  return beijingDay(new Date());
}

/** When a session form starts: now, unless the server's clock is on another day (then 9:00 that day). */
export function defaultSessionTime(file: MediationFile): Dayjs {
  const today = serverToday(file);
  if (today === beijingDay(new Date())) return dayjs().second(0).millisecond(0);
  return dayjs(`${today}T09:00:00+08:00`);
}

/** YYYY-MM-DD of a date a form holds; nothing for a date left empty. */
export function dayOf(value: Dayjs): string;
export function dayOf(value: Dayjs | null | undefined): string | undefined;
export function dayOf(value: Dayjs | null | undefined): string | undefined {
  return value ? value.format('YYYY-MM-DD') : undefined;
}
