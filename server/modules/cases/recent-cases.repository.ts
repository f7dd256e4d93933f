// Read-only look-ups over recent cases for the modules above cases that watch for patterns (the
// early warnings of issue 17): the cases of one caller, at one address or near one point, and the
// counts per place and category in a time window. No personal data leaves: callers are matched by
// the phone's blind index or the reporter's account, never by the number itself.
import { sql, type RawBuilder } from 'kysely';
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

/** The caller of a case: the phone's blind index, or the reporter's account. */
export interface CallerQuery {
  phoneHash: string | null;
  reporterUserId: number | null;
  since: string;
}

/** A place: exactly this address (spaces ignored), or within `radiusM` of the point. */
export interface PlaceQuery {
  address: string | null;
  lng: number | null;
  lat: number | null;
  radiusM: number;
  since: string;
}

export interface CasesAround {
  /** The caller's cases since its `since`, in id order (empty when not asked). */
  callerCases: RecentCase[];
  /** The ids of the place's cases since its `since`, in id order (empty when not asked). */
  placeIds: number[];
}

/**
 * The recent cases of a caller and of a place, merged duplicates left out, in one statement (the
 * intake rules ask both for every report): each look-up a branch of a UNION ALL on its own index —
 * the caller's: case_reporter_phone_idx or case_reporter_idx; the address as compared:
 * case_address_key_idx; the cells around the point: case_place_cell_idx, which holds everything
 * that branch reads. One query with the place's two look-ups under an OR scanned the whole table.
 */
export async function casesAround(
  db: Executor,
  query: { caller?: CallerQuery | undefined; place?: PlaceQuery | undefined },
): Promise<CasesAround> {
  const { caller, place } = query;
  // Each branch reads only what its look-up needs (the point's: what case_place_cell_idx holds);
  // the other columns are typed nulls, alike in every branch.
  const text = sql<string | null>`cast(null as text)`;
  const integer = sql<number | null>`cast(null as integer)`;
  const real = sql<number | null>`cast(null as double precision)`;
  const column = <T, N extends string>(name: N, read: boolean, otherwise: RawBuilder<T | null>) =>
    (read ? sql<T | null>`${sql.ref(name)}` : otherwise).as(name);
  const branch = (part: 'caller' | 'address' | 'point', since: string) =>
    db
      .selectFrom('case_record')
      .select([
        sql.lit(part).as('part'),
        'id',
        column<string, 'number'>('number', part === 'caller', text),
        column<string, 'created_at'>('created_at', part === 'caller', text),
        column<number, 'region_id'>('region_id', part === 'caller', integer),
        column<string, 'region_path'>('region_path', part === 'caller', text),
        column<number, 'lng'>('lng', part !== 'address', real),
        column<number, 'lat'>('lat', part !== 'address', real),
        column<string, 'address'>('address', part === 'address', text),
      ])
      .where('created_at', '>=', since)
      .where('merged_into_id', 'is', null);
  const branches: ReturnType<typeof branch>[] = [];
  if (caller && (caller.phoneHash !== null || caller.reporterUserId !== null)) {
    branches.push(
      branch('caller', caller.since).where((eb) =>
        eb.or([
          ...(caller.phoneHash !== null ? [eb('reporter_phone_hash', '=', caller.phoneHash)] : []),
          ...(caller.reporterUserId !== null ? [eb('reporter_user_id', '=', caller.reporterUserId)] : []),
        ]),
      ),
    );
  }
  const address = place?.address?.replace(/\s+/g, '') || null;
  if (place && address !== null) {
    branches.push(branch('address', place.since).where(sql<string>`replace(address, ' ', '')`, '=', address));
  }
  const point = place && place.lng !== null && place.lat !== null ? { lng: place.lng, lat: place.lat } : null;
  if (place && point !== null) {
    // A box around the point first (1° of latitude ≈ 111 km), then the exact distance.
    const dLat = place.radiusM / 111_000;
    const dLng = place.radiusM / (111_000 * Math.cos((point.lat * Math.PI) / 180));
    branches.push(
      branch('point', place.since)
        .where(LAT_CELL, 'in', cellsCovering(point.lat - dLat, point.lat + dLat))
        .where(LNG_CELL, 'in', cellsCovering(point.lng - dLng, point.lng + dLng))
        .where('lat', '>=', point.lat - dLat)
        .where('lat', '<=', point.lat + dLat)
        .where('lng', '>=', point.lng - dLng)
        .where('lng', '<=', point.lng + dLng),
    );
  }
  const [first, ...rest] = branches;
  if (!first) return { callerCases: [], placeIds: [] };
  const rows = await rest.reduce((union, next) => union.unionAll(next), first).execute();
  const callerCases: RecentCase[] = [];
  const atPlace = new Set<number>();
  for (const r of rows) {
    if (r.part === 'caller')
      callerCases.push(
        toRecent({
          ...r,
          number: r.number!,
          created_at: r.created_at!,
          region_id: r.region_id!,
          region_path: r.region_path!,
        }),
      );
    // The index ignores spaces only; other white space (a tab, a full-width space) is compared here.
    else if (r.part === 'address') {
      if (r.address?.replace(/\s+/g, '') === address) atPlace.add(r.id);
    } else if (
      point !== null &&
      r.lng !== null &&
      r.lat !== null &&
      metresBetween(point, { lng: r.lng, lat: r.lat }) <= place!.radiusM
    )
      atPlace.add(r.id);
  }
  return {
    callerCases: callerCases.sort((a, b) => a.id - b.id),
    placeIds: [...atPlace].sort((a, b) => a - b),
  };
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
