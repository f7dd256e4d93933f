import type { Generated } from 'kysely';

export interface PersonTable {
  id: Generated<number>;
  name: string;
  /** Where the person lives or is registered (village, community or grid). */
  unit_id: number;
  phone_enc: string | null;
  phone_hash: string | null;
  id_number_enc: string | null;
  id_number_hash: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export interface PeopleTables {
  person: PersonTable;
}
