// Pure: the reporting window and its buckets. Days, weeks and months are Beijing ones (UTC+8, no
// daylight saving), labelled as the SQL of stats.repository.ts labels them: a day "2026-11-27",
// a week by its Monday "2026-11-23", a month "2026-11".
import { beijingDay } from '../../platform/calendar/working-days.ts';

export const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

const BEIJING_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
/** More buckets than any chart shows; a wider window needs a coarser period. */
export const MAX_BUCKETS = 1000;

/** The current Beijing month as [its first instant, the first instant of the next month). */
export function beijingMonthOf(now: Date): { from: Date; to: Date } {
  const [year, month] = beijingDay(now).split('-').map(Number) as [number, number];
  const start = (y: number, m: number) => new Date(Date.UTC(y, m - 1, 1) - BEIJING_OFFSET_MS);
  return { from: start(year, month), to: month === 12 ? start(year + 1, 1) : start(year, month + 1) };
}

function mondayOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

export function bucketOf(instant: Date, period: Period): string {
  const day = beijingDay(instant);
  switch (period) {
    case 'day':
      return day;
    case 'week':
      return mondayOf(day);
    case 'month':
      return day.slice(0, 7);
  }
}

function nextBucket(label: string, period: Period): string {
  switch (period) {
    case 'day':
      return new Date(Date.parse(`${label}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
    case 'week':
      return new Date(Date.parse(`${label}T00:00:00Z`) + 7 * DAY_MS).toISOString().slice(0, 10);
    case 'month': {
      const [year, month] = label.split('-').map(Number) as [number, number];
      return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
    }
  }
}

/** Every bucket touching [from, to), in order; null when there would be more than MAX_BUCKETS. */
export function bucketsBetween(from: Date, to: Date, period: Period): string[] | null {
  if (to.getTime() <= from.getTime()) return [];
  const last = bucketOf(new Date(to.getTime() - 1), period);
  const labels = [bucketOf(from, period)];
  while (labels[labels.length - 1]! < last) {
    if (labels.length >= MAX_BUCKETS) return null;
    labels.push(nextBucket(labels[labels.length - 1]!, period));
  }
  return labels;
}

/** A ratio, or null when there is nothing to divide by. */
export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}
