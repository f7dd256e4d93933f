// The outline of a set of polygons that tile an area (a township's grids), as closed rings: no
// township boundary ships with Concord, and its grids share their edges exactly (the demo cuts the
// real county boundary along straight lines; an import cuts along shared borders), so an edge that
// belongs to one grid only is on the outline and an edge two grids share is inside it. A grid's
// vertex may lie in the middle of its neighbour's edge (a T-junction), so every edge is first split
// at the set's vertices lying on it. Pure: no DOM, no ECharts; tested in test/map-outline.unit.test.ts.

export type Position = readonly [number, number];
/** GeoJSON MultiPolygon coordinates: polygons of rings of [lng, lat]. */
export type MultiPolygonCoordinates = number[][][][];

/** How far (in degrees, about 1 cm) a vertex may be from an edge and still split it. */
const ON_EDGE = 1e-7;

const keyOf = (p: Position) => `${p[0]},${p[1]}`;

/** Vertices bucketed by a coarse grid, to find those near an edge without looking at all of them. */
class VertexIndex {
  private readonly buckets = new Map<string, Position[]>();
  constructor(
    vertices: Iterable<Position>,
    private readonly cell: number,
  ) {
    const seen = new Set<string>();
    for (const v of vertices) {
      const key = keyOf(v);
      if (seen.has(key)) continue;
      seen.add(key);
      const bucket = this.bucketKey(Math.floor(v[0] / cell), Math.floor(v[1] / cell));
      const list = this.buckets.get(bucket);
      if (list) list.push(v);
      else this.buckets.set(bucket, [v]);
    }
  }

  private bucketKey(i: number, j: number) {
    return `${i}:${j}`;
  }

  /** The vertices inside the box (slightly widened). */
  *within(minX: number, minY: number, maxX: number, maxY: number): Generator<Position> {
    const i0 = Math.floor((minX - ON_EDGE) / this.cell);
    const i1 = Math.floor((maxX + ON_EDGE) / this.cell);
    const j0 = Math.floor((minY - ON_EDGE) / this.cell);
    const j1 = Math.floor((maxY + ON_EDGE) / this.cell);
    for (let i = i0; i <= i1; i++) {
      for (let j = j0; j <= j1; j++) {
        for (const v of this.buckets.get(this.bucketKey(i, j)) ?? []) {
          if (v[0] >= minX - ON_EDGE && v[0] <= maxX + ON_EDGE && v[1] >= minY - ON_EDGE && v[1] <= maxY + ON_EDGE) {
            yield v;
          }
        }
      }
    }
  }
}

/** The ring's points without the closing repeat of the first. */
function openRing(ring: number[][]): Position[] {
  const points: Position[] = [];
  for (const p of ring) {
    if (p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) continue;
    points.push([p[0]!, p[1]!]);
  }
  if (points.length > 1 && keyOf(points[0]!) === keyOf(points[points.length - 1]!)) points.pop();
  return points;
}

/** The edge a→b cut at every vertex lying on it, in order from a. */
function splitEdge(a: Position, b: Position, index: VertexIndex): Position[] {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length = Math.hypot(dx, dy);
  if (length === 0) return [a];
  const cuts: { t: number; p: Position }[] = [];
  for (const v of index.within(
    Math.min(a[0], b[0]),
    Math.min(a[1], b[1]),
    Math.max(a[0], b[0]),
    Math.max(a[1], b[1]),
  )) {
    const t = ((v[0] - a[0]) * dx + (v[1] - a[1]) * dy) / (length * length);
    if (t <= 0 || t >= 1) continue;
    const distance = Math.abs(dx * (v[1] - a[1]) - dy * (v[0] - a[0])) / length;
    if (distance <= ON_EDGE) cuts.push({ t, p: v });
  }
  cuts.sort((x, y) => x.t - y.t);
  return [a, ...cuts.map((c) => c.p)];
}

/**
 * The outline of the union of `polygons` (each a GeoJSON MultiPolygon), as one polygon per closed
 * ring. Rings are for drawing a boundary line: an enclave's edge comes back as a ring of its own,
 * not as a hole.
 */
export function outlineOf(polygons: readonly MultiPolygonCoordinates[]): MultiPolygonCoordinates {
  const rings: Position[][] = [];
  for (const multi of polygons) for (const polygon of multi) for (const ring of polygon) rings.push(openRing(ring));
  const vertices = rings.flat();
  if (vertices.length === 0) return [];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of vertices) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const cell = Math.max(maxX - minX, maxY - minY, 1e-6) / 64;
  const index = new VertexIndex(vertices, cell);

  // Every piece of every edge, counted in both directions: a shared piece is seen twice.
  const pieces: [Position, Position][] = [];
  const count = new Map<string, number>();
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i]!;
      const b = ring[(i + 1) % ring.length]!;
      const points = [...splitEdge(a, b, index), b];
      for (let j = 0; j + 1 < points.length; j++) {
        const p = points[j]!;
        const q = points[j + 1]!;
        const kp = keyOf(p);
        const kq = keyOf(q);
        if (kp === kq) continue;
        pieces.push([p, q]);
        const key = kp < kq ? `${kp}|${kq}` : `${kq}|${kp}`;
        count.set(key, (count.get(key) ?? 0) + 1);
      }
    }
  }

  // The pieces seen once, chained into closed rings (walked without regard to their direction, so
  // grids drawn clockwise and anticlockwise mix).
  const boundary = pieces.filter(([p, q]) => {
    const kp = keyOf(p);
    const kq = keyOf(q);
    return count.get(kp < kq ? `${kp}|${kq}` : `${kq}|${kp}`) === 1;
  });
  const at = new Map<string, number[]>();
  boundary.forEach(([p, q], i) => {
    for (const key of [keyOf(p), keyOf(q)]) {
      const list = at.get(key);
      if (list) list.push(i);
      else at.set(key, [i]);
    }
  });
  const used = new Array<boolean>(boundary.length).fill(false);
  const unusedAt = (key: string) => at.get(key)?.find((i) => !used[i]);
  const out: MultiPolygonCoordinates = [];
  boundary.forEach(([p, q], first) => {
    if (used[first]) return;
    used[first] = true;
    const start = keyOf(p);
    const ring: number[][] = [[p[0], p[1]]];
    let here = q;
    while (keyOf(here) !== start) {
      ring.push([here[0], here[1]]);
      const next = unusedAt(keyOf(here));
      if (next === undefined) break; // an open chain (the polygons did not tile): drawn as far as it goes
      used[next] = true;
      const [a, b] = boundary[next]!;
      here = keyOf(a) === keyOf(here) ? b : a;
    }
    ring.push([p[0], p[1]]);
    if (ring.length >= 4) out.push([ring]);
  });
  return out;
}
