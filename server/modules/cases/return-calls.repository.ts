// Kysely queries for 回访: the resolved cases waiting for a rating by phone, and the calls made.
import type { Insertable, Selectable } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import type { CaseReturnCallTable } from './cases.table.ts';

type Executor = Db | Trx;
export type ReturnCallRow = Selectable<CaseReturnCallTable>;

export interface ReturnCallQueueFilter {
  /** Subtree roots of the actor's power (nested roots removed). */
  regionPaths: string[];
  /** Only cases under this unit's path. */
  withinPath?: string | undefined;
  /** The key of the last row of the previous page. */
  after?: { resolvedAt: string; id: number } | undefined;
  limit: number;
}

/**
 * Resolved cases not yet rated whose reporter left a number, in the given subtrees, the longest
 * waiting first (resolved_at, then id: one range of case_resolved_queue_idx).
 */
export async function listReturnCallQueue(db: Executor, filter: ReturnCallQueueFilter) {
  if (filter.regionPaths.length === 0) return [];
  let query = db
    .selectFrom('case_record')
    .select([
      'id',
      'number',
      'title',
      'status',
      'version',
      'resolved_at',
      'result',
      'reporter_name',
      'reporter_phone_enc',
    ])
    .where('status', '=', 'resolved')
    .where('rating', 'is', null)
    .where('resolved_at', 'is not', null)
    .where('reporter_phone_enc', 'is not', null)
    .where((eb) =>
      eb.or(
        filter.regionPaths.map((p) =>
          eb.and([eb('region_path', '>=', p), eb('region_path', '<', subtreeUpperBound(p))]),
        ),
      ),
    );
  if (filter.withinPath !== undefined) {
    query = query
      .where('region_path', '>=', filter.withinPath)
      .where('region_path', '<', subtreeUpperBound(filter.withinPath));
  }
  const after = filter.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('resolved_at', '>', after.resolvedAt),
        eb.and([eb('resolved_at', '=', after.resolvedAt), eb('id', '>', after.id)]),
      ]),
    );
  }
  const rows = await query.orderBy('resolved_at').orderBy('id').limit(filter.limit).execute();
  // The query keeps only rows with both set; the types do not know it.
  return rows.flatMap((r) =>
    r.resolved_at !== null && r.reporter_phone_enc !== null
      ? [{ ...r, resolved_at: r.resolved_at, reporter_phone_enc: r.reporter_phone_enc }]
      : [],
  );
}

/** The calls made to each of these cases' reporters, oldest first. */
export async function returnCallsOf(db: Executor, caseIds: number[]): Promise<ReturnCallRow[]> {
  if (caseIds.length === 0) return [];
  return db.selectFrom('case_return_call').selectAll().where('case_id', 'in', caseIds).orderBy('id').execute();
}

export async function insertReturnCall(
  trx: Trx,
  values: Omit<Insertable<CaseReturnCallTable>, 'id'>,
): Promise<ReturnCallRow> {
  return trx.insertInto('case_return_call').values(values).returningAll().executeTakeFirstOrThrow();
}
