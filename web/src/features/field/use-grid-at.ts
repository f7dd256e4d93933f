// The grid a point (GCJ-02) falls in, asked of GET /grids/locate as the point moves (a drag sends
// many points: only the one the user stops at is asked).
import { useEffect, useState } from 'react';
import { api, ApiError, type Answer } from '../../shared/api.ts';

export type LocatedGrid = Answer<'/api/v1/grids/locate'>;

export type GridAt =
  | { state: 'none' }
  | { state: 'loading' }
  | { state: 'found'; grid: LocatedGrid }
  | { state: 'outside' }
  | { state: 'failed'; error: unknown };

export interface Point {
  lng: number;
  lat: number;
}

const SETTLE_MS = 300;

export function useGridAt(point: Point | null): GridAt {
  const [answer, setAnswer] = useState<GridAt>({ state: 'none' });
  const lng = point?.lng;
  const lat = point?.lat;
  useEffect(() => {
    if (lng === undefined || lat === undefined) {
      setAnswer({ state: 'none' });
      return;
    }
    let cancelled = false;
    setAnswer({ state: 'loading' });
    const timer = setTimeout(() => {
      api.GET('/api/v1/grids/locate', { params: { query: { lng, lat, crs: 'gcj02' } } }).then(
        (grid) => {
          if (!cancelled) setAnswer({ state: 'found', grid });
        },
        (error: unknown) => {
          if (cancelled) return;
          setAnswer(
            error instanceof ApiError && error.code === 'NOT_IN_ANY_GRID'
              ? { state: 'outside' }
              : { state: 'failed', error },
          );
        },
      );
    }, SETTLE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [lng, lat]);
  return answer;
}
