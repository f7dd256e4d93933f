// Phone widths: the hearing, hand-off and mediation screens draw cards and native pickers there
// instead of wide tables and pop-up calendars, so nothing scrolls sideways at 375 px.
import { useEffect, useState } from 'react';

const PHONE = '(max-width: 575px)';

function matches(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(PHONE).matches;
}

/** True at phone widths; follows rotation and resizing. */
export function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(matches);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia(PHONE);
    const update = () => setNarrow(query.matches);
    update();
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return narrow;
}
