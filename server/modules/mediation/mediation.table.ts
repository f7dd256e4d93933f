import type { Generated } from 'kysely';

export const OUTCOMES = ['agreement', 'no_agreement', 'withdrawn'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const PARTY_ROLES = ['applicant', 'respondent', 'third_party'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];
export const SIGN_METHODS = ['signature', 'seal', 'fingerprint'] as const;
export type SignMethod = (typeof SIGN_METHODS)[number];
export const PERFORMANCE = ['kept', 'partly_kept', 'broken'] as const;
export type Performance = (typeof PERFORMANCE)[number];

/** 调解卷宗: one per dispute case led by a committee, registered when the committee accepts it. */
export interface MediationFileTable {
  id: Generated<number>;
  case_id: number;
  committee_id: number;
  number: string;
  status: 'open' | 'concluded';
  lead_mediator_id: number | null;
  /** JSON array of user ids. */
  assist_mediator_ids: string;
  registered_at: string;
  /** The legal time limit: one month, medical disputes 30 working days; extended with consent. */
  deadline: string;
  /** JSON {from, to, consent, partyIds, at} of the last extension. */
  extension: string | null;
  outcome: Outcome | null;
  outcome_note: string | null;
  outcome_at: string | null;
  version: number;
  updated_at: string;
}

export interface MediationPartyTable {
  id: Generated<number>;
  file_id: number;
  role: PartyRole;
  kind: 'person' | 'organisation';
  name: string;
  gender: string | null;
  ethnicity: string | null;
  birth_date: string | null;
  id_number_enc: string | null;
  id_number_hash: string | null;
  phone_enc: string | null;
  phone_hash: string | null;
  address: string | null;
  representative: string | null;
  credit_code: string | null;
  created_at: string;
}

export interface MediationSessionTable {
  id: Generated<number>;
  file_id: number;
  seq: number;
  held_at: string;
  place: string;
  /** JSON array of names. */
  attendees: string;
  record: string;
  agreed: string | null;
  next_step: string | null;
  recorded_by: number | null;
  created_at: string;
}

export interface MediationAgreementTable {
  id: Generated<number>;
  file_id: number;
  form: 'written' | 'oral';
  facts: string;
  issues: string;
  responsibilities: string;
  /** JSON array of the agreed terms. */
  terms: string;
  performance_manner: string;
  /** YYYY-MM-DD */
  performance_deadline: string;
  copies: number;
  status: 'draft' | 'effective';
  effective_at: string | null;
  /** YYYY-MM-DD: the last day to apply jointly for judicial confirmation (Art. 33). */
  confirmation_deadline: string | null;
  performance: 'pending' | Performance;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface AgreementSignatureTable {
  id: Generated<number>;
  agreement_id: number;
  /** `party:<id>`, `mediator` or `committee`: each signs once. */
  signer_key: string;
  party_id: number | null;
  user_id: number | null;
  method: SignMethod;
  signed_at: string;
  recorded_by: number | null;
  /** SHA-256 (hex) of the agreement's text when this signature was recorded (agreement-binding.ts); null before binding existed. */
  text_sha256: string | null;
  /** SHA-256 (hex) of the .docx as it stood with this signature on it. */
  document_sha256: string | null;
}

export interface MediationFollowupTable {
  id: Generated<number>;
  file_id: number;
  visited_at: string;
  performance: Performance;
  note: string;
  recorded_by: number | null;
  created_at: string;
}

export const REFERRAL_KINDS = ['court', 'police', 'petition', 'litigation', 'judicial_confirmation'] as const;
export type ReferralKind = (typeof REFERRAL_KINDS)[number];

/** 诉调/警调/访调对接: a hand-off with its receipt and its returned result. */
export interface ReferralTable {
  id: Generated<number>;
  case_id: number;
  kind: ReferralKind;
  from_unit_id: number;
  to_unit_id: number;
  external_ref: string | null;
  note: string | null;
  /** YYYY-MM-DD the sender expects the result by. */
  deadline: string | null;
  status: 'sent' | 'received' | 'returned';
  sent_at: string;
  sent_by: number | null;
  received_at: string | null;
  received_by: number | null;
  result_outcome: string | null;
  result: string | null;
  returned_at: string | null;
  returned_by: number | null;
}

export interface HearingTable {
  id: Generated<number>;
  case_id: number;
  title: string;
  scheduled_at: string;
  place: string;
  agenda: string;
  /** JSON array of {name, kind, unitId?}. */
  participants: string;
  status: 'scheduled' | 'held' | 'cancelled';
  /** 主持人; null on hearings scheduled before it was asked. */
  host: string | null;
  /** 听证公告 as published. */
  notice: string | null;
  /** JSON array of the names of those who attended, recorded with the minutes. */
  attendees: string | null;
  record: string | null;
  outcome: string | null;
  held_at: string | null;
  convened_by: number | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/**
 * An article of the legal library a mediator cites in a file (issue 17), as it read when cited: the
 * agreement prints and signs this wording, so a later amendment of the statute does not change a
 * signed agreement.
 */
export interface MediationLegalBasisTable {
  id: Generated<number>;
  file_id: number;
  /** Order of citation, from 1. */
  position: number;
  article_id: number;
  law_title: string;
  article_label: string;
  article_text: string;
  version_date: string;
  cited_by: number | null;
  cited_at: string;
}

export interface MediationTables {
  mediation_file: MediationFileTable;
  mediation_party: MediationPartyTable;
  mediation_session: MediationSessionTable;
  mediation_agreement: MediationAgreementTable;
  agreement_signature: AgreementSignatureTable;
  mediation_followup: MediationFollowupTable;
  referral: ReferralTable;
  hearing: HearingTable;
  mediation_legal_basis: MediationLegalBasisTable;
}
