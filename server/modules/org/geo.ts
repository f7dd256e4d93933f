// Planar geometry on GCJ-02 lng/lat: point in polygon, bounding boxes, areas, WGS84 conversion.
import { createRequire } from 'node:module';

// gcoord is CommonJS whose typings describe an ES default export; load it the CommonJS way.
const gcoord = createRequire(import.meta.url)('gcoord') as typeof import('gcoord').default;

export type Position = [number, number];
export type MultiPolygon = Position[][][];
export type Crs = 'gcj02' | 'wgs84';

export function toGcj02(lng: number, lat: number, crs: Crs): Position {
  if (crs === 'gcj02') return [lng, lat];
  const [x, y] = gcoord.transform<[number, number]>([lng, lat], gcoord.WGS84, gcoord.GCJ02);
  return [x, y];
}

function pointInRing(x: number, y: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function multiPolygonContains(mp: MultiPolygon, [x, y]: Position): boolean {
  return mp.some(
    (polygon) =>
      polygon[0] !== undefined &&
      pointInRing(x, y, polygon[0]) &&
      !polygon.slice(1).some((hole) => pointInRing(x, y, hole)),
  );
}

export function boundingBox(mp: MultiPolygon): { minLng: number; minLat: number; maxLng: number; maxLat: number } {
  let minLng = Infinity;
  let minLat = Infinity;
  let maxLng = -Infinity;
  let maxLat = -Infinity;
  for (const polygon of mp)
    for (const ring of polygon)
      for (const [x, y] of ring) {
        minLng = Math.min(minLng, x);
        maxLng = Math.max(maxLng, x);
        minLat = Math.min(minLat, y);
        maxLat = Math.max(maxLat, y);
      }
  return { minLng, minLat, maxLng, maxLat };
}

function ringArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  }
  return Math.abs(sum) / 2;
}

/** Area in square degrees: enough to compare nested grids, not a survey figure. */
export function planarArea(mp: MultiPolygon): number {
  let total = 0;
  for (const polygon of mp) polygon.forEach((ring, i) => (total += (i === 0 ? 1 : -1) * ringArea(ring)));
  return total;
}

/**
 * Points spread inside a boundary, for generated data (the demo's houses): from the average of the
 * outer ring's corners towards each corner in turn, `share` of the way; null where that point is
 * not inside (a concave boundary).
 */
export function pointsInside(mp: MultiPolygon, count: number, share = 0.4): (Position | null)[] {
  const ring = mp[0]?.[0]?.slice(0, -1) ?? [];
  if (ring.length === 0) return Array.from({ length: count }, () => null);
  const cx = ring.reduce((sum, p) => sum + p[0], 0) / ring.length;
  const cy = ring.reduce((sum, p) => sum + p[1], 0) / ring.length;
  return Array.from({ length: count }, (_, i) => {
    const [vx, vy] = ring[i % ring.length]!;
    const point: Position = [cx + (vx - cx) * share, cy + (vy - cy) * share];
    return multiPolygonContains(mp, point) ? point : null;
  });
}
