// Pure: what the public follow-up page may show of a case. Only codes, times and the names of the
// acting units — never who acted, what anyone wrote (description, notes, reasons, results,
// comments) or anything about the reporter.
import type { CaseRow } from './cases.repository.ts';

export interface PublicTimelineEvent {
  action: string;
  to_status: string;
  at: string;
  actor_role: string | null;
  actor_unit_name: string | null;
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
  row: Pick<CaseRow, 'number' | 'title' | 'description' | 'status' | 'created_at' | 'updated_at'>,
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
    timeline: timeline.map((e) => ({
      action: e.action,
      toStatus: e.to_status,
      at: e.at,
      // A resident acts for no unit: their membership names where they live, so it stays out.
      ...(e.actor_unit_name !== null && e.actor_role !== 'resident' ? { unitName: e.actor_unit_name } : {}),
    })),
  };
}
