// Pure planar checks of a boundary an administrator draws (issue 18 §3), on GCJ-02 lng/lat like
// the server's geo.ts; shared by the server (the rules that refuse) and the web's map drawing (the
// live check before saving), so both read a boundary the same way: read and normalise a GeoJSON
// Polygon or MultiPolygon, find a self-intersection, and measure how much of one area lies in another (intersection area), which the tree's rules turn
// into "inside its parent" and "no overlap with a sibling", each with a tolerance.
//
// Intersection area: a polygon with holes is its outer rings minus its holes, and the polygons of
// a MultiPolygon are disjoint, so area(A ∩ B) = Σ ±area(ringA ∩ ringB) over pairs of rings (minus
// where one is a hole). Two simple rings are cut into triangles (ear clipping) and the triangles
// clipped against each other (Sutherland–Hodgman, exact for convex clip shapes). O(n·m) triangle
// pairs, bounding boxes first: grids have a few dozen vertices, a county's outline a few hundred.
/** [lng, lat] in GCJ-02 degrees. */
export type Position = [number, number];
/** GeoJSON MultiPolygon coordinates: polygons of rings (outer first, then holes). */
export type MultiPolygon = Position[][][];

export type Ring = Position[];

/** Share of a boundary that may lie outside the area above it (drawing on a small map is rough). */
export const OUTSIDE_TOLERANCE = 0.01;
/** Share of the smaller area two grids of one class may share (their common edge, drawn twice). */
export const OVERLAP_TOLERANCE = 0.01;

/** The most vertices a drawn boundary may have (a street-level grid needs far fewer). */
export const MAX_VERTICES = 2000;

export type ReadResult =
  | { ok: true; polygon: MultiPolygon }
  | { ok: false; kind: 'invalid' | 'self_intersection'; problem: string; at?: Position };

const EPS = 1e-12;

function cross(o: Position, a: Position, b: Position): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/** Signed area (positive counter-clockwise) of a ring given without its closing point. */
function signedArea(points: Ring): number {
  let sum = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    sum += points[j]![0] * points[i]![1] - points[i]![0] * points[j]![1];
  }
  return sum / 2;
}

function isPosition(value: unknown): value is Position {
  return (
    Array.isArray(value) &&
    value.length >= 2 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'number' &&
    Number.isFinite(value[0]) &&
    Number.isFinite(value[1])
  );
}

/** A ring without its closing point and without repeated consecutive points. */
function openRing(ring: Position[]): Ring {
  const out: Ring = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push([p[0], p[1]]);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) out.pop();
  return out;
}

function closed(points: Ring): Ring {
  return [...points, points[0]!];
}

/**
 * Reads a GeoJSON Polygon or MultiPolygon geometry: finite lng/lat in range, each ring at least
 * three distinct points (closed here if it was not), not flat, no edge crossing or touching
 * another; outer rings made counter-clockwise and holes clockwise. The answer is MultiPolygon coordinates, rings closed; or the problem, in
 * Chinese and English.
 */
export function readPolygon(geometry: { type: string; coordinates: unknown }): ReadResult {
  const polygons =
    geometry.type === 'Polygon'
      ? [geometry.coordinates]
      : geometry.type === 'MultiPolygon' && Array.isArray(geometry.coordinates)
        ? (geometry.coordinates as unknown[])
        : null;
  if (!polygons || polygons.length === 0) {
    return {
      ok: false,
      kind: 'invalid',
      problem: '边界须为 Polygon 或 MultiPolygon / The boundary must be a Polygon or MultiPolygon',
    };
  }
  const out: MultiPolygon = [];
  let vertices = 0;
  for (const [pi, polygon] of polygons.entries()) {
    if (!Array.isArray(polygon) || polygon.length === 0) {
      return { ok: false, kind: 'invalid', problem: `第 ${pi + 1} 个多边形没有边界环 / Polygon ${pi + 1} has no ring` };
    }
    const rings: Ring[] = [];
    for (const [ri, ring] of (polygon as unknown[]).entries()) {
      const where = `第 ${pi + 1} 个多边形的第 ${ri + 1} 个环 / polygon ${pi + 1}, ring ${ri + 1}`;
      if (!Array.isArray(ring) || !ring.every(isPosition)) {
        return {
          ok: false,
          kind: 'invalid',
          problem: `${where}：坐标须为 [经度, 纬度] 数字 / coordinates must be [lng, lat] numbers`,
        };
      }
      if (ring.some(([lng, lat]) => Math.abs(lng) > 180 || Math.abs(lat) > 90)) {
        return { ok: false, kind: 'invalid', problem: `${where}：经纬度超出范围 / lng or lat out of range` };
      }
      const points = openRing(ring);
      vertices += points.length;
      if (points.length < 3) {
        return {
          ok: false,
          kind: 'invalid',
          problem: `${where}：至少需要 3 个不同的顶点 / needs at least 3 distinct vertices`,
        };
      }
      const area = signedArea(points);
      if (Math.abs(area) < EPS) {
        // A bow-tie's halves cancel out: say that it crosses itself rather than that it is flat.
        const flat = points.every((p) => Math.abs(cross(points[0]!, points[1]!, p)) < EPS);
        const crossing = flat ? null : findSelfIntersection([[closed(points)]]);
        if (crossing) return selfIntersecting(crossing.at);
        return { ok: false, kind: 'invalid', problem: `${where}：面积为零 / has no area` };
      }
      // Outer rings counter-clockwise, holes clockwise (RFC 7946 §3.1.6).
      const wantPositive = ri === 0;
      rings.push(closed(area > 0 === wantPositive ? points : points.reverse()));
    }
    out.push(rings);
  }
  if (vertices > MAX_VERTICES) {
    return {
      ok: false,
      kind: 'invalid',
      problem: `顶点过多（最多 ${MAX_VERTICES} 个） / Too many vertices (at most ${MAX_VERTICES})`,
    };
  }
  const crossing = findSelfIntersection(out);
  if (crossing) return selfIntersecting(crossing.at);
  return { ok: true, polygon: out };
}

function selfIntersecting(at: Position): ReadResult {
  return {
    ok: false,
    kind: 'self_intersection',
    problem: `边界自相交（在 ${at[0].toFixed(6)}, ${at[1].toFixed(6)} 附近） / The boundary crosses itself near ${at[0].toFixed(6)}, ${at[1].toFixed(6)}`,
    at,
  };
}

/** Do segments p1p2 and q1q2 touch or cross (collinear overlap included)? */
function segmentsMeet(p1: Position, p2: Position, q1: Position, q2: Position): boolean {
  const d1 = cross(q1, q2, p1);
  const d2 = cross(q1, q2, p2);
  const d3 = cross(p1, p2, q1);
  const d4 = cross(p1, p2, q2);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  const onSegment = (a: Position, b: Position, p: Position) =>
    Math.min(a[0], b[0]) <= p[0] &&
    p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] &&
    p[1] <= Math.max(a[1], b[1]);
  return (
    (d1 === 0 && onSegment(q1, q2, p1)) ||
    (d2 === 0 && onSegment(q1, q2, p2)) ||
    (d3 === 0 && onSegment(p1, p2, q1)) ||
    (d4 === 0 && onSegment(p1, p2, q2))
  );
}

export interface SelfIntersection {
  /** Where (roughly): the first vertex of one of the two edges that meet. */
  at: Position;
}

/**
 * The first place where the boundary meets itself: two edges of one ring (other than neighbours
 * sharing their vertex) that cross or touch, or edges of two rings that do.
 */
export function findSelfIntersection(polygon: MultiPolygon): SelfIntersection | null {
  const edges: { a: Position; b: Position; ring: number; index: number; size: number }[] = [];
  let ringNo = 0;
  for (const rings of polygon) {
    for (const ring of rings) {
      const size = ring.length - 1;
      for (let i = 0; i < size; i++) edges.push({ a: ring[i]!, b: ring[i + 1]!, ring: ringNo, index: i, size });
      ringNo++;
    }
  }
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i]!;
    const minX = Math.min(e.a[0], e.b[0]);
    const maxX = Math.max(e.a[0], e.b[0]);
    const minY = Math.min(e.a[1], e.b[1]);
    const maxY = Math.max(e.a[1], e.b[1]);
    for (let j = i + 1; j < edges.length; j++) {
      const f = edges[j]!;
      if (Math.max(f.a[0], f.b[0]) < minX || Math.min(f.a[0], f.b[0]) > maxX) continue;
      if (Math.max(f.a[1], f.b[1]) < minY || Math.min(f.a[1], f.b[1]) > maxY) continue;
      if (e.ring === f.ring) {
        const gap = f.index - e.index;
        // Neighbouring edges share a vertex; they meet wrongly only if they fold back on each other.
        if (gap === 1 || gap === e.size - 1) {
          const [shared, p, q] = gap === 1 ? [e.b, e.a, f.b] : [e.a, e.b, f.a];
          const c = cross(shared, p, q);
          const dot = (p[0] - shared[0]) * (q[0] - shared[0]) + (p[1] - shared[1]) * (q[1] - shared[1]);
          if (c === 0 && dot > 0) return { at: shared };
          continue;
        }
      }
      if (segmentsMeet(e.a, e.b, f.a, f.b)) return { at: e.a };
    }
  }
  return null;
}

type Triangle = [Position, Position, Position];

function pointInTriangle(p: Position, [a, b, c]: Triangle): boolean {
  return cross(a, b, p) >= 0 && cross(b, c, p) >= 0 && cross(c, a, p) >= 0;
}

/** Ear clipping of a simple counter-clockwise ring (closing point included). */
export function triangulate(ring: Ring): Triangle[] {
  let pts = openRing(ring);
  if (signedArea(pts) < 0) pts.reverse();
  // Straight-through vertices add nothing and would block every ear that touches them.
  for (let changed = true; changed && pts.length > 3;) {
    const kept = pts.filter(
      (p, i) => cross(pts[(i + pts.length - 1) % pts.length]!, p, pts[(i + 1) % pts.length]!) !== 0,
    );
    changed = kept.length !== pts.length;
    if (kept.length < 3) return [];
    pts = kept;
  }
  const out: Triangle[] = [];
  const idx = pts.map((_, i) => i);
  let guard = 0;
  while (idx.length > 3 && guard++ < 10 * pts.length * pts.length) {
    let best = -1;
    let fallback = -1;
    let fallbackCross = -Infinity;
    for (let k = 0; k < idx.length; k++) {
      const a = pts[idx[(k + idx.length - 1) % idx.length]!]!;
      const b = pts[idx[k]!]!;
      const c = pts[idx[(k + 1) % idx.length]!]!;
      const turn = cross(a, b, c);
      if (turn > fallbackCross) {
        fallbackCross = turn;
        fallback = k;
      }
      if (turn <= 0) continue;
      const tri: Triangle = [a, b, c];
      let empty = true;
      for (const m of idx) {
        const p = pts[m]!;
        if (p === a || p === b || p === c) continue;
        if ((p[0] === a[0] && p[1] === a[1]) || (p[0] === c[0] && p[1] === c[1])) continue;
        if (pointInTriangle(p, tri)) {
          empty = false;
          break;
        }
      }
      if (empty) {
        best = k;
        break;
      }
    }
    // Rounding can leave no clean ear on a nearly flat remainder: cut the most convex corner.
    const k = best >= 0 ? best : fallback;
    const a = pts[idx[(k + idx.length - 1) % idx.length]!]!;
    const b = pts[idx[k]!]!;
    const c = pts[idx[(k + 1) % idx.length]!]!;
    if (cross(a, b, c) > 0) out.push([a, b, c]);
    idx.splice(k, 1);
  }
  if (idx.length === 3) {
    const [a, b, c] = idx.map((i) => pts[i]!) as Triangle;
    if (cross(a, b, c) > 0) out.push([a, b, c]);
  }
  return out;
}

/** The part of `subject` inside the convex counter-clockwise triangle `clip` (Sutherland–Hodgman). */
function clipToTriangle(subject: Position[], clip: Triangle): Position[] {
  let output = subject;
  for (let i = 0; i < 3 && output.length > 0; i++) {
    const a = clip[i]!;
    const b = clip[(i + 1) % 3]!;
    const input = output;
    output = [];
    for (let j = 0; j < input.length; j++) {
      const p = input[j]!;
      const q = input[(j + 1) % input.length]!;
      const pIn = cross(a, b, p) >= 0;
      const qIn = cross(a, b, q) >= 0;
      if (pIn) output.push(p);
      if (pIn !== qIn) {
        const dp = cross(a, b, p);
        const dq = cross(a, b, q);
        const t = dp / (dp - dq);
        output.push([p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t]);
      }
    }
  }
  return output;
}

interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function boxOf(points: readonly Position[]): Box {
  const box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const [x, y] of points) {
    box.minX = Math.min(box.minX, x);
    box.maxX = Math.max(box.maxX, x);
    box.minY = Math.min(box.minY, y);
    box.maxY = Math.max(box.maxY, y);
  }
  return box;
}

const boxesMeet = (a: Box, b: Box) => a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY;

function ringIntersectionArea(a: Ring, b: Ring): number {
  if (!boxesMeet(boxOf(a), boxOf(b))) return 0;
  const tb = triangulate(b).map((t) => ({ t, box: boxOf(t) }));
  let total = 0;
  for (const ta of triangulate(a)) {
    const boxA = boxOf(ta);
    for (const { t, box } of tb) {
      if (!boxesMeet(boxA, box)) continue;
      const piece = clipToTriangle(ta, t);
      if (piece.length >= 3) total += Math.abs(signedArea(piece));
    }
  }
  return total;
}

/** Shifts coordinates next to the origin so products of nearby lng/lat keep their precision. */
function shifted(mp: MultiPolygon, [ox, oy]: Position): MultiPolygon {
  return mp.map((rings) => rings.map((ring) => ring.map(([x, y]): Position => [x - ox, y - oy])));
}

/** Area in square degrees (holes taken out). */
export function polygonArea(mp: MultiPolygon): number {
  let total = 0;
  for (const rings of mp)
    rings.forEach((ring, i) => (total += (i === 0 ? 1 : -1) * Math.abs(signedArea(openRing(ring)))));
  return total;
}

/** Area (square degrees) of the part two boundaries share. */
export function intersectionArea(a: MultiPolygon, b: MultiPolygon): number {
  const first = a[0]?.[0]?.[0];
  if (!first) return 0;
  const sa = shifted(a, first);
  const sb = shifted(b, first);
  let total = 0;
  for (const ra of sa)
    for (const rb of sb)
      ra.forEach((ringA, i) =>
        rb.forEach((ringB, j) => {
          total += (i === 0 ? 1 : -1) * (j === 0 ? 1 : -1) * ringIntersectionArea(ringA, ringB);
        }),
      );
  return Math.max(0, total);
}

/** Share of `inner`'s area that lies outside `outer` (0: wholly inside, 1: wholly outside). */
export function shareOutside(inner: MultiPolygon, outer: MultiPolygon): number {
  const area = polygonArea(inner);
  if (area <= 0) return 0;
  return Math.max(0, Math.min(1, (area - intersectionArea(inner, outer)) / area));
}

/** Overlap as a share of the smaller of the two areas. */
export function overlapShare(a: MultiPolygon, b: MultiPolygon): number {
  const smaller = Math.min(polygonArea(a), polygonArea(b));
  if (smaller <= 0) return 0;
  return Math.min(1, intersectionArea(a, b) / smaller);
}
