// The org module owns the org tree (regions, centres, departments, courts, police, committees,
// grids) and its geometry: reference data loading, browsing, search and point location, and the
// administrators' edits of the tree (issue 18: units, boundaries, split and merge, history).
export { orgRoutes, type OrgAccess } from './org.routes.ts';
export { orgEditRoutes, type OrgEditAccess } from './org-edit.routes.ts';
export { presentUnit } from './unit-list.ts';
export { loadRegions, type LoadRegionsResult } from './use-cases/load-regions.ts';
export { loadDemoGrids } from './use-cases/load-demo-grids.ts';
export { locateGrid } from './use-cases/locate-grid.ts';
export {
  findUnitById,
  findUnitByCode,
  findUnitsByIds,
  findAncestors,
  findAncestorsWithCentres,
  unitNames,
  centreOf,
  centreAbove,
  countyOf,
  courtOf,
  standardUnitOf,
  standardUnitAtLevel,
  psychTeamOf,
  unitWithin,
  unitFieldOf,
  listUnits,
  findGeometryJson,
  type OrgUnitRow,
} from './org.repository.ts';
export type { OrgTables } from './org.table.ts';
export { toGcj02, pointsInside, type Crs, type MultiPolygon } from './geo.ts';
export { STANDARD_UNIT_SUFFIXES } from './reference-data.ts';
