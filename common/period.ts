// Reporting periods (考核周期) as evaluation names them: a month `2026-11`, a quarter `2026-Q4`, a
// year `2026`, or a from–to range of Beijing days `2026-11-01..2026-11-15` (both days included).
// Each is a half-open window of instants [from, to) on Beijing time (UTC+8, no daylight saving),
// with the period before it of the same kind (a range: the same number of days just before).
// Shared with the web console (the period picker) — nothing here may import server code.

export type PeriodKind = 'month' | 'quarter' | 'year' | 'range';

export interface ReportPeriod {
  kind: PeriodKind;
  /** The canonical label: `2026-11`, `2026-Q4`, `2026`, `2026-11-01..2026-11-15`. */
  label: string;
  /** First instant, ISO. */
  from: string;
  /** First instant after the period, ISO. */
  to: string;
}

const BEIJING_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

const beijingMidnight = (year: number, month: number, day: number): Date =>
  new Date(Date.UTC(year, month - 1, day) - BEIJING_OFFSET_MS);

const pad = (n: number) => String(n).padStart(2, '0');

function isoDay(instantUtcMidnight: number): string {
  return new Date(instantUtcMidnight).toISOString().slice(0, 10);
}

function month(year: number, m: number): ReportPeriod {
  const next = m === 12 ? beijingMidnight(year + 1, 1, 1) : beijingMidnight(year, m + 1, 1);
  return {
    kind: 'month',
    label: `${year}-${pad(m)}`,
    from: beijingMidnight(year, m, 1).toISOString(),
    to: next.toISOString(),
  };
}

function quarter(year: number, q: number): ReportPeriod {
  const first = (q - 1) * 3 + 1;
  const next = q === 4 ? beijingMidnight(year + 1, 1, 1) : beijingMidnight(year, first + 3, 1);
  return {
    kind: 'quarter',
    label: `${year}-Q${q}`,
    from: beijingMidnight(year, first, 1).toISOString(),
    to: next.toISOString(),
  };
}

function year(y: number): ReportPeriod {
  return {
    kind: 'year',
    label: String(y),
    from: beijingMidnight(y, 1, 1).toISOString(),
    to: beijingMidnight(y + 1, 1, 1).toISOString(),
  };
}

/** A range of whole Beijing days, `first` and `last` included (YYYY-MM-DD). */
function range(first: string, last: string): ReportPeriod {
  const start = Date.parse(`${first}T00:00:00Z`);
  const end = Date.parse(`${last}T00:00:00Z`) + DAY_MS;
  return {
    kind: 'range',
    label: `${first}..${last}`,
    from: new Date(start - BEIJING_OFFSET_MS).toISOString(),
    to: new Date(end - BEIJING_OFFSET_MS).toISOString(),
  };
}

/** A real calendar day YYYY-MM-DD within the supported years, or null. */
function validDay(text: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (y < MIN_YEAR || y > MAX_YEAR) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? text : null;
}

/** Longest from–to range accepted (a little over two years). */
export const MAX_RANGE_DAYS = 800;

/**
 * Parses `2026-11`, `2026-Q4`, `2026` or `2026-11-01..2026-11-15`; null when the text is none of
 * them (a month 13, a reversed or over-long range, a year outside 2000–2100).
 */
export function parsePeriod(text: string): ReportPeriod | null {
  let match = /^(\d{4})$/.exec(text);
  if (match) {
    const y = Number(match[1]);
    return y >= MIN_YEAR && y <= MAX_YEAR ? year(y) : null;
  }
  match = /^(\d{4})-Q([1-4])$/.exec(text);
  if (match) {
    const y = Number(match[1]);
    return y >= MIN_YEAR && y <= MAX_YEAR ? quarter(y, Number(match[2])) : null;
  }
  match = /^(\d{4})-(\d{2})$/.exec(text);
  if (match) {
    const [y, m] = [Number(match[1]), Number(match[2])];
    return y >= MIN_YEAR && y <= MAX_YEAR && m >= 1 && m <= 12 ? month(y, m) : null;
  }
  match = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (match) return rangePeriod(match[1]!, match[2]!);
  return null;
}

/** The from–to form of a period (query parameters `from`/`to` as Beijing days); null when invalid. */
export function rangePeriod(first: string, last: string): ReportPeriod | null {
  if (!validDay(first) || !validDay(last)) return null;
  const days = (Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / DAY_MS + 1;
  if (days < 1 || days > MAX_RANGE_DAYS) return null;
  return range(first, last);
}

/** The period just before, of the same kind and length. */
export function previousPeriod(period: ReportPeriod): ReportPeriod {
  const label = period.label;
  switch (period.kind) {
    case 'year':
      return year(Number(label) - 1);
    case 'quarter': {
      const [y, q] = [Number(label.slice(0, 4)), Number(label.slice(6))];
      return q === 1 ? quarter(y - 1, 4) : quarter(y, q - 1);
    }
    case 'month': {
      const [y, m] = [Number(label.slice(0, 4)), Number(label.slice(5, 7))];
      return m === 1 ? month(y - 1, 12) : month(y, m - 1);
    }
    case 'range': {
      const from = Date.parse(period.from) + BEIJING_OFFSET_MS;
      const to = Date.parse(period.to) + BEIJING_OFFSET_MS;
      return range(isoDay(from - (to - from)), isoDay(from - DAY_MS));
    }
  }
}

/** The Beijing month containing `now` (the default period of evaluation pages). */
export function currentMonth(now: Date): ReportPeriod {
  const beijing = new Date(now.getTime() + BEIJING_OFFSET_MS);
  return month(beijing.getUTCFullYear(), beijing.getUTCMonth() + 1);
}

/** The months a period touches, in order (`2026-10`, `2026-11` …): the x-axis of monthly trends. */
export function monthsOf(period: ReportPeriod): string[] {
  const first = new Date(Date.parse(period.from) + BEIJING_OFFSET_MS);
  const last = new Date(Date.parse(period.to) + BEIJING_OFFSET_MS - 1);
  const labels: string[] = [];
  let [y, m] = [first.getUTCFullYear(), first.getUTCMonth() + 1];
  const [ly, lm] = [last.getUTCFullYear(), last.getUTCMonth() + 1];
  while (y < ly || (y === ly && m <= lm)) {
    labels.push(`${y}-${pad(m)}`);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return labels;
}
