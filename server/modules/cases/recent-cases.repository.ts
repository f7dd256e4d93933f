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

/** Cases since `since` with exactly this address (spaces ignored), or within `radiusM` of the point. */
export async function casesAtPlace(
  db: Executor,
  place: { address: string | null; lng: number | null; lat: number | null; radiusM: number },
  since: string,
): Promise<RecentCase[]> {
  const address = place.address?.replace(/\s+/g, '') || null;
  const point = place.lng !== null && place.lat !== null ? { lng: place.lng, lat: place.lat } : null;
  if (address === null && point === null) return [];
  // A box around the point first (1° of latitude ≈ 111 km), then the exact distance below.
  const dLat = place.radiusM / 111_000;
  const dLng = point ? place.radiusM / (111_000 * Math.cos((point.lat * Math.PI) / 180)) : 0;
  const rows = await db
    .selectFrom('case_record')
    .select([...columns, 'address'])
    .where('created_at', '>=', since)
    .where('merged_into_id', 'is', null)
    .where((eb) =>
      eb.or([
        ...(address !== null ? [eb(sql<string>`replace(address, ' ', '')`, '=', address)] : []),
        ...(point !== null
          ? [
              eb.and([
                eb('lat', '>=', point.lat - dLat),
                eb('lat', '<=', point.lat + dLat),
                eb('lng', '>=', point.lng - dLng),
                eb('lng', '<=', point.lng + dLng),
              ]),
            ]
          : []),
      ]),
    )
    .orderBy('id')
    .execute();
  return rows
    .filter(
      (r) =>
        (address !== null && r.address?.replace(/\s+/g, '') === address) ||
        (point !== null &&
          r.lng !== null &&
          r.lat !== null &&
          metresBetween(point, { lng: r.lng, lat: r.lat }) <= place.radiusM),
    )
    .map(toRecent);
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
