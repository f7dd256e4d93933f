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

/** How many of the place's newest cases casesAround returns by id (the place's count is whole). */
export const NEWEST_AT_PLACE = 8;

export interface CasesAround {
  /** The caller's cases since its `since`, in id order (empty when not asked). */
  callerCases: RecentCase[];
  /** The place's cases since its `since`: how many, and the ids of the newest few, in id order. */
  place: { count: number; newestIds: number[] };
}

/** Metres per degree of latitude, on a sphere of radius 6,371 km. */
const METRES_PER_DEGREE = (6_371_000 * Math.PI) / 180;

/**
 * The place's look-ups: the address as compared (case_address_key_idx), and the cells around the
 * point (case_place_cell_idx, which holds everything that look-up reads) with the distance
 * compared in the database. The flat distance used here and the great circle's (haversine) differ
 * by about a quarter of a millimetre at 100 m in Shandong, growing with the square of the radius
 * (2 cm at 1 km).
 */
function placeQuery(db: Executor, place: PlaceQuery) {
  const address = place.address?.replace(/\s+/g, '') || null;
  const point = place.lng !== null && place.lat !== null ? { lng: place.lng, lat: place.lat } : null;
  const branch = () =>
    db
      .selectFrom('case_record')
      .select('id')
      .where('created_at', '>=', place.since)
      .where('merged_into_id', 'is', null);
  // Spaces are ignored as the index ignores them; an address with other white space in it (a tab, a
  // full-width space) is kept by the index as it is and does not match.
  const byAddress = address === null ? null : branch().where(sql<string>`replace(address, ' ', '')`, '=', address);
  let byPoint = null;
  if (point !== null) {
    // A box around the point first (1° of latitude ≈ 111 km), then the distance.
    const dLat = place.radiusM / 111_000;
    const dLng = place.radiusM / (111_000 * Math.cos((point.lat * Math.PI) / 180));
    const perLat = METRES_PER_DEGREE;
    const perLng = METRES_PER_DEGREE * Math.cos((point.lat * Math.PI) / 180);
    byPoint = branch()
      .where(LAT_CELL, 'in', cellsCovering(point.lat - dLat, point.lat + dLat))
      .where(LNG_CELL, 'in', cellsCovering(point.lng - dLng, point.lng + dLng))
      .where('lat', '>=', point.lat - dLat)
      .where('lat', '<=', point.lat + dLat)
      .where('lng', '>=', point.lng - dLng)
      .where('lng', '<=', point.lng + dLng)
      .where(
        sql<number>`((lat - ${point.lat}) * ${perLat}) * ((lat - ${point.lat}) * ${perLat}) + ((lng - ${point.lng}) * ${perLng}) * ((lng - ${point.lng}) * ${perLng})`,
        '<=',
        place.radiusM * place.radiusM,
      );
  }
  if (byAddress && byPoint) return byAddress.union(byPoint);
  return byAddress ?? byPoint;
}

/**
 * The recent cases of a caller, and of a place — how many, and the newest few — in one statement
 * (the intake rules ask both for every report): a UNION ALL of the caller's look-up
 * (case_reporter_phone_idx or case_reporter_idx) and the place's (see placeQuery), merged
 * duplicates left out. A busy place is counted in the database and only its newest few cases are
 * sent: a report at a place of a thousand cases no longer reads, and offers its warning, all of
 * them (issue 20).
 */
export async function casesAround(
  db: Executor,
  query: { caller?: CallerQuery | undefined; place?: PlaceQuery | undefined },
): Promise<CasesAround> {
  const { caller, place } = query;
  const text = sql<string | null>`cast(null as text)`;
  const integer = sql<number | null>`cast(null as integer)`;
  // The place's count: a bigint, which PostgreSQL's driver gives as a string.
  const count = sql<number | string | null>`cast(null as integer)`;
  const byCaller =
    caller && (caller.phoneHash !== null || caller.reporterUserId !== null)
      ? db
          .selectFrom('case_record')
          .select([
            sql.lit('caller').as('part'),
            'id',
            sql<string | null>`number`.as('number'),
            sql<string | null>`created_at`.as('created_at'),
            sql<number | null>`region_id`.as('region_id'),
            sql<string | null>`region_path`.as('region_path'),
            sql<number | null>`lng`.as('lng'),
            sql<number | null>`lat`.as('lat'),
            count.as('n'),
          ])
          .where('created_at', '>=', caller.since)
          .where('merged_into_id', 'is', null)
          .where((eb) =>
            eb.or([
              ...(caller.phoneHash !== null ? [eb('reporter_phone_hash', '=', caller.phoneHash)] : []),
              ...(caller.reporterUserId !== null ? [eb('reporter_user_id', '=', caller.reporterUserId)] : []),
            ]),
          )
      : null;
  const atPlace = place ? placeQuery(db, place) : null;
  // The place's newest cases with the count of all of them (a window over the whole set, taken
  // before the limit); the columns as the caller's branch has them.
  const byPlace =
    atPlace === null
      ? null
      : db
          .selectFrom(
            db
              .selectFrom(atPlace.as('at_place'))
              .select(['id', sql<number | string>`count(*) over ()`.as('n')])
              .orderBy('id', 'desc')
              .limit(NEWEST_AT_PLACE)
              .as('newest'),
          )
          .select([
            sql.lit('place').as('part'),
            'id',
            text.as('number'),
            text.as('created_at'),
            integer.as('region_id'),
            text.as('region_path'),
            sql<number | null>`cast(null as double precision)`.as('lng'),
            sql<number | null>`cast(null as double precision)`.as('lat'),
            sql<number | string | null>`n`.as('n'),
          ]);
  const statement = byCaller && byPlace ? byCaller.unionAll(byPlace) : (byCaller ?? byPlace);
  if (statement === null) return { callerCases: [], place: { count: 0, newestIds: [] } };
  const rows = await statement.execute();
  const callerCases: RecentCase[] = [];
  const newestIds: number[] = [];
  let placeCount = 0;
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
    else {
      newestIds.push(r.id);
      placeCount = Number(r.n);
    }
  }
  return {
    callerCases: callerCases.sort((a, b) => a.id - b.id),
    place: { count: placeCount, newestIds: newestIds.sort((a, b) => a - b) },
  };
}

/**
 * Every case of a place since its `since`, in id order: what a warning raised for the place lists
 * (casesAround gives only the newest few).
 */
export async function caseIdsAtPlace(db: Executor, place: PlaceQuery): Promise<number[]> {
  const atPlace = placeQuery(db, place);
  if (atPlace === null) return [];
  const rows = await db.selectFrom(atPlace.as('at_place')).select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
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
