// The offline base layer every map draws under its pins: the county's outline, its townships and
// its grids, with their names, from what Concord already serves (no tile server, nothing from the
// internet, nothing bundled):
//   - grids: GET /api/v1/units/{county}/grid-geometries (the GeoJSON loaded from data/), named by
//     GET /api/v1/units?level=grid&within=;
//   - townships: no township boundary ships with Concord, so each is drawn as the outline of its
//     grids (outline.ts), named by GET /api/v1/units?level=township&within=;
//   - the county: its real boundary (GET /api/v1/units/{id}/geometry, data/shandong-boundaries.json)
//     when the user's area covers it, else the outline of the grids the user may see.
// What a user may see decides what is drawn: a grid worker sees the grids of their own area.
// Loaded once per user and county in a page's life.
import { api, type Answer } from '../../shared/api.ts';
import type { Unit } from '../../shared/api-types.ts';
import { outlineOf, type MultiPolygonCoordinates } from './outline.ts';

export interface GeoFeature {
  type: 'Feature';
  properties: { name: string };
  geometry: { type: 'MultiPolygon'; coordinates: MultiPolygonCoordinates };
}

export type BBox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

export interface BaseGrid {
  id: number;
  name: string;
  townshipId: number | null;
  basic: boolean;
}

export interface BaseLayer {
  /** The name the layer is registered under with ECharts. */
  mapName: string;
  county: Unit;
  townships: { id: number; name: string }[];
  grids: BaseGrid[];
  /** Grids of the area without a boundary to draw. */
  missing: number;
  features: GeoFeature[];
  /** Region name → its label on the map. */
  labels: Map<string, string>;
  bbox: BBox;
  /** A typical grid's width in degrees of longitude: when grids are wide enough, their names show. */
  gridWidth: number;
}

/** Region names in the registered map: a kind and an id, never shown (labels map them to names). */
export const regionName = {
  county: 'county',
  township: (id: number) => `t${id}`,
  grid: (id: number) => `g${id}`,
};

const isPosition = (value: unknown): value is number[] =>
  Array.isArray(value) && value.length >= 2 && value.every((n) => typeof n === 'number' && Number.isFinite(n));
const allOf = <T>(value: unknown, check: (item: unknown) => item is T): value is T[] =>
  Array.isArray(value) && value.every(check);
const isRing = (value: unknown): value is number[][] => allOf(value, isPosition);
const isPolygon = (value: unknown): value is number[][][] => allOf(value, isRing);

/**
 * A boundary's coordinates when they are a GeoJSON MultiPolygon (polygons of rings of [lng, lat]).
 * The API passes the stored GeoJSON through untyped, so the map checks it rather than trusting it.
 */
export function multiPolygonOf(coordinates: unknown): MultiPolygonCoordinates | null {
  return allOf(coordinates, isPolygon) ? coordinates : null;
}

function bboxOf(polygons: Iterable<MultiPolygonCoordinates>): BBox | null {
  let minLng = Infinity;
  let minLat = Infinity;
  let maxLng = -Infinity;
  let maxLat = -Infinity;
  for (const mp of polygons)
    for (const polygon of mp)
      for (const ring of polygon)
        for (const [lng, lat] of ring) {
          minLng = Math.min(minLng, lng!);
          maxLng = Math.max(maxLng, lng!);
          minLat = Math.min(minLat, lat!);
          maxLat = Math.max(maxLat, lat!);
        }
  return Number.isFinite(minLng) ? [minLng, minLat, maxLng, maxLat] : null;
}

/** Every page of a unit list. */
async function unitsWithin(countyId: number, level: 'grid' | 'township'): Promise<Unit[]> {
  const out: Unit[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.GET('/api/v1/units', {
      params: { query: { level, type: 'region', within: countyId, limit: 500, cursor } },
    });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && out.length < 20_000);
  return out;
}

async function gridGeometries(countyId: number) {
  const out: Answer<'/api/v1/units/{id}/grid-geometries'>['items'] = [];
  let cursor: string | undefined;
  do {
    const page = await api.GET('/api/v1/units/{id}/grid-geometries', {
      params: { path: { id: countyId }, query: { limit: 500, cursor } },
    });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return out;
}

/** The county's real boundary when the user's area covers the county (asking otherwise would be refused). */
async function countyOutline(county: Unit): Promise<MultiPolygonCoordinates | null> {
  const visible = await api.GET('/api/v1/units', { params: { query: { code: county.code, limit: 1 } } });
  if (!visible.items.some((u) => u.id === county.id)) return null;
  const geometry = await api
    .GET('/api/v1/units/{id}/geometry', { params: { path: { id: county.id } } })
    .catch(() => null);
  return geometry ? multiPolygonOf(geometry.coordinates) : null;
}

/** The median of the grids' widths in degrees of longitude. */
function typicalWidth(polygons: MultiPolygonCoordinates[]): number {
  const widths = polygons
    .map((mp) => bboxOf([mp]))
    .filter((b): b is BBox => b !== null)
    .map((b) => b[2] - b[0])
    .sort((a, b) => a - b);
  return widths[Math.floor(widths.length / 2)] ?? 0.01;
}

async function buildBaseLayer(county: Unit, mapName: string): Promise<BaseLayer> {
  const [gridUnits, townshipUnits, shapes, outline] = await Promise.all([
    unitsWithin(county.id, 'grid'),
    unitsWithin(county.id, 'township'),
    gridGeometries(county.id),
    countyOutline(county),
  ]);
  // A grid's township is the unit one level below the county on its path (/…/county/township/…).
  const depth = county.path.split('/').filter(Boolean).length;
  const townshipOf = (unit: Unit): number | null => {
    const id = Number(unit.path.split('/').filter(Boolean)[depth]);
    return Number.isInteger(id) ? id : null;
  };
  const grids: BaseGrid[] = gridUnits.map((g) => ({
    id: g.id,
    name: g.name,
    townshipId: townshipOf(g),
    basic: g.kind === null || g.kind === 'basic',
  }));
  const byId = new Map(grids.map((g) => [g.id, g]));
  const labels = new Map<string, string>();
  const basic: GeoFeature[] = [];
  const dedicated: GeoFeature[] = [];
  const byTownship = new Map<number, MultiPolygonCoordinates[]>();
  const drawn = new Set<number>();
  for (const shape of shapes) {
    const coordinates = multiPolygonOf(shape.coordinates);
    const grid = byId.get(shape.unitId);
    if (!coordinates || !grid) continue;
    drawn.add(grid.id);
    const name = regionName.grid(grid.id);
    labels.set(name, grid.name);
    const feature: GeoFeature = {
      type: 'Feature',
      properties: { name },
      geometry: { type: 'MultiPolygon', coordinates },
    };
    // Dedicated grids (a school, a hospital) lie inside basic ones: they are drawn on top and
    // take no part in the township's outline.
    if (!grid.basic) {
      dedicated.push(feature);
      continue;
    }
    basic.push(feature);
    if (grid.townshipId !== null) {
      const list = byTownship.get(grid.townshipId);
      if (list) list.push(coordinates);
      else byTownship.set(grid.townshipId, [coordinates]);
    }
  }
  const townshipNames = new Map(townshipUnits.map((u) => [u.id, u.name]));
  const townships: GeoFeature[] = [];
  for (const [id, polygons] of byTownship) {
    const name = regionName.township(id);
    const label = townshipNames.get(id);
    if (label) labels.set(name, label);
    townships.push({
      type: 'Feature',
      properties: { name },
      geometry: { type: 'MultiPolygon', coordinates: outlineOf(polygons) },
    });
  }
  const countyCoordinates = outline ?? outlineOf(basic.map((f) => f.geometry.coordinates));
  const features = [...basic, ...dedicated, ...townships];
  if (countyCoordinates.length > 0) {
    features.push({
      type: 'Feature',
      properties: { name: regionName.county },
      geometry: { type: 'MultiPolygon', coordinates: countyCoordinates },
    });
  }
  const bbox = bboxOf(features.map((f) => f.geometry.coordinates));
  return {
    mapName,
    county,
    townships: townshipUnits.filter((t) => byTownship.has(t.id)).map((t) => ({ id: t.id, name: t.name })),
    grids,
    missing: grids.filter((g) => !drawn.has(g.id)).length,
    features,
    labels,
    bbox: bbox ?? [0, 0, 0, 0],
    gridWidth: typicalWidth(basic.map((f) => f.geometry.coordinates)),
  };
}

const cache = new Map<string, Promise<BaseLayer>>();

/**
 * The base layer of a county as `viewer` (the signed-in user's id) may see it, loaded once per
 * page life; a failed load is forgotten so that a retry asks again.
 */
export function loadBaseLayer(county: Unit, viewer: number): Promise<BaseLayer> {
  const key = `${viewer}-${county.id}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = buildBaseLayer(county, `concord-base-${key}`);
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}

/**
 * The county a map shows: the one named (or the county above the unit named), else the county of
 * the first grid in the user's area. Null when the user's area has no grid.
 */
export async function resolveCounty(unitId: number | null): Promise<Unit | null> {
  if (unitId !== null) {
    const unit = await api.GET('/api/v1/units/{id}', { params: { path: { id: unitId } } });
    if (unit.level === 'county') return unit;
    return [...unit.ancestors].reverse().find((u) => u.level === 'county') ?? null;
  }
  const first = await api.GET('/api/v1/units', { params: { query: { level: 'grid', limit: 1 } } });
  const grid = first.items[0];
  if (!grid) return null;
  const found = await api.GET('/api/v1/units/{id}', { params: { path: { id: grid.id } } });
  return found.ancestors.find((u) => u.level === 'county') ?? null;
}

const areaCache = new Map<number, Promise<BaseLayer | null>>();

/** The base layer of the county of the user's area (the point picker's): null when there is none. */
export function loadAreaBaseLayer(viewer: number): Promise<BaseLayer | null> {
  let pending = areaCache.get(viewer);
  if (!pending) {
    pending = resolveCounty(null).then((county) => (county ? loadBaseLayer(county, viewer) : null));
    pending.catch(() => areaCache.delete(viewer));
    areaCache.set(viewer, pending);
  }
  return pending;
}
