// Kysely queries over referral (hand-offs with courts, police stations and petition offices),
// presented with their case's number, title, status and place (asked of cases), both units'
// names (asked of org) and who sent, receipted and answered it (asked of auth).
import type { Selectable } from 'kysely';
import type { AppContext } from '../../context.ts';
import { userNames } from '../auth/index.ts';
import { findCaseBriefs, type CaseBrief } from '../cases/index.ts';
import { unitNames } from '../org/index.ts';
import type { ReferralTable } from './mediation.table.ts';

/** A hand-off just sent: nobody has receipted or answered it yet. */
export const unanswered = (sentAt: string, sentBy: number) => ({
  status: 'sent' as const,
  sent_at: sentAt,
  sent_by: sentBy,
  received_at: null,
  received_by: null,
  result_outcome: null,
  result: null,
  returned_at: null,
  returned_by: null,
});

/** A referral with its case's number, title, status and place and both units' names. */
export type ReferralRow = Selectable<ReferralTable> & {
  case_number: string;
  case_title: string;
  case_status: CaseBrief['status'];
  region_path: string;
  from_name: string;
  to_name: string;
  sent_by_name: string | null;
  received_by_name: string | null;
  returned_by_name: string | null;
};

async function withCaseAndUnits(db: AppContext['db'], rows: Selectable<ReferralTable>[]): Promise<ReferralRow[]> {
  const cases = await findCaseBriefs(
    db,
    rows.map((r) => r.case_id),
  );
  const names = await unitNames(
    db,
    rows.flatMap((r) => [r.from_unit_id, r.to_unit_id]),
  );
  const people = await userNames(
    db,
    rows.flatMap((r) => [r.sent_by, r.received_by, r.returned_by]),
  );
  const person = (id: number | null) => (id === null ? null : (people.get(id) ?? null));
  return rows.flatMap((r) => {
    const c = cases.get(r.case_id);
    const from = names.get(r.from_unit_id);
    const to = names.get(r.to_unit_id);
    if (!c || from === undefined || to === undefined) return [];
    return [
      {
        ...r,
        case_number: c.number,
        case_title: c.title,
        case_status: c.status,
        region_path: c.region_path,
        from_name: from,
        to_name: to,
        sent_by_name: person(r.sent_by),
        received_by_name: person(r.received_by),
        returned_by_name: person(r.returned_by),
      },
    ];
  });
}

export async function findReferral(db: AppContext['db'], id: number): Promise<ReferralRow | undefined> {
  const row = await db.selectFrom('referral').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await withCaseAndUnits(db, [row]))[0] : undefined;
}

/** Several referrals, newest first. */
export async function findReferrals(db: AppContext['db'], ids: number[]): Promise<ReferralRow[]> {
  if (ids.length === 0) return [];
  return withCaseAndUnits(
    db,
    await db.selectFrom('referral').selectAll().where('id', 'in', ids).orderBy('id', 'desc').execute(),
  );
}

/** The case each referral is about, by referral id (the inbox titles a hand-off by its case). */
export async function referralCaseIds(db: AppContext['db'], ids: readonly number[]): Promise<Map<number, number>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('referral').select(['id', 'case_id']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.case_id]));
}
