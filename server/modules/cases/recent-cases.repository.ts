// Read-only look-ups over recent cases for the modules above cases that watch for patterns (the
// early warnings of issue 17): the cases of one caller, at one address or near one point, and the
// counts per place and category in a time window. No personal data leaves: callers are matched by
// the phone's blind index or the reporter's account, never by the number itself.
import { sql } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';

type Executor = Db | Trx;

export interface RecentCase {
  id: number;
  number: string;
  createdAt: string;
  regionId: number;
  regionPath: string;
  lng: number | null;
  lat: number | null;
}

const columns = ['id', 'number', 'created_at', 'region_id', 'region_path', 'lng', 'lat'] as const;

const toRecent = (r: {
  id: number;
  number: string;
  created_at: string;
  region_id: number;
  region_path: string;
  lng: number | null;
  lat: number | null;
}): RecentCase => ({
  id: r.id,
  number: r.number,
  createdAt: r.created_at,
  regionId: r.region_id,
  regionPath: r.region_path,
  lng: r.lng,
  lat: r.lat,
});

/** Cases since `since` from the same caller: the phone's blind index, or the reporter's account. */
export async function casesOfCaller(
  db: Executor,
  caller: { phoneHash: string | null; reporterUserId: number | null },
  since: string,
): Promise<RecentCase[]> {
  if (caller.phoneHash === null && caller.reporterUserId === null) return [];
  const rows = await db
    .selectFrom('case_record')
    .select(columns)
    .where('created_at', '>=', since)
    .where('merged_into_id', 'is', null)
    .where((eb) =>
      eb.or([
        ...(caller.phoneHash !== null ? [eb('reporter_phone_hash', '=', caller.phoneHash)] : []),
        ...(caller.reporterUserId !== null ? [eb('reporter_user_id', '=', caller.reporterUserId)] : []),
      ]),
    )
    .orderBy('id')
    .execute();
  return rows.map(toRecent);
}

/**
 * The thousandth-of-a-degree cells of case_place_cell_idx, as both databases compute them (SQLite's
 * cast truncates, PostgreSQL's rounds): the same expressions as the index, or it is not used.
 */
const LAT_CELL = sql<number>`cast(lat * 1000 as integer)`;
const LNG_CELL = sql<number>`cast(lng * 1000 as integer)`;

/** Every cell number either cast can give a coordinate in [from, to]: floor(from) to floor(to) + 1. */
export function cellsCovering(from: number, to: number): number[] {
  const cells: number[] = [];
  for (let cell = Math.floor(from * 1000); cell <= Math.floor(to * 1000) + 1; cell++) cells.push(cell);
  return cells;
}

/**
 * The ids of the cases since `since` with exactly this address (spaces ignored), or within `radiusM`
 * of the point, in id order. Two look-ups, each on its own index (the address as compared:
 * case_address_key_idx; the cells around the point: case_place_cell_idx, which holds everything
 * the point's half reads), merged: one query with both under an OR scanned the whole table.
 */
export async function caseIdsAtPlace(
  db: Executor,
  place: { address: string | null; lng: number | null; lat: number | null; radiusM: number },
  since: string,
): Promise<number[]> {
  const address = place.address?.replace(/\s+/g, '') || null;
  const point = place.lng !== null && place.lat !== null ? { lng: place.lng, lat: place.lat } : null;
  const found = new Set<number>();
  if (address !== null) {
    const rows = await db
      .selectFrom('case_record')
      .select(['id', 'address'])
      .where(sql<string>`replace(address, ' ', '')`, '=', address)
      .where('created_at', '>=', since)
      .where('merged_into_id', 'is', null)
      .execute();
    // The index ignores spaces only; other white space (a tab, a full-width space) is compared here.
    for (const r of rows) if (r.address?.replace(/\s+/g, '') === address) found.add(r.id);
  }
  if (point !== null) {
    // A box around the point first (1° of latitude ≈ 111 km), then the exact distance.
    const dLat = place.radiusM / 111_000;
    const dLng = place.radiusM / (111_000 * Math.cos((point.lat * Math.PI) / 180));
    const rows = await db
      .selectFrom('case_record')
      .select(['id', 'lng', 'lat'])
      .where(LAT_CELL, 'in', cellsCovering(point.lat - dLat, point.lat + dLat))
      .where(LNG_CELL, 'in', cellsCovering(point.lng - dLng, point.lng + dLng))
      .where('created_at', '>=', since)
      .where('lat', '>=', point.lat - dLat)
      .where('lat', '<=', point.lat + dLat)
      .where('lng', '>=', point.lng - dLng)
      .where('lng', '<=', point.lng + dLng)
      .where('merged_into_id', 'is', null)
      .execute();
    for (const r of rows) {
      if (r.lng !== null && r.lat !== null && metresBetween(point, { lng: r.lng, lat: r.lat }) <= place.radiusM)
        found.add(r.id);
    }
  }
  return [...found].sort((a, b) => a - b);
}

/** Great-circle distance (haversine) in metres; GCJ-02 offsets are locally constant, so fine at 100 m. */
export function metresBetween(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const R = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface PlaceCategoryCount {
  /** The case's region path (a grid's, or a unit's above when the case has no grid). */
  regionPath: string;
  categoryCode: string;
  /** Cases in [recentFrom, to). */
  recent: number;
  /** Cases in [baselineFrom, recentFrom). */
  baseline: number;
}

/**
 * Counts per region and category in two adjacent windows: the baseline [baselineFrom, recentFrom)
 * and the recent one [recentFrom, to). Merged duplicates are left out.
 */
export async function categoryCountsByPlace(
  db: Executor,
  window: { baselineFrom: string; recentFrom: string; to: string },
): Promise<PlaceCategoryCount[]> {
  const rows = await db
    .selectFrom('case_record')
    .select((eb) => [
      'region_path',
      'category_code',
      eb.fn
        .sum<number | string>(eb.case().when('created_at', '>=', window.recentFrom).then(1).else(0).end())
        .as('recent'),
      eb.fn
        .sum<number | string>(eb.case().when('created_at', '<', window.recentFrom).then(1).else(0).end())
        .as('baseline'),
    ])
    .where('created_at', '>=', window.baselineFrom)
    .where('created_at', '<', window.to)
    .where('merged_into_id', 'is', null)
    .groupBy(['region_path', 'category_code'])
    .execute();
  return rows.map((r) => ({
    regionPath: r.region_path,
    categoryCode: r.category_code,
    recent: Number(r.recent),
    baseline: Number(r.baseline),
  }));
}

/** The ids of the cases of one category located under `regionPath` and created in [from, to). */
export async function caseIdsInPlace(
  db: Executor,
  query: { regionPath: string; categoryCode: string; from: string; to: string },
): Promise<number[]> {
  const rows = await db
    .selectFrom('case_record')
    .select('id')
    .where('region_path', '>=', query.regionPath)
    .where('region_path', '<', subtreeUpperBound(query.regionPath))
    .where('category_code', '=', query.categoryCode)
    .where('created_at', '>=', query.from)
    .where('created_at', '<', query.to)
    .where('merged_into_id', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}
