// The rules a drawn boundary meets before it is stored (issue 18 §3), over the pure checks of
// polygon-checks.ts: a valid polygon that does not cross itself; inside the nearest unit above
// with a boundary (village, township or county) but for a 1 % tolerance; a grid clear of the
// other open grids of its township of the same class (basic with basic, a dedicated grid with one
// of its own domain) but for 1 % of the smaller area; an area redrawn around its grids still
// holding them. Each refusal names the problem, in Chinese first.
import type { Trx } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { pathIds } from '../../../platform/db/subtree.ts';
import { boundingBox, type MultiPolygon } from '../geo.ts';
import {
  OUTSIDE_TOLERANCE,
  OVERLAP_TOLERANCE,
  overlapShare,
  readPolygon,
  shareOutside,
} from '../../../../common/polygon-checks.ts';
import { findUnitsByIds, type OrgUnitRow } from '../org.repository.ts';
import { nearestBoundaryAbove, openGridsBelow, openGridsNear } from '../org-edit.repository.ts';

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** Reads the GeoJSON, refusing an invalid or self-crossing boundary. */
export function parseBoundary(geometry: { type: string; coordinates: unknown }): MultiPolygon {
  const read = readPolygon(geometry);
  if (read.ok) return read.polygon;
  if (read.kind === 'self_intersection') {
    throw new AppError('GEOMETRY_SELF_INTERSECTS', read.problem, { at: read.at });
  }
  throw new AppError('GEOMETRY_INVALID', read.problem);
}

/** The township a unit lies in (or the unit itself), else the county: where its sibling grids are. */
async function neighbourhoodOf(trx: Trx, path: string): Promise<OrgUnitRow | undefined> {
  const chain = await findUnitsByIds(trx, pathIds(path));
  return chain.find((u) => u.level === 'township' && u.type === 'region') ?? chain.find((u) => u.level === 'county');
}

const sameClass = (a: string | null, b: string | null) => (a ?? 'basic') === (b ?? 'basic');

/**
 * Checks a boundary for `unit` placed under `parent` (its parent, or the one it moves to).
 * `ignore`: grids that do not count as neighbours (the grid itself, the grids a split or merge
 * replaces, the other parts of a split — checked among themselves by the caller).
 */
export async function checkBoundary(
  trx: Trx,
  target: { kind: string | null; level: string; type: string; id: number | null },
  parent: OrgUnitRow,
  polygon: MultiPolygon,
  ignore: ReadonlySet<number>,
): Promise<void> {
  const above = await nearestBoundaryAbove(trx, pathIds(parent.path));
  if (above) {
    const outside = shareOutside(polygon, above.coordinates);
    if (outside > OUTSIDE_TOLERANCE) {
      throw new AppError(
        'GEOMETRY_OUTSIDE_PARENT',
        `边界超出「${above.unit.name}」的范围（约 ${percent(outside)} 在外） / The boundary leaves ${above.unit.name} (about ${percent(outside)} outside)`,
        { parent: { id: above.unit.id, name: above.unit.name }, outsideShare: outside },
      );
    }
  }
  if (target.type === 'region' && target.level === 'grid') {
    const area = await neighbourhoodOf(trx, parent.path);
    if (area) {
      for (const other of await openGridsNear(trx, area.path, boundingBox(polygon))) {
        if (ignore.has(other.unit.id) || other.unit.id === target.id || !sameClass(other.unit.kind, target.kind))
          continue;
        const share = overlapShare(polygon, other.coordinates);
        if (share > OVERLAP_TOLERANCE) throw overlapError(other.unit, share);
      }
    }
  }
}

export function overlapError(sibling: { id: number; name: string }, share: number): AppError {
  return new AppError(
    'GEOMETRY_OVERLAPS_SIBLING',
    `边界与网格「${sibling.name}」重叠（约占较小者面积的 ${percent(share)}） / The boundary overlaps grid ${sibling.name} (about ${percent(share)} of the smaller area)`,
    { sibling: { id: sibling.id, name: sibling.name }, overlapShare: share },
  );
}

/** A village's or township's new boundary must still hold the open grids under it. */
export async function checkHoldsGrids(trx: Trx, unit: OrgUnitRow, polygon: MultiPolygon): Promise<void> {
  for (const grid of await openGridsBelow(trx, unit)) {
    const outside = shareOutside(grid.coordinates, polygon);
    if (outside > OUTSIDE_TOLERANCE) {
      throw new AppError(
        'GEOMETRY_OUTSIDE_PARENT',
        `新边界会使网格「${grid.unit.name}」超出本单位范围（约 ${percent(outside)} 在外） / The new boundary would leave grid ${grid.unit.name} outside (about ${percent(outside)})`,
        {
          parent: { id: unit.id, name: unit.name },
          grid: { id: grid.unit.id, name: grid.unit.name },
          outsideShare: outside,
        },
      );
    }
  }
}
