// The patrol's GPS track on the phone: positions are kept in localStorage (a lost signal, a reload
// or a closed tab loses none) and sent in batches; a batch whose answer was lost is simply sent
// again — the server stores each instant once. A point the server refuses (before the patrol began,
// in the future) is dropped rather than blocking every later batch.
import { api, ApiError } from '../../shared/api.ts';

export interface BufferedPoint {
  lat: number;
  lng: number;
  at: string;
  accuracy?: number;
}

/** Keep a point only this long after the last one (a phone reports every second or so). */
const MIN_GAP_MS = 15_000;
const BATCH = 100;

const keyOf = (patrolId: number) => `concord.patrol.${patrolId}.points`;

export function bufferedPoints(patrolId: number): BufferedPoint[] {
  try {
    const raw = localStorage.getItem(keyOf(patrolId));
    return raw ? (JSON.parse(raw) as BufferedPoint[]) : [];
  } catch {
    return [];
  }
}

function store(patrolId: number, points: BufferedPoint[]): void {
  try {
    if (points.length === 0) localStorage.removeItem(keyOf(patrolId));
    else localStorage.setItem(keyOf(patrolId), JSON.stringify(points));
  } catch {
    // Storage full or denied: the points in memory are still sent on the next flush.
  }
}

export function bufferPoint(patrolId: number, position: GeolocationPosition): boolean {
  const points = bufferedPoints(patrolId);
  const last = points.at(-1);
  if (last && position.timestamp - new Date(last.at).getTime() < MIN_GAP_MS) return false;
  points.push({
    lat: position.coords.latitude,
    lng: position.coords.longitude,
    at: new Date(position.timestamp).toISOString(),
    accuracy: Math.round(position.coords.accuracy),
  });
  store(patrolId, points);
  return true;
}

/** Sends what is buffered; returns how many points the server now holds, or null when offline. */
export async function flushTrack(patrolId: number): Promise<number | null> {
  let held: number | null = null;
  for (;;) {
    const points = bufferedPoints(patrolId);
    if (points.length === 0) return held;
    const batch = points.slice(0, BATCH);
    try {
      const answer = await api.POST('/api/v1/patrols/{id}/track', {
        params: { path: { id: patrolId } },
        body: { crs: 'wgs84', points: batch },
      });
      held = answer.pointCount;
    } catch (error) {
      // Refused for good (a finished patrol, a bad point): these points will never be taken, drop
      // them. Anything else (offline, the server busy, signed out) keeps them for the next try.
      const refused = error instanceof ApiError && [400, 404, 422].includes(error.status);
      if (!refused) return held;
    }
    const sent = new Set(batch.map((p) => p.at));
    store(
      patrolId,
      bufferedPoints(patrolId).filter((p) => !sent.has(p.at)),
    );
  }
}
