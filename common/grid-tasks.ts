// Grid work (issue 18 §1): the standard grid tasks a township assigns (走访, 巡查, 排查, 宣传,
// 信息采集) and the kinds of place a patrol visits. Defined once here for the server's schemas and
// the console's labels. Nothing here may import server code.

export const GRID_TASK_KINDS = ['visit', 'patrol', 'screening', 'publicity', 'info_collection'] as const;
export type GridTaskKind = (typeof GRID_TASK_KINDS)[number];

export const GRID_TASK_KIND_NAMES: Record<GridTaskKind, { zh: string; en: string }> = {
  visit: { zh: '走访', en: 'Home visits' },
  patrol: { zh: '巡查', en: 'Patrol' },
  screening: { zh: '排查', en: 'Screening' },
  publicity: { zh: '宣传', en: 'Publicity' },
  info_collection: { zh: '信息采集', en: 'Information collection' },
};

export const GRID_TASK_STATUSES = ['open', 'done'] as const;
export type GridTaskStatus = (typeof GRID_TASK_STATUSES)[number];

export const VISIT_PLACE_KINDS = ['household', 'enterprise'] as const;
export type VisitPlaceKind = (typeof VISIT_PLACE_KINDS)[number];

export const VISIT_PLACE_KIND_NAMES: Record<VisitPlaceKind, { zh: string; en: string }> = {
  household: { zh: '住户', en: 'Household' },
  enterprise: { zh: '企业 / 商户', en: 'Enterprise / shop' },
};

export const PATROL_STATUSES = ['open', 'finished'] as const;
export type PatrolStatus = (typeof PATROL_STATUSES)[number];

/**
 * The key a visited place is counted by for coverage: the place text without spaces and case, so
 * "3号楼 201" and "3号楼201" are one household. (Until the base data gives houses ids, a place is
 * its name; ADR 0024.)
 */
export function placeKey(place: string): string {
  return place.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}
