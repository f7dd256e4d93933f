// A unit picker that searches the org tree by Chinese name (GET /api/v1/units?q=), within the
// caller's jurisdiction; each option names its level and region code to tell apart the many
// units of the same name (every township has a 综治中心).
import { Select } from 'antd';
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { api } from '../../shared/api.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { UNIT_LEVEL_LABELS, UNIT_TYPE_LABELS, labelOf } from '../../shared/labels.ts';
import { regionCodeOf, type UnitQuery, type UnitRow } from './units.ts';

export function UnitSearch({
  value,
  onChange,
  placeholder,
  filter,
  current,
  testId,
  style,
}: {
  value?: number | null;
  onChange?: (unitId: number, unit: UnitRow) => void;
  placeholder: string;
  /** Extra filters of the unit list (level, type, within). */
  filter?: UnitQuery;
  /** The unit shown as chosen before any search. */
  current?: UnitRow | null;
  testId?: string;
  style?: CSSProperties;
}) {
  const { pick } = useI18n();
  const [options, setOptions] = useState<UnitRow[]>([]);
  const [chosen, setChosen] = useState<UnitRow | null>(null);
  const [searching, setSearching] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const round = useRef(0);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const search = (text: string) => {
    window.clearTimeout(timer.current);
    const q = text.trim();
    if (q === '') return;
    timer.current = window.setTimeout(() => {
      const mine = ++round.current;
      setSearching(true);
      api
        .GET('/api/v1/units', { params: { query: { ...filter, q, limit: 30 } } })
        .then(
          (page) => {
            if (mine === round.current) setOptions(page.items);
          },
          () => {
            if (mine === round.current) setOptions([]);
          },
        )
        .finally(() => {
          if (mine === round.current) setSearching(false);
        });
    }, 250);
  };

  return (
    <Select
      showSearch
      value={value ?? undefined}
      placeholder={placeholder}
      filterOption={false}
      onSearch={search}
      loading={searching}
      notFoundContent={null}
      onChange={(id: number) => {
        const unit = options.find((u) => u.id === id);
        if (!unit) return;
        setChosen(unit);
        onChange?.(id, unit);
      }}
      options={[current, chosen, ...options]
        .filter((u, i, all): u is UnitRow => !!u && all.findIndex((o) => o?.id === u.id) === i)
        .map((u) => ({
          value: u.id,
          label: `${u.name}（${pick(u.type === 'region' ? labelOf(UNIT_LEVEL_LABELS, u.level) : labelOf(UNIT_TYPE_LABELS, u.type))} ${regionCodeOf(u)}）`,
        }))}
      data-testid={testId}
      style={{ width: '100%', ...style }}
    />
  );
}
