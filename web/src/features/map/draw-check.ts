// The live check of a boundary being drawn (polygon-drawer.tsx): the server's own pure checks
// (common/polygon-checks.ts, with its tolerance) on the client's copy of the map, so the drawer
// names a ring that crosses itself, or one over a neighbouring grid, before it is saved. Pure, so
// it is unit-tested without a browser.
import {
  OVERLAP_TOLERANCE,
  overlapShare,
  readPolygon,
  type MultiPolygon,
  type Position,
} from '../../../../common/polygon-checks.ts';

export type DrawCheck =
  | { state: 'empty' }
  | { state: 'too_few' }
  | { state: 'crosses'; at: Position }
  /** Another reason the server's reading refuses it (flat, out of range…), in "中文 / English". */
  | { state: 'invalid'; problem: string }
  | { state: 'overlaps'; name: string }
  | { state: 'ok' };

/** The live check of a drawn ring: the pure checks the server runs, on the client's copy of the map. */
export function checkDrawing(
  ring: Position[],
  neighbours: readonly { name: string; coordinates: MultiPolygon }[],
): DrawCheck {
  if (ring.length === 0) return { state: 'empty' };
  if (ring.length < 3) return { state: 'too_few' };
  // Read as the server reads it (closed, oriented, crossing edges found).
  const read = readPolygon({ type: 'Polygon', coordinates: [ring] });
  if (!read.ok) {
    return read.kind === 'self_intersection' && read.at
      ? { state: 'crosses', at: read.at }
      : { state: 'invalid', problem: read.problem };
  }
  for (const n of neighbours) {
    if (overlapShare(read.polygon, n.coordinates) > OVERLAP_TOLERANCE) return { state: 'overlaps', name: n.name };
  }
  return { state: 'ok' };
}
