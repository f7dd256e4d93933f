// Emergency mode (issue 18 §6, ADR 0029): the emergency declared over an area, and its door-to-door
// list (one item per house and per key-group person of the base data at declaration).
import type { Generated } from 'kysely';

export interface EmergencyTable {
  id: Generated<number>;
  unit_id: number;
  unit_path: string;
  kind: string;
  level: string;
  /** 1 for a drill (演练): the same flow, counted apart. */
  drill: number;
  instructions: string;
  status: string;
  item_count: number;
  declared_by: number;
  declared_at: string;
  stood_down_by: number | null;
  stood_down_at: string | null;
  summary: string | null;
}

export interface EmergencyItemTable {
  id: Generated<number>;
  emergency_id: number;
  subject: string;
  house_id: number | null;
  person_id: number | null;
  /** The key groups of a key_person item, comma-separated codes (filtered per reader when shown). */
  key_groups: string | null;
  /** A household: its standard address; a key person: the name (shown only to those entitled). */
  label: string;
  grid_id: number;
  grid_path: string;
  township_id: number | null;
  result: string | null;
  note: string | null;
  visited_by: number | null;
  visited_at: string | null;
  version: Generated<number>;
}

export interface EmergencyTables {
  emergency: EmergencyTable;
  emergency_item: EmergencyItemTable;
}
