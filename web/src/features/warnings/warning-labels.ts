// How warnings look in the console: the level's colour and the labels of common/warnings.ts.
import type { WarningLevel } from '../../../../common/warnings.ts';

export const LEVEL_COLOURS: Record<WarningLevel, string> = {
  red: 'red',
  orange: 'orange',
  yellow: 'gold',
  blue: 'blue',
};
