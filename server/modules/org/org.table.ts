import type { ColumnType, Generated } from 'kysely';
import type { UnitChange } from '../../../common/org-units.ts';

export type UnitType = 'region' | 'centre' | 'department' | 'court' | 'police' | 'committee';
export type UnitLevel = 'province' | 'city' | 'county' | 'township' | 'village' | 'grid';

export interface OrgUnitTable {
  id: Generated<number>;
  code: string;
  name: string;
  type: UnitType;
  /** Sub-kind: grid kind (basic, education, …), department or committee domain. */
  kind: string | null;
  level: UnitLevel;
  parent_id: number | null;
  /** Materialised path of ids, "/1/23/456/". */
  path: string;
  depth: number;
  created_at: string;
  /** Closed (撤销): keeps its history and old cases, takes no new ones. */
  closed_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface OrgUnitHistoryTable {
  id: Generated<number>;
  unit_id: number;
  change: UnitChange;
  /** JSON: the change's from/to, or the units of a split or merge. */
  detail: string;
  actor_user_id: number | null;
  actor_name: string | null;
  at: string;
}

export interface OrgGeometryTable {
  unit_id: number;
  is_grid: number;
  min_lng: number;
  min_lat: number;
  max_lng: number;
  max_lat: number;
  area: number;
  /** GeoJSON MultiPolygon coordinates in GCJ-02. */
  geojson: string;
}

export interface OrgTables {
  org_unit: OrgUnitTable;
  org_geometry: OrgGeometryTable;
  org_unit_history: OrgUnitHistoryTable;
}
