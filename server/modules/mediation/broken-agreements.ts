// For the early warnings (issue 17 §2): the follow-up visits that found an agreement broken, so a
// warning can be raised on the case behind it. Read-only; no party's details leave.
import type { Db, Trx } from '../../context.ts';

export interface BrokenAgreement {
  followUpId: number;
  fileId: number;
  fileNumber: string;
  caseId: number;
  committeeId: number;
  visitedAt: string;
  /** The parties the follow-up found in breach (issue 19 §4: their credit records); absent when it named none. */
  brokenByPartyIds?: number[];
  /** Who recorded the follow-up. */
  recordedBy?: number | null;
}

/** Follow-ups recorded since `since` that found the agreement broken, oldest first. */
export async function brokenAgreementsSince(db: Db | Trx, since: string): Promise<BrokenAgreement[]> {
  const rows = await db
    .selectFrom('mediation_followup as f')
    .innerJoin('mediation_file as m', 'm.id', 'f.file_id')
    .select(['f.id', 'f.file_id', 'm.number', 'm.case_id', 'm.committee_id', 'f.visited_at'])
    .where('f.performance', '=', 'broken')
    .where('f.created_at', '>=', since)
    .orderBy('f.id')
    .execute();
  return rows.map((r) => ({
    followUpId: r.id,
    fileId: r.file_id,
    fileNumber: r.number,
    caseId: r.case_id,
    committeeId: r.committee_id,
    visitedAt: r.visited_at,
  }));
}
