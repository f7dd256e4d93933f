// Kysely over the recognition board's nominations.
import type { Db, Trx } from '../../context.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import type { RecognitionStatus } from '../../../common/points.ts';

type Executor = Db | Trx;

export interface RecognitionRow {
  id: number;
  unitId: number;
  unitPath: string;
  nomineeName: string;
  nomineeUserId: number | null;
  deed: string;
  nominatedBy: number;
  nominatedAt: string;
  status: RecognitionStatus;
  reviewedBy: number | null;
  reviewedAt: string | null;
  reviewReason: string | null;
  pointsCredited: number | null;
}

const toRow = (r: {
  id: number;
  unit_id: number;
  unit_path: string;
  nominee_name: string;
  nominee_user_id: number | null;
  deed: string;
  nominated_by: number;
  nominated_at: string;
  status: string;
  reviewed_by: number | null;
  reviewed_at: string | null;
  review_reason: string | null;
  points_credited: number | null;
}): RecognitionRow => ({
  id: r.id,
  unitId: r.unit_id,
  unitPath: r.unit_path,
  nomineeName: r.nominee_name,
  nomineeUserId: r.nominee_user_id,
  deed: r.deed,
  nominatedBy: r.nominated_by,
  nominatedAt: r.nominated_at,
  status: r.status as RecognitionStatus,
  reviewedBy: r.reviewed_by,
  reviewedAt: r.reviewed_at,
  reviewReason: r.review_reason,
  pointsCredited: r.points_credited === null ? null : Number(r.points_credited),
});

export async function insertRecognition(
  trx: Trx,
  r: { unitId: number; unitPath: string; nomineeName: string; nomineeUserId: number | null; deed: string },
  by: number,
  at: string,
): Promise<number> {
  const row = await trx
    .insertInto('recognition')
    .values({
      unit_id: r.unitId,
      unit_path: r.unitPath,
      nominee_name: r.nomineeName,
      nominee_user_id: r.nomineeUserId,
      deed: r.deed,
      nominated_by: by,
      nominated_at: at,
      status: 'pending',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findRecognition(db: Executor, id: number): Promise<RecognitionRow | undefined> {
  const r = await db.selectFrom('recognition').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toRow(r) : undefined;
}

/** Decides a pending nomination only if it still is: true when this call did it. */
export async function decideRecognition(
  trx: Trx,
  id: number,
  d: { status: 'approved' | 'rejected'; by: number; at: string; reason: string | null },
): Promise<boolean> {
  const r = await trx
    .updateTable('recognition')
    .set({ status: d.status, reviewed_by: d.by, reviewed_at: d.at, review_reason: d.reason })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setPointsCredited(trx: Trx, id: number, points: number): Promise<void> {
  await trx.updateTable('recognition').set({ points_credited: points }).where('id', '=', id).execute();
}

/** Nominations under any of `roots` (or of exactly `roots` when `exact`), newest first. */
export async function listRecognitions(
  db: Executor,
  q: { roots: string[]; status?: RecognitionStatus | undefined; nominatedBy?: number; limit: number },
): Promise<RecognitionRow[]> {
  if (q.roots.length === 0) return [];
  let query = db
    .selectFrom('recognition')
    .selectAll()
    .where((eb) =>
      eb.or(q.roots.map((p) => eb.and([eb('unit_path', '>=', p), eb('unit_path', '<', subtreeUpperBound(p))]))),
    );
  if (q.status) query = query.where('status', '=', q.status);
  if (q.nominatedBy !== undefined) query = query.where('nominated_by', '=', q.nominatedBy);
  return (await query.orderBy('id', 'desc').limit(q.limit).execute()).map(toRow);
}
