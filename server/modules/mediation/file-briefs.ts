// For modules above mediation (a screening finding handed to mediation): a file's number, its
// committee and its case, by id. Nothing about its parties leaves.
import type { Db, Trx } from '../../context.ts';

export interface MediationFileBrief {
  id: number;
  number: string;
  caseId: number;
  committeeId: number;
  status: 'open' | 'concluded';
}

export async function findFileBriefs(db: Db | Trx, ids: readonly number[]): Promise<Map<number, MediationFileBrief>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('mediation_file')
    .select(['id', 'number', 'case_id', 'committee_id', 'status'])
    .where('id', 'in', unique)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      { id: r.id, number: r.number, caseId: r.case_id, committeeId: r.committee_id, status: r.status },
    ]),
  );
}
