// The offline base layer every map draws under its pins: the county's outline, its townships and
// its grids, with their names, from one request every signed-in user may make, residents included
// (GET /api/v1/base-map: public administrative geography, region units only; no tile server,
// nothing from the internet, nothing bundled):
//   - the county: its real boundary (data/shandong-boundaries.json) when one is loaded, else the
//     outline of its basic grids;
//   - grids: their boundaries (the GeoJSON loaded from data/) and names;
//   - townships: no township boundary ships with Concord, so each is drawn as the outline of its
//     grids (outline.ts), named after the township the server gives each grid.
// Loaded once per county in a page's life (and kept by the browser: the answer has an ETag).
import { api, ApiError, type Answer } from '../../shared/api.ts';
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

type BaseMap = Answer<'/api/v1/base-map'>;

/**
 * The base map from the server: one request for every user, residents included (public
 * administrative geography, power `unit:base_map`); the browser keeps it (ETag, private cache).
 */
function fetchBaseMap(unitId: number | null): Promise<BaseMap> {
  return api.GET('/api/v1/base-map', { params: { query: unitId === null ? {} : { unitId } } });
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

function buildBaseLayer(map: BaseMap, mapName: string): BaseLayer {
  const county = map.county;
  let outline: MultiPolygonCoordinates | null = null;
  const grids: BaseGrid[] = [];
  const shapes: { unitId: number; coordinates: unknown }[] = [];
  const townshipNames = new Map<number, string>();
  for (const feature of map.features) {
    const p = feature.properties;
    if (p.kind === 'county') {
      outline = multiPolygonOf(feature.geometry.coordinates);
      continue;
    }
    grids.push({ id: p.id, name: p.name, townshipId: p.townshipId, basic: p.basic });
    shapes.push({ unitId: p.id, coordinates: feature.geometry.coordinates });
    if (p.townshipId !== null && p.townshipName !== null) townshipNames.set(p.townshipId, p.townshipName);
  }
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
    townships: [...townshipNames].filter(([id]) => byTownship.has(id)).map(([id, name]) => ({ id, name })),
    grids,
    missing: grids.filter((g) => !drawn.has(g.id)).length,
    features,
    labels,
    bbox: bbox ?? [0, 0, 0, 0],
    gridWidth: typicalWidth(basic.map((f) => f.geometry.coordinates)),
  };
}

const cache = new Map<string, Promise<BaseLayer | null>>();

/** Loaded once per page life; a failed load is forgotten so that a retry asks again. */
function cached(key: string, load: () => Promise<BaseLayer | null>): Promise<BaseLayer | null> {
  let pending = cache.get(key);
  if (!pending) {
    pending = load();
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}

/** The base layer of a county (the map page's). */
export async function loadBaseLayer(county: Unit, viewer: number): Promise<BaseLayer> {
  const layer = await cached(`${viewer}-${county.id}`, async () =>
    buildBaseLayer(await fetchBaseMap(county.id), `concord-base-${viewer}-${county.id}`),
  );
  if (!layer) throw new Error('no base layer');
  return layer;
}

/**
 * The county a map shows: the one named (or the county above the unit named), else the county of
 * the first grid in the user's area. Null when the user's area has no grid. Staff only (the map page).
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

/**
 * The base layer of the county of the user's own area (the point picker's and point view's), for
 * staff and residents alike: null when the user's area lies in no county.
 */
export function loadAreaBaseLayer(viewer: number): Promise<BaseLayer | null> {
  return cached(`area-${viewer}`, async () => {
    const map = await fetchBaseMap(null).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    });
    return map ? buildBaseLayer(map, `concord-base-${viewer}-${map.county.id}`) : null;
  });
}

/**
 * Where a picker opens when no point is set yet: the user's own grids (a membership on a grid, or on
 * the township above them), so a grid worker starts on their grid, not the middle of the county.
 * Null when none of the user's units is a grid or township of the layer (the whole county shows).
 */
export function areaFocus(
  layer: BaseLayer,
  unitIds: readonly number[],
): { center: { lng: number; lat: number }; span: number } | null {
  const mine = new Set(unitIds);
  const names = new Set(
    layer.grids
      .filter((g) => mine.has(g.id) || (g.townshipId !== null && mine.has(g.townshipId)))
      .map((g) => regionName.grid(g.id)),
  );
  const box = bboxOf(layer.features.filter((f) => names.has(f.properties.name)).map((f) => f.geometry.coordinates));
  if (!box) return null;
  const [minLng, minLat, maxLng, maxLat] = box;
  return {
    center: { lng: (minLng + maxLng) / 2, lat: (minLat + maxLat) / 2 },
    span: Math.max(maxLng - minLng, maxLat - minLat) * 1.2,
  };
}
