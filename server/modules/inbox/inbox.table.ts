import type { Generated } from 'kysely';

/** One notice in one staff member's inbox: an outbox message that reached them (issue 15). */
export interface InboxItemTable {
  id: Generated<number>;
  user_id: number;
  /** The outbox message; unique with user_id, so a second delivery adds nothing. */
  outbox_id: number;
  /** The outbox topic, e.g. case.assigned, case.red_card. */
  topic: string;
  subject_type: string | null;
  subject_id: string | null;
  created_at: string;
  read_at: string | null;
}

export interface InboxTables {
  inbox_item: InboxItemTable;
}
