// Pure: the schedule periods of the screening ledgers. A monthly screening covers a Beijing month
// (`2026-11`); a weekly one a Beijing week, Monday to Sunday, labelled by its Monday (`2026-11-23`),
// as the dashboard labels weeks. A week belongs to the month its Monday falls in.
import { beijingDay } from '../../platform/calendar/working-days.ts';
import type { ReportPeriod } from '../../../common/period.ts';
import type { ScreeningFrequency } from '../../../common/safety.ts';

const DAY_MS = 86_400_000;

function mondayOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

const shift = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The schedule period containing `instant`. */
export function screeningPeriodOf(frequency: ScreeningFrequency, instant: Date): string {
  const day = beijingDay(instant);
  return frequency === 'monthly' ? day.slice(0, 7) : mondayOf(day);
}

/** The schedule period just before the one containing `instant`: the last one that has ended. */
export function lastEndedPeriod(frequency: ScreeningFrequency, instant: Date): string {
  const current = screeningPeriodOf(frequency, instant);
  if (frequency === 'weekly') return shift(current, -7);
  const [y, m] = current.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * The schedule periods of `month` that have begun by `now`, in order: a monthly unit's one month,
 * a weekly unit's weeks whose Monday lies in the month. A month entirely ahead expects nothing.
 */
export function expectedPeriods(frequency: ScreeningFrequency, month: ReportPeriod, now: Date): string[] {
  const today = beijingDay(now);
  const first = beijingDay(new Date(month.from));
  if (first > today) return [];
  if (frequency === 'monthly') return [month.label];
  const last = beijingDay(new Date(Date.parse(month.to) - 1));
  const weeks: string[] = [];
  let monday = mondayOf(first);
  if (monday < first) monday = shift(monday, 7);
  for (; monday <= last && monday <= today; monday = shift(monday, 7)) weeks.push(monday);
  return weeks;
}

/** The first instant (ISO) of a schedule period label: a month `2026-11` or a week's Monday `2026-11-23`. */
export function periodStart(label: string): string {
  const day = label.length === 7 ? `${label}-01` : label;
  return new Date(Date.parse(`${day}T00:00:00Z`) - 8 * 3600_000).toISOString();
}

/** The first instant (ISO) after a schedule period. */
export function periodEnd(label: string): string {
  if (label.length === 7) {
    const [y, m] = label.split('-').map(Number) as [number, number];
    return periodStart(m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`);
  }
  return new Date(Date.parse(periodStart(label)) + 7 * DAY_MS).toISOString();
}
