// Community bodies, service projects, volunteers and notices (issue 19 §6–§7, ADR 0035).
import type { Generated } from 'kysely';

export interface CommunityBodyTable {
  id: Generated<number>;
  /** common/community.ts BODY_KINDS */
  kind: string;
  name: string;
  /** The area it serves (a region unit). */
  unit_id: number;
  unit_path: string;
  contact_name: string | null;
  /** Sealed (platform/crypto): shown masked, in clear only through an audited reveal. */
  contact_phone_enc: string | null;
  note: string | null;
  active: Generated<number>;
  created_by: number;
  created_at: string;
  updated_at: string;
}

/** A resident account acting for a body: a member, or the lead (a volunteer team's lead logs hours). */
export interface CommunityBodyMemberTable {
  body_id: number;
  user_id: number;
  role: string;
  added_by: number;
  added_at: string;
}

export interface ServiceProjectTable {
  id: Generated<number>;
  unit_id: number;
  unit_path: string;
  title: string;
  description: string;
  budget_yuan: number | null;
  starts_on: string | null;
  ends_on: string | null;
  /** 'select': the township awards one applicant; 'first_claim': the first application takes it. */
  award_mode: string;
  /** open → awarded → completed */
  status: string;
  awarded_body_id: number | null;
  awarded_at: string | null;
  progress_percent: Generated<number>;
  completed_at: string | null;
  created_by: number;
  created_at: string;
}

export interface ServiceProjectApplicationTable {
  id: Generated<number>;
  project_id: number;
  body_id: number;
  applied_by: number;
  note: string;
  created_at: string;
}

export interface ServiceProjectProgressTable {
  id: Generated<number>;
  project_id: number;
  reported_by: number;
  percent: number;
  note: string;
  created_at: string;
}

export interface ServiceProjectRatingTable {
  project_id: number;
  user_id: number;
  score: number;
  comment: string | null;
  created_at: string;
}

export interface VolunteerActivityTable {
  id: Generated<number>;
  team_id: number;
  unit_id: number;
  unit_path: string;
  title: string;
  description: string;
  starts_at: string;
  place: string | null;
  created_by: number;
  created_at: string;
}

/** A sign-up, and its hours once logged (in tenths of an hour; logged once). */
export interface VolunteerSignupTable {
  activity_id: number;
  user_id: number;
  created_at: string;
  hours_tenths: number | null;
  hours_logged_by: number | null;
  hours_logged_at: string | null;
}

export interface NoticeTable {
  id: Generated<number>;
  unit_id: number;
  unit_path: string;
  kind: string;
  urgent: number;
  title: string;
  body: string;
  /** How many residents' phones the urgent SMS was queued for. */
  sms_count: Generated<number>;
  published_by: number;
  published_at: string;
}

export interface CommunityTables {
  community_body: CommunityBodyTable;
  community_body_member: CommunityBodyMemberTable;
  service_project: ServiceProjectTable;
  service_project_application: ServiceProjectApplicationTable;
  service_project_progress: ServiceProjectProgressTable;
  service_project_rating: ServiceProjectRatingTable;
  volunteer_activity: VolunteerActivityTable;
  volunteer_signup: VolunteerSignupTable;
  notice: NoticeTable;
}
