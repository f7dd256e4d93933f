// A CSS media query as React state: read now, followed as it changes (rotation, resizing, the
// system's settings). One store per query, shared by every component that asks for it.
import { useSyncExternalStore } from 'react';

/** Whether `query` holds now (false where there is no window or no matchMedia). */
export function mediaMatches(query: string): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(query).matches;
}

interface Store {
  subscribe: (onChange: () => void) => () => void;
  snapshot: () => boolean;
}

const stores = new Map<string, Store>();

function storeOf(query: string): Store {
  let store = stores.get(query);
  if (!store) {
    store = {
      subscribe: (onChange) => {
        if (typeof window.matchMedia !== 'function') return () => undefined;
        const list = window.matchMedia(query);
        list.addEventListener('change', onChange);
        return () => list.removeEventListener('change', onChange);
      },
      snapshot: () => mediaMatches(query),
    };
    stores.set(query, store);
  }
  return store;
}

export function useMediaQuery(query: string): boolean {
  const store = storeOf(query);
  return useSyncExternalStore(store.subscribe, store.snapshot, () => false);
}
