// The org tree editor's live check of a drawn boundary (web/src/features/map/draw-check.ts) answers
// as the server's rules would, from the same pure checks (common/polygon-checks.ts): too few points,
// a bow-tie crossing itself, a flat ring, a ring over a neighbouring grid (named) beyond the shared
// tolerance, and a clean ring that only touches its neighbour along an edge.
import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Position } from '../common/polygon-checks.ts';
import { checkDrawing } from '../web/src/features/map/draw-check.ts';

const square = (x: number, y: number, size: number): Position[] => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
];
const neighbour = (x: number, y: number, size: number) => ({
  name: '曹家巷网格',
  coordinates: [[[...square(x, y, size), [x, y]]]] as MultiPolygon,
});

describe('checkDrawing', () => {
  it('asks for three points before anything else', () => {
    expect(checkDrawing([], [])).toEqual({ state: 'empty' });
    expect(checkDrawing(square(118.9, 36.6, 0.01).slice(0, 2), [])).toEqual({ state: 'too_few' });
  });

  it('names a crossing near where it is, and a flat ring as the server words it', () => {
    const [a, b, c, d] = square(118.9, 36.6, 0.01) as [Position, Position, Position, Position];
    const tie = checkDrawing([a, c, b, d], []);
    expect(tie.state).toBe('crosses');
    // Near: an end of one of the crossing edges, as the server reports it.
    if (tie.state === 'crosses') expect([a, b, c, d]).toContainEqual(tie.at);
    const flat = checkDrawing([a, b, [118.92, 36.6]], []);
    expect(flat).toMatchObject({ state: 'invalid' });
    if (flat.state === 'invalid') expect(flat.problem).toContain('面积为零');
  });

  it('names the neighbour a ring overlaps beyond the tolerance, and lets a shared edge pass', () => {
    const over = checkDrawing(square(118.9, 36.6, 0.01), [neighbour(118.905, 36.6, 0.01)]);
    expect(over).toEqual({ state: 'overlaps', name: '曹家巷网格' });
    // Side by side, one edge in common: no area shared.
    expect(checkDrawing(square(118.9, 36.6, 0.01), [neighbour(118.91, 36.6, 0.01)])).toEqual({ state: 'ok' });
    // A sliver (0.5 % of the smaller area) is within the 1 % the server allows.
    expect(checkDrawing(square(118.9, 36.6, 0.01), [neighbour(118.90995, 36.6, 0.01)])).toEqual({ state: 'ok' });
  });
});
