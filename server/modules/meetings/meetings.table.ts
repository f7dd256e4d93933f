// Meetings (issue 19 §2): 听证、协调、评议、议事 — organised by a unit, with participants (staff
// accounts or outside people with a sealed phone) and their attendance, closed with minutes.
import type { Generated } from 'kysely';

export interface MeetingTable {
  id: Generated<number>;
  kind: string;
  title: string;
  /** The organising unit: staff of it and of the units above it see the meeting. */
  unit_id: number;
  unit_path: string;
  scheduled_at: string;
  place: string;
  agenda: string;
  status: string;
  /** What the meeting is about, in another module ('consultation', 'mediation_hearing', 'case'…). */
  subject_kind: string | null;
  subject_id: number | null;
  minutes: string | null;
  cancel_reason: string | null;
  created_by: number | null;
  closed_by: number | null;
  closed_at: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface MeetingParticipantTable {
  id: Generated<number>;
  meeting_id: number;
  /** Order of listing, from 1. */
  position: number;
  /** A staff participant's account; null for an outside person. */
  user_id: number | null;
  /** The account's display name when invited, or the outside person's name. */
  name: string;
  /** 参会身份: 主持人, 律师, 居民代表… */
  role: string | null;
  /** An outside person's phone, sealed (told by SMS). */
  phone_enc: string | null;
  /** null: not recorded; 1 present; 0 absent. */
  attended: number | null;
}

export interface MeetingTables {
  meeting: MeetingTable;
  meeting_participant: MeetingParticipantTable;
}
