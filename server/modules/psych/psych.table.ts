import type { Generated } from 'kysely';
import type { PsychAssessmentLevel, PsychStatus, PsychUrgency } from '../../../common/psych.ts';

/**
 * One referral of a person at risk to a county's psychological service team (issue 18 §7). The
 * person's name and phone, the reason and every note are sealed (AES-256-GCM, the personal-data
 * cipher): the table alone says who referred whom to which team and when, never who or why.
 */
export interface PsychReferralTable {
  id: Generated<number>;
  /** The team (a department unit of kind psych_service) the referral is sent to. */
  team_unit_id: number;
  referrer_user_id: number;
  /** The unit of the referrer's membership that referred (grid, centre, committee). */
  referrer_unit_id: number;
  person_name_enc: string;
  phone_enc: string | null;
  reason_enc: string;
  urgency: PsychUrgency;
  case_id: number | null;
  status: PsychStatus;
  contacted_at: string | null;
  contacted_by: number | null;
  contact_note_enc: string | null;
  /** The team's latest assessment (低/中/高/危机). */
  assessment_level: PsychAssessmentLevel | null;
  /** When the hourly scan told the team that an urgent referral went uncontacted for 24 h (once). */
  overdue_warned_at: string | null;
  closed_at: string | null;
  closed_by: number | null;
  close_note_enc: string | null;
  created_at: string;
  updated_at: string;
}

export interface PsychFollowUpTable {
  id: Generated<number>;
  referral_id: number;
  /** The day of the follow-up (YYYY-MM-DD). */
  follow_up_on: string;
  note_enc: string;
  assessment_level: PsychAssessmentLevel | null;
  recorded_by: number;
  recorded_at: string;
}

export interface PsychTables {
  psych_referral: PsychReferralTable;
  psych_follow_up: PsychFollowUpTable;
}
