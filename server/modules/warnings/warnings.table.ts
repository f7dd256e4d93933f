import type { Generated } from 'kysely';
import type { WarningKind, WarningLevel, WarningStatus } from '../../../common/warnings.ts';

/** One situation that needs a look (issue 17 §2): raised once, updated by every later case in it. */
export interface WarningTable {
  id: Generated<number>;
  kind: WarningKind;
  level: WarningLevel;
  /** The unit whose jurisdiction the situation lies in (a grid, township or county). */
  unit_id: number;
  unit_path: string;
  /** What makes two raisings the same situation, e.g. the phone's blind index, the grid and category. */
  situation_key: string;
  /** `kind:situation_key` while the warning is active, null once dismissed or closed (unique). */
  open_key: string | null;
  title_zh: string;
  title_en: string;
  /** Why, in one sentence; refreshed at every update. */
  explanation_zh: string;
  explanation_en: string;
  status: WarningStatus;
  assignee_user_id: number | null;
  /** How many times the situation raised it (1 when new). */
  raise_count: number;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface WarningCaseTable {
  warning_id: number;
  case_id: number;
  added_at: string;
}

export interface WarningEventTable {
  id: Generated<number>;
  warning_id: number;
  /** raise, update, acknowledge, assign, dismiss, close. */
  action: string;
  from_status: WarningStatus | null;
  to_status: WarningStatus;
  actor_user_id: number | null;
  note: string | null;
  /** JSON: the level, case ids added, the assignee. */
  data: string;
  at: string;
}

/** One rule's thresholds, edited by an administrator (null where the rule has no such knob). */
export interface WarningSettingTable {
  kind: string;
  enabled: number;
  level: WarningLevel;
  min_count: number | null;
  window_days: number | null;
  radius_m: number | null;
  baseline_days: number | null;
  p_value: number | null;
  updated_at: string | null;
  updated_by: number | null;
}

export interface WarningsTables {
  warning: WarningTable;
  warning_case: WarningCaseTable;
  warning_event: WarningEventTable;
  warning_setting: WarningSettingTable;
}
