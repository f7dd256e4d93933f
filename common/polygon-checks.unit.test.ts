// The boundary checks an administrator's drawing meets: reading GeoJSON, self-intersection, and
// intersection areas — compared with polygon-clipping (a development dependency, used here only
// as an independent oracle) on random star-shaped polygons.
import fc from 'fast-check';
import polygonClipping from 'polygon-clipping';
import { describe, expect, it } from 'vitest';
import {
  type MultiPolygon,
  type Position,
  findSelfIntersection,
  intersectionArea,
  overlapShare,
  polygonArea,
  readPolygon,
  shareOutside,
  triangulate,
} from './polygon-checks.ts';

const square = (x: number, y: number, size: number): MultiPolygon => [
  [
    [
      [x, y],
      [x + size, y],
      [x + size, y + size],
      [x, y + size],
      [x, y],
    ],
  ],
];

/** The boundary as drawn, closed, without any check (what findSelfIntersection is given). */
function raw(coordinates: Position[][]): MultiPolygon {
  return [coordinates];
}

function read(coordinates: unknown, type = 'Polygon'): MultiPolygon {
  const result = readPolygon({ type, coordinates });
  if (!result.ok) throw new Error(result.problem);
  return result.polygon;
}

/** A simple polygon around (cx, cy): vertices at increasing angles, each at its own radius. */
const starShaped = fc
  .record({
    cx: fc.double({ min: 118.9, max: 119.1, noNaN: true }),
    cy: fc.double({ min: 36.6, max: 36.8, noNaN: true }),
    radii: fc.array(fc.double({ min: 0.002, max: 0.02, noNaN: true }), { minLength: 3, maxLength: 14 }),
  })
  .map(({ cx, cy, radii }): MultiPolygon => {
    const ring: Position[] = radii.map((r, i) => {
      const angle = (2 * Math.PI * i) / radii.length;
      return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
    });
    return [[[...ring, ring[0]!]]];
  });

function oracleIntersection(a: MultiPolygon, b: MultiPolygon): number {
  const result = polygonClipping.intersection(a as polygonClipping.MultiPolygon, b as polygonClipping.MultiPolygon);
  return polygonArea(
    result.map((polygon) => polygon.map((ring) => ring.map(([x, y]): Position => [x, y]))) as MultiPolygon,
  );
}

describe('readPolygon', () => {
  it('says a bow-tie crosses itself, and where', () => {
    const result = readPolygon({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [2, 2],
          [2, 0],
          [0, 2],
          [0, 0],
        ],
      ],
    });
    expect(result).toMatchObject({ ok: false, kind: 'self_intersection' });
    if (!result.ok) expect(result.problem).toContain('边界自相交');
  });

  it('closes an open ring and orients it counter-clockwise', () => {
    const polygon = read([
      [
        [0, 0],
        [0, 1],
        [1, 1],
        [1, 0],
      ],
    ]);
    expect(polygon[0]![0]).toEqual([
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
      [1, 0],
    ]);
  });

  it.each([
    [{ type: 'Point', coordinates: [1, 2] }, 'Polygon'],
    [
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      '3 个不同的顶点',
    ],
    [
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 1],
            [2, 2],
            [0, 0],
          ],
        ],
      },
      '面积为零',
    ],
    [
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [200, 0],
            [0, 1],
            [0, 0],
          ],
        ],
      },
      '超出范围',
    ],
    [
      {
        type: 'Polygon',
        coordinates: [
          [
            ['a', 0],
            [1, 0],
            [0, 1],
          ],
        ],
      },
      '[经度, 纬度]',
    ],
    [{ type: 'MultiPolygon', coordinates: [] }, 'Polygon'],
  ])('refuses %j in Chinese (%s)', (geometry, words) => {
    const result = readPolygon(geometry);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toContain(words);
  });
});

describe('findSelfIntersection', () => {
  it('finds the crossing of a bow-tie', () => {
    const bowTie = raw([
      [
        [0, 0],
        [2, 2],
        [2, 0],
        [0, 2],
        [0, 0],
      ],
    ]);
    expect(findSelfIntersection(bowTie)).not.toBeNull();
  });

  it('finds a ring that touches itself at a vertex and a spike that folds back', () => {
    const touching = raw([
      [
        [0, 0],
        [4, 0],
        [4, 4],
        [2, 0],
        [0, 4],
        [0, 0],
      ],
    ]);
    expect(findSelfIntersection(touching)).not.toBeNull();
    const spike = raw([
      [
        [0, 0],
        [4, 0],
        [4, 4],
        [4, 2],
        [0, 4],
        [0, 0],
      ],
    ]);
    expect(findSelfIntersection(spike)).not.toBeNull();
  });

  it('finds a hole that crosses its outer ring', () => {
    const polygon = raw([
      [
        [0, 0],
        [4, 0],
        [4, 4],
        [0, 4],
        [0, 0],
      ],
      [
        [1, 1],
        [5, 1],
        [5, 2],
        [1, 2],
        [1, 1],
      ],
    ]);
    expect(findSelfIntersection(polygon)).not.toBeNull();
  });

  it('accepts squares, holes inside and every star-shaped polygon', () => {
    expect(findSelfIntersection(square(0, 0, 1))).toBeNull();
    const withHole = read([
      [
        [0, 0],
        [4, 0],
        [4, 4],
        [0, 4],
      ],
      [
        [1, 1],
        [2, 1],
        [2, 2],
        [1, 2],
      ],
    ]);
    expect(findSelfIntersection(withHole)).toBeNull();
    fc.assert(fc.property(starShaped, (p) => findSelfIntersection(p) === null));
  });
});

describe('intersection areas', () => {
  it('measures squares exactly: half overlap, touching edges, apart, inside', () => {
    expect(intersectionArea(square(0, 0, 2), square(1, 0, 2))).toBeCloseTo(2, 12);
    expect(intersectionArea(square(0, 0, 1), square(1, 0, 1))).toBeCloseTo(0, 12);
    expect(intersectionArea(square(0, 0, 1), square(5, 5, 1))).toBe(0);
    expect(shareOutside(square(1, 1, 1), square(0, 0, 4))).toBeCloseTo(0, 12);
    expect(shareOutside(square(3, 3, 2), square(0, 0, 4))).toBeCloseTo(0.75, 12);
    expect(overlapShare(square(0, 0, 2), square(1, 1, 2))).toBeCloseTo(0.25, 12);
  });

  it('takes holes out of both sides', () => {
    const ring = read([
      [
        [0, 0],
        [4, 0],
        [4, 4],
        [0, 4],
      ],
      [
        [1, 1],
        [3, 1],
        [3, 3],
        [1, 3],
      ],
    ]);
    expect(polygonArea(ring)).toBeCloseTo(12, 12);
    expect(intersectionArea(ring, square(1, 1, 2))).toBeCloseTo(0, 12);
    expect(intersectionArea(ring, square(0, 0, 2))).toBeCloseTo(3, 12);
  });

  it('cuts a polygon into triangles that cover exactly its area', () => {
    fc.assert(
      fc.property(starShaped, (p) => {
        const triangles = triangulate(p[0]![0]!);
        const sum = triangles.reduce((s, t) => s + polygonArea([[[...t, t[0]]]]), 0);
        expect(sum).toBeCloseTo(polygonArea(p), 10);
      }),
    );
  });

  it('agrees with polygon-clipping on random polygons, and is symmetric', () => {
    fc.assert(
      fc.property(starShaped, starShaped, (a, b) => {
        const ours = intersectionArea(a, b);
        const oracle = oracleIntersection(a, b);
        expect(Math.abs(ours - oracle)).toBeLessThan(1e-9 + 1e-6 * polygonArea(a));
        expect(Math.abs(intersectionArea(b, a) - ours)).toBeLessThan(1e-9);
      }),
      { numRuns: 300 },
    );
  });

  it('finds a polygon wholly inside itself and outside its translation far away', () => {
    fc.assert(
      fc.property(starShaped, (p) => {
        expect(shareOutside(p, p)).toBeLessThan(1e-6);
        const far = p.map((rings) => rings.map((r) => r.map(([x, y]): Position => [x + 1, y])));
        expect(shareOutside(p, far)).toBe(1);
      }),
    );
  });
});
