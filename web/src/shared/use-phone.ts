// Whether the console is drawn for a phone: at widths of 480 px or less the frame becomes a bottom
// tab bar and lists become cards. One media query, followed as the window changes (rotation).
import { useSyncExternalStore } from 'react';

export const PHONE_QUERY = '(max-width: 480px)';

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(PHONE_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

const snapshot = () => window.matchMedia(PHONE_QUERY).matches;

export function usePhone(): boolean {
  return useSyncExternalStore(subscribe, snapshot, () => false);
}
