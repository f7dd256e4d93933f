// The reporting period (考核周期) of evaluation pages: a month, a quarter, a year or a from–to
// range of days, as the labels common/period.ts parses (`2026-11`, `2026-Q4`, `2026`,
// `2026-11-01..2026-11-15`). Controlled: `value` is a label, `onChange` gets a valid label.
import { DatePicker, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { parsePeriod, type PeriodKind } from '../../../common/period.ts';
import { useI18n } from './i18n.tsx';

const KINDS: PeriodKind[] = ['month', 'quarter', 'year', 'range'];
const pad = (n: number) => String(n).padStart(2, '0');

/** The label of `kind` containing `day` (a range: that one day). */
export function periodLabelOf(kind: PeriodKind, day: Dayjs): string {
  switch (kind) {
    case 'month':
      return day.format('YYYY-MM');
    case 'quarter':
      return `${day.year()}-Q${Math.floor(day.month() / 3) + 1}`;
    case 'year':
      return String(day.year());
    case 'range':
      return `${day.format('YYYY-MM-DD')}..${day.format('YYYY-MM-DD')}`;
  }
}

/** The first day of the period (and, for a range, its last day), as the pickers show them. */
function daysOf(label: string): { kind: PeriodKind; first: Dayjs; last: Dayjs } | null {
  const period = parsePeriod(label);
  if (!period) return null;
  switch (period.kind) {
    case 'month':
      return { kind: 'month', first: dayjs(`${label}-01`), last: dayjs(`${label}-01`) };
    case 'quarter': {
      const month = (Number(label.slice(6)) - 1) * 3 + 1;
      const first = dayjs(`${label.slice(0, 4)}-${pad(month)}-01`);
      return { kind: 'quarter', first, last: first };
    }
    case 'year':
      return { kind: 'year', first: dayjs(`${label}-01-01`), last: dayjs(`${label}-01-01`) };
    case 'range': {
      const [a, b] = label.split('..') as [string, string];
      return { kind: 'range', first: dayjs(a), last: dayjs(b) };
    }
  }
}

export interface PeriodPickerProps {
  value: string;
  onChange: (label: string) => void;
  /** For tests: the picker's elements get `${testId}-kind`, `${testId}-value`. */
  testId?: string;
}

export function PeriodPicker({ value, onChange, testId = 'period' }: PeriodPickerProps) {
  const { t } = useI18n();
  const current = daysOf(value) ?? { kind: 'month' as const, first: dayjs(), last: dayjs() };
  const changeKind = (kind: PeriodKind) => onChange(periodLabelOf(kind, current.first));
  return (
    <Space wrap data-testid={testId}>
      <Select<PeriodKind>
        value={current.kind}
        onChange={changeKind}
        aria-label={t('period.kind')}
        style={{ width: 110 }}
        data-testid={`${testId}-kind`}
        options={KINDS.map((k) => ({ value: k, label: t(`period.${k}`) }))}
      />
      {current.kind === 'range' ? (
        <DatePicker.RangePicker
          value={[current.first, current.last]}
          allowClear={false}
          placeholder={[t('period.from'), t('period.to')]}
          onChange={(days) => {
            const [a, b] = days ?? [];
            if (a && b) onChange(`${a.format('YYYY-MM-DD')}..${b.format('YYYY-MM-DD')}`);
          }}
          data-testid={`${testId}-value`}
        />
      ) : (
        <DatePicker
          picker={current.kind}
          value={current.first}
          allowClear={false}
          placeholder={t('period.pick')}
          format={current.kind === 'quarter' ? (d) => periodLabelOf('quarter', d) : undefined}
          onChange={(day) => {
            if (day) onChange(periodLabelOf(current.kind, day));
          }}
          data-testid={`${testId}-value`}
        />
      )}
    </Space>
  );
}
