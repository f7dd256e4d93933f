import type { Generated } from 'kysely';
import type { GridTaskKind, GridTaskStatus, PatrolStatus, VisitPlaceKind } from '../../../common/grid-tasks.ts';

export interface PatrolTable {
  id: Generated<number>;
  worker_id: number;
  worker_name: string;
  /** The grid patrolled. */
  unit_id: number;
  unit_path: string;
  status: PatrolStatus;
  /** worker_id while open, null once finished (unique: one open patrol per worker). */
  open_worker_id: number | null;
  started_at: string;
  finished_at: string | null;
  point_count: Generated<number>;
  /** Length of the track in metres, points in time order. */
  distance_m: Generated<number>;
}

/** One GPS point (GCJ-02) per patrol and instant: a point sent again is the same point. */
export interface PatrolTrackPointTable {
  patrol_id: number;
  at: string;
  lng: number;
  lat: number;
  accuracy: number | null;
}

export interface PatrolVisitTable {
  id: Generated<number>;
  patrol_id: number;
  place_kind: VisitPlaceKind;
  place: string;
  /** common/grid-tasks.ts placeKey(place): what coverage counts distinct. */
  place_key: string;
  address: string | null;
  met: string;
  situation: string;
  /** A problem found, which may become a case. */
  finding: string | null;
  lng: number | null;
  lat: number | null;
  visited_at: string;
  /** The case the finding became, once (unique). */
  case_id: number | null;
  /** The base-data house visited (a house of the patrolled grid), when the worker chose one. */
  house_id: Generated<number | null>;
  created_by: number;
  created_at: string;
}

/** A photo taken on a visit; the bytes live in the attachment store under storage_key. */
export interface PatrolVisitPhotoTable {
  id: Generated<number>;
  visit_id: number;
  patrol_id: number;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  /** GCJ-02, where the photo was taken (EXIF, sent as WGS84 by the phone). */
  lng: number | null;
  lat: number | null;
  uploaded_by: number;
  created_at: string;
}

export interface GridTaskTable {
  id: Generated<number>;
  kind: GridTaskKind;
  title: string;
  note: string | null;
  unit_id: number;
  unit_path: string;
  /** One worker of the grid, or null: any of the grid's workers. */
  assignee_id: number | null;
  /** Or one of the grid's cadres (workforce's grid_cadre; no account: told by SMS). */
  cadre_id: number | null;
  /** YYYY-MM-DD (Beijing). */
  due_date: string;
  status: GridTaskStatus;
  done_at: string | null;
  done_by: number | null;
  done_note: string | null;
  created_by: number;
  created_at: string;
}

export interface PatrolTables {
  patrol: PatrolTable;
  patrol_track_point: PatrolTrackPointTable;
  patrol_visit: PatrolVisitTable;
  patrol_visit_photo: PatrolVisitPhotoTable;
  grid_task: GridTaskTable;
}
