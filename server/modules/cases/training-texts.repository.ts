// What the suggester (issue 17) learns from, so that it never queries case_record itself (ADR 0008):
// each decided case's text, the category it was worked under and the unit that finally led it —
// the last lead assignment of a resolved case, not a first dispatch that was returned.
import { sql } from 'kysely';
import type { Db } from '../../context.ts';

export interface TrainingCase {
  text: string;
  categoryCode: string;
  /** The last lead unit of a resolved case; null while it is not resolved. */
  finalLeadUnitId: number | null;
}

/**
 * The newest `limit` cases a dispatcher has decided on (dispatched or answered at once: not
 * waiting for triage, not cancelled, not merged into another).
 */
export async function listTrainingCases(db: Db, limit: number): Promise<TrainingCase[]> {
  const rows = await db
    .selectFrom('case_record as c')
    .select([
      'c.title',
      'c.description',
      'c.category_code',
      'c.resolved_at',
      sql<
        number | null
      >`(select a.unit_id from case_assignment a where a.case_id = c.id and a.role = 'lead' order by a.id desc limit 1)`.as(
        'lead_unit_id',
      ),
    ])
    .where('c.status', 'not in', ['registered', 'cancelled'])
    .where('c.merged_into_id', 'is', null)
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    text: `${r.title}\n${r.description}`,
    categoryCode: r.category_code,
    finalLeadUnitId: r.resolved_at !== null && r.lead_unit_id !== null ? Number(r.lead_unit_id) : null,
  }));
}
