import type { Generated } from 'kysely';

/** 队伍建设档案: an account serving a unit (grid, committee, centre) in a post. */
export interface StaffRecordTable {
  id: Generated<number>;
  /** One record per account. */
  user_id: number;
  unit_id: number;
  /** The unit's path, for jurisdiction (a subtree range). */
  unit_path: string;
  post: string;
  qualifications: string | null;
  /** 职责清单, one duty per line. */
  duties: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

/** 培训记录: a course, its hours and date, and the certificate it gave (with its expiry). */
export interface StaffTrainingTable {
  id: Generated<number>;
  staff_id: number;
  course: string;
  hours: number;
  /** YYYY-MM-DD */
  completed_on: string;
  certificate_no: string | null;
  /** YYYY-MM-DD, the last day the certificate is valid; null: it does not expire. */
  expires_on: string | null;
  created_by: number | null;
  created_at: string;
}

/** 考核评价: a period's grade and comment. */
export interface StaffEvaluationTable {
  id: Generated<number>;
  staff_id: number;
  period: string;
  grade: string;
  comment: string | null;
  created_by: number | null;
  created_at: string;
}

/** 网格力量: a cadre, party member, deputy or building head attached to a grid (§10). */
export interface GridCadreTable {
  id: Generated<number>;
  grid_id: number;
  grid_path: string;
  name: string;
  role: string;
  /** 工作单位及职务 */
  organisation: string | null;
  /** Sealed with the personal-data cipher; masked in every answer. */
  phone_enc: string | null;
  phone_hash: string | null;
  created_by: number | null;
  created_at: string;
}

/** A cadre called into a whistle on a case of their grid (once per case and cadre; ADR 0030). */
export interface WhistleCadreTable {
  case_id: number;
  cadre_id: number;
  grid_id: number;
  created_by: number | null;
  created_at: string;
}

export interface WorkforceTables {
  staff_record: StaffRecordTable;
  staff_training: StaffTrainingTable;
  staff_evaluation: StaffEvaluationTable;
  grid_cadre: GridCadreTable;
  whistle_cadre: WhistleCadreTable;
}
