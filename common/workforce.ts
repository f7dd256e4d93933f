// 队伍建设 (issue 18 §2, §10): the posts of the staff registry and the roles of cadres sunk into
// grids, each named once in both languages; server (validation, exports) and console read them here.
import type { Bilingual } from './labels.ts';

/** A staff post, and the kind of unit such a person serves in (the record's unit must be one). */
export const STAFF_POSTS = {
  grid_worker_full: { zh: '专职网格员', en: 'Full-time grid worker', unit: 'grid' },
  grid_worker_part: { zh: '兼职网格员', en: 'Part-time grid worker', unit: 'grid' },
  mediator_full: { zh: '专职调解员', en: 'Full-time mediator', unit: 'committee' },
  mediator_part: { zh: '兼职调解员', en: 'Part-time mediator', unit: 'committee' },
  centre_staff: { zh: '中心工作人员', en: 'Centre staff', unit: 'centre' },
} as const satisfies Record<string, Bilingual & { unit: 'grid' | 'committee' | 'centre' }>;

export type StaffPost = keyof typeof STAFF_POSTS;
export const STAFF_POST_CODES = Object.keys(STAFF_POSTS) as StaffPost[];

/** The roles whose accounts may hold a staff record (the registry's candidates). */
export const STAFF_ROLES = ['grid_worker', 'mediator', 'dispatcher', 'operator'] as const;

/** 网格力量: the role of a cadre, party member or deputy attached to a grid (§10). */
export const CADRE_ROLES = {
  liaison_cadre: { zh: '联系干部', en: 'Liaison cadre' },
  party_member: { zh: '党员', en: 'Party member' },
  npc_deputy: { zh: '人大代表', en: "People's congress deputy" },
  cppcc_member: { zh: '政协委员', en: 'CPPCC member' },
  building_head: { zh: '楼栋长', en: 'Building head' },
} as const satisfies Record<string, Bilingual>;

export type CadreRole = keyof typeof CADRE_ROLES;
export const CADRE_ROLE_CODES = Object.keys(CADRE_ROLES) as CadreRole[];

/** 考核等次 of an evaluation. */
export const EVALUATION_GRADES = {
  excellent: { zh: '优秀', en: 'Excellent' },
  competent: { zh: '称职', en: 'Competent' },
  basically_competent: { zh: '基本称职', en: 'Basically competent' },
  incompetent: { zh: '不称职', en: 'Incompetent' },
} as const satisfies Record<string, Bilingual>;

export type EvaluationGrade = keyof typeof EVALUATION_GRADES;
export const EVALUATION_GRADE_CODES = Object.keys(EVALUATION_GRADES) as EvaluationGrade[];

/** A certificate expiring within this many days is flagged 即将到期. */
export const CERTIFICATE_WARNING_DAYS = 30;

export type CertificateState = 'valid' | 'expiring' | 'expired' | 'none';

export const CERTIFICATE_STATES: Record<CertificateState, Bilingual> = {
  valid: { zh: '有效', en: 'Valid' },
  expiring: { zh: '即将到期', en: 'Expiring' },
  expired: { zh: '已过期', en: 'Expired' },
  none: { zh: '无有效期', en: 'No expiry' },
};

/**
 * A certificate's state on `today` (YYYY-MM-DD, Beijing): expired the day after its expiry date,
 * expiring while `CERTIFICATE_WARNING_DAYS` days or fewer remain.
 */
export function certificateState(expiresOn: string | null, today: string): CertificateState {
  if (expiresOn === null) return 'none';
  if (expiresOn < today) return 'expired';
  return expiresOn <= addDays(today, CERTIFICATE_WARNING_DAYS) ? 'expiring' : 'valid';
}

/** YYYY-MM-DD plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
