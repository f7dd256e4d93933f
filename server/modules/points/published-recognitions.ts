// The approved nominations, for the public page and the residents' app: the nominee's name as
// nominated, the deed, the unit and when — nothing else of the nominee or the nominator. The public
// route (transparency) scrubs the deed's text before it leaves.
import type { Db } from '../../context.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import { unitNames } from '../org/index.ts';

export interface PublishedRecognition {
  id: number;
  unitName: string;
  nomineeName: string;
  deed: string;
  recognisedAt: string;
}

/** Newest first; under `unitPath` (and at it) when given. */
export async function publishedRecognitions(
  db: Db,
  unitPath: string | null,
  limit: number,
): Promise<PublishedRecognition[]> {
  let q = db
    .selectFrom('recognition')
    .select(['id', 'unit_id', 'nominee_name', 'deed', 'reviewed_at'])
    .where('status', '=', 'approved');
  if (unitPath !== null) q = q.where('unit_path', '>=', unitPath).where('unit_path', '<', subtreeUpperBound(unitPath));
  const rows = await q.orderBy('reviewed_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  const names = await unitNames(
    db,
    rows.map((r) => r.unit_id),
  );
  return rows.map((r) => ({
    id: r.id,
    unitName: names.get(r.unit_id) ?? '',
    nomineeName: r.nominee_name,
    deed: r.deed,
    recognisedAt: r.reviewed_at ?? '',
  }));
}
