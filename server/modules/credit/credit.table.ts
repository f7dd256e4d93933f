// Credit records (issue 19 §4, ADR 0034): the rules as data, the records with every version kept,
// and the objections to them.
import type { Generated } from 'kysely';

export const SUBJECT_KINDS = ['person', 'enterprise'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];
/** What a record comes from: each names its source's id (a mediation file, a hand-off, a case, …). */
export const SOURCE_KINDS = [
  'agreement_broken',
  'agreement_kept',
  'judicial_confirmation',
  'false_report',
  'recognition',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const DIRECTIONS = ['trust', 'breach'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const RECORD_STATUSES = ['in_force', 'revoked'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];
export const OBJECTION_STATUSES = ['pending', 'upheld', 'corrected'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];
export const RECEIVED_VIA = ['window', 'phone', 'letter', 'online'] as const;
export type ReceivedVia = (typeof RECEIVED_VIA)[number];

export interface CreditRuleTable {
  code: string;
  name: string;
  direction: Direction;
  score: number;
  validity_months: number;
  /** The source kind this rule applies to by itself (a follow-up's broken agreement), or null. */
  source_kind: SourceKind | null;
  active: number;
  version: number;
  updated_by: number | null;
  updated_at: string;
}

export interface CreditRecordTable {
  id: Generated<number>;
  subject_kind: SubjectKind;
  subject_id: number;
  /** Where the subject is registered, copied at creation: who may see the record. */
  subject_unit_id: number;
  subject_path: string;
  source_kind: SourceKind;
  source_id: number;
  /** A number people know the source by (the mediation file's, the case's). */
  source_ref: string | null;
  /** The current version's figures, mirrored from credit_record_version. */
  version: number;
  rule_code: string;
  direction: Direction;
  score: number;
  valid_from: string;
  valid_until: string;
  status: RecordStatus;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface CreditRecordVersionTable {
  id: Generated<number>;
  record_id: number;
  version: number;
  rule_code: string;
  rule_name: string;
  direction: Direction;
  score: number;
  valid_from: string;
  valid_until: string;
  status: RecordStatus;
  /** Why this version exists: the source's event, or the correction's reason. */
  reason: string;
  objection_id: number | null;
  made_by: number | null;
  made_at: string;
}

export interface CreditObjectionTable {
  id: Generated<number>;
  record_id: number;
  reason: string;
  received_via: ReceivedVia;
  status: ObjectionStatus;
  filed_by: number;
  filed_at: string;
  decided_by: number | null;
  decided_at: string | null;
  decision_note: string | null;
  result_version: number | null;
}

export interface CreditTables {
  credit_rule: CreditRuleTable;
  credit_record: CreditRecordTable;
  credit_record_version: CreditRecordVersionTable;
  credit_objection: CreditObjectionTable;
}
