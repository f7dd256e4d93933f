// Kysely queries of the case map (points in a box, or counts per grid cell) and of the units'
// current load. The box, the jurisdiction and the filters are applied in SQL; at most a bounded
// number of rows comes back whatever the number of cases.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../context.ts';
import type { DialectName } from '../../platform/db/database.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import type { CaseStatus } from '../../../common/workflow.ts';
import type { CaseScope } from './cases.policy.ts';
import { inCaseScope, type CaseRow } from './cases.repository.ts';
import { KPIS } from './kpi.ts';
import { countWhere, ruleSql } from './kpi-sql.ts';

export interface Box {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

export interface MapFilter {
  scope: CaseScope;
  withinPath?: string | undefined;
  box?: Box | undefined;
  status?: CaseStatus[] | undefined;
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
}

const noScope = (scope: CaseScope) =>
  scope.regionPaths.length === 0 && scope.handlerUnitIds.length === 0 && scope.reporterUserId === null;

function located(db: Db, filter: MapFilter) {
  let query = db
    .selectFrom('case_record')
    .where('lat', 'is not', null)
    .where('lng', 'is not', null)
    .where((eb) => inCaseScope(eb, filter.scope));
  const { box } = filter;
  if (box) {
    query = query
      .where('lat', '>=', box.minLat)
      .where('lat', '<=', box.maxLat)
      .where('lng', '>=', box.minLng)
      .where('lng', '<=', box.maxLng);
  }
  if (filter.withinPath) {
    query = query
      .where('region_path', '>=', filter.withinPath)
      .where('region_path', '<', subtreeUpperBound(filter.withinPath));
  }
  if (filter.status && filter.status.length > 0) query = query.where('status', 'in', filter.status);
  if (filter.createdFrom) query = query.where('created_at', '>=', filter.createdFrom);
  if (filter.createdTo) query = query.where('created_at', '<', filter.createdTo);
  return query;
}

/** How many located cases match, and the box they span (null when none). */
export async function countMapCases(db: Db, filter: MapFilter): Promise<{ total: number; extent: Box | null }> {
  if (noScope(filter.scope)) return { total: 0, extent: null };
  const row = await located(db, filter)
    .select((eb) => [
      eb.fn.countAll<string | number>().as('total'),
      eb.fn.min('lng').as('min_lng'),
      eb.fn.min('lat').as('min_lat'),
      eb.fn.max('lng').as('max_lng'),
      eb.fn.max('lat').as('max_lat'),
    ])
    .executeTakeFirstOrThrow();
  const total = Number(row.total);
  if (total === 0 || row.min_lng === null || row.min_lat === null || row.max_lng === null || row.max_lat === null) {
    return { total, extent: null };
  }
  return {
    total,
    extent: {
      minLng: Number(row.min_lng),
      minLat: Number(row.min_lat),
      maxLng: Number(row.max_lng),
      maxLat: Number(row.max_lat),
    },
  };
}

export type MapPointRow = Pick<CaseRow, 'id' | 'number' | 'title' | 'status' | 'stage_deadline'> & {
  lng: number;
  lat: number;
};

/** The newest `limit` located cases that match, one row each. */
export async function findMapPoints(db: Db, filter: MapFilter, limit: number): Promise<MapPointRow[]> {
  if (noScope(filter.scope)) return [];
  const rows = await located(db, filter)
    .select(['id', 'number', 'title', 'status', 'stage_deadline', 'lng', 'lat'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, lng: Number(r.lng), lat: Number(r.lat) }));
}

export interface MapCellRow {
  gx: number;
  gy: number;
  status: CaseStatus;
  count: number;
  /** Sums of the members' coordinates: their mean places the cluster where its cases are. */
  sumLng: number;
  sumLat: number;
}

/**
 * Matching cases counted per square cell of `cell` degrees and per status. Cells are numbered
 * from (-180, -90), so the numbers are never negative and truncation is the floor on both engines.
 */
export async function countMapCells(
  db: Db,
  dialect: DialectName,
  filter: MapFilter,
  cell: number,
): Promise<MapCellRow[]> {
  if (noScope(filter.scope)) return [];
  const index = (column: 'lng' | 'lat', origin: number): RawBuilder<number> =>
    dialect === 'postgres'
      ? sql<number>`floor((${sql.ref(column)} + ${origin}) / ${cell})::integer`
      : sql<number>`cast((${sql.ref(column)} + ${origin}) / ${cell} as integer)`;
  const rows = await located(db, filter)
    .select((eb) => [
      index('lng', 180).as('gx'),
      index('lat', 90).as('gy'),
      'status',
      eb.fn.countAll<string | number>().as('count'),
      eb.fn.sum<string | number>('lng').as('sum_lng'),
      eb.fn.sum<string | number>('lat').as('sum_lat'),
    ])
    .groupBy([sql`1`, sql`2`, 'status'])
    .execute();
  return rows.map((r) => ({
    gx: Number(r.gx),
    gy: Number(r.gy),
    status: r.status,
    count: Number(r.count),
    sumLng: Number(r.sum_lng),
    sumLat: Number(r.sum_lat),
  }));
}

/** Open cases each unit leads now, and how many of them are overdue (the KPI rules), by unit id. */
export async function countLedCases(
  db: Db,
  unitIds: readonly number[],
  now: string,
): Promise<Map<number, { open: number; overdue: number }>> {
  if (unitIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('case_record')
    .select(['lead_unit_id', countWhere(KPIS.overdue.rule, { now }).as('overdue')])
    .select((eb) => eb.fn.countAll<string | number>().as('open'))
    .where('lead_unit_id', 'in', [...unitIds])
    .where(ruleSql(KPIS.open.rule))
    .groupBy('lead_unit_id')
    .execute();
  return new Map(
    rows.flatMap((r) =>
      r.lead_unit_id === null ? [] : [[r.lead_unit_id, { open: Number(r.open), overdue: Number(r.overdue ?? 0) }]],
    ),
  );
}
