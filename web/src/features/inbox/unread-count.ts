// The signed-in user's unread count, shared by the header's bell (which keeps the event stream
// open) and the inbox page (which reloads its list when the count moves and sets it after a read).
import { useSyncExternalStore } from 'react';

let count: number | null = null;
const listeners = new Set<() => void>();

export function setUnreadCount(next: number | null): void {
  if (next === count) return;
  count = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** null until the first count arrives (and after sign-out). */
export function useUnreadCount(): number | null {
  return useSyncExternalStore(subscribe, () => count);
}
