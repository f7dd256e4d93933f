// A list of checkboxes whose value is the array of the checked options' values, for a Form.Item.
//
// Ant Design's Checkbox.Group learns its options in effects after they mount and, until it has,
// drops a click on the floor: an option ticked right after the group appears (a quick user, a slow
// phone, a busy machine) stays unticked. Here every box reads and writes the value directly, so
// the first click counts.
import { Checkbox } from 'antd';
import type { CSSProperties, ReactNode } from 'react';

export interface CheckOption<T extends string | number> {
  value: T;
  label: ReactNode;
  disabled?: boolean;
}

interface CheckListProps<T extends string | number> {
  options: readonly CheckOption<T>[];
  /** Injected by Form.Item. */
  value?: readonly T[];
  /** Injected by Form.Item; called with the checked values in the options' order. */
  onChange?: (value: T[]) => void;
  /** Stack the boxes one per line (default: side by side, wrapping). */
  vertical?: boolean;
  disabled?: boolean;
  style?: CSSProperties;
  'data-testid'?: string;
}

export function CheckList<T extends string | number>({
  options,
  value = [],
  onChange,
  vertical = false,
  disabled = false,
  style,
  'data-testid': testId,
}: CheckListProps<T>) {
  const toggle = (option: T, checked: boolean) => {
    const next = new Set(value);
    if (checked) next.add(option);
    else next.delete(option);
    onChange?.(options.map((o) => o.value).filter((v) => next.has(v)));
  };
  return (
    <div
      role="group"
      data-testid={testId}
      style={{
        display: 'flex',
        flexDirection: vertical ? 'column' : 'row',
        flexWrap: vertical ? 'nowrap' : 'wrap',
        gap: vertical ? 8 : '4px 16px',
        ...style,
      }}
    >
      {options.map((option) => (
        <Checkbox
          key={String(option.value)}
          checked={value.includes(option.value)}
          disabled={disabled || option.disabled}
          onChange={(event) => toggle(option.value, event.target.checked)}
        >
          {option.label}
        </Checkbox>
      ))}
    </div>
  );
}
