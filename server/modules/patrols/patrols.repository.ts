// Kysely over patrols, their track points and visits.
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import type { DB } from '../../schema.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import type { PatrolStatus, VisitPlaceKind } from '../../../common/grid-tasks.ts';

type Executor = Db | Trx;

export interface PatrolRow {
  id: number;
  workerId: number;
  workerName: string;
  unitId: number;
  unitPath: string;
  status: PatrolStatus;
  startedAt: string;
  finishedAt: string | null;
  pointCount: number;
  distanceM: number;
  visitCount: number;
}

function patrolQuery(db: Executor) {
  return db.selectFrom('patrol').select((eb) => [
    'patrol.id',
    'patrol.worker_id',
    'patrol.worker_name',
    'patrol.unit_id',
    'patrol.unit_path',
    'patrol.status',
    'patrol.started_at',
    'patrol.finished_at',
    'patrol.point_count',
    'patrol.distance_m',
    eb
      .selectFrom('patrol_visit')
      .select((v) => v.fn.countAll<string>().as('n'))
      .whereRef('patrol_visit.patrol_id', '=', 'patrol.id')
      .as('visit_count'),
  ]);
}

type PatrolSelect = Awaited<ReturnType<ReturnType<typeof patrolQuery>['execute']>>[number];

const toPatrol = (r: PatrolSelect): PatrolRow => ({
  id: r.id,
  workerId: r.worker_id,
  workerName: r.worker_name,
  unitId: r.unit_id,
  unitPath: r.unit_path,
  status: r.status,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  pointCount: Number(r.point_count),
  distanceM: Number(r.distance_m),
  visitCount: Number(r.visit_count ?? 0),
});

export async function findPatrol(db: Executor, id: number): Promise<PatrolRow | undefined> {
  const row = await patrolQuery(db).where('patrol.id', '=', id).executeTakeFirst();
  return row ? toPatrol(row) : undefined;
}

export async function findOpenPatrolOf(db: Executor, workerId: number): Promise<PatrolRow | undefined> {
  const row = await patrolQuery(db).where('patrol.open_worker_id', '=', workerId).executeTakeFirst();
  return row ? toPatrol(row) : undefined;
}

const withinAny = (eb: ExpressionBuilder<DB, 'patrol'>, paths: string[]): Expression<SqlBool> =>
  eb.or(paths.map((p) => eb.and([eb('patrol.unit_path', '>=', p), eb('patrol.unit_path', '<', subtreeUpperBound(p))])));

export interface PatrolFilter {
  /** Supervisors: patrols in these subtrees. */
  scopePaths?: string[] | undefined;
  /** A worker: only theirs. */
  workerId?: number | undefined;
  withinPath?: string | undefined;
  status?: PatrolStatus | undefined;
  /** Started in [from, to). */
  from?: string | undefined;
  to?: string | undefined;
  beforeId?: number | undefined;
  limit: number;
}

/** Newest first. */
export async function listPatrols(db: Executor, filter: PatrolFilter): Promise<PatrolRow[]> {
  if (filter.scopePaths !== undefined && filter.scopePaths.length === 0) return [];
  let query = patrolQuery(db);
  if (filter.scopePaths !== undefined) {
    const paths = filter.scopePaths;
    query = query.where((eb) => withinAny(eb, paths));
  }
  if (filter.workerId !== undefined) query = query.where('patrol.worker_id', '=', filter.workerId);
  if (filter.withinPath !== undefined) {
    const within = filter.withinPath;
    query = query.where((eb) => withinAny(eb, [within]));
  }
  if (filter.status !== undefined) query = query.where('patrol.status', '=', filter.status);
  if (filter.from !== undefined) query = query.where('patrol.started_at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('patrol.started_at', '<', filter.to);
  if (filter.beforeId !== undefined) query = query.where('patrol.id', '<', filter.beforeId);
  const rows = await query.orderBy('patrol.id', 'desc').limit(filter.limit).execute();
  return rows.map(toPatrol);
}

export async function insertPatrol(
  trx: Trx,
  values: { workerId: number; workerName: string; unitId: number; unitPath: string; at: string },
): Promise<number> {
  const row = await trx
    .insertInto('patrol')
    .values({
      worker_id: values.workerId,
      worker_name: values.workerName,
      unit_id: values.unitId,
      unit_path: values.unitPath,
      status: 'open',
      open_worker_id: values.workerId,
      started_at: values.at,
      finished_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Finishes an open patrol; false when it was not open (already finished by another request). */
export async function markFinished(trx: Trx, id: number, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('patrol')
    .set({ status: 'finished', open_worker_id: null, finished_at: at })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface TrackPoint {
  at: string;
  lng: number;
  lat: number;
  accuracy: number | null;
}

/** Stores the points not stored yet (one per instant); returns how many were new. */
export async function insertPoints(trx: Trx, patrolId: number, points: TrackPoint[]): Promise<number> {
  let added = 0;
  // Chunks keep the statement under SQLite's parameter limit.
  for (let i = 0; i < points.length; i += 100) {
    const rows = await trx
      .insertInto('patrol_track_point')
      .values(points.slice(i, i + 100).map((p) => ({ patrol_id: patrolId, ...p })))
      .onConflict((oc) => oc.columns(['patrol_id', 'at']).doNothing())
      .returning('at')
      .execute();
    added += rows.length;
  }
  return added;
}

export async function listPoints(db: Executor, patrolId: number): Promise<TrackPoint[]> {
  const rows = await db
    .selectFrom('patrol_track_point')
    .select(['at', 'lng', 'lat', 'accuracy'])
    .where('patrol_id', '=', patrolId)
    .orderBy('at')
    .execute();
  return rows.map((r) => ({
    at: r.at,
    lng: Number(r.lng),
    lat: Number(r.lat),
    accuracy: r.accuracy === null ? null : Number(r.accuracy),
  }));
}

export async function saveTrackFigures(trx: Trx, id: number, pointCount: number, distanceM: number): Promise<void> {
  await trx
    .updateTable('patrol')
    .set({ point_count: pointCount, distance_m: distanceM })
    .where('id', '=', id)
    .execute();
}

export interface VisitRow {
  id: number;
  patrolId: number;
  placeKind: VisitPlaceKind;
  place: string;
  address: string | null;
  met: string;
  situation: string;
  finding: string | null;
  lng: number | null;
  lat: number | null;
  visitedAt: string;
  caseId: number | null;
  houseId: number | null;
  createdAt: string;
}

const visitColumns = [
  'id',
  'patrol_id',
  'place_kind',
  'place',
  'address',
  'met',
  'situation',
  'finding',
  'lng',
  'lat',
  'visited_at',
  'case_id',
  'house_id',
  'created_at',
] as const;

type VisitSelect = {
  id: number;
  patrol_id: number;
  place_kind: VisitPlaceKind;
  place: string;
  address: string | null;
  met: string;
  situation: string;
  finding: string | null;
  lng: number | null;
  lat: number | null;
  visited_at: string;
  case_id: number | null;
  house_id: number | null;
  created_at: string;
};

const toVisit = (r: VisitSelect): VisitRow => ({
  id: r.id,
  patrolId: r.patrol_id,
  placeKind: r.place_kind,
  place: r.place,
  address: r.address,
  met: r.met,
  situation: r.situation,
  finding: r.finding,
  lng: r.lng === null ? null : Number(r.lng),
  lat: r.lat === null ? null : Number(r.lat),
  visitedAt: r.visited_at,
  caseId: r.case_id,
  houseId: r.house_id === null ? null : Number(r.house_id),
  createdAt: r.created_at,
});

export async function listVisits(db: Executor, patrolId: number): Promise<VisitRow[]> {
  const rows = await db
    .selectFrom('patrol_visit')
    .select(visitColumns)
    .where('patrol_id', '=', patrolId)
    .orderBy('visited_at')
    .orderBy('id')
    .execute();
  return rows.map(toVisit);
}

export async function findVisit(db: Executor, patrolId: number, id: number): Promise<VisitRow | undefined> {
  const row = await db
    .selectFrom('patrol_visit')
    .select(visitColumns)
    .where('patrol_id', '=', patrolId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toVisit(row) : undefined;
}

export async function insertVisit(
  trx: Trx,
  values: Omit<VisitSelect, 'id' | 'case_id'> & { place_key: string; created_by: number },
): Promise<number> {
  const row = await trx
    .insertInto('patrol_visit')
    .values({ ...values, case_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Links the visit to its case unless it already has one; false when it had. */
export async function linkVisitCase(trx: Trx, visitId: number, caseId: number): Promise<boolean> {
  const result = await trx
    .updateTable('patrol_visit')
    .set({ case_id: caseId })
    .where('id', '=', visitId)
    .where('case_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface CoverageRow {
  workerId: number;
  workerName: string;
  unitId: number;
  patrols: number;
  visits: number;
  places: number;
  /** Distinct base-data houses visited (visits that named one). */
  housesVisited: number;
}

/**
 * Per worker and grid, over the patrols started in [from, to) inside `paths`: patrols, visits and
 * distinct places visited (by place key).
 */
export async function coverageByWorker(
  db: Executor,
  paths: string[],
  from: string,
  to: string,
  workerId?: number,
): Promise<CoverageRow[]> {
  if (paths.length === 0) return [];
  let inWindow = db
    .selectFrom('patrol')
    .where((eb) => withinAny(eb, paths))
    .where('patrol.started_at', '>=', from)
    .where('patrol.started_at', '<', to);
  if (workerId !== undefined) inWindow = inWindow.where('patrol.worker_id', '=', workerId);
  const patrols = await inWindow
    .select((eb) => [
      'patrol.worker_id',
      'patrol.unit_id',
      eb.fn.max('patrol.worker_name').as('worker_name'),
      eb.fn.countAll<string>().as('n'),
    ])
    .groupBy(['patrol.worker_id', 'patrol.unit_id'])
    .execute();
  const visits = await inWindow
    .innerJoin('patrol_visit', 'patrol_visit.patrol_id', 'patrol.id')
    .select((eb) => [
      'patrol.worker_id',
      'patrol.unit_id',
      eb.fn.countAll<string>().as('visits'),
      eb.fn.count<string>('patrol_visit.place_key').distinct().as('places'),
      eb.fn.count<string>('patrol_visit.house_id').distinct().as('houses'),
    ])
    .groupBy(['patrol.worker_id', 'patrol.unit_id'])
    .execute();
  const byKey = new Map(visits.map((v) => [`${v.worker_id}/${v.unit_id}`, v]));
  return patrols
    .map((p) => {
      const v = byKey.get(`${p.worker_id}/${p.unit_id}`);
      return {
        workerId: p.worker_id,
        workerName: String(p.worker_name),
        unitId: p.unit_id,
        patrols: Number(p.n),
        visits: Number(v?.visits ?? 0),
        places: Number(v?.places ?? 0),
        housesVisited: Number(v?.houses ?? 0),
      };
    })
    .sort((a, b) => b.places - a.places || a.workerId - b.workerId);
}

export interface PhotoRow {
  id: number;
  visitId: number;
  patrolId: number;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  lng: number | null;
  lat: number | null;
  createdAt: string;
}

const photoColumns = [
  'id',
  'visit_id',
  'patrol_id',
  'file_name',
  'media_type',
  'size',
  'sha256',
  'lng',
  'lat',
  'created_at',
  'storage_key',
] as const;

const toPhoto = (r: {
  id: number;
  visit_id: number;
  patrol_id: number;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  lng: number | null;
  lat: number | null;
  created_at: string;
}): PhotoRow => ({
  id: r.id,
  visitId: r.visit_id,
  patrolId: r.patrol_id,
  fileName: r.file_name,
  mediaType: r.media_type,
  size: Number(r.size),
  sha256: r.sha256,
  lng: r.lng === null ? null : Number(r.lng),
  lat: r.lat === null ? null : Number(r.lat),
  createdAt: r.created_at,
});

/** The photos of a patrol's visits, oldest first. */
export async function listPhotos(db: Executor, patrolId: number): Promise<PhotoRow[]> {
  const rows = await db
    .selectFrom('patrol_visit_photo')
    .select(photoColumns)
    .where('patrol_id', '=', patrolId)
    .orderBy('id')
    .execute();
  return rows.map(toPhoto);
}

export async function listVisitPhotos(db: Executor, visitId: number): Promise<(PhotoRow & { storageKey: string })[]> {
  const rows = await db
    .selectFrom('patrol_visit_photo')
    .select(photoColumns)
    .where('visit_id', '=', visitId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...toPhoto(r), storageKey: r.storage_key }));
}

/** The photo if it belongs to this visit of this patrol. */
export async function findPhoto(
  db: Executor,
  patrolId: number,
  visitId: number,
  id: number,
): Promise<(PhotoRow & { storageKey: string }) | undefined> {
  const row = await db
    .selectFrom('patrol_visit_photo')
    .select(photoColumns)
    .where('patrol_id', '=', patrolId)
    .where('visit_id', '=', visitId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { ...toPhoto(row), storageKey: row.storage_key } : undefined;
}

export async function countVisitPhotos(db: Executor, visitId: number): Promise<number> {
  const row = await db
    .selectFrom('patrol_visit_photo')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('visit_id', '=', visitId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertPhoto(
  trx: Trx,
  values: {
    visit_id: number;
    patrol_id: number;
    file_name: string;
    media_type: string;
    size: number;
    sha256: string;
    storage_key: string;
    lng: number | null;
    lat: number | null;
    uploaded_by: number;
    created_at: string;
  },
): Promise<number> {
  const row = await trx.insertInto('patrol_visit_photo').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The patrols started in [from, to) inside `paths` with their tracks and located visits (the map). */
export async function tracksOf(
  db: Executor,
  patrolIds: number[],
): Promise<{ points: Map<number, [number, number][]>; visits: Map<number, VisitRow[]> }> {
  const points = new Map<number, [number, number][]>();
  const visits = new Map<number, VisitRow[]>();
  for (let i = 0; i < patrolIds.length; i += 200) {
    const ids = patrolIds.slice(i, i + 200);
    const rows = await db
      .selectFrom('patrol_track_point')
      .select(['patrol_id', 'lng', 'lat'])
      .where('patrol_id', 'in', ids)
      .orderBy('patrol_id')
      .orderBy('at')
      .execute();
    for (const r of rows) {
      const list = points.get(r.patrol_id) ?? [];
      list.push([Number(r.lng), Number(r.lat)]);
      points.set(r.patrol_id, list);
    }
    const visitRows = await db
      .selectFrom('patrol_visit')
      .select(visitColumns)
      .where('patrol_id', 'in', ids)
      .orderBy('visited_at')
      .orderBy('id')
      .execute();
    for (const r of visitRows) {
      const list = visits.get(r.patrol_id) ?? [];
      list.push(toVisit(r));
      visits.set(r.patrol_id, list);
    }
  }
  return { points, visits };
}
