// The map draws each township as the outline of its grids (web/src/features/map/outline.ts):
// shared edges vanish, T-junctions are split, outer edges are kept; on the demo county's real
// grids, a point in any grid is inside its own township's outline and outside every other.
import { describe, expect, it } from 'vitest';
import { boundingBox, multiPolygonContains, planarArea, type MultiPolygon } from '../server/modules/org/geo.ts';
import { readDemoGrids } from '../server/modules/org/reference-data.ts';
import { outlineOf, type MultiPolygonCoordinates } from '../web/src/features/map/outline.ts';

const square = (x: number, y: number, size: number): MultiPolygonCoordinates => [
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

/** Even-odd over every ring: enclaves' rings make holes without being marked as such. */
function insideOutline(outline: MultiPolygonCoordinates, point: [number, number]): boolean {
  let inside = false;
  for (const [ring] of outline)
    if (ring && multiPolygonContains([[ring as [number, number][]]], point)) inside = !inside;
  return inside;
}

/** A point well inside a grid: the first of a fixed sample that falls in it. */
function pointIn(mp: MultiPolygon): [number, number] {
  const box = boundingBox(mp);
  for (let i = 1; i < 20; i++)
    for (let j = 1; j < 20; j++) {
      const p: [number, number] = [
        box.minLng + ((box.maxLng - box.minLng) * i) / 20,
        box.minLat + ((box.maxLat - box.minLat) * j) / 20,
      ];
      if (multiPolygonContains(mp, p)) return p;
    }
  throw new Error('no point inside');
}

describe('outlineOf', () => {
  it('drops the edge two squares share and keeps the rest as one ring', () => {
    const outline = outlineOf([square(0, 0, 1), square(1, 0, 1)]);
    expect(outline).toHaveLength(1);
    expect(planarArea(outline as MultiPolygon)).toBeCloseTo(2, 9);
    // The shared edge's midpoint is not a vertex, nor is anything inside.
    expect(insideOutline(outline, [1, 0.5])).toBe(true);
    expect(insideOutline(outline, [2.5, 0.5])).toBe(false);
  });

  it('splits an edge where a neighbour’s corner meets its middle (a T-junction)', () => {
    // One 2×2 square on the left, two 1×1 squares stacked on its right: the big square's right
    // edge has no vertex at (2, 1), where the small squares meet.
    const outline = outlineOf([square(0, 0, 2), square(2, 0, 1), square(2, 1, 1)]);
    expect(outline).toHaveLength(1);
    expect(planarArea(outline as MultiPolygon)).toBeCloseTo(6, 9);
    const corners = new Set(outline[0]![0]!.map(([x, y]) => `${x},${y}`));
    expect([...corners].sort()).toEqual(['0,0', '0,2', '2,0', '2,2', '3,0', '3,1', '3,2']);
  });

  it('keeps apart polygons that do not touch, and mixes clockwise and anticlockwise rings', () => {
    const clockwise = square(5, 5, 1).map((polygon) => polygon.map((ring) => [...ring].reverse()));
    const outline = outlineOf([square(0, 0, 1), clockwise, square(1, 0, 1)]);
    expect(outline).toHaveLength(2);
    expect(planarArea(outline as MultiPolygon)).toBeCloseTo(3, 9);
  });

  it('gives nothing for nothing', () => {
    expect(outlineOf([])).toEqual([]);
  });

  it('outlines each demo township so that its grids are inside and the others’ outside', () => {
    const basic = readDemoGrids().grids.filter((g) => g.kind === 'basic');
    const byTownship = new Map<string, MultiPolygon[]>();
    for (const grid of basic) {
      const code = grid.code.slice(0, 9);
      byTownship.set(code, [...(byTownship.get(code) ?? []), grid.coordinates as MultiPolygon]);
    }
    expect(byTownship.size).toBeGreaterThan(3);
    const outlines = new Map([...byTownship].map(([code, grids]) => [code, outlineOf(grids)]));
    for (const [code, outline] of outlines) {
      const gridArea = byTownship.get(code)!.reduce((sum, mp) => sum + planarArea(mp), 0);
      // Far fewer rings than grids: the inner edges are gone.
      expect(outline.length, code).toBeLessThan(byTownship.get(code)!.length);
      expect(outline.length, code).toBeGreaterThan(0);
      let ringArea = 0;
      for (const polygon of outline) ringArea += planarArea([polygon] as MultiPolygon);
      // Without enclaves the rings cover exactly the grids; an enclave's ring only adds to it.
      expect(ringArea, code).toBeGreaterThanOrEqual(gridArea * (1 - 1e-9));
    }
    for (const grid of basic) {
      const own = grid.code.slice(0, 9);
      const point = pointIn(grid.coordinates as MultiPolygon);
      for (const [code, outline] of outlines) {
        expect(insideOutline(outline, point), `${grid.code} in ${code}`).toBe(code === own);
      }
    }
  });
});
