// Pure: what the public follow-up page may show of a case. What happened and when — each change
// of status and the rating, as codes and times — and one name: the lead unit on the step where it
// gave the result. Never who acted, the other units that took part (the centre, assisting or
// summoned departments: the organisation's inside), the steps that are the evaluation's business
// (supervision, cards, extensions), what anyone wrote (description, notes, reasons, results,
// comments) or anything about the reporter.
import type { CaseRow } from './cases.repository.ts';

export interface PublicTimelineEvent {
  action: string;
  from_status: string | null;
  to_status: string;
  at: string;
  actor_unit_id: number | null;
  actor_unit_name: string | null;
}

/** The steps the public follows: every change of status, and the rating. */
function isPublicStep(e: PublicTimelineEvent): boolean {
  return e.from_status !== e.to_status || e.action === 'rate';
}

/**
 * Without an explicit title, intake titles a case "category：description…". The description is
 * the reporter's text, so a title made of it (after the category, or copied as is) gives way to
 * the category name — even when the category has been renamed since.
 */
export function publicTitle(row: Pick<CaseRow, 'title' | 'description'>, categoryName: string): string {
  const { title, description } = row;
  const madeOfDescription =
    description.startsWith(title) ||
    [...title.matchAll(/：/g)].some((m) => description.startsWith(title.slice(m.index + 1)));
  return madeOfDescription ? categoryName : title;
}

export function presentTrackedCase(
  row: Pick<CaseRow, 'number' | 'title' | 'description' | 'status' | 'created_at' | 'updated_at' | 'lead_unit_id'>,
  categoryName: string,
  timeline: PublicTimelineEvent[],
) {
  return {
    number: row.number,
    title: publicTitle(row, categoryName),
    status: row.status,
    categoryName,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    timeline: timeline.filter(isPublicStep).map((e) => ({
      action: e.action,
      toStatus: e.to_status,
      at: e.at,
      // The unit answerable for the result, as the result names it; a resolution on the spot
      // (no lead unit) names none.
      ...(e.action === 'resolve' &&
      row.lead_unit_id !== null &&
      e.actor_unit_id === row.lead_unit_id &&
      e.actor_unit_name
        ? { unitName: e.actor_unit_name }
        : {}),
    })),
  };
}
