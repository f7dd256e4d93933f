// Motion only for those who have not asked their system for less (WCAG 2.3.3): Ant Design's
// dialogs, drawers and drop-downs appear without their zoom and slide, and charts draw at once,
// when the system says `prefers-reduced-motion: reduce`.
import { mediaMatches, useMediaQuery } from './media-query.ts';

const REDUCED_MOTION_QUERY = '(prefers-reduced-motion: reduce)';

export const stillMotion = (): boolean => mediaMatches(REDUCED_MOTION_QUERY);

export function useStillMotion(): boolean {
  return useMediaQuery(REDUCED_MOTION_QUERY);
}
