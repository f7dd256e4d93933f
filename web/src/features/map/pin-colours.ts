// A case status's colour on the map: the same Ant Design preset the status tag of the case list
// wears (STATUS_COLOURS in shared/labels.ts, the one place it is chosen), as the hex value a
// chart needs.
import type { CaseStatus } from '../../../../common/case-state.ts';
import { STATUS_COLOURS } from '../../shared/labels.ts';

/** Ant Design 5's preset palettes, shade 6 (what a Tag of that colour shows). */
const PRESET_HEX: Record<string, string> = {
  orange: '#fa8c16',
  gold: '#faad14',
  blue: '#1677ff',
  cyan: '#13c2c2',
  green: '#52c41a',
  red: '#f5222d',
  purple: '#722ed1',
  default: '#8c8c8c',
};

export function pinColour(status: CaseStatus): string {
  return PRESET_HEX[STATUS_COLOURS[status]] ?? PRESET_HEX.default!;
}

/** The ring drawn around an overdue case's pin. */
export const OVERDUE_RING = '#cf1322';
