// Phone widths: the hearing, hand-off and mediation screens draw cards and native pickers there
// instead of wide tables and pop-up calendars, so nothing scrolls sideways at 375 px.
import { useMediaQuery } from '../../shared/media-query.ts';

const PHONE = '(max-width: 575px)';

/** True at phone widths; follows rotation and resizing. */
export function useNarrow(): boolean {
  return useMediaQuery(PHONE);
}
