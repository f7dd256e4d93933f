// Notices as the API shows them: each with its sentence, built from the topic and the case's number
// and category name (asked of cases; a hand-off's case asked of mediation first).
import type { Db } from '../../context.ts';
import { caseLabels } from '../cases/index.ts';
import { referralCaseIds } from '../mediation/index.ts';
import type { InboxItemRow } from './inbox.repository.ts';
import type { InboxItemOut } from './inbox.schemas.ts';
import { inboxTitle } from './inbox-topics.ts';

const idOf = (value: string | null): number | null => {
  const n = Number(value);
  return value !== null && Number.isSafeInteger(n) && n > 0 ? n : null;
};

export async function presentNotices(db: Db, rows: readonly InboxItemRow[]): Promise<InboxItemOut[]> {
  const referrals = await referralCaseIds(
    db,
    rows.flatMap((r) => (r.subject_type === 'referral' && idOf(r.subject_id) !== null ? [idOf(r.subject_id)!] : [])),
  );
  const caseIdOf = (row: InboxItemRow): number | null => {
    const id = idOf(row.subject_id);
    if (id === null) return null;
    if (row.subject_type === 'case') return id;
    if (row.subject_type === 'referral') return referrals.get(id) ?? null;
    return null;
  };
  const labels = await caseLabels(
    db,
    rows.flatMap((r) => {
      const id = caseIdOf(r);
      return id === null ? [] : [id];
    }),
  );
  return rows.map((row) => {
    const caseId = caseIdOf(row);
    const label = caseId === null ? undefined : labels.get(caseId);
    return {
      id: row.id,
      topic: row.topic,
      title: inboxTitle(row.topic, { number: label?.number ?? null, categoryName: label?.categoryName ?? null }),
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      createdAt: row.created_at,
      readAt: row.read_at,
    };
  });
}
