// What cases offers a feed for other systems (Open311): cases and their timeline steps located
// under given subtrees, by number, category, time and status — never the reporter's columns.
import type { Db } from '../../context.ts';
import type { CaseStatus } from '../../../common/workflow.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';

const FEED_COLUMNS = [
  'id',
  'number',
  'status',
  'category_code',
  'description',
  'result',
  'address',
  'lng',
  'lat',
  'lead_unit_id',
  'created_at',
  'updated_at',
  'stage_deadline',
  'handle_deadline',
  'merged_into_id',
] as const;

export interface FeedCase {
  id: number;
  number: string;
  status: CaseStatus;
  category_code: string;
  description: string;
  result: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  lead_unit_id: number | null;
  created_at: string;
  updated_at: string;
  stage_deadline: string | null;
  handle_deadline: string | null;
  merged_into_id: number | null;
}

export interface FeedFilter {
  /** Subtree roots (materialised paths) the cases must be located under; empty: none. */
  within: readonly string[];
  numbers?: readonly string[] | undefined;
  categoryCodes?: readonly string[] | undefined;
  /** Created at or after / before (ISO, UTC). */
  from?: string | undefined;
  to?: string | undefined;
  statuses?: readonly CaseStatus[] | undefined;
  limit: number;
}

export async function listFeedCases(db: Db, filter: FeedFilter): Promise<FeedCase[]> {
  if (filter.within.length === 0) return [];
  let query = db
    .selectFrom('case_record')
    .select(FEED_COLUMNS)
    .where((eb) =>
      eb.or(
        filter.within.map((p) => eb.and([eb('region_path', '>=', p), eb('region_path', '<', subtreeUpperBound(p))])),
      ),
    );
  if (filter.numbers) {
    if (filter.numbers.length === 0) return [];
    query = query.where('number', 'in', [...filter.numbers]);
  }
  if (filter.categoryCodes) {
    if (filter.categoryCodes.length === 0) return [];
    query = query.where('category_code', 'in', [...filter.categoryCodes]);
  }
  if (filter.statuses) {
    if (filter.statuses.length === 0) return [];
    query = query.where('status', 'in', [...filter.statuses]);
  }
  if (filter.from !== undefined) query = query.where('created_at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('created_at', '<=', filter.to);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

export interface FeedEvent {
  id: number;
  case_id: number;
  number: string;
  action: string;
  to_status: CaseStatus;
  at: string;
  result: string | null;
}

/** Timeline steps of cases under `within`, at or after `from` and before or at `to`, oldest first. */
export async function listFeedEvents(
  db: Db,
  filter: { within: readonly string[]; from: string; to: string; limit: number },
): Promise<FeedEvent[]> {
  if (filter.within.length === 0) return [];
  const rows = await db
    .selectFrom('case_event')
    .innerJoin('case_record', 'case_record.id', 'case_event.case_id')
    .select([
      'case_event.id',
      'case_event.case_id',
      'case_record.number',
      'case_event.action',
      'case_event.to_status',
      'case_event.at',
      'case_record.result',
    ])
    .where((eb) =>
      eb.or(
        filter.within.map((p) =>
          eb.and([eb('case_record.region_path', '>=', p), eb('case_record.region_path', '<', subtreeUpperBound(p))]),
        ),
      ),
    )
    .where('case_event.at', '>=', filter.from)
    .where('case_event.at', '<=', filter.to)
    .orderBy('case_event.at')
    .orderBy('case_event.id')
    .limit(filter.limit)
    .execute();
  return rows.map((r) => ({ ...r, to_status: r.to_status as CaseStatus }));
}
