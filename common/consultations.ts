// Consultations (议事协商, issue 19 §1, ADR 0037): the levels a topic is held at, its statuses, and
// what each status allows. Shared with the web console and the residents' page: no server imports.

/** Where a topic is held: a region unit's level, or a building (楼栋) of a grid (the grid + a label). */
export const CONSULTATION_LEVELS = ['county', 'township', 'village', 'grid', 'building'] as const;
export type ConsultationLevel = (typeof CONSULTATION_LEVELS)[number];

/** Residents raise topics at the four base levels; the county level is reached by escalation or by staff. */
export const RESIDENT_LEVELS: readonly ConsultationLevel[] = ['township', 'village', 'grid', 'building'];

/**
 * gathering: raised by a resident, waiting for its supporters (CONSUL); open: discussed and voted on;
 * closed: decided (the decision, who carries it out, by when, and its follow-up); escalated: handed
 * to the parent level (a new topic there carries this one's record); proposal_lead: above the
 * county, a proposal lead (提案线索) for the CPPCC committee.
 */
export const CONSULTATION_STATUSES = ['gathering', 'open', 'closed', 'escalated', 'proposal_lead'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

/** The result (counts per option) is shown once voting has ended. */
export function resultVisible(status: ConsultationStatus): boolean {
  return status === 'closed' || status === 'escalated' || status === 'proposal_lead';
}

/** A department of this kind under a county is its CPPCC committee (政协), the addressee of proposal leads. */
export const CPPCC_UNIT_KIND = 'cppcc';

export const LEVEL_LABELS: Record<ConsultationLevel, { zh: string; en: string }> = {
  county: { zh: '区县', en: 'County' },
  township: { zh: '乡镇（街道）', en: 'Township' },
  village: { zh: '村（社区）', en: 'Village / community' },
  grid: { zh: '网格', en: 'Grid' },
  building: { zh: '楼栋', en: 'Building' },
};

export const STATUS_LABELS: Record<ConsultationStatus, { zh: string; en: string }> = {
  gathering: { zh: '征集附议', en: 'Gathering supporters' },
  open: { zh: '协商中', en: 'Open' },
  closed: { zh: '已议定', en: 'Decided' },
  escalated: { zh: '已上报上级', en: 'Escalated' },
  proposal_lead: { zh: '政协提案线索', en: 'CPPCC proposal lead' },
};
