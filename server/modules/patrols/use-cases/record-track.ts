// 轨迹上报: the phone sends its GPS points in batches as the worker walks, and sends a batch again
// when the answer was lost with the signal. A point is the patrol's position at one instant: the
// same instant sent twice is stored once (the first one wins), and points arriving out of order
// take their place by time. A batch is checked whole before anything is stored: a point timed
// before the patrol began or in the future refuses the batch (422) and stores nothing.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { toGcj02, type Crs } from '../../org/index.ts';
import { insertPoints, listPoints, saveTrackFigures, type PatrolRow, type TrackPoint } from '../patrols.repository.ts';

/** A phone's clock may run a little ahead of the server's. */
const SKEW_MS = 60_000;
const EARTH_RADIUS_M = 6_371_008.8;

export interface TrackPointInput {
  lat: number;
  lng: number;
  at: string;
  accuracy?: number | undefined;
}

export interface TrackResult {
  received: number;
  added: number;
  duplicates: number;
  pointCount: number;
  distanceM: number;
}

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle metres between two points (haversine; GCJ-02's offset is locally constant). */
export function metresBetween(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function trackLength(points: readonly { lng: number; lat: number }[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += metresBetween(points[i - 1]!, points[i]!);
  return Math.round(total);
}

export async function recordTrack(
  ctx: AppContext,
  patrol: PatrolRow,
  points: TrackPointInput[],
  crs: Crs,
): Promise<TrackResult> {
  if (patrol.status !== 'open') throw new AppError('PATROL_FINISHED', undefined, { finishedAt: patrol.finishedAt });
  const now = ctx.clock.now().getTime();
  const earliest = new Date(patrol.startedAt).getTime() - SKEW_MS;
  const bad: { field: string; message: string }[] = [];
  const byInstant = new Map<string, TrackPoint>();
  points.forEach((p, i) => {
    const t = new Date(p.at).getTime();
    if (Number.isNaN(t) || t < earliest || t > now + SKEW_MS) {
      bad.push({
        field: `points/${i}/at`,
        message: '轨迹点时间须在巡查开始之后、当前时间之前 / Out of the patrol’s time',
      });
      return;
    }
    const at = new Date(t).toISOString();
    if (byInstant.has(at)) return;
    const [lng, lat] = toGcj02(p.lng, p.lat, crs);
    byInstant.set(at, { at, lng, lat, accuracy: p.accuracy ?? null });
  });
  if (bad.length > 0) throw new AppError('PATROL_POINT_INVALID', undefined, bad.slice(0, 20));
  return ctx.db.transaction().execute(async (trx) => {
    const added = await insertPoints(trx, patrol.id, [...byInstant.values()]);
    const all = await listPoints(trx, patrol.id);
    const distanceM = trackLength(all);
    await saveTrackFigures(trx, patrol.id, all.length, distanceM);
    return {
      received: points.length,
      added,
      duplicates: points.length - added,
      pointCount: all.length,
      distanceM,
    };
  });
}
