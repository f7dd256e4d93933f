import type { Generated } from 'kysely';
import type { CaseStatus, Rating } from '../../../common/workflow.ts';
import type { AttachmentStage } from '../../../common/attachments.ts';
import type { ReturnCallOutcome } from '../../../common/return-calls.ts';
import type {
  CaseStatCategoryTable,
  CaseStatOpenTable,
  CaseStatPauseTable,
  CaseStatStatusTable,
} from './stats.table.ts';

export interface CategoryTable {
  code: string;
  parent_code: string | null;
  name: string;
  kind: string;
  /** 权责清单: the level (township, county) and the standard unit that owns the matter. */
  owner_level: 'township' | 'county' | null;
  owner_unit: string | null;
  accept_days: number;
  handle_days: number;
  risk_weight: number;
  sort: number;
  active: number;
}

export type CaseStage = 'triage' | 'accept' | 'handle' | 'rate';

export interface CaseRecordTable {
  id: Generated<number>;
  number: string;
  title: string;
  description: string;
  kind: string;
  category_code: string;
  channel: string;
  status: CaseStatus;
  version: number;
  /** The grid or unit the case is located in; region_path scopes it to jurisdictions. */
  region_id: number;
  region_path: string;
  grid_id: number | null;
  /** The centre that triages it (综治中心 of the owning level). */
  centre_id: number;
  lead_unit_id: number | null;
  lng: number | null;
  lat: number | null;
  address: string | null;
  reporter_name: string | null;
  reporter_phone_enc: string | null;
  reporter_phone_hash: string | null;
  reporter_phone_last4_hash: string | null;
  reporter_user_id: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  /** The running time limit: its stage, deadline and the cards already given for it. */
  stage: CaseStage | null;
  stage_deadline: string | null;
  yellow_at: string | null;
  yellow_carded_at: string | null;
  red_carded_at: string | null;
  supervise_noticed_at: string | null;
  handle_deadline: string | null;
  extension_days: number;
  extension_pending: string | null;
  return_count: number;
  reopen_count: number;
  supervise_count: number;
  resolved_at: string | null;
  result: string | null;
  closed_at: string | null;
  rating: Rating | null;
  merged_into_id: number | null;
  /** jieba-segmented title, description and address, space separated, for full-text search. */
  search_text: string;
  /**
   * What a reporter follows the case by without an account (tracking-code.ts): random, unique.
   * Every case has one (migration 2026-12-04T1100 gave the older ones theirs).
   */
  tracking_code: string;
  /** The sending system's reference (12345 platform, Open311, import): unique per system when set. */
  external_system: string | null;
  external_id: string | null;
  /** The service account that sent the case; it is told of every change of status. */
  service_account_id: number | null;
  /** How many people the matter involves, as told at intake (issue 17: the group-dispute warning). */
  involved_count: number | null;
  /** 1 when intake marked it a group matter (群体性), whatever the count. */
  group_matter: Generated<number>;
  /** 领导包案 (issue 17): the leader who answers for the case until it is closed, and since when. */
  leader_user_id: number | null;
  leader_assigned_at: string | null;
}

export interface CaseAssignmentTable {
  id: Generated<number>;
  case_id: number;
  unit_id: number;
  role: 'lead' | 'assist' | 'whistle' | 'linked';
  active: number;
  deadline: string | null;
  reported_at: string | null;
  note: string | null;
  created_at: string;
}

export interface CaseEventTable {
  id: Generated<number>;
  case_id: number;
  seq: number;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_user_id: number | null;
  actor_name: string | null;
  actor_role: string | null;
  actor_unit_id: number | null;
  at: string;
  data: string | null;
}

export interface CaseCounterTable {
  scope: string;
  next: number;
}

export interface IdempotencyKeyTable {
  actor_user_id: number;
  key: string;
  request_hash: string;
  /** in_flight → committed (bound to its case, in the case's transaction) → done (response stored). */
  status: 'in_flight' | 'committed' | 'done';
  response_status: number | null;
  response_body: string | null;
  created_at: string;
}

export interface CaseFtsTable {
  rowid: number;
  tokens: string;
}

export interface CaseAttachmentTable {
  id: Generated<number>;
  case_id: number;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  /** Path of the file relative to the attachments directory. */
  storage_key: string;
  uploaded_by: number | null;
  /** Who uploaded it, as they were named and acted then (null on rows from before issue 14). */
  uploader_name: string | null;
  uploader_role: string | null;
  /** What the file shows in the case's life; residents see only some stages (attachments.policy.ts). */
  stage: Generated<AttachmentStage>;
  /** Where a photo was taken (GCJ-02), from its GPS data; null when not given. */
  lng: number | null;
  lat: number | null;
  created_at: string;
}

/** 回访: one call to the reporter of a resolved case, whatever came of it. */
export interface CaseReturnCallTable {
  id: Generated<number>;
  case_id: number;
  at: string;
  outcome: ReturnCallOutcome;
  note: string | null;
  by_user_id: number | null;
  by_name: string;
  by_role: string;
}

export interface CasesTables {
  case_attachment: CaseAttachmentTable;
  case_return_call: CaseReturnCallTable;
  category: CategoryTable;
  case_record: CaseRecordTable;
  case_assignment: CaseAssignmentTable;
  case_event: CaseEventTable;
  case_counter: CaseCounterTable;
  idempotency_key: IdempotencyKeyTable;
  case_fts: CaseFtsTable;
  case_stat_status: CaseStatStatusTable;
  case_stat_category: CaseStatCategoryTable;
  case_stat_open: CaseStatOpenTable;
  // Deltas appended by PostgreSQL's triggers, folded into the rows above by a job (ADR 0039).
  case_stat_status_delta: CaseStatStatusTable;
  case_stat_category_delta: CaseStatCategoryTable;
  case_stat_open_delta: CaseStatOpenTable;
  case_stat_pause: CaseStatPauseTable;
}
