// A date and time in a form: Ant Design's picker on a desk, the phone's own picker at phone
// widths (the pop-up calendar with its time columns is wider than a 375-px screen).
import { DatePicker, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useNarrow } from './narrow.ts';

export function DateTimeField({
  value,
  onChange,
  placeholder,
  testId,
  disabledBefore,
}: {
  value?: Dayjs | null;
  onChange?: (value: Dayjs | null) => void;
  placeholder?: string;
  testId?: string;
  /** Times before this (to the minute) are not offered. */
  disabledBefore?: Dayjs;
}) {
  const narrow = useNarrow();
  if (narrow) {
    return (
      <Input
        type="datetime-local"
        value={value ? value.format('YYYY-MM-DDTHH:mm') : ''}
        min={disabledBefore?.format('YYYY-MM-DDTHH:mm')}
        onChange={(e) => {
          const next = e.target.value ? dayjs(e.target.value) : null;
          onChange?.(next?.isValid() ? next : null);
        }}
        data-testid={testId}
        style={{ width: '100%' }}
      />
    );
  }
  return (
    <DatePicker
      showTime={{ format: 'HH:mm' }}
      format="YYYY-MM-DD HH:mm"
      value={value ?? null}
      onChange={(next) => onChange?.(next)}
      placeholder={placeholder}
      disabledDate={disabledBefore ? (d) => d.endOf('day').isBefore(disabledBefore) : undefined}
      data-testid={testId}
      style={{ width: '100%', maxWidth: 260 }}
    />
  );
}
