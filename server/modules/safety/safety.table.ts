import type { Generated } from 'kysely';
import type { RiskGrade, ScreeningFrequency } from '../../../common/safety.ts';

/** One component of the safety index: its weight (points of 100) and normalisation bounds. */
export interface SafetyComponentTable {
  key: string;
  weight: number;
  /** The value that scores full marks (or better), and the one that scores nothing (or worse). */
  best: number;
  worst: number;
  sort: number;
  updated_by: number | null;
  updated_at: string;
}

export interface SafetyGradeTable {
  code: string;
  name_zh: string;
  name_en: string;
  /** A score at or above this (and below the next grade's) has this grade. */
  min_score: number;
}

/** Residents of a region unit; a unit without a row counts the rows below it. */
export interface RegionPopulationTable {
  unit_id: number;
  /** The unit's materialised path (org_unit.path, which never changes), for subtree sums. */
  unit_path: string;
  population: number;
  /** Where the figure comes from ("demo: generated", "七普", …). */
  source: string;
  updated_by: number | null;
  updated_at: string;
}

/** How often a grid or village screens; a row on a unit above applies to all below it. */
export interface ScreeningScheduleTable {
  unit_id: number;
  unit_path: string;
  frequency: ScreeningFrequency;
  updated_by: number | null;
  updated_at: string;
}

export interface ScreeningRecordTable {
  id: Generated<number>;
  unit_id: number;
  unit_path: string;
  frequency: ScreeningFrequency;
  /** The schedule period screened: `2026-11` (monthly) or the week's Monday `2026-11-23` (weekly). */
  period: string;
  screened_by: number;
  screened_by_name: string;
  done_at: string;
  note: string | null;
  created_at: string;
}

export interface ScreeningFindingTable {
  id: Generated<number>;
  screening_id: number;
  /** JSON [{name, phoneEnc}] — phones sealed with the personal-data cipher. */
  parties: string;
  description: string;
  risk_grade: RiskGrade;
  measures: string;
  responsible_person: string;
  /** The case the finding became (排查转案件), once. */
  case_id: number | null;
  /** The mediation file it was handed to (排查转调解), once; its case is case_id. */
  mediation_file_id: number | null;
  created_by: number;
  created_at: string;
}

/** A screening_overdue warning raised for a unit's missed period: raised once, never again. */
export interface ScreeningOverdueNoticeTable {
  unit_id: number;
  period: string;
  warning_id: number;
  raised_at: string;
}

export interface SafetyTables {
  screening_overdue_notice: ScreeningOverdueNoticeTable;
  safety_component: SafetyComponentTable;
  safety_grade: SafetyGradeTable;
  region_population: RegionPopulationTable;
  screening_schedule: ScreeningScheduleTable;
  screening_record: ScreeningRecordTable;
  screening_finding: ScreeningFindingTable;
}
