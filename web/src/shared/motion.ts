// Motion only for those who have not asked their system for less (WCAG 2.3.3): Ant Design's
// dialogs, drawers and drop-downs appear without their zoom and slide, and charts draw at once,
// when the system says `prefers-reduced-motion: reduce`. One media query, followed as it changes.
import { useSyncExternalStore } from 'react';

const REDUCED_MOTION_QUERY = '(prefers-reduced-motion: reduce)';

export const stillMotion = (): boolean => window.matchMedia(REDUCED_MOTION_QUERY).matches;

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(REDUCED_MOTION_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

export function useStillMotion(): boolean {
  return useSyncExternalStore(subscribe, stillMotion, () => false);
}
