// Consultations (议事协商, issue 19 §1, ADR 0037): topics, options, secret ballots and voters' flags,
// supporters, comments and their reports, each topic's history, and the per-level settings.
import type { Generated } from 'kysely';
import type { ConsultationLevel, ConsultationStatus } from '../../../common/consultations.ts';

export interface ConsultationSettingTable {
  level: ConsultationLevel;
  supporters_needed: number;
  reports_to_hide: number;
}

export interface ConsultationTable {
  id: Generated<number>;
  unit_id: number;
  unit_path: string;
  level: ConsultationLevel;
  /** A building (楼栋) topic: the grid's unit with the building's name. */
  building_label: string | null;
  title: string;
  body: string;
  status: ConsultationStatus;
  /** staff | resident | escalation */
  origin: string;
  raised_by: number;
  supporters_needed: number;
  supporter_count: number;
  created_at: string;
  opened_at: string | null;
  closed_at: string | null;
  closed_by: number | null;
  decision: string | null;
  /** Who carries the decision out. */
  decision_unit_id: number | null;
  decision_due: string | null;
  /** Follow-up (accountability), 0–100. */
  progress: number;
  escalated_from_id: number | null;
  escalation_reason: string | null;
  version: Generated<number>;
}

export interface ConsultationOptionTable {
  id: Generated<number>;
  consultation_id: number;
  position: number;
  label: string;
}

/** A secret ballot: no voter, no time. */
export interface ConsultationBallotTable {
  id: string;
  consultation_id: number;
  option_id: number;
}

/** Who has voted on a topic, never for what. */
export interface ConsultationVoterTable {
  consultation_id: number;
  user_id: number;
}

export interface ConsultationSupportTable {
  consultation_id: number;
  user_id: number;
  created_at: string;
}

export interface ConsultationCommentTable {
  id: Generated<number>;
  consultation_id: number;
  author_id: number;
  /** staff | resident */
  author_kind: string;
  body: string;
  created_at: string;
  report_count: number;
  hidden_at: string | null;
  hidden_by: number | null;
  /** reports | moderation */
  hidden_reason: string | null;
}

export interface ConsultationCommentReportTable {
  comment_id: number;
  user_id: number;
  created_at: string;
}

export interface ConsultationEventTable {
  id: Generated<number>;
  consultation_id: number;
  kind: string;
  actor_id: number | null;
  note: string | null;
  progress: number | null;
  at: string;
}

export interface ConsultationTables {
  consultation_setting: ConsultationSettingTable;
  consultation: ConsultationTable;
  consultation_option: ConsultationOptionTable;
  consultation_ballot: ConsultationBallotTable;
  consultation_voter: ConsultationVoterTable;
  consultation_support: ConsultationSupportTable;
  consultation_comment: ConsultationCommentTable;
  consultation_comment_report: ConsultationCommentReportTable;
  consultation_event: ConsultationEventTable;
}
