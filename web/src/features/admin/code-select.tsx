// A Select over API codes whose options carry positions, not the codes: Ant Design's select
// announces its value to screen readers in a hidden live region, and a code ("user.disable",
// "dispatcher") is an English word read out on a Chinese page. Works as a Form control.
import { Select, type SelectProps } from 'antd';

export function CodeSelect<Code extends string>({
  codes,
  label,
  value,
  onChange,
  ...rest
}: {
  codes: readonly Code[];
  label: (code: Code) => string;
  value?: Code | null;
  onChange?: (code: Code | undefined) => void;
} & Omit<SelectProps<number>, 'value' | 'onChange' | 'options' | 'mode'>) {
  const at = value === undefined || value === null ? -1 : codes.indexOf(value);
  return (
    <Select<number>
      optionFilterProp="label"
      {...rest}
      value={at >= 0 ? at : undefined}
      onChange={(index: number | undefined) => onChange?.(index === undefined ? undefined : codes[index])}
      options={codes.map((code, index) => ({ value: index, label: label(code) }))}
    />
  );
}
