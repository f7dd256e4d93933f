// Which grid holds this point? The smallest grid wins, so a dedicated grid (a school, a
// hospital) inside a basic grid is found first. A point in no grid is an explicit 404.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { findGridCandidates, type OrgUnitRow } from '../org.repository.ts';
import { multiPolygonContains, toGcj02, type Crs, type MultiPolygon } from '../geo.ts';

export async function locateGrid(ctx: AppContext, lng: number, lat: number, crs: Crs): Promise<OrgUnitRow> {
  const point = toGcj02(lng, lat, crs);
  const candidates = await findGridCandidates(ctx.db, point[0], point[1]);
  const hits = candidates
    .filter((c) => multiPolygonContains(JSON.parse(c.geojson) as MultiPolygon, point))
    .sort((a, b) => a.area - b.area || a.id - b.id);
  const hit = hits[0];
  if (!hit) {
    throw new AppError('NOT_IN_ANY_GRID', '该位置不在任何网格内 / This point is not inside any grid', {
      lng,
      lat,
      crs,
    });
  }
  const { area: _area, geojson: _geojson, ...unit } = hit;
  return unit;
}
